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
	const gap = 4
	var rows []string
	var row []string
	used := 0
	flush := func() {
		if len(row) > 0 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, used = nil, 0
		}
	}
	for _, b := range blocks {
		bw := lipgloss.Width(b)
		if used > 0 && used+gap+bw > width-2 {
			flush()
		}
		if used > 0 {
			b = lipgloss.NewStyle().PaddingLeft(gap).Render(b)
			bw += gap
		}
		row = append(row, b)
		used += bw
	}
	flush()
	var lines []string
	for i, r := range rows {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, strings.Split(r, "\n")...)
	}
	out := make([]string, 0, height)
	out = append(out, "")
	for _, l := range lines {
		out = append(out, " "+cutStyled(l, width-1))
	}
	out = append(out, "", h.st.Table.FilterHint.Render(fit(" esc or ? to close", width)))
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
