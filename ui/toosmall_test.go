package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// Below 40x10 the screen asks for a larger window and no key opens
// anything unseen; q still quits.
func TestTooSmallAsksForALargerWindowAndOpensNothing(t *testing.T) {
	_, c, _ := sandbox(t)
	a := startOn(t, c, 120, 40)
	press(a, "enter")
	a.Update(tea.WindowSizeMsg{Width: 20, Height: 5})
	v := plainView(a)
	if !strings.Contains(v, "Window too") || len(strings.Split(v, "\n")) != 5 {
		t.Fatalf("at 20x5:\n%s", v)
	}
	press(a, "n", "d", "y", "e", "?", "esc", "j", "enter")
	a.Update(tea.PasteMsg{Content: "pasted"})
	if a.overlay != nil || a.showHelp {
		t.Fatalf("keys typed at 20x5 opened %T (help %v)", a.overlay, a.showHelp)
	}
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if v := plainView(a); !strings.Contains(v, "Main SSH") || strings.Contains(v, "Delete server") {
		t.Fatalf("back at 120x40:\n%s", v)
	}
	a.Update(tea.WindowSizeMsg{Width: 39, Height: 30})
	if _, cmd := a.Update(keyPress("q")); !isQuit(cmd) {
		t.Fatal("q did not quit while too small")
	}
}

// The too-small message wraps to the window instead of being cut: at
// 20x5 every word of it is there, with the size it needs.
func TestTooSmallMessageWrapsToFit(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	a.Update(tea.WindowSizeMsg{Width: 20, Height: 5})
	v := plainView(a)
	text := strings.Join(strings.Fields(v), " ")
	if !strings.Contains(text, "make it at least 40x10 (q quits)") {
		t.Fatalf("at 20x5 the message is cut:\n%s", v)
	}
	for _, l := range strings.Split(v, "\n") {
		if w := len([]rune(l)); w > 20 {
			t.Fatalf("a line is %d wide at 20x5:\n%s", w, v)
		}
	}
}
