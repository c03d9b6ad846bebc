// Package theme holds every colour and style of the dashboard: a semantic
// palette chosen for light or dark terminals from one of the built-in
// bases and the user's overrides ([theme] in the settings), and one Styles
// struct built from it. No other package names a colour.
package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Palette names colours by what they mean, not by how they look. A nil
// colour means "the terminal's default".
type Palette struct {
	Text        color.Color // body text
	Muted       color.Color // secondary text, hints, unfocused borders
	Accent      color.Color // titles, the focused pane, the active tab
	OK          color.Color // success
	Warn        color.Color // caution: read-only, low rate headroom
	Error       color.Color // failures
	Border      color.Color // pane borders
	Header      color.Color // the column titles of a list
	SelectionFG color.Color // the cursor row of the focused list
	SelectionBG color.Color
	BannerFG    color.Color // the DEMO banner
	BannerBG    color.Color
}

// NewPalette returns the default base's palette for a dark or a light
// background.
func NewPalette(dark bool) Palette { return Theme{}.palette(dark) }

// ansiPalette uses only the 16 ANSI colours, so that it follows the
// user's terminal scheme and reads the same on a 16-colour terminal as on
// a true-colour one.
func ansiPalette(dark bool) Palette {
	ld := lipgloss.LightDark(dark)
	return Palette{
		Muted:  lipgloss.BrightBlack,
		Accent: ld(lipgloss.Blue, lipgloss.Cyan),
		OK:     lipgloss.Green,
		// ANSI yellow on white is hard to read in many light themes.
		Warn:        ld(lipgloss.Magenta, lipgloss.Yellow),
		Error:       ld(lipgloss.Red, lipgloss.BrightRed),
		Border:      lipgloss.BrightBlack,
		Header:      lipgloss.BrightBlack,
		SelectionFG: lipgloss.BrightWhite,
		SelectionBG: lipgloss.Blue,
		BannerFG:    lipgloss.Black,
		BannerBG:    lipgloss.Yellow,
	}
}

// defaultPalette is the ANSI palette's meaning in the 256-colour cube: the
// same roles, in tones that do not depend on how the terminal's scheme
// draws its 16 colours (its "blue" may be unreadable on its background).
// A 16-colour terminal gets the nearest of its own, downsampled.
func defaultPalette(dark bool) Palette {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return Palette{
		Muted:       ld(c("242"), c("245")),
		Accent:      ld(c("25"), c("75")),
		OK:          ld(c("28"), c("114")),
		Warn:        ld(c("130"), c("221")),
		Error:       ld(c("160"), c("203")),
		Border:      ld(c("248"), c("240")),
		Header:      ld(c("242"), c("245")),
		SelectionFG: c("231"),
		SelectionBG: ld(c("25"), c("24")),
		BannerFG:    c("16"),
		BannerBG:    c("221"),
	}
}

// highContrastPalette is for low vision and washed-out screens: the
// brightest colours on dark, the darkest on light, and a selection that
// is black on yellow or white on black.
func highContrastPalette(dark bool) Palette {
	ld := lipgloss.LightDark(dark)
	return Palette{
		Text:        ld(lipgloss.Black, lipgloss.BrightWhite),
		Muted:       ld(lipgloss.Black, lipgloss.White),
		Accent:      ld(lipgloss.Blue, lipgloss.BrightCyan),
		OK:          ld(lipgloss.Green, lipgloss.BrightGreen),
		Warn:        ld(lipgloss.Magenta, lipgloss.BrightYellow),
		Error:       ld(lipgloss.Red, lipgloss.BrightRed),
		Border:      ld(lipgloss.Black, lipgloss.BrightWhite),
		Header:      ld(lipgloss.Black, lipgloss.BrightWhite),
		SelectionFG: ld(lipgloss.BrightWhite, lipgloss.Black),
		SelectionBG: ld(lipgloss.Black, lipgloss.BrightYellow),
		BannerFG:    lipgloss.Black,
		BannerBG:    lipgloss.BrightYellow,
	}
}
