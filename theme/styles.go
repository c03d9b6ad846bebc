package theme

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles is every style the dashboard draws with, grouped by where it is
// used. Build it with New; it is a plain value, passed to whoever draws.
type Styles struct {
	Dark    bool
	NoColor bool
	Palette Palette
	// Theme is what the palette was made from, for the forms' theme.
	Theme Theme

	Header HeaderStyles
	Pane   PaneStyles
	Tab    TabStyles
	Table  TableStyles
	Detail DetailStyles
	Status StatusStyles
	Help   help.Styles
}

// HeaderStyles style the top line: app name, profile, host, usage, rate.
type HeaderStyles struct {
	App      lipgloss.Style
	Text     lipgloss.Style
	Sep      lipgloss.Style
	Rate     lipgloss.Style
	RateLow  lipgloss.Style
	ReadOnly lipgloss.Style
	Demo     lipgloss.Style
	// Cached marks a screen painted from the snapshot of an earlier run.
	Cached lipgloss.Style
}

// PaneStyles style the boxed panes. Border colours the frame characters.
type PaneStyles struct {
	Border        lipgloss.Style
	BorderFocused lipgloss.Style
	Title         lipgloss.Style
	TitleFocused  lipgloss.Style
}

// TabStyles style the tab line of the resource pane.
type TabStyles struct {
	Active   lipgloss.Style
	Inactive lipgloss.Style
	// SubActive marks the shown list inside the Access tab.
	SubActive lipgloss.Style
	Sep       lipgloss.Style
}

// TableStyles style lists and tables.
type TableStyles struct {
	Header lipgloss.Style
	Cell   lipgloss.Style
	Muted  lipgloss.Style
	// Selected is the cursor row of the focused list; SelectedBlurred the
	// cursor row of a list that does not have focus.
	Selected        lipgloss.Style
	SelectedBlurred lipgloss.Style
	Filter          lipgloss.Style
	FilterHint      lipgloss.Style
	Empty           lipgloss.Style
	Error           lipgloss.Style
	// Flag marks a row a watch found added or changed.
	Flag lipgloss.Style
}

// DetailStyles style the field list of one resource.
type DetailStyles struct {
	Title  lipgloss.Style
	Label  lipgloss.Style
	Value  lipgloss.Style
	Null   lipgloss.Style
	Secret lipgloss.Style
	Hint   lipgloss.Style
}

// StatusStyles style the bottom line.
type StatusStyles struct {
	Info    lipgloss.Style
	OK      lipgloss.Style
	Warn    lipgloss.Style
	Error   lipgloss.Style
	Spinner lipgloss.Style
}

// New builds the default theme's styles for a dark or light background.
// With noColor no colour is used at all: the cursor row is reversed,
// emphasis is bold, and secondary text is faint.
func New(dark, noColor bool) Styles { return Theme{}.Styles(dark, noColor) }

