package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/sahilm/fuzzy"

	"tweakdash/internal/termsafe"
	"tweakdash/model"
	"tweakdash/theme"
)

// command is one entry of the palette: an action of a key table (run by
// pressing its key, so that it does exactly what the key does) or a
// request for the root (go to a config).
type command struct {
	name string // what it does, as help says it
	id   string // the action's id (package keymap); "" for none
	key  string // the key in force, as help shows it
	off  string // why it cannot run now; "" when it can
	// press is the key it runs as; req, when set, is asked of the root
	// instead.
	press tea.KeyPressMsg
	req   tea.Msg
}

// label is what the palette matches and remembers a command by.
func (c command) label() string { return strings.TrimSpace(c.name + " " + c.id) }

// moving are ids the palette leaves out: moving a cursor by name is no help.
var moving = []string{"up", "down", "top", "bottom", "page-up", "page-down"}

// commandsOf are the rows of t as m stands: each with its help and why
// it cannot act now. Hidden rows, rows without help and moving rows are
// left out.
func commandsOf[M any](m M, t keyTable[M]) []command {
	var out []command
	for i := range t {
		a := &t[i]
		why := a.reason(m)
		h := a.binding(m).Help()
		if why == hidden || h.Key == "" || slices.Contains(moving, a.id) {
			continue
		}
		// The first of its keys that a key press can spell runs it.
		for _, k := range a.Keys() {
			if press, ok := keyMsgOf(k); ok {
				out = append(out, command{name: termsafe.Line(h.Desc), id: a.id, key: h.Key, off: termsafe.Line(why), press: press})
				break
			}
		}
	}
	return out
}

// globalCommand is a root key as a command; off says why it cannot run.
func globalCommand(b key.Binding, id, off string) command {
	press, _ := keyMsgOf(b.Keys()[0])
	return command{name: b.Help().Desc, id: id, key: b.Help().Key, off: off, press: press}
}

// configCommands go to each config by name.
func configCommands(configs []model.Config) []command {
	out := make([]command, 0, len(configs))
	for _, c := range configs {
		out = append(out, command{name: "go to config " + termsafe.Line(c.Name), req: openConfigMsg{cfg: c}})
	}
	return out
}

// keyMsgOf is the key press whose name (as key.Matches reads it) is s.
func keyMsgOf(s string) (tea.KeyPressMsg, bool) {
	var k tea.KeyPressMsg
	base := s
	for {
		p, rest, ok := strings.Cut(base, "+")
		if !ok || rest == "" {
			break
		}
		switch p {
		case "ctrl":
			k.Mod |= tea.ModCtrl
		case "alt":
			k.Mod |= tea.ModAlt
		case "shift":
			k.Mod |= tea.ModShift
		default:
			return k, false
		}
		base = rest
	}
	named := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "space": tea.KeySpace,
		"backspace": tea.KeyBackspace, "delete": tea.KeyDelete, "insert": tea.KeyInsert, "up": tea.KeyUp,
		"down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight, "home": tea.KeyHome, "end": tea.KeyEnd,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "f1": tea.KeyF1, "f2": tea.KeyF2, "f3": tea.KeyF3,
		"f4": tea.KeyF4, "f5": tea.KeyF5, "f6": tea.KeyF6, "f7": tea.KeyF7, "f8": tea.KeyF8, "f9": tea.KeyF9,
		"f10": tea.KeyF10, "f11": tea.KeyF11, "f12": tea.KeyF12}
	if c, ok := named[base]; ok {
		k.Code = c
		if c == tea.KeySpace && k.Mod == 0 {
			k.Text = " "
		}
	} else if r := []rune(base); len(r) == 1 {
		k.Code = r[0]
		if k.Mod == 0 {
			k.Text = base
		}
	}
	return k, k.String() == s
}

// palette is the command palette (ctrl+p or :): every command of the
// focused pane and the root, found by typing part of its name.
type palette struct {
	st     *theme.Styles
	all    []command
	recent []string // labels, the last used first
	query  *lineInput
	shown  []int // indexes into all, best first
	cursor int
	note   string // why the last enter did nothing
	keys   keyTable[*palette]
}

// maxRecent bounds the palette's memory of commands used.
const maxRecent = 20

// used is recent with label moved or added to the front.
func used(recent []string, label string) []string {
	out := append([]string{label}, slices.DeleteFunc(slices.Clone(recent), func(s string) bool { return s == label })...)
	return out[:min(len(out), maxRecent)]
}

