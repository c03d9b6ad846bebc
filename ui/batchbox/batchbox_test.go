package batchbox

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/termsafe"
)

func hexID(i int) string { return fmt.Sprintf("%032X", i) }

func typeText(m *Model, s string) {
	for _, r := range s {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func press(m *Model, code rune) { m.Update(tea.KeyPressMsg{Code: code}) }

func TestPasteOf10000CRLFLinesKeepsEveryID(t *testing.T) {
	var sb strings.Builder
	for i := range 10000 {
		sb.WriteString(strings.ToLower(hexID(i)) + "\r\n")
	}
	m := New(nil)
	m.Update(tea.PasteMsg{Content: sb.String()})
	st := m.Stats()
	if st.New != 10000 || st.Malformed != 0 || st.Duplicates != 0 {
		t.Fatalf("stats = %+v, want 10000 new and nothing else", st)
	}
	ids := m.IDs()
	if len(ids) != 10000 || ids[0] != hexID(0) || ids[9999] != hexID(9999) {
		t.Fatalf("got %d ids, first %q last %q", len(ids), ids[0], ids[len(ids)-1])
	}
	// CRLF must not double the lines (the stock textarea does).
	if st.Lines != 10001 {
		t.Fatalf("lines = %d, want 10001 (10,000 and the empty one after the last newline)", st.Lines)
	}
}

func TestMixedBatchIsSortedIntoBuckets(t *testing.T) {
	present := hexID(7)
	m := New(map[string]bool{present: true})
	m.SetSize(100, 8)
	paste := strings.Join([]string{
		strings.ToLower(hexID(1)) + ", " + hexID(2),
		hexID(1) + ";" + strings.ToLower(present),
		"not-an-id",
		"",
		"  " + hexID(3) + "  ",
		hexID(3)[:31],
	}, "\r\n")
	m.Update(tea.PasteMsg{Content: paste})
	st := m.Stats()
	want := Stats{Lines: 6, Entries: 7, New: 3, Duplicates: 1, Existing: 1, Malformed: 2}
	if st != want {
		t.Fatalf("stats = %+v, want %+v", st, want)
	}
	if got := strings.Join(m.IDs(), ","); got != hexID(1)+","+hexID(2)+","+hexID(3) {
		t.Fatalf("IDs = %s", got)
	}
	lines, more := m.tally.malformedLines(5)
	if fmt.Sprint(lines) != "[3 6]" || more {
		t.Fatalf("malformed lines = %v more=%v, want [3 6]", lines, more)
	}
	view := m.View()
	for _, s := range []string{"3 new", "1 duplicate", "1 already in config", "2 malformed · bad: 3, 6", "✗ malformed", "in config", "✓2", "dup1 in1"} {
		if !strings.Contains(view, s) {
			t.Errorf("view lacks %q:\n%s", s, view)
		}
	}
}

func TestEditingKeepsCountsRight(t *testing.T) {
	m := New(nil)
	typeText(m, hexID(1))
	press(m, tea.KeyEnter)
	typeText(m, hexID(1))
	if st := m.Stats(); st.New != 1 || st.Duplicates != 1 {
		t.Fatalf("after typing a duplicate: %+v", st)
	}
	press(m, tea.KeyBackspace) // the second ID is now 31 characters
	if st := m.Stats(); st.New != 1 || st.Duplicates != 0 || st.Malformed != 1 {
		t.Fatalf("after backspace: %+v", st)
	}
	press(m, tea.KeyHome)
	press(m, tea.KeyBackspace) // joins the two lines into one malformed entry
	if st := m.Stats(); st.Lines != 1 || st.New != 0 || st.Malformed != 1 {
		t.Fatalf("after joining lines: %+v", st)
	}
	if got := m.Value(); got != hexID(1)+hexID(1)[:31] {
		t.Fatalf("value = %q", got)
	}
}

func TestPasteInsertsAtCursor(t *testing.T) {
	m := New(nil)
	typeText(m, "AB")
	press(m, tea.KeyLeft)
	m.Update(tea.PasteMsg{Content: "1\r2\n3"})
	if got := m.Value(); got != "A1\n2\n3B" {
		t.Fatalf("value = %q", got)
	}
}

func TestViewIsSafeAndFitsWidth(t *testing.T) {
	m := New(nil)
	m.SetSize(50, 6)
	m.Update(tea.PasteMsg{Content: strings.Join(termsafe.Hostile(), "\n")})
	for i, l := range strings.Split(m.View(), "\n") {
		if strings.ContainsAny(l, "\x1b\r\a\b\x00") || strings.Contains(l, "\u009b") {
			t.Errorf("line %d carries a control character: %q", i, l)
		}
		if w := termsafe.Width(l); w > 50 {
			t.Errorf("line %d is %d cells wide, more than 50: %q", i, w, l)
		}
	}
}

func TestViewShowsOnlyTheWindowAroundTheCursor(t *testing.T) {
	m := New(nil)
	m.SetSize(60, 5)
	var sb strings.Builder
	for i := range 1000 {
		sb.WriteString(hexID(i) + "\n")
	}
	m.Update(tea.PasteMsg{Content: sb.String()})
	v := m.View()
	if n := strings.Count(v, "\n"); n != 5 { // the summary, then 5 lines
		t.Fatalf("view has %d rows after the summary, want 5", n)
	}
	if !strings.Contains(v, "1001") || strings.Contains(v, hexID(5)) {
		t.Fatalf("view should show the end of the paste, where the cursor is:\n%s", v)
	}
}

func benchBox(b *testing.B, lines int) {
	var sb strings.Builder
	for i := range lines {
		sb.WriteString(hexID(i) + "\n")
	}
	m := New(nil)
	m.SetSize(100, 20)
	m.Update(tea.PasteMsg{Content: sb.String()})
	keys := []tea.KeyPressMsg{{Code: 'a', Text: "a"}, {Code: tea.KeyBackspace}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(keys[i%2])
		_ = m.View()
	}
}

// One keystroke plus the frame it causes, with 10,000 pasted IDs in the box.
func BenchmarkKeystroke10000(b *testing.B) { benchBox(b, 10000) }
func BenchmarkKeystroke100(b *testing.B)   { benchBox(b, 100) }

// pasteWithBad pastes n lines, of which the 1-based lines in bad are
// malformed.
func pasteWithBad(m *Model, n int, bad ...int) {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = hexID(i)
	}
	for _, b := range bad {
		lines[b-1] = "not-an-id"
	}
	m.Update(tea.PasteMsg{Content: strings.Join(lines, "\n")})
}

// The summary names the bad lines at every width, as many as fit, with a
// count of the others: it is the only pointer to what needs fixing.
func TestSummaryNamesTheBadLinesAtAnyWidth(t *testing.T) {
	for _, w := range []int{40, 60, 76, 118, 198} {
		m := New(nil)
		m.SetSize(w, 8)
		pasteWithBad(m, 226, 18, 26, 109)
		sum := strings.SplitN(m.View(), "\n", 2)[0]
		if termsafe.Width(sum) > w {
			t.Errorf("width %d: the summary is %d cells: %q", w, termsafe.Width(sum), sum)
		}
		if !strings.Contains(sum, "bad: 18, 26, 109") {
			t.Errorf("width %d: the summary does not name lines 18, 26 and 109: %q", w, sum)
		}
	}
	many := make([]int, 40)
	for i := range many {
		many[i] = 5 * (i + 1)
	}
	for _, w := range []int{40, 76, 118} {
		m := New(nil)
		m.SetSize(w, 8)
		pasteWithBad(m, 226, many...)
		sum := strings.SplitN(m.View(), "\n", 2)[0]
		_, list, ok := strings.Cut(sum, "bad: ")
		if !ok || termsafe.Width(sum) > w {
			t.Fatalf("width %d: %q", w, sum)
		}
		shown := strings.Count(list, ",") // the numbers shown, and then "+N more"
		var more int
		if _, err := fmt.Sscanf(list[strings.LastIndex(list, "+"):], "+%d more", &more); err != nil || shown+more != 40 || !strings.HasPrefix(list, "5, 10") {
			t.Errorf("width %d: %q does not count the 40 bad lines (%d shown, %d more)", w, sum, shown, more)
		}
	}
}

// ctrl+n goes to the next bad line, and from the last back to the first.
func TestNextBadLineKey(t *testing.T) {
	m := New(nil)
	m.SetSize(80, 5)
	pasteWithBad(m, 226, 18, 26, 109)
	var rows []int
	for range 4 {
		m.Update(tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl})
		rows = append(rows, m.Row()+1)
	}
	if fmt.Sprint(rows) != "[18 26 109 18]" {
		t.Fatalf("ctrl+n went to lines %v", rows)
	}
	if v := m.View(); !strings.Contains(v, "18 not-an-id") {
		t.Fatalf("line 18 is not in view:\n%s", v)
	}
	if h := m.Help(); len(h) != 2 || h[1].Help().Key != "ctrl+n" {
		t.Fatalf("the box's help does not offer ctrl+n: %v", h)
	}
}

// An empty box says so; one line is "1 line".
func TestSummaryOfAnEmptyBoxAndOneLine(t *testing.T) {
	m := New(nil)
	m.SetSize(80, 5)
	if sum := strings.SplitN(m.View(), "\n", 2)[0]; !strings.HasPrefix(sum, "empty") || strings.Contains(sum, "1 lines") {
		t.Fatalf("empty box: %q", sum)
	}
	typeText(m, hexID(1))
	if sum := strings.SplitN(m.View(), "\n", 2)[0]; !strings.HasPrefix(sum, "1 line: 1 new") {
		t.Fatalf("one ID: %q", sum)
	}
}
