package theme

import (
	"fmt"
	"image/color"
	"reflect"
	"testing"

	"charm.land/lipgloss/v2"
)

func TestEachBaseHasItsOwnColoursOnDarkAndLight(t *testing.T) {
	for _, dark := range []bool{true, false} {
		seen := map[string]string{}
		for _, b := range Bases {
			p := Theme{Base: b}.palette(dark)
			for _, c := range []any{p.Accent, p.SelectionBG, p.Muted, p.Error} {
				if c == nil {
					t.Fatalf("dark=%v base %s leaves a role without a colour", dark, b)
				}
			}
			key := styleKey(p)
			if other, ok := seen[key]; ok {
				t.Errorf("dark=%v: base %s draws exactly as %s", dark, b, other)
			}
			seen[key] = b
		}
	}
	if (Theme{}).palette(true) != (Theme{Base: "default"}).palette(true) {
		t.Error("no base is not the default base")
	}
}

// styleKey tells palettes apart by every colour they hold.
func styleKey(p Palette) string { return fmt.Sprintf("%v", p) }

func TestOverridesReplaceTheirRoleOnly(t *testing.T) {
	red, _ := ParseColor("#ff0000")
	yellow, _ := ParseColor("yellow")
	th := Theme{Base: "high-contrast", Overrides: map[string]color.Color{"accent": red, "selection": yellow, "header": red}}
	for _, dark := range []bool{true, false} {
		base, got := highContrastPalette(dark), th.palette(dark)
		if got.Accent != red || got.Header != red || got.SelectionBG != yellow {
			t.Fatalf("dark=%v overrides not applied: %+v", dark, got)
		}
		if got.SelectionFG != lipgloss.Black {
			t.Errorf("dark=%v text on a yellow selection is %v, want black", dark, got.SelectionFG)
		}
		if got.Error != base.Error || got.Muted != base.Muted || got.Border != base.Border {
			t.Errorf("dark=%v an override changed another role", dark)
		}
		s := th.Styles(dark, false)
		if s.Pane.BorderFocused.GetForeground() != red || s.Table.Header.GetForeground() != red {
			t.Errorf("dark=%v the styles do not draw the overridden accent and header", dark)
		}
	}
}

func TestNoColorWinsOverEveryThemeAndOverride(t *testing.T) {
	red, _ := ParseColor("red")
	for _, b := range Bases {
		th := Theme{Base: b, Overrides: map[string]color.Color{"accent": red, "selection": red}}
		for _, dark := range []bool{true, false} {
			s := th.Styles(dark, true)
			walkStyles(reflect.ValueOf(s), "Styles", func(p string, st lipgloss.Style) {
				if hasColor(st) {
					t.Errorf("base %s dark=%v: %s has a colour under NO_COLOR", b, dark, p)
				}
			})
			walkStyles(reflect.ValueOf(s.Huh().Theme(dark)), "Huh", func(p string, st lipgloss.Style) {
				if hasColor(st) {
					t.Errorf("base %s dark=%v: %s has a colour under NO_COLOR", b, dark, p)
				}
			})
		}
	}
}
