package form

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/model"
)

func deviceIDForm(w, h int) *Form {
	f := New(Options{Resource: model.DeviceIDResource, Op: model.Create, Width: w, Height: h,
		Values: model.Values{"is_active": true}})
	f.Init()
	var sb strings.Builder
	for i := range 200 {
		fmt.Fprintf(&sb, "%032X\n", i)
	}
	f.Update(tea.PasteMsg{Content: sb.String()})
	return f
}

// While the batch box has focus, the form's key line says what enter does
// there (a new line) and offers ctrl+n; it never says "enter next".
func TestBatchFooterSaysWhatItsKeysDo(t *testing.T) {
	v := deviceIDForm(80, 24).View()
	foot := v[strings.LastIndex(v, "\n")+1:]
	if !strings.HasPrefix(foot, "enter new line") || strings.Contains(foot, "enter next") || !strings.Contains(foot, "ctrl+s save") {
		t.Fatalf("key line with the batch box focused: %q", foot)
	}
}

// The box grows with the window: a taller form shows more of a paste.
func TestBatchBoxGrowsWithTheWindow(t *testing.T) {
	shown := func(h int) int {
		f := deviceIDForm(100, h)
		f.Update(tea.KeyPressMsg{Code: tea.KeyHome, Mod: tea.ModCtrl}) // to the top of the paste
		return strings.Count(f.View(), "00000000000000000000000000")
	}
	small, tall := shown(24), shown(50)
	if small < 8 || tall < small+20 {
		t.Fatalf("IDs shown: %d at 24 rows, %d at 50", small, tall)
	}
	f := deviceIDForm(100, 24)
	f.SetSize(100, 50)
	f.Update(tea.KeyPressMsg{Code: tea.KeyHome, Mod: tea.ModCtrl})
	if n := strings.Count(f.View(), "00000000000000000000000000"); n != tall {
		t.Fatalf("after a resize to 50 rows, %d IDs shown, want %d", n, tall)
	}
}