// runMsg is the palette's request to the root: run c.
type runMsg struct{ c command }

func newPalette(st *theme.Styles, all []command, recent []string) *palette {
	p := &palette{st: st, all: all, recent: recent, query: newLineInput(""), keys: paletteKeys()}
	p.match()
	return p
}

// paletteKeys are the palette's keys; any other key edits the query.
func paletteKeys() keyTable[*palette] {
	rows := cursorRows(newKey("↑", "up", "up", "ctrl+p"), newKey("↓", "down", "down", "ctrl+n"),
		func(p *palette) *int { return &p.cursor }, func(p *palette) int { return len(p.shown) })
	return append(rows,
		action[*palette]{Binding: newKey("enter", "run", "enter"), do: (*palette).run},
		action[*palette]{Binding: newKey("esc", "close", "esc"), do: func(*palette) (tea.Cmd, tea.Msg) { return nil, closeMsg{} }})
}

// match orders the commands for the query: with none, the last used
// first, then the rest in their tables' order; with one, by fuzzy score,
// the last used first among equals.
func (p *palette) match() {
	rank := func(i int) int {
		if r := slices.Index(p.recent, p.all[i].label()); r >= 0 {
			return r
		}
		return len(p.recent)
	}
	p.shown = p.shown[:0]
	q := strings.TrimSpace(p.query.String())
	if q == "" {
		for i := range p.all {
			p.shown = append(p.shown, i)
		}
		slices.SortStableFunc(p.shown, func(a, b int) int { return rank(a) - rank(b) })
		return
	}
	labels := make([]string, len(p.all))
	for i, c := range p.all {
		labels[i] = c.label()
	}
	ms := fuzzy.Find(q, labels)
	slices.SortStableFunc(ms, func(a, b fuzzy.Match) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return rank(a.Index) - rank(b.Index)
	})
	for _, m := range ms {
		p.shown = append(p.shown, m.Index)
	}
}

// run asks the root to run the command under the cursor, or says why it
// cannot run and stays open.
func (p *palette) run() (tea.Cmd, tea.Msg) {
	if p.cursor >= len(p.shown) {
		return nil, nil
	}
	c := p.all[p.shown[p.cursor]]
	if c.off != "" {
		p.note = c.name + ": " + c.off
		return nil, nil
	}
	return nil, runMsg{c: c}
}

func (p *palette) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if cmd, req, ok := p.keys.press(p, k); ok {
			return cmd, req
		}
	}
	if p.query.update(msg) {
		p.cursor, p.note = 0, ""
		p.match()
	}
	return nil, nil
}

func (p *palette) help() []key.Binding { return p.keys.shown(p) }

// view draws the query, then the commands: a disabled one muted with its
// reason, the key in force at the right.
func (p *palette) view(w, h int) string {
	st := p.st
	status := st.Table.Muted.Render(fit(matches(len(p.shown)), w-2))
	if p.note != "" {
		status = st.Status.Warn.Render(fit(p.note, w-2))
	}
	lines := []string{
		" " + st.Detail.Title.Render(fit("Command palette", w-2)),
		" " + st.Table.Filter.Render(fit("> "+termsafe.Line(p.query.String()), w-2)),
		" " + status,
		"",
	}
	room := max(h-len(lines)-2, 1)
	start := max(p.cursor-room+1, 0)
	for i := start; i < len(p.shown) && i < start+room; i++ {
		c := p.all[p.shown[i]]
		left := c.name
		if c.id != "" && c.id != c.name {
			left += " · " + c.id
		}
		if c.off != "" {
			left += " — " + c.off
		}
		keyW := termsafe.Width(c.key)
		text := fit(left, max(w-keyW-3, 1)) + " " + c.key
		switch {
		case i == p.cursor:
			lines = append(lines, st.Table.Selected.Render(fit("▌"+text, w)))
		case c.off != "":
			lines = append(lines, st.Table.Muted.Render(fit(" "+text, w)))
		default:
			lines = append(lines, st.Table.Cell.Render(fit(" "+text, w)))
		}
	}
	lines = append(lines, "", st.Table.Empty.Render(fit(" "+helpLine(p.help()), w)))
	if len(lines) > h {
		lines = append(lines[:h-1], lines[len(lines)-1])
	}
	return block(lines, w, h)
}
