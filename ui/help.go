package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"github.com/charmbracelet/x/ansi"

	"tweakdash/theme"
)

// helpGroup is one titled column of the help overlay.
type helpGroup struct {
	title string
	keys  []key.Binding
}

// helpView is the ? overlay: every enabled binding of the moment, grouped,
// drawn by the help bubble from the same bindings that drive the code (a
// disabled binding is hidden).
type helpView struct {
	st    *theme.Styles
	model help.Model
	// palette is the palette's key in force, named at the foot: every
	// action is there by name, those the columns had no room for too.
	palette string
}

func newHelpView(st *theme.Styles) *helpView {
	h := &helpView{st: st, model: help.New()}
	h.model.ShowAll = true
	return h
}

// view draws the groups as columns that wrap onto more rows when the
// width runs out: exactly height lines of width cells.
func (h *helpView) view(groups []helpGroup, width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	h.model.Styles = h.st.Help
	var blocks []string
	for _, g := range groups {
		if !anyEnabled(g.keys) {
			continue
		}
		body := h.model.FullHelpView([][]key.Binding{g.keys})
		blocks = append(blocks, h.st.Detail.Title.Render(g.title)+"\n"+body)
	}
	// Blocks go side by side while the width allows; one that does not fit
	// goes under the shortest column if the height allows (so that at 80x24
	// General sits under Move), else it starts a new row.
	const gap = 4
	maxH := height - 3
	var rows []string
	var cols [][]string // each column's blocks
	colW := func(c []string) int {
		w := 0
		for _, b := range c {
			w = max(w, lipgloss.Width(b))
		}
		return w
	}
	colH := func(c []string) int {
		h := -1
		for _, b := range c {
			h += lipgloss.Height(b) + 1
		}
		return h
	}
	used := func() int {
		w := 0
		for i, c := range cols {
			if i > 0 {
				w += gap
			}
			w += colW(c)
		}
		return w
	}
	flush := func() {
		if len(cols) == 0 {
			return
		}
		parts := make([]string, len(cols))
		for i, c := range cols {
			col := strings.Join(c, "\n\n")
			if i > 0 {
				col = lipgloss.NewStyle().PaddingLeft(gap).Render(col)
			}
			parts[i] = col
		}
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, parts...))
		cols = nil
	}
	for _, b := range blocks {
		if len(cols) == 0 || used()+gap+lipgloss.Width(b) <= width-2 {
			cols = append(cols, []string{b})
			continue
		}
		best := -1
		for i, c := range cols {
			fits := colH(c)+1+lipgloss.Height(b) <= maxH && used()-colW(c)+max(colW(c), lipgloss.Width(b)) <= width-2
			if fits && (best < 0 || colH(c) < colH(cols[best])) {
				best = i
			}
		}
		if best >= 0 {
			cols[best] = append(cols[best], b)
			continue
		}
		flush()
		cols = append(cols, []string{b})
	}
	flush()
	var lines []string
	for i, r := range rows {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, strings.Split(r, "\n")...)
	}
	// The way out stays on screen: what does not fit above it is cut.
	if room := height - 3; len(lines) > room {
		lines = append(lines[:max(room-1, 0)], h.st.Table.Muted.Render("…"))
	}
	out := make([]string, 0, height)
	out = append(out, "")
	for _, l := range lines {
		out = append(out, " "+cutStyled(l, width-1))
	}
	out = append(out, "", h.st.Table.FilterHint.Render(fit(" esc or ? to close · "+h.palette+" runs any action by name", width)))
	return block(out, width, height)
}

func anyEnabled(bs []key.Binding) bool {
	for _, b := range bs {
		if b.Enabled() {
			return true
		}
	}
	return false
}

// cutStyled cuts a styled line to w cells (help text is ours, so cutting
// its styling is safe).
func cutStyled(s string, w int) string {
	if lipgloss.Width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}
