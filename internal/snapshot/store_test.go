package snapshot

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"tweakdash/api"
	"tweakdash/model"
)

var t0 = time.Date(2025, 2, 20, 9, 10, 0, 0, time.UTC)

func newStore(t *testing.T, dir string) *Store {
	t.Helper()
	s := New(dir, "default", "https://api.example")
	s.now = func() time.Time { return t0 }
	return s
}

func configList() *api.ConfigList {
	return &api.ConfigList{MaxConfigurations: 20, RemainingConfigurations: 18, Configurations: []model.Config{
		{UniqueKey: "cfg-a", Name: "Config A", ServersCount: 2, TweaksCount: 1},
		{UniqueKey: "cfg-b", Name: "Config B"},
	}}
}

func TestSnapshotRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache", "tweakdash")
	s := newStore(t, dir)
	if l, err := s.List(); l != nil || err != nil {
		t.Fatalf("List before any save = %v, %v; want nothing", l, err)
	}
	if err := s.SaveList(FromConfigList(configList())); err != nil {
		t.Fatal(err)
	}
	res := &api.Resources{ConfigurationName: "Config A",
		Servers: []model.Server{{UniqueKey: "s1", Name: "Main", TunnelType: model.SSH, UpdatedAt: "2025-02-20 09:10:00"}},
		Tweaks:  []model.Tweak{{UniqueKey: "t1", Name: "Tweak", TunnelType: "ssh"}}}
	if err := s.SaveLists("cfg-a", Lists{Resources: FromResources(res)}); err != nil {
		t.Fatal(err)
	}
	ids := []model.DeviceID{{ID: 7, DeviceID: "0123456789ABCDEF0123456789ABCDEF", Note: "phone", IsActive: true}}
	pws := []model.Password{{ID: 9, Type: model.OneTime, Note: "guest", UsedAt: "2025-02-20 10:00:00"}}
	// Saved one at a time, as the lists load: the resources stay.
	if err := s.SaveLists("cfg-a", Lists{DeviceIDs: FromDeviceIDs(ids)}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveLists("cfg-a", Lists{Passwords: FromPasswords(pws)}); err != nil {
		t.Fatal(err)
	}

	// A later run: a new store reads the files.
	r := newStore(t, dir)
	l, err := r.List()
	if err != nil || l == nil {
		t.Fatalf("List = %v, %v", l, err)
	}
	if !l.SavedAt.Equal(t0) {
		t.Errorf("SavedAt = %v, want %v", l.SavedAt, t0)
	}
	got := l.ConfigList()
	want := configList()
	if got.MaxConfigurations != want.MaxConfigurations || got.RemainingConfigurations != want.RemainingConfigurations ||
		!reflect.DeepEqual(got.Configurations, want.Configurations) {
		t.Errorf("config list = %+v, want %+v", got, want)
	}
	c, err := r.Lists("cfg-a")
	if err != nil || c.Resources == nil || c.DeviceIDs == nil || c.Passwords == nil {
		t.Fatalf("Lists(cfg-a) = %+v, %v; want all three lists", c, err)
	}
	servers, tweaks := c.Resources.Model()
	if !reflect.DeepEqual(servers, res.Servers) || !reflect.DeepEqual(tweaks, res.Tweaks) || c.Resources.Name != "Config A" {
		t.Errorf("resources = %+v %+v, want %+v %+v", servers, tweaks, res.Servers, res.Tweaks)
	}
	if got := c.DeviceIDs.Model(); !reflect.DeepEqual(got, ids) {
		t.Errorf("device IDs = %+v, want %+v", got, ids)
	}
	if got := c.Passwords.Model(); !reflect.DeepEqual(got, pws) {
		t.Errorf("passwords = %+v, want %+v", got, pws)
	}
	if c, err := r.Lists("cfg-b"); err != nil || c != (Lists{}) {
		t.Errorf("Lists(cfg-b), never saved = %+v, %v; want empty", c, err)
	}

	// Private: the directory 0700, every file 0600.
	assertPrivate(t, dir)

	// A config gone from the list loses its file.
	if err := r.SaveList(List{Configs: []Config{{UniqueKey: "cfg-b", Name: "Config B"}}}); err != nil {
		t.Fatal(err)
	}
	if c, err := newStore(t, dir).Lists("cfg-a"); err != nil || c != (Lists{}) {
		t.Errorf("Lists(cfg-a) after it left the list = %+v, %v; want empty", c, err)
	}
}

