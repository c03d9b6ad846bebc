package settings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestSaveAPIKeyIsAtomicPrivateAndKeepsOtherProfiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "fresh", "tweakdash")
	path := filepath.Join(dir, "config.toml")
	if err := SaveKey(path, "default", "k1"); err != nil {
		t.Fatal(err)
	}
	assertMode(t, dir, 0o700)
	assertMode(t, path, 0o600)

	// Add another profile and an unknown key by hand, then save again.
	if err := os.WriteFile(path, []byte(`mouse = true
future_option = [1, 2]
[profiles.default]
api_key = "k1"
[profiles.prod]
base_url = "https://prod.example"
read_only = true
`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := SaveKey(path, "default", "k2"); err != nil {
		t.Fatal(err)
	}
	assertMode(t, path, 0o600)
	var doc struct {
		Mouse    bool
		Future   []int `toml:"future_option"`
		Profiles map[string]Profile
	}
	if _, err := toml.DecodeFile(path, &doc); err != nil {
		t.Fatal(err)
	}
	if !doc.Mouse || len(doc.Future) != 2 || doc.Profiles["default"].APIKey != "k2" ||
		doc.Profiles["prod"] != (Profile{BaseURL: "https://prod.example", ReadOnly: true}) {
		t.Errorf("after save: %+v", doc)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestSaveAPIKeyFixesAGroupReadableFile(t *testing.T) {
	path := writeSettings(t, "[profiles.default]\nlabel = \"x\"\n", 0o644)
	if err := SaveKey(path, "default", "k"); err != nil {
		t.Fatal(err)
	}
	assertMode(t, path, 0o600)
}

func TestSaveAPIKeyRefusesToOverwriteABrokenFile(t *testing.T) {
	body := "[profiles.default\nlabel = \"hand written\"\n"
	path := writeSettings(t, body, 0o600)
	err := SaveKey(path, "default", "k")
	if err == nil || !strings.Contains(err.Error(), path+":2: ") {
		t.Fatalf("want an error naming %s:2, got %v", path, err)
	}
	if got, _ := os.ReadFile(path); string(got) != body {
		t.Errorf("the broken file was changed: %q", got)
	}
	if strings.Contains(err.Error(), `"k"`) {
		t.Errorf("error shows the key: %v", err)
	}
}

func TestSaveAPIKeyWritesThroughASymlink(t *testing.T) {
	real := writeSettings(t, "[profiles.other]\nlabel = \"o\"\n", 0o600)
	link := filepath.Join(t.TempDir(), "config.toml")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := SaveKey(link, "default", "k"); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the symlink was replaced: %v %v", fi.Mode(), err)
	}
	ls := Load(real)
	if ls.Profiles["default"].APIKey != "k" || ls.Profiles["other"].Label != "o" {
		t.Errorf("target after save: %+v", ls.Profiles)
	}
}

func TestSaveAPIKeyRefusesADirectoryOthersCanWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tweakdash")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	err := SaveKey(filepath.Join(dir, "config.toml"), "default", "k")
	if err == nil || !strings.Contains(err.Error(), "chmod go-w "+dir) {
		t.Fatalf("want a refusal with the fix, got %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("written into the directory: %v", entries)
	}
}
