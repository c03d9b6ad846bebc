package theme

import (
	"image/color"
	"reflect"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

func TestNoColorAnyNonEmptyValue(t *testing.T) {
	for env, want := range map[string]bool{
		"NO_COLOR=1": true, "NO_COLOR=yes": true, "NO_COLOR=0": true, "NO_COLOR=false": true,
		"NO_COLOR=": false, "NO_COLORS=1": false, "TERM=xterm": false,
	} {
		if got := NoColor([]string{"HOME=/root", env}); got != want {
			t.Errorf("NoColor(%q) = %v, want %v", env, got, want)
		}
	}
	if NoColor([]string{"NO_COLOR=1", "NO_COLOR="}) {
		t.Error("the last NO_COLOR entry should win")
	}
	// The library alone gets NO_COLOR=yes wrong; the override covers it.
	if p, ok := ProfileOverride([]string{"NO_COLOR=yes"}); !ok || p != colorprofile.ASCII {
		t.Errorf("ProfileOverride(NO_COLOR=yes) = %v, %v", p, ok)
	}
	if _, ok := ProfileOverride([]string{"TERM=xterm-256color"}); ok {
		t.Error("ProfileOverride without NO_COLOR should not override")
	}
}

func TestParseColor(t *testing.T) {
	for _, s := range []string{"red", "Bright Blue", "bright_green", "orange", "#f80", "#FF8800", "212", "0"} {
		if _, ok := ParseColor(s); !ok {
			t.Errorf("ParseColor(%q) failed", s)
		}
	}
	for _, s := range []string{"", "reddish", "#ff", "#gggggg", "256", "-1"} {
		if _, ok := ParseColor(s); ok {
			t.Errorf("ParseColor(%q) accepted", s)
		}
	}
}

func TestBadgeTextContrasts(t *testing.T) {
	s := New(true, false)
	for name, want := range map[string]color.Color{"yellow": lipgloss.Black, "bright-white": lipgloss.Black, "blue": lipgloss.BrightWhite, "#202020": lipgloss.BrightWhite} {
		c, _ := ParseColor(name)
		if got := s.Badge(c).GetForeground(); got != want {
			t.Errorf("badge on %s: text %v, want %v", name, got, want)
		}
	}
}

// walkStyles calls fn for every lipgloss.Style reachable in v.
func walkStyles(v reflect.Value, path string, fn func(string, lipgloss.Style)) {
	if st, ok := v.Interface().(lipgloss.Style); ok {
		fn(path, st)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walkStyles(v.Field(i), path+"."+v.Type().Field(i).Name, fn)
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			walkStyles(v.Elem(), path, fn)
		}
	}
}

func hasColor(st lipgloss.Style) bool {
	_, noFG := st.GetForeground().(lipgloss.NoColor)
	_, noBG := st.GetBackground().(lipgloss.NoColor)
	_, noBorder := st.GetBorderTopForeground().(lipgloss.NoColor)
	return !noFG || !noBG || !noBorder
}

func TestNoColorStylesHaveNoColour(t *testing.T) {
	for _, dark := range []bool{true, false} {
		s := New(dark, true)
		walkStyles(reflect.ValueOf(s), "Styles", func(p string, st lipgloss.Style) {
			if hasColor(st) {
				t.Errorf("dark=%v %s has a colour", dark, p)
			}
		})
		if !s.Table.Selected.GetReverse() {
			t.Error("without colour the cursor row must be reversed to be seen")
		}
		if hasColor(s.Badge(lipgloss.Red)) {
			t.Error("badge keeps its colour under NO_COLOR")
		}
		walkStyles(reflect.ValueOf(s.Huh().Theme(dark)), "Huh", func(p string, st lipgloss.Style) {
			if hasColor(st) {
				t.Errorf("dark=%v %s has a colour", dark, p)
			}
		})
	}
}

func TestTheANSIBaseUsesTheSixteenColours(t *testing.T) {
	for _, dark := range []bool{true, false} {
		s := Theme{Base: "ansi"}.Styles(dark, false)
		if !hasColor(s.Table.Selected) || !hasColor(s.Status.Error) {
			t.Fatal("colour styles without colour")
		}
		walkStyles(reflect.ValueOf(s), "Styles", func(p string, st lipgloss.Style) {
			for _, c := range []color.Color{st.GetForeground(), st.GetBackground()} {
				switch c.(type) {
				case lipgloss.NoColor, ansi.BasicColor:
				default:
					t.Errorf("dark=%v %s uses %T, not an ANSI colour", dark, p, c)
				}
			}
		})
	}
	if New(true, false).Palette.Accent == New(false, false).Palette.Accent {
		t.Error("the accent should differ between light and dark backgrounds")
	}
}
