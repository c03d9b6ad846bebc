package theme

import (
	"image/color"
	"slices"
)

// Bases are the built-in themes a [theme] table's base names.
var Bases = []string{"default", "high-contrast", "ansi"}

// Roles are the colours a [theme] table may override, by name.
var Roles = []string{"accent", "ok", "warn", "error", "muted", "selection", "border", "header"}

// Theme is the user's choice of colours: a base ("" is "default") and
// colours that override its roles. The zero value is the default theme.
type Theme struct {
	Base      string
	Overrides map[string]color.Color // by role
}

// KnownBase reports whether name is one of Bases.
func KnownBase(name string) bool { return slices.Contains(Bases, name) }

// KnownRole reports whether name is one of Roles.
func KnownRole(name string) bool { return slices.Contains(Roles, name) }

// palette is the theme's palette for a dark or light background.
func (t Theme) palette(dark bool) Palette {
	var p Palette
	switch t.Base {
	case "high-contrast":
		p = highContrastPalette(dark)
	case "ansi":
		p = ansiPalette(dark)
	default:
		p = defaultPalette(dark)
	}
	for role, c := range t.Overrides {
		switch role {
		case "accent":
			p.Accent = c
		case "ok":
			p.OK = c
		case "warn":
			p.Warn = c
		case "error":
			p.Error = c
		case "muted":
			p.Muted = c
		case "selection":
			// The row's text is black or white, whichever reads on it.
			p.SelectionBG, p.SelectionFG = c, contrast(c)
		case "border":
			p.Border = c
		case "header":
			p.Header = c
		}
	}
	return p
}
