package ui

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
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
	room     int // the lines the last frame showed: a page
	keys     previewKeys
}

type previewKeys struct {
	Copy, Reveal, Up, Down, PageUp, PageDown, Top, Bottom, Back key.Binding
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
	return &preview{st: st, base: base, res: res, reqs: reqs, keys: previewKeys{
		Copy:     newKey("y", "copy as curl", "y"),
		Reveal:   newKey("ctrl+r", "reveal", "ctrl+r"),
		Up:       newKey("↑↓/pgup/pgdn/g/G", "scroll", "up", "k"),
		Down:     newKey("↓", "down", "down", "j"),
		PageUp:   newKey("pgup", "page up", "pgup"),
		PageDown: newKey("pgdn", "page down", "pgdown", "space"),
		Top:      newKey("g", "top", "g", "home"),
		Bottom:   newKey("G", "end", "G", "end"),
		Back:     newKey("esc", "back", "esc"),
	}}
}

// update handles a key; done is true when the preview closes.
func (p *preview) update(msg tea.KeyPressMsg) (cmd tea.Cmd, done bool) {
	switch {
	case key.Matches(msg, p.keys.Back):
		return nil, true
	case key.Matches(msg, p.keys.Reveal):
		p.revealed = !p.revealed
	case key.Matches(msg, p.keys.Up):
		p.offset = max(p.offset-1, 0)
	case key.Matches(msg, p.keys.Down):
		p.offset++
	case key.Matches(msg, p.keys.PageUp):
		p.offset = max(p.offset-max(p.room, 1), 0)
	case key.Matches(msg, p.keys.PageDown):
		p.offset += max(p.room, 1)
	case key.Matches(msg, p.keys.Top):
		p.offset = 0
	case key.Matches(msg, p.keys.Bottom):
		p.offset = math.MaxInt // the view clamps it to the last page
	case key.Matches(msg, p.keys.Copy):
		return p.copy(), false
	}
	return nil, false
}

// copy puts the requests on the clipboard as curl commands, one a line.
func (p *preview) copy() tea.Cmd {
	lines := make([]string, len(p.reqs))
	for i, r := range p.reqs {
		lines[i] = r.Curl(p.base)
	}
	what := "the request as a curl command"
	if len(lines) > 1 {
		what = plural(len(lines), "curl command")
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
			out = append(out, p.st.Table.Muted.Render(fit("and "+plural(len(p.reqs)-i, "more request"), w)))
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
			body = maskSecrets(p.res, body)
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
		title = plural(n, "request") + ", as they would be sent (nothing is sent from here)"
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
	help := []key.Binding{p.keys.Copy, p.keys.Reveal, p.keys.Back}
	if p.revealed {
		help[1].SetHelp("ctrl+r", "mask")
	}
	if len(body) > room { // the moving keys, when there is somewhere to move
		help = append(help, p.keys.Up) // its help names every moving key
	}
	lines = append(lines[:h-1], p.st.Table.Empty.Render(fit(" "+helpLine(help), w)))
	return block(lines, w, h)
}

// maskSecrets is body with the secrets model names masked (the password
// of an address, not its host), in the servers and tweaks of a sync body
// too.
func maskSecrets(r model.Resource, body map[string]any) map[string]any {
	out := make(map[string]any, len(body))
	for k, v := range body {
		if items, ok := v.([]map[string]any); ok && (k == "servers" || k == "tweaks") {
			res := model.ServerResource
			if k == "tweaks" {
				res = model.TweakResource
			}
			masked := make([]map[string]any, len(items))
			for i, it := range items {
				masked[i] = maskSecrets(res, it)
			}
			v = masked
		} else if f, ok := r.Field(k); ok {
			if s, isText := v.(string); isText {
				v, _ = f.Masked(model.TunnelTypeOf(body), s)
			}
		}
		out[k] = v
	}
	return out
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
