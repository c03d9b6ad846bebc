package ui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"tweakdash/internal/termsafe"
	"tweakdash/theme"
)

// wideMin is the narrowest terminal that shows both panes side by side;
// narrower ones stack them.
const wideMin = 100

// listWidth is the config list's share of a wide terminal.
func listWidth(w int) int { return min(max(w*3/10, 26), 40) }

// box draws a pane of w×h cells: a border with the title in its top edge
// around body, which must be h-2 lines of w-2 cells. The title is cut to
// fit; nothing is ever wider than w.
func box(st *theme.Styles, c *memo, title, body string, w, h int, focused bool) string {
	if w < 4 || h < 2 {
		return block(nil, max(w, 0), max(h, 0))
	}
	bs, ts := st.Pane.Border, st.Pane.Title
	if focused {
		bs, ts = st.Pane.BorderFocused, st.Pane.TitleFocused
	}
	top := c.get(memoKey("box-top", w, focused, title), func() string {
		t := termsafe.Truncate(title, w-4)
		tw := termsafe.Width(t)
		if tw == 0 {
			return bs.Render("┌" + strings.Repeat("─", w-2) + "┐")
		}
		return bs.Render("┌ ") + ts.Render(t) + bs.Render(" "+strings.Repeat("─", w-4-tw)+"┐")
	})
	side := c.get(memoKey("box-side", 0, focused), func() string { return bs.Render("│") })
	bottom := c.get(memoKey("box-bottom", w, focused), func() string {
		return bs.Render("└" + strings.Repeat("─", w-2) + "┘")
	})
	// One allocation: a frame is drawn for each key press, in every
	// session of tweakdash serve, and its garbage is what the collector
	// spends its time on.
	blank := strings.Repeat(" ", w-2)
	var b strings.Builder
	b.Grow(len(top) + len(bottom) + len(body) + (h-2)*(2*len(side)+1) + (h-2)*len(blank))
	b.WriteString(top)
	rest, more := body, true
	for i := 0; i < h-2; i++ {
		l := blank
		if more {
			l, rest, more = strings.Cut(rest, "\n")
		}
		b.WriteByte('\n')
		b.WriteString(side)
		b.WriteString(l)
		b.WriteString(side)
	}
	b.WriteByte('\n')
	b.WriteString(bottom)
	return b.String()
}

// beside joins two blocks of equal height line by line.
func beside(a, b string) string {
	var s strings.Builder
	s.Grow(len(a) + len(b) + 1)
	for i, amore, bmore := 0, true, true; amore || bmore; i++ {
		var al, bl string
		if amore {
			al, a, amore = strings.Cut(a, "\n")
		}
		if bmore {
			bl, b, bmore = strings.Cut(b, "\n")
		}
		if i > 0 {
			s.WriteByte('\n')
		}
		s.WriteString(al)
		s.WriteString(bl)
	}
	return s.String()
}

// headerPart is one piece of the header line, drawn in its own style.
type headerPart struct {
	text  string
	style lipgloss.Style
}

// parts lays out styled pieces in at most w cells, cutting the piece that
// does not fit and dropping the ones after it.
func parts(ps []headerPart, w int) (string, int) {
	var b strings.Builder
	used := 0
	for _, p := range ps {
		room := w - used
		if room <= 0 {
			break
		}
		t := termsafe.Truncate(p.text, room)
		b.WriteString(p.style.Render(t))
		used += termsafe.Width(t)
	}
	return b.String(), used
}

// block pads lines to exactly h lines of w cells; lines must already fit.
func block(lines []string, w, h int) string {
	h = max(h, 0)
	blank := strings.Repeat(" ", max(w, 0))
	out := make([]string, 0, h)
	for _, l := range lines {
		if len(out) == h {
			break
		}
		if pad := w - lipgloss.Width(l); pad > 0 {
			l += strings.Repeat(" ", pad)
		}
		out = append(out, l)
	}
	for len(out) < h {
		out = append(out, blank)
	}
	return strings.Join(out, "\n")
}

// margin puts left and right around every line of s.
func margin(s, left, right string) string {
	n := strings.Count(s, "\n") + 1
	var b strings.Builder
	b.Grow(len(s) + n*(len(left)+len(right)))
	for i, more := 0, true; more; i++ {
		var l string
		l, s, more = strings.Cut(s, "\n")
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(left)
		b.WriteString(l)
		b.WriteString(right)
	}
	return b.String()
}
