package ui

import (
	"bytes"
	"fmt"
	"image/color"
	"regexp"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"tweakdash/theme"
)

// inProfile is the view as a terminal of profile p gets it: the renderer
// downsamples each colour to what the terminal has.
func inProfile(t *testing.T, s string, p colorprofile.Profile) string {
	t.Helper()
	var b bytes.Buffer
	w := colorprofile.NewWriter(&b, nil)
	w.Profile = p
	if _, err := w.WriteString(s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// colourSGR finds a foreground or background colour in an SGR sequence.
var colourSGR = regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;[0-9;]*)?m`)

// TestGoldenThemes snapshots the device IDs list (a selection, muted
// columns, the focused border, the header) in each built-in theme at 16
// and at 256 colours, and under NO_COLOR, which wins over any theme.
func TestGoldenThemes(t *testing.T) {
	profiles := map[string]colorprofile.Profile{"16": colorprofile.ANSI, "256": colorprofile.ANSI256}
	screens := map[string]string{}
	for _, base := range theme.Bases {
		for name, p := range profiles {
			t.Run(fmt.Sprintf("%s/%s", base, name), func(t *testing.T) {
				a := start(t, newFake(t), 80, 24, func(o *Options) { o.Theme = theme.Theme{Base: base} })
				press(a, "enter", "3")
				out := inProfile(t, a.View().Content, p)
				if !colourSGR.MatchString(out) {
					t.Fatal("a theme draws without colour")
				}
				screens[base+"/"+name] = out
				golden.RequireEqual(t, out)
			})
		}
	}
	for _, name := range []string{"16", "256"} {
		if screens["default/"+name] == screens["high-contrast/"+name] {
			t.Errorf("at %s colours high-contrast draws as default does", name)
		}
	}
	t.Run("no_color", func(t *testing.T) {
		a := start(t, newFake(t), 80, 24, func(o *Options) {
			o.NoColor, o.Theme = true, theme.Theme{Base: "high-contrast", Overrides: map[string]color.Color{"accent": lipgloss.Red}}
		})
		press(a, "enter", "3")
		out := inProfile(t, a.View().Content, colorprofile.ANSI256)
		if m := colourSGR.FindString(out); m != "" {
			t.Fatalf("NO_COLOR draws a colour: %q", m)
		}
		golden.RequireEqual(t, out)
	})
}
