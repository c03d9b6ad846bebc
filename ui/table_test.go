package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"charm.land/lipgloss/v2"

	"tweakdash/internal/termsafe"
	"tweakdash/theme"
)

func testTable(n, w, h int) *table {
	st := theme.New(true, false)
	t := newTable(&st, []column{{title: "NAME", width: 8, flex: true}, {title: "TYPE", width: 6}}, true, "empty")
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = []string{fmt.Sprintf("row %04d", i), []string{"ssh", "dnstt", "ovpn"}[i%3]}
	}
	t.setRows(rows)
	t.setSize(w, h)
	t.focused = true
	return t
}

func keys(t *table, ks ...string) {
	for _, k := range ks {
		t.update(keyPress(k))
	}
}

func TestTableMovesAndKeepsCursorOnScreen(t *testing.T) {
	tb := testTable(100, 40, 11) // header + 10 rows
	check := func(step string, cursor, offset int) {
		t.Helper()
		if tb.cursor != cursor || tb.offset != offset {
			t.Fatalf("%s: cursor %d offset %d, want %d %d", step, tb.cursor, tb.offset, cursor, offset)
		}
	}
	check("start", 0, 0)
	keys(tb, "k")
	check("up at top", 0, 0)
	keys(tb, "j", "down", "j")
	check("three down", 3, 0)
	keys(tb, "pgdown")
	check("page down", 13, 4)
	keys(tb, "G")
	check("bottom", 99, 90)
	keys(tb, "j")
	check("down at bottom", 99, 90)
	keys(tb, "pgup")
	check("page up", 89, 89)
	keys(tb, "g")
	check("top", 0, 0)
}

func TestTableFilter(t *testing.T) {
	tb := testTable(100, 40, 11)
	keys(tb, "/", "D", "n")
	if !tb.typing || tb.query.String() != "Dn" {
		t.Fatalf("typing %v query %q", tb.typing, tb.query.String())
	}
	// Case-insensitive substring over every cell: rows 1, 4, 7… are dnstt.
	if tb.shown() != 33 {
		t.Fatalf("shown %d, want 33", tb.shown())
	}
	if i, _ := tb.selected(); i != 1 {
		t.Fatalf("selected row %d, want 1", i)
	}
	// While typing, letters that are keys elsewhere are text.
	keys(tb, "q", "j", "backspace", "backspace")
	if tb.query.String() != "Dn" || tb.shown() != 33 {
		t.Fatalf("query %q shown %d", tb.query.String(), tb.shown())
	}
	keys(tb, "enter")
	if tb.typing || tb.shown() != 33 {
		t.Fatalf("enter: typing %v shown %d; want the filter kept", tb.typing, tb.shown())
	}
	keys(tb, "j")
	if i, _ := tb.selected(); i != 4 {
		t.Fatalf("j after filter selects row %d, want 4", i)
	}
	keys(tb, "esc")
	if !tb.query.empty() || tb.shown() != 100 {
		t.Fatalf("esc: query %q shown %d", tb.query.String(), tb.shown())
	}
	if i, _ := tb.selected(); i != 4 {
		t.Fatalf("clearing the filter lost the selection: row %d", i)
	}
	// esc while typing clears too.
	keys(tb, "/", "x", "esc")
	if tb.typing || tb.shown() != 100 {
		t.Fatalf("esc while typing: typing %v shown %d", tb.typing, tb.shown())
	}
}

func TestTableFilterNoMatch(t *testing.T) {
	tb := testTable(10, 40, 6)
	keys(tb, "/", "z", "z")
	if _, ok := tb.selected(); ok {
		t.Fatal("a row is selected though none matches")
	}
	if v := stripSGR(tb.view()); !strings.Contains(v, "no match for “zz”") {
		t.Fatalf("view does not say nothing matched:\n%s", v)
	}
}