// Styles builds the theme's styles for a dark or light background;
// noColor (NO_COLOR) wins over any theme.
func (t Theme) Styles(dark, noColor bool) Styles {
	if noColor {
		s := plain(dark)
		s.Theme = t
		return s
	}
	p := t.palette(dark)
	fg := func(c color.Color) lipgloss.Style {
		if c == nil {
			return lipgloss.NewStyle() // the terminal's own
		}
		return lipgloss.NewStyle().Foreground(c)
	}
	s := Styles{Dark: dark, Palette: p, Theme: t}

	s.Header = HeaderStyles{
		App:      fg(p.Accent).Bold(true),
		Text:     lipgloss.NewStyle(),
		Sep:      fg(p.Muted),
		Rate:     fg(p.Muted),
		RateLow:  fg(p.Warn).Bold(true),
		ReadOnly: fg(p.Warn).Bold(true),
		Demo:     lipgloss.NewStyle().Foreground(p.BannerFG).Background(p.BannerBG).Bold(true),
		Cached:   fg(p.Warn),
	}
	s.Pane = PaneStyles{
		Border:        fg(p.Border),
		BorderFocused: fg(p.Accent),
		Title:         fg(p.Muted).Bold(true),
		TitleFocused:  fg(p.Accent).Bold(true),
	}
	s.Tab = TabStyles{
		Active:    fg(p.Accent).Bold(true).Underline(true),
		Inactive:  fg(p.Muted),
		SubActive: fg(p.Accent).Bold(true),
		Sep:       fg(p.Muted),
	}
	s.Table = TableStyles{
		Header:          fg(p.Header).Bold(true),
		Cell:            fg(p.Text),
		Muted:           fg(p.Muted),
		Selected:        lipgloss.NewStyle().Foreground(p.SelectionFG).Background(p.SelectionBG).Bold(true),
		SelectedBlurred: lipgloss.NewStyle().Bold(true),
		Filter:          fg(p.Accent),
		FilterHint:      fg(p.Muted),
		Empty:           fg(p.Muted).Italic(true),
		Error:           fg(p.Error),
		Flag:            fg(p.OK).Bold(true),
	}
	s.Detail = DetailStyles{
		Title:  fg(p.Accent).Bold(true),
		Label:  fg(p.Muted),
		Value:  fg(p.Text),
		Null:   fg(p.Muted).Italic(true),
		Secret: fg(p.Warn),
		Hint:   fg(p.Muted).Italic(true),
	}
	s.Status = StatusStyles{
		Info:    lipgloss.NewStyle(),
		OK:      fg(p.OK),
		Warn:    fg(p.Warn),
		Error:   fg(p.Error).Bold(true),
		Spinner: fg(p.Accent),
	}
	s.Help = help.Styles{
		ShortKey:       fg(p.Accent),
		ShortDesc:      fg(p.Muted),
		ShortSeparator: fg(p.Muted),
		Ellipsis:       fg(p.Muted),
		FullKey:        fg(p.Accent).Bold(true),
		FullDesc:       lipgloss.NewStyle(),
		FullSeparator:  fg(p.Muted),
	}
	return s
}

// plain is New without colour.
func plain(dark bool) Styles {
	n := lipgloss.NewStyle()
	bold := n.Bold(true)
	faint := n.Faint(true)
	return Styles{
		Dark: dark, NoColor: true,
		Header: HeaderStyles{App: bold, Text: n, Sep: faint, Rate: faint, RateLow: bold, ReadOnly: bold, Demo: bold.Reverse(true), Cached: n.Italic(true)},
		Pane:   PaneStyles{Border: faint, BorderFocused: n, Title: faint, TitleFocused: bold.Reverse(true)},
		Tab:    TabStyles{Active: bold.Underline(true), Inactive: faint, SubActive: bold, Sep: faint},
		Table: TableStyles{
			Header: bold, Cell: n, Muted: faint,
			Selected: bold.Reverse(true), SelectedBlurred: bold,
			Filter: bold, FilterHint: faint, Empty: n.Italic(true), Error: bold, Flag: bold,
		},
		Detail: DetailStyles{Title: bold, Label: faint, Value: n, Null: n.Italic(true), Secret: bold, Hint: n.Italic(true)},
		Status: StatusStyles{Info: n, OK: n, Warn: bold, Error: bold, Spinner: n},
		Help: help.Styles{
			ShortKey: bold, ShortDesc: n, ShortSeparator: faint, Ellipsis: faint,
			FullKey: bold, FullDesc: n, FullSeparator: faint,
		},
	}
}

// Badge is the style of a profile's label drawn in the profile's colour
// (see ParseColor): the colour as background with black or white text.
// Without a colour, or without colour at all, the label is reversed.
func (s Styles) Badge(c color.Color) lipgloss.Style {
	if s.NoColor || c == nil {
		return lipgloss.NewStyle().Reverse(true).Bold(true)
	}
	return lipgloss.NewStyle().Background(c).Foreground(contrast(c)).Bold(true)
}
