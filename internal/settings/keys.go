package settings

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/BurntSushi/toml"

	"tweakdash/internal/keymap"
	"tweakdash/internal/termsafe"
)

// parseKeys decodes [keys], action id = ["key", ...] (or one "key"), and
// checks it against the actions (keymap.Resolve): an entry that cannot be
// used is a notice naming its line and keeps its defaults.
func parseKeys(md toml.MetaData, prim toml.Primitive, data []byte, notices *[]string) keymap.Map {
	fields, ok := tableOf(md, prim, notices, ` keys must be a table like [keys] delete = ["x"]; ignored`)
	if !ok {
		return nil
	}
	var bad []string // entries that are not key lists
	entries := make([]keymap.Entry, 0, len(fields))
	lines := newSourceLines(data)
	for id, v := range fields {
		e := keymap.Entry{ID: termsafe.Line(id), Line: lines.entryLine("keys", id)}
		switch v := v.(type) {
		case string:
			e.Keys = []string{v}
		case []any:
			for _, k := range v {
				s, ok := k.(string)
				if !ok {
					e.Keys = nil
					break
				}
				e.Keys = append(e.Keys, s)
			}
			if len(e.Keys) != len(v) {
				bad = append(bad, at(e.Line, "keys.%s: key names are strings, like [\"x\"]; default kept", e.ID))
				continue
			}
		default:
			bad = append(bad, at(e.Line, "keys.%s: a list of key names like [\"x\"]; default kept", e.ID))
			continue
		}
		entries = append(entries, e)
	}
	// In the file's order, so that of two entries that clash the later
	// one is reported.
	slices.SortFunc(entries, func(a, b keymap.Entry) int { return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.ID, b.ID)) })
	m, ns := keymap.Resolve(entries)
	ns = append(ns, bad...)
	slices.SortStableFunc(ns, func(a, b string) int { return cmp.Compare(lineOf(a), lineOf(b)) })
	*notices = append(*notices, ns...)
	return m
}

// lineOf is the line number a notice starts with, 0 for none.
func lineOf(notice string) int {
	var n int
	_, _ = fmt.Sscanf(notice, "%d:", &n)
	return n
}
