package keymap

import (
	"slices"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	cases := []struct {
		name    string
		entries []Entry
		want    Map
		notice  string // the one notice expected, "" for none
	}{
		{"a rebinding", []Entry{{"delete", []string{"x"}, 3}}, Map{"delete": {"x"}}, ""},
		{"several keys", []Entry{{"find", []string{"ctrl+f", "F"}, 2}}, Map{"find": {"ctrl+f", "F"}}, ""},
		{"a clash with a default", []Entry{{"delete", []string{"j"}, 4}}, Map{}, `4: keys.delete: "j" is already down's key; default kept`},
		{"a clash with watch", []Entry{{"delete", []string{"w"}, 4}}, Map{}, `4: keys.delete: "w" is already watch's key; default kept`},
		{"a clash with sort", []Entry{{"mark", []string{"o"}, 6}}, Map{}, `6: keys.mark: "o" is already sort's key; default kept`},
		{"a clash with a global", []Entry{{"request", []string{"q"}, 5}}, Map{}, `5: keys.request: "q" is already quit's key`},
		{"a clash with an earlier entry", []Entry{{"delete", []string{"x"}, 2}, {"mark", []string{"x"}, 3}}, Map{"delete": {"x"}}, `3: keys.mark: "x" is already delete's key`},
		{"a default freed", []Entry{{"delete", []string{"x"}, 2}, {"mark", []string{"d"}, 3}}, Map{"delete": {"x"}, "mark": {"d"}}, ""},
		{"scopes apart", []Entry{{"request", []string{"d"}, 2}}, Map{"request": {"d"}}, ""},
		{"an unknown id", []Entry{{"explode", []string{"x"}, 6}}, Map{}, "6: keys.explode: unknown action"},
		{"an unknown key name", []Entry{{"delete", []string{"ctrl+foo"}, 7}}, Map{}, `7: keys.delete: "ctrl+foo" is not a key name`},
		{"no keys", []Entry{{"delete", nil, 8}}, Map{}, "8: keys.delete: no key given"},
		{"reserved", []Entry{{"quit", []string{"ctrl+c"}, 9}}, Map{}, `9: keys.quit: "ctrl+c" is reserved`},
		{"no line known", []Entry{{"explode", []string{"x"}, 0}}, Map{}, " keys.explode: unknown action"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, notices := Resolve(c.entries)
			if len(m) != len(c.want) {
				t.Errorf("map %v, want %v", m, c.want)
			}
			for id, ks := range c.want {
				if !slices.Equal(m[id], ks) {
					t.Errorf("%s: %v, want %v", id, m[id], ks)
				}
			}
			switch {
			case c.notice == "" && len(notices) > 0:
				t.Errorf("notices %q, want none", notices)
			case c.notice != "" && (len(notices) != 1 || !strings.HasPrefix(notices[0], c.notice)):
				t.Errorf("notices %q, want one starting %q", notices, c.notice)
			}
		})
	}
}

func TestValid(t *testing.T) {
	for _, k := range []string{"x", "X", "/", "ctrl+p", "alt+shift+up", "f2", "space", "enter", ":", "é"} {
		if !Valid(k) {
			t.Errorf("%q refused", k)
		}
	}
	for _, k := range []string{"", "xx", "ctrl+", "ctrl+foo", "hyper+x", " ", "f13", "Enter"} {
		if Valid(k) {
			t.Errorf("%q taken", k)
		}
	}
}

func TestKeysInForce(t *testing.T) {
	m := Map{"delete": {"x"}}
	if got := m.Keys("delete"); !slices.Equal(got, []string{"x"}) {
		t.Errorf("delete: %v", got)
	}
	if got := m.Keys("mark"); !slices.Equal(got, []string{"space"}) {
		t.Errorf("mark keeps its default: %v", got)
	}
}
