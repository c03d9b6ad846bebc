package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/keymap"
)

// action is one row of a model's key table: the binding, what it does, and
// why it cannot act now (lazygit's "disabled reason"). The reason is asked
// when the key is pressed and when help is drawn, so that the keys, the
// help and the status bar always agree without any bookkeeping.
type action[M any] struct {
	key.Binding
	// id is the action's stable name (package keymap) when the user may
	// rebind it; "" when not.
	id string
	// do acts; besides a command it may return a request for the root
	// (open a config, go back, open an overlay), handled at once.
	do func(M) (tea.Cmd, tea.Msg)
	// off says why the key cannot act now, "" when it can, or hidden.
	off func(M) string
	// desc, when set, is the help text as it stands ("copy device ID").
	desc func(M) string
	// short is the key's place in the status bar's help; 0 leaves it out.
	short int
}

// hidden, returned by off, turns a key off without a word: it is left out
// of help and pressing it does nothing (space where nothing can be marked).
const hidden = "\x00"

// onlyWhen is the off of a row that acts only while on holds and is
// hidden otherwise.
func onlyWhen[M any](on func(M) bool) func(M) string {
	return func(m M) string {
		if on(m) {
			return ""
		}
		return hidden
	}
}

func (a *action[M]) reason(m M) string {
	if a.off == nil {
		return ""
	}
	return a.off(m)
}

// binding is the row's binding as it stands for m: enabled or not, with
// its current help text.
func (a *action[M]) binding(m M) key.Binding {
	b := a.Binding
	b.SetEnabled(a.reason(m) == "")
	if a.desc != nil {
		b.SetHelp(b.Help().Key, a.desc(m))
	}
	return b
}

// keyTable is a model's keys: the first row whose key msg presses acts, or
// says why it cannot. A hidden row is as if it were not there, so two rows
// may share a key when at most one is on at a time (a job's esc stops it
// while it runs and closes its summary after).
type keyTable[M any] []action[M]

// press handles msg for m; ok is false when no row that is not hidden
// has its key, for the caller to pass the key on.
func (t keyTable[M]) press(m M, msg tea.KeyPressMsg) (cmd tea.Cmd, req tea.Msg, ok bool) {
	for i := range t {
		a := &t[i]
		if !key.Matches(msg, a.Binding) {
			continue
		}
		switch why := a.reason(m); why {
		case "":
			cmd, req = a.do(m)
			return cmd, req, true
		case hidden:
			continue
		default:
			return setStatus(statusWarn, why), nil, true
		}
	}
	return nil, nil, false
}

// rebound is t with the keys of the rows whose ids km names replaced,
// help and all; the rows km leaves out keep their defaults.
func (t keyTable[M]) rebound(km keymap.Map) keyTable[M] {
	out := slices.Clone(t)
	for i := range out {
		if ks, ok := km[out[i].id]; ok && out[i].id != "" {
			out[i].Binding = rebind(out[i].Binding, ks)
		}
	}
	return out
}

// rebind is b answering to keys, its help naming them.
func rebind(b key.Binding, keys []string) key.Binding {
	b.SetKeys(keys...)
	b.SetHelp(keymap.Help(keys), b.Help().Desc)
	return b
}

// has reports whether msg presses one of the table's keys, on or off.
func (t keyTable[M]) has(msg tea.KeyPressMsg) bool {
	return slices.ContainsFunc(t, func(a action[M]) bool { return key.Matches(msg, a.Binding) })
}

// help is every row's binding as it stands, in table order.
func (t keyTable[M]) help(m M) []key.Binding {
	out := make([]key.Binding, 0, len(t))
	for i := range t {
		out = append(out, t[i].binding(m))
	}
	return out
}

// shown is what an overlay's key line shows of the table for m: the rows
// that can act now, less those whose help another row gives (a preview's
// ↑ names every moving key).
func (t keyTable[M]) shown(m M) []key.Binding {
	var out []key.Binding
	for _, b := range t.help(m) {
		if b.Enabled() && b.Help().Key != "" {
			out = append(out, b)
		}
	}
	return out
}

func newKey(keyHelp, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keyHelp, desc))
}

// appKeys are the keys the root handles whatever has focus.
type appKeys struct {
	Quit      key.Binding
	ForceQuit key.Binding
	Suspend   key.Binding
	Progress  key.Binding // a bulk job's progress, when one runs in the background
	Find      key.Binding
	Undo      key.Binding
	Journal   key.Binding
	Help      key.Binding
	CloseHelp key.Binding
	Palette   key.Binding
}

