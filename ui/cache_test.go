package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/snapshot"
)

// driveHolding is drive, except that the replies hold picks are not
// delivered: they are returned, for the test to deliver when it wants
// (the fresh reply still travelling while the snapshot is on screen).
func driveHolding(a *App, cmd tea.Cmd, hold func(replyMsg) bool) []tea.Msg {
	_, held := driveAll(a, cmd, hold)
	return held
}

func pressHolding(a *App, hold func(replyMsg) bool, keys ...string) (held []tea.Msg) {
	for _, k := range keys {
		_, cmd := a.Update(keyPress(k))
		held = append(held, driveHolding(a, cmd, hold)...)
	}
	return held
}

// deliver gives held replies to a and runs what follows.
func deliver(a *App, msgs []tea.Msg) []tea.Msg {
	var seen []tea.Msg
	for _, m := range msgs {
		_, cmd := a.Update(m)
		seen = append(seen, drive(a, cmd)...)
	}
	return seen
}

func isConfigList(r replyMsg) bool { return r.config == "" }

// seenBefore is a snapshot store in which an earlier run saw a config
// list unlike the fake's (a config since deleted, other counts) and, of
// Config 12, one server and one device ID.
func seenBefore(t *testing.T) *snapshot.Store {
	t.Helper()
	store := snapshot.New(filepath.Join(t.TempDir(), "cache", "tweakdash"), "default", "https://httptweak.com")
	err := store.SaveList(snapshot.List{Max: 20, Remaining: 17, Configs: []snapshot.Config{
		{UniqueKey: "gone-key", Name: "Config 11 (deleted)", Servers: 1},
		{UniqueKey: key12, Name: "Config 12", Servers: 1, Tweaks: 0},
	}})
	if err != nil {
		t.Fatal(err)
	}
	err = store.SaveLists(key12, snapshot.Lists{
		Resources: &snapshot.Resources{Name: "Config 12", Servers: []snapshot.Named{{UniqueKey: "old-srv", Name: "Old Cached Server", TunnelType: "ssh"}}},
		DeviceIDs: &snapshot.DeviceIDs{Rows: []snapshot.DeviceID{{ID: 99, DeviceID: "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", Active: true}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return store
}

// startCached starts the app on f with the snapshot of store, the clock
// three minutes after it was saved, and holds the replies hold picks.
func startCached(t *testing.T, f *fakeAPI, store *snapshot.Store, hold func(replyMsg) bool) (*App, []tea.Msg) {
	t.Helper()
	list, err := store.List()
	if err != nil || list == nil {
		t.Fatalf("the snapshot's list: %v, %v", list, err)
	}
	a := newApp(Options{Profile: "default", Host: "httptweak.com", Cached: list, Cache: store}, f)
	a.env.cache.now = func() time.Time { return list.SavedAt.Add(3 * time.Minute) }
	// The fake does not write: the keys are what is tested here, and
	// none of them gets as far as sending.
	a.env.writesOff = ""
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return a, driveHolding(a, a.Init(), hold)
}

// TestCachedListIsPaintedAtOnceThenReplaced: at start the list an earlier
// run saw is on screen before any reply, marked cached with its age; a
// config can be opened from it; the fresh list replaces it and the mark
// goes, the cursor staying on the config it was on.
func TestCachedListIsPaintedAtOnceThenReplaced(t *testing.T) {
	store := seenBefore(t)
	f := newFake(t)
	a, held := startCached(t, f, store, isConfigList)
	if len(held) != 1 {
		t.Fatalf("held %d config list replies, want 1", len(held))
	}
	v := plainView(a)
	for _, want := range []string{"Config 11 (deleted)", "1s 0t", "configs 3/20", "cached 3m ago"} {
		if !strings.Contains(v, want) {
			t.Errorf("before the fresh list, the screen lacks %q:\n%s", want, v)
		}
	}
	press(a, "j") // onto Config 12, second in the cached list
	held = append(held, pressHolding(a, isConfigList, "enter")...)
	if a.pane.cur == nil || a.pane.cur.cfg.UniqueKey != key12 {
		t.Fatal("enter on a cached config did not open it")
	}

	deliver(a, held)
	v = plainView(a)
	if strings.Contains(v, "cached") || strings.Contains(v, "Config 11") || !strings.Contains(v, "Config 13") || !strings.Contains(v, "configs 2/20") {
		t.Errorf("after the fresh list, the screen is:\n%s", v)
	}
	if c, ok := a.list.selected(); !ok || c.UniqueKey != key12 {
		t.Errorf("the cursor moved off Config 12 to %+v", c)
	}
	// The fresh list is kept for the next start.
	if l, err := store.List(); err != nil || len(l.Configs) != 2 || l.Configs[1].Name != "Config 13" {
		t.Errorf("the snapshot after the fresh list: %+v, %v", l, err)
	}
}

// TestStaleRowsCannotBeEditedOrDeleted: a config opened while its fresh
// lists travel shows what an earlier run saw, and every key that would act
// on a row says why it cannot; the fresh reply lifts that. If the fresh
// list fails, the cached rows stay and the reason says so.
func TestStaleRowsCannotBeEditedOrDeleted(t *testing.T) {
	store := seenBefore(t)
	f := newFake(t)
	holdResources := func(r replyMsg) bool { _, ok := r.body.(*api.Resources); return ok || (r.config != "" && r.err != nil) }
	a, _ := startCached(t, f, store, func(replyMsg) bool { return false })
	held := pressHolding(a, holdResources, "enter")
	if len(held) != 1 {
		t.Fatalf("held %d replies, want the resources", len(held))
	}
	v := plainView(a)
	if !strings.Contains(v, "Old Cached Server") || !strings.Contains(v, "cached 3m ago") || !strings.Contains(v, "1 Servers (1)") {
		t.Fatalf("the opened config does not show its cached rows, marked:\n%s", v)
	}
	for _, k := range []string{"e", "d", "enter", "n", "y"} {
		s, ok := statusOf(press(a, k))
		if !ok || s.kind != statusWarn || s.text != "cached: waiting for the fresh list" {
			t.Errorf("%s on a cached row: status %+v, want the reason", k, s)
		}
	}
	if editing(a) != nil || a.overlay != nil {
		t.Fatal("a key opened something over cached rows")
	}
	// Moving over cached rows works: j is not refused.
	if s, ok := statusOf(press(a, "j")); ok && s.kind == statusWarn {
		t.Errorf("j on cached rows: %+v", s)
	}

	deliver(a, held)
	v = plainView(a)
	if strings.Contains(v, "cached") || strings.Contains(v, "Old Cached Server") || !strings.Contains(v, "Main SSH Server v2") {
		t.Errorf("after the fresh resources:\n%s", v)
	}
	press(a, "e")
	if editing(a) == nil {
		t.Error("e on a fresh row did not open the form")
	}
	press(a, "esc")

	// Access, device IDs: the cached list again, then its fresh load fails.
	f.errs["device-ids "+key12] = &api.Error{Status: 503, Message: "Service Unavailable"}
	press(a, "3")
	v = plainView(a)
	if !strings.Contains(v, "CCCCCCCCCCCCCCCC") || !strings.Contains(v, "cached 3m ago") {
		t.Errorf("after a failed fresh load the cached rows and mark should stay:\n%s", v)
	}
	if s, _ := statusOf(press(a, "d")); s.text != "cached: the fresh list did not load (r to retry)" {
		t.Errorf("d after the fresh list failed: %+v", s)
	}
	delete(f.errs, "device-ids "+key12)
	press(a, "r")
	if v := plainView(a); strings.Contains(v, "cached") || !strings.Contains(v, "AAAAAAAAAAAAAAAA") {
		t.Errorf("after r:\n%s", v)
	}
}

// TestSnapshotKeepsNoSecretOfABrowse: browsing every list and opening
// every detail (full records, revealed) leaves on disk the rows the lists
// show and nothing the fake holds as a secret, in private files.
func TestSnapshotKeepsNoSecretOfABrowse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache", "tweakdash")
	store := snapshot.New(dir, "default", "https://httptweak.com")
	f := newFake(t)
	a := start(t, f, 120, 40, func(o *Options) { o.Cache = store })
	press(a, "enter", "enter", "s", "esc", "2", "enter", "s", "esc", "3", "]", "enter", "s", "esc")
	if !strings.Contains(plainView(a), "Passwords (2)") {
		t.Fatalf("the browse did not reach the passwords:\n%s", plainView(a))
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 2 {
		t.Fatalf("files: %v, want the list and Config 12", files)
	}
	var all strings.Builder
	for _, p := range files {
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode() != 0o600 {
			t.Errorf("%s: %v %v, want a 0600 file", p, fi.Mode(), err)
		}
		data, _ := os.ReadFile(p)
		all.Write(data)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("%s: %v, want 0700", dir, fi.Mode())
	}
	secrets := []string{"newpass", "OPENSSH", "b3BlbnNzaC1rZXktdjEAAAAA", "remote 5.6.7.8", "user:pass",
		"CONNECT [host_port]", "Secret123", "hunter2hunter2", "Singapore", "sg-1"}
	for _, s := range secrets {
		if strings.Contains(all.String(), s) {
			t.Errorf("the snapshot holds %q", s)
		}
	}
	for _, s := range []string{"Main SSH Server v2", "Default Tweak", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", "Shop", "Config 13"} {
		if !strings.Contains(all.String(), s) {
			t.Errorf("the snapshot lacks %q, which the lists show", s)
		}
	}
}

// TestDamagedConfigSnapshotIsIgnoredWithANotice: a config whose snapshot
// cannot be read opens as without one, and the status line says so.
func TestDamagedConfigSnapshotIsIgnoredWithANotice(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tweakdash")
	store := snapshot.New(dir, "default", "https://httptweak.com")
	if err := store.SaveLists(key12, snapshot.Lists{DeviceIDs: &snapshot.DeviceIDs{}}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != 1 {
		t.Fatalf("files %v", files)
	}
	if err := os.WriteFile(files[0], []byte(`{"format":1,"lists":`), 0o600); err != nil {
		t.Fatal(err)
	}
	f := newFake(t)
	a := start(t, f, 120, 40, func(o *Options) { o.Cache = snapshot.New(dir, "default", "https://httptweak.com") })
	pressHolding(a, func(r replyMsg) bool { _, ok := r.body.(*api.Resources); return ok }, "enter")
	if s := a.status.text; !strings.Contains(s, "Snapshot of this config ignored") || !strings.Contains(s, "damaged") {
		t.Errorf("status %q, want the notice that the snapshot was ignored", s)
	}
	if v := plainView(a); strings.Contains(v, "cached") || !strings.Contains(v, "Loading") {
		t.Errorf("a damaged snapshot painted something:\n%s", v)
	}
}

// TestTheFreshListIsNeverReplacedByTheSnapshot: when the fresh reply wins
// the race with the snapshot read, the snapshot is not painted over it.
func TestTheFreshListIsNeverReplacedByTheSnapshot(t *testing.T) {
	store := seenBefore(t)
	f := newFake(t)
	a, _ := startCached(t, f, store, func(replyMsg) bool { return false })
	isSnapshot := func(r replyMsg) bool { _, ok := r.body.(snapshot.Lists); return ok }
	held := pressHolding(a, isSnapshot, "enter")
	if len(held) != 1 {
		t.Fatalf("held %d, want the snapshot read", len(held))
	}
	deliver(a, held)
	if v := plainView(a); strings.Contains(v, "Old Cached Server") || strings.Contains(v, "cached") {
		t.Errorf("the snapshot was painted over the fresh list:\n%s", v)
	}
	// Device IDs were not loaded yet: those cached rows show until theirs come.
	if got := a.pane.cur.deviceIDs.items; len(got) != 1 || got[0].DeviceID != strings.Repeat("C", 32) || !a.pane.cur.stale.shows(reqDeviceIDs) {
		t.Errorf("device IDs after the snapshot: %+v", got)
	}
}

// TestPrefetchedListIsTheFirstFetch: a config list request sent before
// the program started is the one the list shows: no second request.
func TestPrefetchedListIsTheFirstFetch(t *testing.T) {
	f := newFake(t)
	p := PrefetchConfigs(t.Context(), f)
	a := start(t, f, 120, 40, func(o *Options) { o.Prefetch = p })
	if v := plainView(a); !strings.Contains(v, "Config 13") || !strings.Contains(v, "configs 2/20") {
		t.Fatalf("the prefetched list is not shown:\n%s", v)
	}
	if calls := f.callList(); len(calls) != 1 || calls[0] != "configs" {
		t.Errorf("calls %v, want the one prefetch", calls)
	}
	press(a, "r")
	if calls := f.callList(); len(calls) != 2 {
		t.Errorf("calls after r: %v, want a second, fresh request", calls)
	}
}

// A program that ends as the list comes in (q at once) has not run the
// command that keeps the list for the next start: SaveSnapshot, called
// once the program has ended, keeps it.
func TestSnapshotIsKeptWhenTheProgramEndsFirst(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache", "tweakdash")
	store := snapshot.New(dir, "default", "https://httptweak.com")
	a := newApp(Options{Profile: "default", Host: "httptweak.com", Cache: store}, newFake(t))
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	held := driveHolding(a, a.Init(), isConfigList)
	if len(held) != 1 {
		t.Fatalf("held %d replies, want the config list", len(held))
	}
	a.Update(held[0]) // its commands never run: the program ended
	if files, _ := filepath.Glob(filepath.Join(dir, "*.json")); len(files) != 0 {
		t.Fatalf("kept before the end: %v", files)
	}
	a.SaveSnapshot()
	list, err := store.List()
	if err != nil || list == nil || len(list.Configs) == 0 {
		t.Fatalf("after SaveSnapshot: %+v, %v; want the list as loaded", list, err)
	}
	a.SaveSnapshot() // nothing left: a second call keeps nothing twice and does not block
}
