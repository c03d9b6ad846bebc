package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The overlays' one-line inputs edit alike: ctrl+w takes back the last
// word of the finder's query, and ctrl+u empties the copy picker's filter
// (it had backspace alone), as both do in a list's filter.
func TestOverlayInputsEraseAWordAndTheLine(t *testing.T) {
	_, c, _ := sandbox(t)
	a := startOn(t, c, 120, 40)
	press(a, "F", "f", "l", "o", "w", "space", "x", "y")
	_, cmd := a.Update(tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl})
	drive(a, cmd)
	if v := plainView(a); !strings.Contains(v, "/ flow ") || strings.Contains(v, "/ flow xy") {
		t.Fatalf("ctrl+w did not erase the last word of the query:\n%s", v)
	}
	press(a, "esc", "enter", "space", "c", "z", "z")
	if v := plainView(a); !strings.Contains(v, "no other config matches") {
		t.Fatalf("zz matched a config:\n%s", v)
	}
	press(a, "ctrl+u")
	if v := plainView(a); strings.Contains(v, "no other config matches") || !strings.Contains(v, "Locked Config") || strings.Contains(v, "/ zz") {
		t.Fatalf("ctrl+u did not empty the picker's filter:\n%s", v)
	}
}