// The filter narrows from the previous matches when the query grows; the
// result must equal a full search for every sequence of edits.
func TestTableIncrementalFilterMatchesFullSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tb := testTable(0, 40, 10)
	rows := make([][]string, 500)
	for i := range rows {
		rows[i] = []string{randWord(rng), randWord(rng)}
	}
	tb.setRows(rows)
	keys(tb, "/")
	for step := range 2000 {
		if rng.IntN(3) == 0 {
			keys(tb, "backspace")
		} else {
			keys(tb, string(rune('a'+rng.IntN(4))))
		}
		q := strings.ToLower(tb.query.String())
		var want []int
		for i, r := range rows {
			if strings.Contains(strings.ToLower(r[0]+"\x00"+r[1]), q) {
				want = append(want, i)
			}
		}
		if !slices.Equal(tb.index, want) && !(len(tb.index) == 0 && len(want) == 0) {
			t.Fatalf("step %d query %q: got %d rows, want %d", step, q, len(tb.index), len(want))
		}
	}
}

func randWord(rng *rand.Rand) string {
	b := make([]byte, 1+rng.IntN(6))
	for i := range b {
		b[i] = byte('a' + rng.IntN(4))
	}
	return string(b)
}

func TestTablePasteGoesToFilterOnly(t *testing.T) {
	tb := testTable(10, 40, 6)
	tb.paste("q\nj")
	if !tb.query.empty() || tb.cursor != 0 {
		t.Fatal("a paste outside the filter changed the table")
	}
	keys(tb, "/")
	tb.paste("row\r\n0\x1b[2J")
	if got := tb.query.String(); got != "row  0[2J" {
		t.Fatalf("query %q: line breaks should become spaces and controls be dropped", got)
	}
}

func TestTableViewIsExactlyItsSize(t *testing.T) {
	st := theme.New(true, false)
	tb := newTable(&st, []column{{title: "DEVICE ID", width: 32}, {title: "NOTE", width: 8, flex: true}, {title: "ACTIVE", width: 6}}, true, "none")
	long := strings.Repeat("長い名前", 30)
	tb.setRows([][]string{
		{"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", long, "yes"},
		{"short", "note", "no", "an extra cell", "and another"}, // more cells than columns
		{"only one"},
	})
	for _, w := range []int{20, 41, 60, 100} {
		tb.setSize(w, 6)
		lines := strings.Split(tb.view(), "\n")
		if len(lines) != 6 {
			t.Fatalf("width %d: %d lines", w, len(lines))
		}
		for i, l := range lines {
			if lipgloss.Width(l) != w {
				t.Errorf("width %d: line %d is %d cells: %q", w, i, lipgloss.Width(l), stripSGR(l))
			}
		}
	}
	// At 41 cells the ACTIVE column no longer fits beside the device ID and
	// the minimum note, so it is dropped rather than squeezed.
	tb.setSize(41, 6)
	if strings.Contains(stripSGR(tb.view()), "ACTIVE") {
		t.Error("ACTIVE column drawn though it does not fit")
	}
}

func TestTableCellsAreSanitised(t *testing.T) {
	st := theme.New(true, false)
	tb := newTable(&st, []column{{title: "NAME", width: 10, flex: true}}, false, "")
	var rows [][]string
	for _, h := range termsafe.Hostile() {
		rows = append(rows, []string{h})
	}
	tb.setRows(rows)
	tb.setSize(60, len(rows))
	assertTerminalSafe(t, tb.view())
}

// assertTerminalSafe fails when s holds anything but text and our own SGR
// styling: no other escape sequence, no carriage return, bell, C1 or bidi
// control may reach the terminal.
func assertTerminalSafe(t *testing.T, s string) {
	t.Helper()
	plain := stripSGR(s)
	if !utf8.ValidString(plain) {
		t.Fatalf("view is not valid UTF-8")
	}
	for i, r := range plain {
		bad := r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f ||
			r == 0x061c || r == 0x200e || r == 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
		if bad {
			lo := max(i-20, 0)
			t.Fatalf("raw control %U reached the view near %q", r, plain[lo:min(i+20, len(plain))])
		}
	}
}

func TestTableClickRow(t *testing.T) {
	tb := testTable(50, 40, 11)
	keys(tb, "pgdown") // offset 1, cursor 10
	if !tb.clickRow(3) {
		t.Fatal("click on a row not taken")
	}
	if i, _ := tb.selected(); i != tb.offset+2 {
		t.Fatalf("click on line 3 selected row %d, offset %d", i, tb.offset)
	}
	if tb.clickRow(0) {
		t.Fatal("click on the header selected a row")
	}
}
