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

// boxed is a pane of w×h cells as App.render writes it: a border with the
// title in its top edge around body, which must be h-2 lines of w-2
// cells. The title is cut to fit; nothing is ever wider than w. It is
// written a line at a time, straight into the frame, so that two panes
// side by side cost no copy of either: a frame is drawn for each key
// press, in every session of tweakdash serve, and its garbage is what the
// collector spends its time on.
type boxed struct {
	top, side, bottom, blank string
	rest                     string // the body's lines not written yet
	more                     bool
	h, at                    int
}

func box(st *theme.Styles, c *memo, title, body string, w, h int, focused bool) *boxed {
	if w < 4 || h < 2 {
		return &boxed{blank: strings.Repeat(" ", max(w, 0)), h: max(h, 0)}
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
	blank := c.get(memoKey("box-blank", w, false), func() string { return strings.Repeat(" ", w-2) })
	return &boxed{top: top, side: side, bottom: bottom, blank: blank, rest: body, more: true, h: h}
}

// size is about how many bytes the box writes.
func (x *boxed) size() int {
	return len(x.top) + len(x.bottom) + len(x.rest) + x.h*(2*len(x.side)+1) + len(x.blank)
}

// writeLine writes the box's next line, without a newline.
func (x *boxed) writeLine(b *strings.Builder) {
	defer func() { x.at++ }()
	switch {
	case x.at >= x.h:
	case x.top == "": // too small for a border: blank
		b.WriteString(x.blank)
	case x.at == 0:
		b.WriteString(x.top)
	case x.at == x.h-1:
		b.WriteString(x.bottom)
	default:
		l := x.blank
		if x.more {
			l, x.rest, x.more = strings.Cut(x.rest, "\n")
		}
		b.WriteString(x.side)
		b.WriteString(l)
		b.WriteString(x.side)
	}
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
	var b strings.Builder
	b.Grow(marginSize(s, left, right))
	writeMargin(&b, s, left, right)
	return b.String()
}

// marginSize is how many bytes margin makes of s.
func marginSize(s, left, right string) int {
	return len(s) + (strings.Count(s, "\n")+1)*(len(left)+len(right))
}

// writeMargin writes margin's lines to b.
func writeMargin(b *strings.Builder, s, left, right string) {
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
}
