package theme

import (
	"image/color"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// namedColors are the colour names a profile's `color` setting may use.
// ANSI names follow the terminal's theme; orange and purple have no ANSI
// slot of their own and are given as RGB, which the renderer downsamples.
var namedColors = map[string]color.Color{
	"black":          lipgloss.Black,
	"red":            lipgloss.Red,
	"green":          lipgloss.Green,
	"yellow":         lipgloss.Yellow,
	"blue":           lipgloss.Blue,
	"magenta":        lipgloss.Magenta,
	"cyan":           lipgloss.Cyan,
	"white":          lipgloss.White,
	"gray":           lipgloss.BrightBlack,
	"grey":           lipgloss.BrightBlack,
	"bright-black":   lipgloss.BrightBlack,
	"bright-red":     lipgloss.BrightRed,
	"bright-green":   lipgloss.BrightGreen,
	"bright-yellow":  lipgloss.BrightYellow,
	"bright-blue":    lipgloss.BrightBlue,
	"bright-magenta": lipgloss.BrightMagenta,
	"bright-cyan":    lipgloss.BrightCyan,
	"bright-white":   lipgloss.BrightWhite,
	"orange":         lipgloss.Color("#ff8700"),
	"purple":         lipgloss.Color("#8700ff"),
}

// ParseColor turns a profile's colour setting into a colour: a name such
// as "red" or "bright-blue" (case and "_"/" " for "-" do not matter), a hex
// value "#rgb" or "#rrggbb", or an ANSI index "0".."255". ok is false for
// anything else, including "".
func ParseColor(s string) (c color.Color, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("_", "-", " ", "-").Replace(s)
	if c, ok := namedColors[s]; ok {
		return c, true
	}
	if strings.HasPrefix(s, "#") {
		if len(s) != 4 && len(s) != 7 {
			return nil, false
		}
		if _, err := strconv.ParseUint(s[1:], 16, 32); err != nil {
			return nil, false
		}
		return lipgloss.Color(s), true
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 255 {
		return lipgloss.Color(s), true
	}
	return nil, false
}

// contrast returns black or white, whichever reads better on bg. The 16
// ANSI colours are judged by how terminals usually draw them (yellow is
// light, blue dark), not by their nominal RGB.
func contrast(bg color.Color) color.Color {
	if c, ok := bg.(ansi.BasicColor); ok {
		switch c {
		case lipgloss.Black, lipgloss.Red, lipgloss.Blue, lipgloss.Magenta, lipgloss.BrightBlack:
			return lipgloss.BrightWhite
		}
		return lipgloss.Black
	}
	r, g, b, _ := bg.RGBA()
	// Rec. 601 luma on 16-bit channels.
	if (299*r+587*g+114*b)/1000 > 0x8000 {
		return lipgloss.Black
	}
	return lipgloss.BrightWhite
}
