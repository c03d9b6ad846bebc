package batchbox

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/ui/termsafe"
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
	for _, s := range []string{"3 new", "1 duplicate", "1 already in config", "2 malformed (line 3, 6)", "✗ malformed", "in config", "✓2", "dup1 in1"} {
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
