// Package theme holds every colour and style of the dashboard: a semantic
// palette chosen for light or dark terminals, and one Styles struct built
// from it. No other package names a colour.
package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Palette names colours by what they mean, not by how they look. The
// colours are ANSI 16 indexes, so that they follow the user's terminal
// theme and read the same on a 16-colour terminal as on a true-colour one.
// A nil colour means "the terminal's default".
type Palette struct {
	Text        color.Color // body text
	Muted       color.Color // secondary text, hints, unfocused borders
	Accent      color.Color // titles, the focused pane, the active tab
	OK          color.Color // success
	Warn        color.Color // caution: read-only, low rate headroom
	Error       color.Color // failures
	Border      color.Color // pane borders
	SelectionFG color.Color // the cursor row of the focused list
	SelectionBG color.Color
	BannerFG    color.Color // the DEMO banner
	BannerBG    color.Color
}

// NewPalette returns the palette for a dark or a light background.
func NewPalette(dark bool) Palette {
	ld := lipgloss.LightDark(dark)
	return Palette{
		Muted:  lipgloss.BrightBlack,
		Accent: ld(lipgloss.Blue, lipgloss.Cyan),
		OK:     lipgloss.Green,
		// ANSI yellow on white is hard to read in many light themes.
		Warn:        ld(lipgloss.Magenta, lipgloss.Yellow),
		Error:       ld(lipgloss.Red, lipgloss.BrightRed),
		Border:      lipgloss.BrightBlack,
		SelectionFG: lipgloss.BrightWhite,
		SelectionBG: lipgloss.Blue,
		BannerFG:    lipgloss.Black,
		BannerBG:    lipgloss.Yellow,
	}
}
