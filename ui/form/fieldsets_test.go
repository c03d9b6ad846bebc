package form

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"tweakdash/model"
)

// For every tunnel type, the form shows exactly the fields the spec's table
// gives that type: each type-specific label is on screen if and only if the
// field applies.
func TestEveryTunnelTypeShowsItsFields(t *testing.T) {
	for _, c := range []struct {
		res   model.Resource
		types []model.TunnelType
	}{{model.ServerResource, model.ServerTunnelTypes}, {model.TweakResource, model.TweakTunnelTypes}} {
		for _, typ := range c.types {
			f := New(Options{Resource: c.res, Op: model.Create, Width: 100, Height: 80,
				Values: model.Values{"tunnel_type": string(typ)}})
			view := ansi.Strip(f.View())
			for _, fl := range c.res.Fields {
				switch fl.Key {
				case "name", "tunnel_type", "note", "unique_key":
					continue // on every form
				}
				shown := containsLine(view, fl.Label)
				if want := fl.AppliesTo(typ); shown != want {
					t.Errorf("%s %s: %q shown=%v, want %v\n%s", c.res.Name, typ, fl.Label, shown, want, view)
				}
			}
		}
	}
}

// containsLine reports whether a line of view starts (after the focus bar
// and blanks) with label as a whole title.
func containsLine(view, label string) bool {
	for _, l := range strings.Split(view, "\n") {
		l = strings.TrimLeft(l, " ┃")
		if l == label || strings.HasPrefix(l, label+" ") {
			return true
		}
	}
	return false
}
