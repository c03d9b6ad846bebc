package ui

import (
	"context"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/internal/keymap"
	"tweakdash/model"
)

// keysApp is a dashboard on a sandbox config with one server, with km's
// keys in force, the config open.
func keysApp(t *testing.T, km keymap.Map) *App {
	t.Helper()
	sb := apitest.New(apitest.Options{Data: apitest.DataEmpty, Seed: 5})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := api.NewClient(srv.URL, apitest.DefaultAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	key := sb.AddConfig(apitest.ConfigSpec{Name: "Staging"})
	if _, _, err := c.CreateServer(context.Background(), key, model.Server{Name: "Main SSH", TunnelType: model.SSH, IPPortUserPass: "203.0.113.5:22"}); err != nil {
		t.Fatal(err)
	}
	sb.AddConfig(apitest.ConfigSpec{Name: "Production"})
	a := New(Options{Client: c, Profile: "test", Host: "sandbox", Keys: km})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(a, a.Init())
	return a
}

var f2 = tea.KeyPressMsg{Code: tea.KeyF2}

// delete = ["x"] makes x ask to delete and d do nothing; request = ["f2"]
// moves ctrl+o in the confirmation; help and the status bar say x.
func TestRebindingWorksInTheListAndInAnOverlay(t *testing.T) {
	a := keysApp(t, keymap.Map{"delete": {"x"}, "request": {"f2"}})
	press(a, "enter", "1", "g")
	if v := plainView(a); !strings.Contains(v, "x delete") || strings.Contains(v, "d delete") {
		t.Fatalf("the status bar does not show x for delete:\n%s", v)
	}
	press(a, "d")
	if a.overlay != nil {
		t.Fatalf("d still acts after delete was bound to x:\n%s", plainView(a))
	}
	press(a, "x")
	c, ok := a.overlay.(*confirm)
	if !ok || !strings.Contains(plainView(a), "Delete server") {
		t.Fatalf("x did not ask to delete:\n%s", plainView(a))
	}
	a.Update(f2)
	if c.preview == nil {
		t.Fatalf("f2 did not show the requests:\n%s", plainView(a))
	}
	press(a, "esc", "n", "x")
	a.Update(ctrlO)
	if c, ok := a.overlay.(*confirm); ok && c.preview != nil {
		t.Fatal("ctrl+o still shows the requests after request was bound to f2")
	}
	a.closeOverlay()
	press(a, "?")
	if v := plainView(a); !regexp.MustCompile(`\bx +delete\b`).MatchString(v) || regexp.MustCompile(`\bd +delete\b`).MatchString(v) {
		t.Fatalf("help does not show x for delete:\n%s", v)
	}
}

// Every row with an id answers to the keys package keymap gives as its
// defaults, so that 'tweakdash keys' and the clash checks tell the truth.
func TestKeyTableIDsMatchTheirDefaults(t *testing.T) {
	seen := map[string]bool{}
	check := func(id string, keys []string) {
		if id == "" {
			return
		}
		seen[id] = true
		a, ok := keymap.Lookup(id)
		if !ok {
			t.Errorf("a key table has id %q that package keymap does not know", id)
		} else if !slices.Equal(a.Keys, keys) {
			t.Errorf("%s answers to %v, package keymap says %v", id, keys, a.Keys)
		}
	}
	for _, r := range configViewKeys() {
		check(r.id, r.Keys())
	}
	for _, r := range configTabKeys() {
		check(r.id, r.Keys())
	}
	for _, r := range configListKeys() {
		check(r.id, r.Keys())
	}
	for _, r := range tableKeys() {
		check(r.id, r.Keys())
	}
	for _, r := range detailKeys() {
		check(r.id, r.Keys())
	}
	for _, r := range editorKeys() {
		check(r.id, r.Keys())
	}
	k := defaultAppKeys()
	for id, b := range map[string]key.Binding{"palette": k.Palette, "quit": k.Quit, "help": k.Help, "find": k.Find,
		"undo": k.Undo, "journal": k.Journal, "progress": k.Progress, "suspend": k.Suspend} {
		check(id, b.Keys())
	}
	for _, a := range keymap.Actions {
		if !seen[a.ID] {
			t.Errorf("package keymap lists %q, which no key table has", a.ID)
		}
	}
}

// On the config list a rebound list key still says where it works, and
// the old key says nothing.
func TestRebindingReachesTheConfigListsHints(t *testing.T) {
	a := keysApp(t, keymap.Map{"delete": {"x"}})
	if s, ok := statusOf(press(a, "x")); !ok || !strings.Contains(s.text, "open a config first (enter): delete works on its lists") {
		t.Errorf("x on the config list: status %q", s.text)
	}
	if s, ok := statusOf(press(a, "d")); ok {
		t.Errorf("d on the config list still answers: %q", s.text)
	}
}

// sort = ["z"] and reverse = ["Z"] sort the shown list by z and Z, o and
// O no longer do, and help and the reverse key's reason name z.
func TestRebindingSortAndReverse(t *testing.T) {
	a := keysApp(t, keymap.Map{"sort": {"z"}, "reverse": {"Z"}, "watch": {"W"}})
	press(a, "enter", "1")
	if s, _ := statusOf(press(a, "Z")); !strings.Contains(s.text, "not sorted: z sorts by a column first") {
		t.Errorf("Z on an unsorted list: status %q", s.text)
	}
	press(a, "o")
	if v := plainView(a); strings.Contains(v, "↑") {
		t.Fatalf("o still sorts after sort was bound to z:\n%s", v)
	}
	press(a, "z")
	if v := plainView(a); !strings.Contains(v, "NAME↑") {
		t.Fatalf("z did not sort by the first column:\n%s", v)
	}
	press(a, "Z")
	if v := plainView(a); !strings.Contains(v, "NAME↓") {
		t.Fatalf("Z did not reverse the sort:\n%s", v)
	}
	if s, _ := statusOf(press(a, "W")); !strings.Contains(s.text, "watching the open list") {
		t.Errorf("W did not start the watch: status %q", s.text)
	}
	press(a, "?")
	v := plainView(a)
	for _, re := range []string{`\bz +sort by column\b`, `\bZ +reverse sort\b`, `\bW +watch the list\b`} {
		if !regexp.MustCompile(re).MatchString(v) {
			t.Errorf("help does not show %s:\n%s", re, v)
		}
	}
	if regexp.MustCompile(`\bo +sort by column\b`).MatchString(v) {
		t.Errorf("help still shows o for sort:\n%s", v)
	}
}
