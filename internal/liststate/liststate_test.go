package liststate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSavedOrdersComeBackPrivate(t *testing.T) {
	s := &Store{Path: filepath.Join(t.TempDir(), "state", "lists.json")}
	if got, err := s.Load(); err != nil || len(got) != 0 {
		t.Fatalf("no file yet: %v, %v; want nothing and no error", got, err)
	}
	want := map[string]Order{"device_id": {Column: "NOTE", Desc: true}, "server": {Column: "TYPE"}}
	if err := s.Save(want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load()
	if err != nil || len(got) != 2 || got["device_id"] != want["device_id"] || got["server"] != want["server"] {
		t.Fatalf("loaded %v, %v; want %v", got, err, want)
	}
	fi, err := os.Stat(s.Path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
}

func TestABrokenFileIsNamedAndIgnored(t *testing.T) {
	s := &Store{Path: filepath.Join(t.TempDir(), "lists.json")}
	if err := os.WriteFile(s.Path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load()
	if err == nil || !strings.Contains(err.Error(), s.Path) || len(got) != 0 {
		t.Fatalf("a broken file: %v, %v; want an error naming it and no orders", got, err)
	}
}