// TestSnapshotNeverWritesASecret fills every field that a list does not
// show, and every field the server could send beside them (Raw), with a
// marker, saves everything, and looks for the markers on disk. A field
// added to the model later is covered without changing the test.
func TestSnapshotNeverWritesASecret(t *testing.T) {
	shown := map[string]bool{ // the columns the lists draw
		"UniqueKey": true, "Name": true, "TunnelType": true, "UpdatedAt": true,
		"DeviceID": true, "Note": true, "Type": true, "UsedAt": true,
	}
	var markers []string
	fill := func(p any) {
		v := reflect.ValueOf(p).Elem()
		for i := range v.NumField() {
			f, name := v.Field(i), v.Type().Field(i).Name
			switch {
			case name == "Raw":
				m := "SECRET-raw-" + v.Type().Name()
				markers = append(markers, m)
				f.Set(reflect.ValueOf(model.Raw{"password": json.RawMessage(`"` + m + `"`), "api_key": json.RawMessage(`"` + m + `"`)}))
			case f.Kind() == reflect.String && !shown[name]:
				m := "SECRET-" + v.Type().Name() + "-" + name
				markers = append(markers, m)
				f.SetString(m)
			}
		}
	}
	var (
		srv model.Server
		twk model.Tweak
		id  model.DeviceID
		pw  model.Password
		cfg model.Config
	)
	for _, p := range []any{&srv, &twk, &id, &pw, &cfg} {
		fill(p)
	}
	if !strings.Contains(strings.Join(markers, " "), "SECRET-Server-IPPortUserPass") ||
		!strings.Contains(strings.Join(markers, " "), "SECRET-Password-Password") {
		t.Fatalf("the markers miss the secrets they are for: %v", markers)
	}
	dir := filepath.Join(t.TempDir(), "tweakdash")
	s := newStore(t, dir)
	list := &api.ConfigList{Message: "SECRET-message", Configurations: []model.Config{cfg}}
	markers = append(markers, "SECRET-message")
	if err := s.SaveList(FromConfigList(list)); err != nil {
		t.Fatal(err)
	}
	err := s.SaveLists(cfg.UniqueKey, Lists{
		Resources: FromResources(&api.Resources{Servers: []model.Server{srv}, Tweaks: []model.Tweak{twk}}),
		DeviceIDs: FromDeviceIDs([]model.DeviceID{id}),
		Passwords: FromPasswords([]model.Password{pw}),
	})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 2 {
		t.Fatalf("files written: %v, want the list and one config", files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range markers {
			if strings.Contains(string(data), m) {
				t.Errorf("%s holds %s", filepath.Base(f), m)
			}
		}
		// What is kept is there: the test is not passing on empty files.
		if !strings.Contains(string(data), srv.Name) && !strings.Contains(string(data), cfg.Name) {
			t.Errorf("%s holds neither name: %s", filepath.Base(f), data)
		}
	}
}

func TestDamagedOrForeignSnapshotIsNotUsed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tweakdash")
	s := newStore(t, dir)
	if err := s.SaveList(FromConfigList(configList())); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveLists("cfg-a", Lists{DeviceIDs: FromDeviceIDs(nil)}); err != nil {
		t.Fatal(err)
	}

	// Another profile's file put in this one's place.
	other := New(dir, "work", "https://api.example")
	if err := os.Rename(s.listPath(), other.listPath()); err != nil {
		t.Fatal(err)
	}
	if l, err := other.List(); l != nil || !errors.Is(err, ErrForeign) {
		t.Errorf("List of a file made for another profile = %v, %v; want ErrForeign", l, err)
	}
	// One config's file under another config's name.
	if err := os.Rename(s.configPath("cfg-a"), s.configPath("cfg-b")); err != nil {
		t.Fatal(err)
	}
	if c, err := newStore(t, dir).Lists("cfg-b"); c != (Lists{}) || !errors.Is(err, ErrForeign) {
		t.Errorf("Lists of another config's file = %+v, %v; want ErrForeign", c, err)
	}

	for name, content := range map[string]string{
		"damaged":      `{"format":1,"profile":"default","base_url":"https://api.exa`,
		"not JSON":     "\x00\x01 binary",
		"no list":      `{"format":1,"profile":"default","base_url":"https://api.example"}`,
		"wrong shapes": `{"format":1,"profile":"default","base_url":"https://api.example","list":{"configs":"all"}}`,
	} {
		if err := os.WriteFile(s.listPath(), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if l, err := newStore(t, dir).List(); l != nil || err == nil {
			t.Errorf("%s: List = %v, %v; want an error and no list", name, l, err)
		}
	}
	// Another version's layout: passed over without a word.
	if err := os.WriteFile(s.listPath(), []byte(`{"format":99,"whatever":true}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if l, err := newStore(t, dir).List(); l != nil || err != nil {
		t.Errorf("another format: List = %v, %v; want nothing", l, err)
	}
	// A link in place of the file is not followed; writing replaces it.
	target := filepath.Join(t.TempDir(), "elsewhere.json")
	if err := os.WriteFile(target, []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_ = os.Remove(s.listPath())
	if err := os.Symlink(target, s.listPath()); err != nil {
		t.Fatal(err)
	}
	if l, err := newStore(t, dir).List(); l != nil || err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("List through a link = %v, %v; want a refusal", l, err)
	}
	if err := s.SaveList(FromConfigList(configList())); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(target); string(data) != "{}" {
		t.Errorf("the link's target was written: %s", data)
	}
	// A directory that is a link is neither read nor written.
	linked := filepath.Join(t.TempDir(), "tweakdash")
	if err := os.Symlink(dir, linked); err != nil {
		t.Fatal(err)
	}
	ls := newStore(t, linked)
	if _, err := ls.List(); err == nil {
		t.Error("List through a linked directory: no error")
	}
	if err := ls.SaveList(List{}); err == nil {
		t.Error("SaveList through a linked directory: no error")
	}
}

func assertPrivate(t *testing.T, dir string) {
	t.Helper()
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("%s is %v, want 0700", dir, fi.Mode().Perm())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != 0o600 {
			t.Errorf("%s is %v, want a regular 0600 file", e.Name(), fi.Mode())
		}
	}
}
