package ui

import (
	"encoding/json"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
	"tweakdash/internal/words"
	"tweakdash/model"
	"tweakdash/theme"
)

// preview shows the exact requests a form or a confirmation would send
// (ctrl+o there): method, URL and JSON body, secrets masked until ctrl+r.
// y copies them as curl commands that read the key from
// $HTTPTWEAK_API_KEY; esc goes back with everything as it was.
type preview struct {
	st       *theme.Styles
	base     string // the API's base URL
	res      model.Resource
	reqs     []api.Request
	revealed bool
	offset   int
	room     int  // the lines the last frame showed: a page
	more     bool // the requests are longer than that
	keys     keyTable[*preview]
}

// previewSlot is the request preview an overlay opens over itself (ctrl+o).
type previewSlot struct{ preview *preview }

// previewKey gives k to the open preview; false when none is open.
func (s *previewSlot) previewKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	if s.preview == nil {
		return nil, false
	}
	cmd, done := s.preview.update(k)
	if done {
		s.preview = nil
	}
	return cmd, true
}

// maxPreviewed bounds the requests a bulk job's preview lists.
const maxPreviewed = 50

func newPreview(st *theme.Styles, base string, res model.Resource, reqs []api.Request) *preview {
	return &preview{st: st, base: base, res: res, reqs: reqs, keys: previewKeys()}
}

// previewKeys: y copies, ctrl+r reveals or masks the secrets, esc goes
// back; the requests scroll, space a page down too.
func previewKeys() keyTable[*preview] {
	page := func(p *preview) int { return max(p.room, 1) }
	rows := keyTable[*preview]{
		{Binding: newKey("y", "copy as curl", "y"), do: func(p *preview) (tea.Cmd, tea.Msg) { return p.copy(), nil }},
		{Binding: newKey("ctrl+r", "reveal", "ctrl+r"), desc: func(p *preview) string {
			if p.revealed {
				return "mask"
			}
			return "reveal"
		}, do: func(p *preview) (tea.Cmd, tea.Msg) {
			p.revealed = !p.revealed
			return nil, nil
		}},
		{Binding: newKey("esc", "back", "esc"), do: func(*preview) (tea.Cmd, tea.Msg) { return nil, closeMsg{} }},
		{Binding: key.NewBinding(key.WithKeys("space")), do: func(p *preview) (tea.Cmd, tea.Msg) {
			p.offset += page(p)
			return nil, nil
		}},
	}
	return append(rows, scrollRows(func(p *preview) *int { return &p.offset }, page, func(p *preview) bool { return p.more })...)
}

// update handles a key; done is true when the preview closes.
func (p *preview) update(msg tea.KeyPressMsg) (cmd tea.Cmd, done bool) {
	cmd, req, _ := p.keys.press(p, msg)
	_, done = req.(closeMsg)
	return cmd, done
}

// copy puts the requests on the clipboard as curl commands, one a line.
func (p *preview) copy() tea.Cmd {
	lines := make([]string, len(p.reqs))
	for i, r := range p.reqs {
		lines[i] = r.Curl(p.base)
	}
	what := "the request as a curl command"
	if len(lines) > 1 {
		what = words.Plural(len(lines), "curl command")
	}
	// Each line is printable ASCII (see api.Request.Curl): safe to paste.
	return tea.Batch(tea.SetClipboard(strings.Join(lines, "\n")),
		setStatus(statusOK, "Copied "+what+" (OSC 52); the key comes from $HTTPTWEAK_API_KEY"))
}

// lines is what the preview shows, before scrolling.
func (p *preview) lines(w int) []string {
	var out []string
	for i, r := range p.reqs {
		if i == maxPreviewed {
			out = append(out, p.st.Table.Muted.Render(fit("and "+words.Plural(len(p.reqs)-i, "more request"), w)))
			break
		}
		line := r.Method + " " + strings.TrimRight(p.base, "/") + r.Path
		if len(p.reqs) > 1 {
			line = strconv.Itoa(i+1) + "/" + strconv.Itoa(len(p.reqs)) + " " + line
		}
		for i, part := range wrapURL(termsafe.Line(line), w-2) {
			if i > 0 {
				part = "  " + part // a continuation: the next request starts at the margin
			}
			out = append(out, p.st.Detail.Title.Render(fit(part, w)))
		}
		if r.Body == nil {
			continue
		}
		body := r.Body
		if !p.revealed {
			body = model.MaskBody(p.res, body)
		}
		b, _ := json.MarshalIndent(body, "", "  ")
		for _, l := range strings.Split(string(b), "\n") {
			for _, part := range wrap(termsafe.Line(l), w) {
				out = append(out, p.st.Detail.Value.Render(fit(part, w)))
			}
		}
		out = append(out, "")
	}
	return out
}

func (p *preview) view(w, h int) string {
	title := "1 request, as it would be sent (nothing is sent from here)"
	if n := len(p.reqs); n != 1 {
		title = words.Plural(n, "request") + ", as they would be sent (nothing is sent from here)"
	}
	head := []string{" " + p.st.Detail.Title.Render(fit(title, w-2)), ""}
	body := p.lines(w - 2)
	room := max(h-len(head)-2, 1)
	p.room = room
	p.offset = min(p.offset, max(len(body)-room, 0))
	lines := head
	for _, l := range body[p.offset:min(p.offset+room, len(body))] {
		lines = append(lines, " "+l)
	}
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	p.more = len(body) > room // the moving keys, when there is somewhere to move
	lines = append(lines[:h-1], p.st.Table.Empty.Render(fit(" "+helpLine(p.keys.shown(p)), w)))
	return block(lines, w, h)
}

// wrapURL wraps a request line to w cells, breaking a long URL before a
// "/" rather than inside a word; a segment longer than w is cut.
func wrapURL(s string, w int) []string {
	var out []string
	for termsafe.Width(s) > w && w > 0 {
		cut := cutAt(s, w)
		if i := urlBreak(s[:cut]); i > 0 && cut < len(s) {
			cut = i
		}
		out = append(out, s[:cut])
		s = strings.TrimLeft(s[cut:], " ")
	}
	return append(out, s)
}

// urlBreak is the last place in s to break a request line: before a "/"
// of a path (not one of "//") or at a space; 0 when none.
func urlBreak(s string) int {
	for i := len(s) - 1; i > 0; i-- {
		switch {
		case s[i] == ' ':
			return i
		case s[i] == '/' && s[i-1] != '/' && (i+1 >= len(s) || s[i+1] != '/'):
			return i
		}
	}
	return 0
}
