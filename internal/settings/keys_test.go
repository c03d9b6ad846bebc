package settings

import (
	"slices"
	"strings"
	"testing"
)

// [keys] takes what it can; a clash, an unknown id, an unknown key name
// and a value that is not a key list are each a notice naming the file
// and the line, and those actions keep their defaults.
func TestKeysTableReportsEachBadEntryWithItsLine(t *testing.T) {
	path := writeSettings(t, `mouse = true

[keys]
delete = ["x"]
mark = ["j"]
explode = ["e"]
find = ["ctrl+banana"]
"undo" = 3
journal = "J"
`, 0o600)
	ls := Load(path)
	if got := ls.Keys["delete"]; !slices.Equal(got, []string{"x"}) {
		t.Errorf("delete = %v, want [x]", got)
	}
	if got := ls.Keys["journal"]; !slices.Equal(got, []string{"J"}) {
		t.Errorf("journal = %v, want [J] (one key as a string)", got)
	}
	for _, id := range []string{"mark", "explode", "find", "undo"} {
		if _, ok := ls.Keys[id]; ok {
			t.Errorf("%s was taken: %v", id, ls.Keys)
		}
	}
	want := []string{
		`:5: keys.mark: "j" is already down's key; default kept`,
		`:6: keys.explode: unknown action`,
		`:7: keys.find: "ctrl+banana" is not a key name`,
		`:8: keys.undo: a list of key names`,
	}
	if len(ls.Notices) != len(want) {
		t.Fatalf("notices %q, want %d", ls.Notices, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(ls.Notices[i], ls.shown) || !strings.Contains(ls.Notices[i], w) {
			t.Errorf("notice %d = %q, want the path then %q", i, ls.Notices[i], w)
		}
	}
}

func TestKeyLineFindsDottedAndQuotedEntries(t *testing.T) {
	data := []byte("keys.delete = [\"x\"]\n[serve]\nmark = 1\n[ keys ]\n'mark' = [\"m\"]\n")
	if n := newSourceLines(data).entryLine("keys", "delete"); n != 1 {
		t.Errorf("dotted: line %d, want 1", n)
	}
	if n := newSourceLines(data).entryLine("keys", "mark"); n != 5 {
		t.Errorf("quoted in [ keys ]: line %d, want 5 (not [serve]'s mark)", n)
	}
}
