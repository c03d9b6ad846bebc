package settings

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"tweakdash/internal/keymap"
	"tweakdash/internal/termsafe"
)

// parseKeys decodes [keys], action id = ["key", ...] (or one "key"), and
// checks it against the actions (keymap.Resolve): an entry that cannot be
// used is a notice naming its line and keeps its defaults.
func parseKeys(md toml.MetaData, prim toml.Primitive, data []byte, notices *[]string) keymap.Map {
	var generic any
	if err := md.PrimitiveDecode(prim, &generic); err != nil {
		*notices = append(*notices, tomlMessage(err))
		return nil
	}
	fields, ok := generic.(map[string]any)
	if !ok {
		*notices = append(*notices, ` keys must be a table like [keys] delete = ["x"]; ignored`)
		return nil
	}
	var bad []string // entries that are not key lists
	entries := make([]keymap.Entry, 0, len(fields))
	for id, v := range fields {
		e := keymap.Entry{ID: termsafe.Line(id), Line: keyLine(data, id)}
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
				bad = append(bad, fmt.Sprintf("%skeys.%s: key names are strings, like [\"x\"]; default kept", at(e.Line), e.ID))
				continue
			}
		default:
			bad = append(bad, fmt.Sprintf("%skeys.%s: a list of key names like [\"x\"]; default kept", at(e.Line), e.ID))
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

// keyLine is the line of id's entry in the [keys] table of data (or a
// dotted keys.id at the top), 0 when it cannot be found: the TOML library
// keeps positions to itself.
func keyLine(data []byte, id string) int {
	name := `(?:` + regexp.QuoteMeta(id) + `|"` + regexp.QuoteMeta(id) + `"|'` + regexp.QuoteMeta(id) + `')`
	inTable := regexp.MustCompile(`^\s*` + name + `\s*=`)
	dotted := regexp.MustCompile(`^\s*keys\s*\.\s*` + name + `\s*=`)
	table := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "[") {
			table = strings.Join(strings.Fields(strings.Trim(strings.SplitN(t, "#", 2)[0], "[] \t")), "")
			continue
		}
		if (table == "keys" && inTable.MatchString(line)) || (table == "" && dotted.MatchString(line)) {
			return n
		}
	}
	return 0
}

// lineOf is the line number a notice starts with, 0 for none.
func lineOf(notice string) int {
	var n int
	_, _ = fmt.Sscanf(notice, "%d:", &n)
	return n
}

// at starts a notice about line n: "n: ", or " " when it is not known.
func at(n int) string {
	if n == 0 {
		return " "
	}
	return fmt.Sprintf("%d: ", n)
}
