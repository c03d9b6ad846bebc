// Package keymap is the dashboard's rebindable actions: their stable ids,
// their default keys, and the user's [keys] table checked against them.
// It knows no UI, so that the settings file and 'tweakdash keys' can check
// and print the map without the dashboard.
package keymap

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Scope is where an action's keys are read. Global keys are read before
// any pane's, so they clash with every scope; the other scopes clash only
// within themselves.
type Scope int

const (
	Global  Scope = iota
	List          // the config list, a config's lists and tabs, a detail
	Overlay       // a form, a confirm: keys read while an overlay is open
)

// Action is one rebindable action.
type Action struct {
	ID    string
	Desc  string
	Keys  []string // the defaults
	Scope Scope
}

// Actions are every rebindable action, in the order help and
// 'tweakdash keys' list them.
var Actions = []Action{
	{"palette", "command palette", []string{"ctrl+p", ":"}, Global},
	{"quit", "quit", []string{"q"}, Global},
	{"help", "help", []string{"?"}, Global},
	{"find", "find in every config", []string{"F"}, Global},
	{"undo", "undo the last write", []string{"u"}, Global},
	{"journal", "journal of writes", []string{"U"}, Global},
	{"progress", "job progress", []string{"p"}, Global},
	{"suspend", "suspend", []string{"ctrl+z"}, Global},

	{"up", "up", []string{"up", "k"}, List},
	{"down", "down", []string{"down", "j"}, List},
	{"top", "top", []string{"g", "home"}, List},
	{"bottom", "bottom", []string{"G", "end"}, List},
	{"page-up", "page up", []string{"pgup"}, List},
	{"page-down", "page down", []string{"pgdown"}, List},
	{"filter", "filter", []string{"/"}, List},
	{"sort", "sort by column", []string{"o"}, List},
	{"reverse", "reverse sort", []string{"O"}, List},
	{"open", "open / details", []string{"enter", "right", "l"}, List},
	{"back", "back", []string{"esc", "left", "h"}, List},
	{"reload", "reload", []string{"r"}, List},
	{"copy", "copy", []string{"y"}, List},
	{"new", "new", []string{"n"}, List},
	{"edit", "edit", []string{"e"}, List},
	{"delete", "delete", []string{"d", "delete"}, List},
	{"mark", "mark", []string{"space"}, List},
	{"mark-all", "mark all shown", []string{"ctrl+a"}, List},
	{"toggle", "activate/deactivate", []string{"t"}, List},
	{"copy-to", "copy to config", []string{"c"}, List},
	{"export", "export to a file", []string{"X"}, List},
	{"import", "import a file", []string{"I"}, List},
	{"reveal", "reveal secrets", []string{"s"}, List},
	{"watch", "watch the list", []string{"w"}, List},
	{"tab-servers", "servers", []string{"1"}, List},
	{"tab-tweaks", "tweaks", []string{"2"}, List},
	{"tab-access", "access", []string{"3"}, List},
	{"next-tab", "next tab", []string{"tab"}, List},
	{"prev-tab", "previous tab", []string{"shift+tab"}, List},
	{"device-ids", "device IDs", []string{"["}, List},
	{"passwords", "passwords", []string{"]"}, List},

	{"request", "show the request", []string{"ctrl+o"}, Overlay},
}

// reserved keys are not rebindable and not for rebinding: ctrl+c always
// quits, so a wrong map never locks anyone in.
var reserved = []string{"ctrl+c"}

// Lookup returns the action with id.
func Lookup(id string) (Action, bool) {
	i := slices.IndexFunc(Actions, func(a Action) bool { return a.ID == id })
	if i < 0 {
		return Action{}, false
	}
	return Actions[i], true
}

// Map is the keys in force by action id; an id missing has its defaults.
type Map map[string][]string

// Keys are the keys in force for id.
func (m Map) Keys(id string) []string {
	if ks, ok := m[id]; ok {
		return ks
	}
	a, _ := Lookup(id)
	return a.Keys
}

// Entry is one line of the [keys] table as written.
type Entry struct {
	ID   string
	Keys []string
	Line int // 0 when not known
}

// Resolve checks entries in order and returns the map in force and one
// notice for each entry left at its defaults, starting with "LINE: " (or
// " " when the line is not known) like the settings file's other notices.
// An entry is left out when its id is unknown, a key name is not one a
// terminal sends, or a key is already another action's in an overlapping
// scope (an earlier entry's, or a default still in force).
func Resolve(entries []Entry) (Map, []string) {
	m := Map{}
	var notices []string
	for _, e := range entries {
		at := " "
		if e.Line > 0 {
			at = fmt.Sprintf("%d: ", e.Line)
		}
		if why := m.check(e); why != "" {
			notices = append(notices, at+"keys."+e.ID+": "+why+"; default kept")
			continue
		}
		m[e.ID] = slices.Clone(e.Keys)
	}
	return m, notices
}

// check says why e cannot be taken into m, "" when it can.
func (m Map) check(e Entry) string {
	a, ok := Lookup(e.ID)
	switch {
	case !ok:
		return "unknown action (tweakdash keys lists them)"
	case len(e.Keys) == 0:
		return "no key given"
	}
	for _, k := range e.Keys {
		if !Valid(k) {
			return fmt.Sprintf("%q is not a key name (like \"x\", \"ctrl+x\", \"enter\", \"f2\")", k)
		}
		if slices.Contains(reserved, k) {
			return fmt.Sprintf("%q is reserved", k)
		}
		if other := m.holder(k, a); other != "" {
			return fmt.Sprintf("%q is already %s's key", k, other)
		}
	}
	return ""
}

// holder is the id of another action whose keys in force include k where
// a's keys are read too.
func (m Map) holder(k string, a Action) string {
	for _, b := range Actions {
		if b.ID == a.ID || !overlap(a.Scope, b.Scope) {
			continue
		}
		if slices.Contains(m.Keys(b.ID), k) {
			return b.ID
		}
	}
	return ""
}

func overlap(a, b Scope) bool { return a == b || a == Global || b == Global }

// named are the keys a terminal sends by name (Bubble Tea's spelling).
var named = []string{"enter", "esc", "tab", "space", "backspace", "delete", "insert",
	"up", "down", "left", "right", "home", "end", "pgup", "pgdown",
	"f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12"}

// Valid reports whether k names a key as Bubble Tea spells a key press:
// a printable character or a named key, after any of ctrl+, alt+, shift+.
func Valid(k string) bool {
	base := k
	for {
		p, rest, ok := strings.Cut(base, "+")
		if !ok || rest == "" || !slices.Contains([]string{"ctrl", "alt", "shift"}, p) {
			break
		}
		base = rest
	}
	if slices.Contains(named, base) {
		return true
	}
	r, n := utf8.DecodeRuneInString(base)
	return n == len(base) && r != utf8.RuneError && r > ' ' && r != 0x7f
}

// Help is keys as help shows them: arrows as arrows, joined by "/".
func Help(keys []string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = map[string]string{"up": "↑", "down": "↓", "left": "←", "right": "→", "pgdown": "pgdn"}[k]
		if out[i] == "" {
			out[i] = k
		}
	}
	return strings.Join(out, "/")
}