func defaultAppKeys() appKeys {
	return appKeys{
		Quit:      newKey("q", "quit", "q"),
		ForceQuit: newKey("ctrl+c", "quit now", "ctrl+c"),
		Suspend:   newKey("ctrl+z", "suspend", "ctrl+z"),
		Progress:  newKey("p", "job progress", "p"),
		Find:      newKey("F", "find in every config", "F"),
		Undo:      newKey("u", "undo the last write", "u"),
		Journal:   newKey("U", "journal of writes", "U"),
		Help:      newKey("?", "help", "?"),
		CloseHelp: newKey("esc/?", "close help", "esc", "?"),
		Palette:   newKey("ctrl+p/:", "command palette", "ctrl+p", ":"),
	}
}

// appKeysIn are the root's keys with km's in force.
func appKeysIn(km keymap.Map) appKeys {
	k := defaultAppKeys()
	for id, b := range map[string]*key.Binding{"palette": &k.Palette, "quit": &k.Quit, "help": &k.Help, "find": &k.Find,
		"undo": &k.Undo, "journal": &k.Journal, "progress": &k.Progress, "suspend": &k.Suspend} {
		if ks, ok := km[id]; ok {
			*b = rebind(*b, ks)
		}
	}
	return k
}

// navKeys move a cursor through a list or scroll a view; every list and the
// detail view share one set so that they move alike.
type navKeys struct {
	Up       key.Binding
	Down     key.Binding
	Top      key.Binding
	Bottom   key.Binding
	PageUp   key.Binding
	PageDown key.Binding
}

func defaultNavKeys() navKeys {
	return navKeys{
		Up:       newKey("↑/k", "up", "up", "k"),
		Down:     newKey("↓/j", "down", "down", "j"),
		Top:      newKey("g", "top", "g", "home"),
		Bottom:   newKey("G", "bottom", "G", "end"),
		PageUp:   newKey("pgup", "page up", "pgup"),
		PageDown: newKey("pgdn", "page down", "pgdown"),
	}
}

// navRows are the moving rows of a key table: up and down by one, to the
// top and bottom (by all), and by a page; move does the moving.
func navRows[M any](move func(M, int), page, all func(M) int) []action[M] {
	k := defaultNavKeys()
	row := func(id string, b key.Binding, by func(M) int) action[M] {
		return action[M]{id: id, Binding: b, do: func(m M) (tea.Cmd, tea.Msg) { move(m, by(m)); return nil, nil }}
	}
	neg := func(f func(M) int) func(M) int { return func(m M) int { return -f(m) } }
	one := func(M) int { return 1 }
	return []action[M]{row("up", k.Up, neg(one)), row("down", k.Down, one), row("top", k.Top, neg(all)),
		row("bottom", k.Bottom, all), row("page-up", k.PageUp, neg(page)), row("page-down", k.PageDown, page)}
}

// navKeysIn are the moving keys with km's in force, for help.
func navKeysIn(km keymap.Map) navKeys {
	k := defaultNavKeys()
	for id, b := range map[string]*key.Binding{"up": &k.Up, "down": &k.Down, "top": &k.Top,
		"bottom": &k.Bottom, "page-up": &k.PageUp, "page-down": &k.PageDown} {
		if ks, ok := km[id]; ok {
			*b = rebind(*b, ks)
		}
	}
	return k
}

// cursorRows move a cursor over a list of n rows by one, up and down,
// held to the rows there are (an overlay's list of results or entries).
func cursorRows[M any](up, down key.Binding, cursor func(M) *int, n func(M) int) []action[M] {
	move := func(by int) func(M) (tea.Cmd, tea.Msg) {
		return func(m M) (tea.Cmd, tea.Msg) {
			c := cursor(m)
			*c = max(min(*c+by, n(m)-1), 0)
			return nil, nil
		}
	}
	return []action[M]{{Binding: up, do: move(-1)}, {Binding: down, do: move(1)}}
}

// scrollRows are the moving rows of a view that scrolls by an offset
// its drawing clamps to the last page (a preview). One help, on the up
// row, names them all, and only while there is more than a page: with
// nothing to scroll they have nothing to do.
func scrollRows[M any](offset func(M) *int, page func(M) int, more func(M) bool) []action[M] {
	const all = 1 << 30 // more lines than any view has: the drawing clamps
	rows := navRows(func(m M, by int) { o := offset(m); *o = max(*o+by, 0) }, page, func(M) int { return all })
	for i := range rows {
		rows[i].SetHelp("", "")
	}
	rows[0].SetHelp("↑↓/pgup/pgdn/g/G", "scroll")
	rows[0].off = onlyWhen(more)
	return rows
}

func (k navKeys) all() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}
}
