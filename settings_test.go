package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// writeSettings writes a settings file with mode perm in a fresh directory
// and returns its path.
func writeSettings(t *testing.T, body string, perm os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tweakdash", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), perm); err != nil {
		t.Fatal(err)
	}
	// WriteFile's mode is filtered by the umask; set it exactly.
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
	return path
}

// env builds a getenv from pairs.
func envOf(pairs ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return func(k string) string { return m[k] }
}

func joinNotices(n []string) string { return strings.Join(n, "\n") }

func TestParseSettingsReadsEveryField(t *testing.T) {
	s, notices, err := parseSettings([]byte(`
profile = "staging"
mouse = true

[profiles.default]
base_url = "https://httptweak.com"
api_key_command = "pass show httptweak"

[profiles.staging]
base_url = "http://127.0.0.1:8787/"
api_key = "  k-staging  "
label = "STAGING"
color = "yellow"
read_only = true
`))
	if err != nil || len(notices) > 0 {
		t.Fatalf("err %v, notices %q", err, notices)
	}
	if s.Profile != "staging" || !s.Mouse || len(s.Profiles) != 2 {
		t.Fatalf("top level: %+v", s)
	}
	want := Profile{BaseURL: "http://127.0.0.1:8787/", APIKey: "k-staging", ReadOnly: true, Label: "STAGING", Color: "yellow"}
	if got := s.Profiles["staging"]; got != want {
		t.Errorf("staging = %+v, want %+v", got, want)
	}
	if got := s.Profiles["default"].APIKeyCommand; got != "pass show httptweak" {
		t.Errorf("default api_key_command = %q", got)
	}
}

func TestParseSettingsDropsOnlyBadValues(t *testing.T) {
	s, notices, err := parseSettings([]byte(`mouse = "yes"
colour = "red"
[profiles.prod]
api_key = "k"
base_url = "ftp://example.com"
read_only = "true"
label = 7
lable = "typo"
color = "sort of teal"
`))
	if err != nil {
		t.Fatalf("a bad value must not make the whole file unusable: %v", err)
	}
	p := s.Profiles["prod"]
	if p.APIKey != "k" {
		t.Errorf("the good value was lost: %+v", p)
	}
	if !p.ReadOnly {
		t.Error("an unreadable read_only must keep the profile read-only (fail safe)")
	}
	if p.BaseURL != "" || p.Label != "" || p.Color != "" || s.Mouse {
		t.Errorf("bad values kept: %+v mouse=%v", p, s.Mouse)
	}
	all := joinNotices(notices)
	for _, want := range []string{
		"1: mouse:", // line number first, then the key
		"6: profiles.prod.read_only", "kept read-only",
		"7: profiles.prod.label",
		`unknown setting "colour"`, `unknown setting "profiles.prod.lable"`,
		"profiles.prod.base_url: scheme must be https",
		`profiles.prod.color: "sort of teal" is not a colour`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("notices lack %q:\n%s", want, all)
		}
	}
}

func TestParseSettingsRejectsNonTables(t *testing.T) {
	for _, body := range []string{"profiles = 3", "[profiles]\ndefault = 1"} {
		s, notices, err := parseSettings([]byte(body))
		if err != nil || len(notices) != 1 || len(s.Profiles) != 0 {
			t.Errorf("%q: profiles %v, notices %q, err %v", body, s.Profiles, notices, err)
		}
	}
}

func TestLoadSettingsBadTOMLIsANoticeWithFileAndLine(t *testing.T) {
	path := writeSettings(t, "mouse = true\n[profiles.default\napi_key = \"k\"\n", 0o600)
	ls := loadSettings(path)
	if !ls.broken || ls.Mouse || len(ls.Profiles) != 0 {
		t.Fatalf("a file that does not parse must give defaults: %+v", ls)
	}
	all := joinNotices(ls.notices)
	if !strings.Contains(all, path+":3: ") || !strings.Contains(all, "using defaults") {
		t.Errorf("notice should name %s:3 and say defaults are used: %q", path, all)
	}
}

func TestLoadSettingsMissingFileIsSilent(t *testing.T) {
	ls := loadSettings(filepath.Join(t.TempDir(), "nope", "config.toml"))
	if ls.exists || ls.broken || len(ls.notices) != 0 {
		t.Errorf("%+v", ls)
	}
}

func TestKeyOrderEnvThenCommandThenFile(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	cmd := "touch " + marker + "; echo k-command; echo 'login: me'"
	path := writeSettings(t, `[profiles.default]
api_key = "k-file"
api_key_command = "`+cmd+`"
`, 0o600)
	ctx := context.Background()

	st, err := resolveStartup(ctx, cliFlags{}, envOf("HTTPTWEAK_API_KEY", "k-env"), path)
	if err != nil || st.key != "k-env" || st.keySource != keyFromEnv {
		t.Fatalf("env must win: key %q from %q, err %v", st.key, st.keySource, err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("api_key_command ran although HTTPTWEAK_API_KEY was set")
	}

	st, _ = resolveStartup(ctx, cliFlags{}, envOf(), path)
	if st.key != "k-command" || st.keySource != keyFromCommand {
		t.Fatalf("the command comes second, first line only: key %q from %q", st.key, st.keySource)
	}

	path = writeSettings(t, "[profiles.default]\napi_key = \"k-file\"\napi_key_command = \"exit 3\"\n", 0o600)
	st, _ = resolveStartup(ctx, cliFlags{}, envOf(), path)
	if st.key != "k-file" || st.keySource != keyFromFile {
		t.Fatalf("a failing command falls through to api_key: key %q from %q", st.key, st.keySource)
	}
	if all := joinNotices(st.notices); !strings.Contains(all, "api_key_command: exit status 3") {
		t.Errorf("the failure should be a notice: %q", all)
	}

	path = writeSettings(t, "[profiles.default]\nbase_url = \"https://example.com\"\n", 0o600)
	st, _ = resolveStartup(ctx, cliFlags{}, envOf(), path)
	if st.key != "" || len(st.notices) != 0 {
		t.Errorf("no key anywhere: key %q, notices %q", st.key, st.notices)
	}
}

func TestKeyCommandFailureDoesNotShowTheKey(t *testing.T) {
	_, err := runKeyCommand(context.Background(), "echo s3cr3t-key; echo 'bad token s3cr3t-key' >&2; exit 4")
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("error shows the key: %q", err)
	}
	if !strings.Contains(err.Error(), "exit status 4") || !strings.Contains(err.Error(), "bad token ***") {
		t.Errorf("error should give the status and the stderr line, redacted: %q", err)
	}
}

func TestKeyCommandEmptyOutputAndTimeout(t *testing.T) {
	if _, err := runKeyCommand(context.Background(), "true"); err == nil || !strings.Contains(err.Error(), "printed nothing") {
		t.Errorf("empty output: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := runKeyCommand(ctx, "sleep 30")
	if err == nil || !strings.Contains(err.Error(), "no answer within") {
		t.Errorf("timeout: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a hung command held start-up for %s", d)
	}
}

func TestGroupReadableKeyFileIsRefusedWithChmodHint(t *testing.T) {
	body := "[profiles.default]\napi_key = \"k-file\"\n"
	for _, perm := range []os.FileMode{0o640, 0o604, 0o644} {
		path := writeSettings(t, body, perm)
		st, err := resolveStartup(context.Background(), cliFlags{}, envOf(), path)
		if err != nil {
			t.Fatal(err)
		}
		if st.key != "" {
			t.Errorf("mode %04o: key used from a file others can read", perm)
		}
		if all := joinNotices(st.notices); !strings.Contains(all, "chmod 600 "+path) {
			t.Errorf("mode %04o: notice lacks the fix: %q", perm, all)
		}
	}
	path := writeSettings(t, body, 0o600)
	if st, _ := resolveStartup(context.Background(), cliFlags{}, envOf(), path); st.key != "k-file" || len(st.notices) != 0 {
		t.Errorf("0600: key %q notices %q", st.key, st.notices)
	}
}

func TestKeyCommandInGroupWritableFileIsNotRun(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	path := writeSettings(t, "[profiles.default]\napi_key_command = \"touch "+marker+"; echo k\"\n", 0o620)
	st, _ := resolveStartup(context.Background(), cliFlags{}, envOf(), path)
	if st.key != "" {
		t.Errorf("key %q from a command others could have written", st.key)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the command ran")
	}
	if all := joinNotices(st.notices); !strings.Contains(all, "chmod 600 "+path) {
		t.Errorf("notice lacks the fix: %q", all)
	}
}

func TestBaseURLPrecedence(t *testing.T) {
	path := writeSettings(t, "[profiles.default]\nbase_url = \"https://file.example\"\n", 0o600)
	ctx := context.Background()
	cases := []struct {
		name     string
		flag     string
		env      string
		path     string
		want     string
		fromFile bool
	}{
		{"flag wins", "https://flag.example/", "https://env.example", path, "https://flag.example", false},
		{"env next", "", "https://env.example", path, "https://env.example", false},
		{"profile next", "", "", path, "https://file.example", true},
		{"default last", "", "", filepath.Join(t.TempDir(), "none.toml"), defaultBaseURL, false},
	}
	for _, c := range cases {
		st, err := resolveStartup(ctx, cliFlags{baseURL: c.flag}, envOf("HTTPTWEAK_BASE_URL", c.env), c.path)
		if err != nil || st.baseURL != c.want || st.baseURLFromFile != c.fromFile {
			t.Errorf("%s: got %q (from file %v), err %v; want %q", c.name, st.baseURL, st.baseURLFromFile, err, c.want)
		}
	}
	if _, err := resolveStartup(ctx, cliFlags{baseURL: "httptweak.com"}, envOf(), path); err == nil {
		t.Error("a --base-url without a scheme must be an error")
	}
	if _, err := resolveStartup(ctx, cliFlags{}, envOf("HTTPTWEAK_BASE_URL", "https://u:p@x.example"), path); err == nil {
		t.Error("a base URL with credentials must be an error")
	}
}

func TestProfileSelection(t *testing.T) {
	path := writeSettings(t, `profile = "b"
[profiles.a]
label = "A"
[profiles.b]
label = "B"
read_only = true
`, 0o600)
	ctx := context.Background()
	if st, _ := resolveStartup(ctx, cliFlags{}, envOf(), path); st.profileName != "b" || st.Label != "B" || !st.readOnly {
		t.Errorf("the file's default profile: %+v", st)
	}
	if st, _ := resolveStartup(ctx, cliFlags{profile: "a"}, envOf(), path); st.profileName != "a" || st.Label != "A" || st.readOnly {
		t.Errorf("--profile wins: %+v", st)
	}
	if st, _ := resolveStartup(ctx, cliFlags{profile: "a", readOnly: true}, envOf(), path); !st.readOnly {
		t.Error("--read-only must apply to any profile")
	}
	st, _ := resolveStartup(ctx, cliFlags{profile: "prod"}, envOf(), path)
	if st.profileName != "prod" || st.Label != "" {
		t.Errorf("unknown profile must not borrow another's settings: %+v", st)
	}
	if all := joinNotices(st.notices); !strings.Contains(all, `profile "prod" not found in `+path+" (profiles: a, b)") {
		t.Errorf("notice: %q", all)
	}
}

func TestSaveAPIKeyIsAtomicPrivateAndKeepsOtherProfiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "fresh", "tweakdash")
	path := filepath.Join(dir, "config.toml")
	if err := saveAPIKey(path, "default", "k1"); err != nil {
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
	if err := saveAPIKey(path, "default", "k2"); err != nil {
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
	if err := saveAPIKey(path, "default", "k"); err != nil {
		t.Fatal(err)
	}
	assertMode(t, path, 0o600)
}

func TestSaveAPIKeyRefusesToOverwriteABrokenFile(t *testing.T) {
	body := "[profiles.default\nlabel = \"hand written\"\n"
	path := writeSettings(t, body, 0o600)
	err := saveAPIKey(path, "default", "k")
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
	if err := saveAPIKey(link, "default", "k"); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the symlink was replaced: %v %v", fi.Mode(), err)
	}
	ls := loadSettings(real)
	if ls.Profiles["default"].APIKey != "k" || ls.Profiles["other"].Label != "o" {
		t.Errorf("target after save: %+v", ls.Profiles)
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: mode %04o, want %04o", path, got, want)
	}
}

func FuzzParseSettings(f *testing.F) {
	for _, seed := range []string{
		"",
		"profile = \"default\"\nmouse = true\n[profiles.default]\nbase_url = \"https://httptweak.com\"\napi_key = \"k\"\n",
		"[profiles.a]\nread_only = \"yes\"\nlabel = 1\ncolor = [1]\n",
		"profiles = 3",
		"[profiles]\na = 1\n",
		"[profiles.\"we\\u001bird\"]\napi_key_command = \"x\"\n",
		"mouse = \n",
		"[[profiles]]\nx = 1\n",
		"a.b.c = 1\n[profiles.x.y]\nz = 2\n",
		"\xff\xfe",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, notices, err := parseSettings(data)
		if err != nil && (len(s.Profiles) != 0 || s.Mouse || s.Profile != "") {
			t.Fatalf("an unusable file yielded settings: %+v", s)
		}
		for _, n := range append(notices, errString(err)) {
			if strings.ContainsAny(n, "\x1b\r\n\x07") {
				t.Fatalf("notice is not one safe line: %q", n)
			}
		}
		for _, p := range s.Profiles {
			if p.BaseURL != "" && checkBaseURL(p.BaseURL) != nil {
				t.Fatalf("bad base_url kept: %q", p.BaseURL)
			}
		}
	})
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestTildePathShortensTheHomeDirectoryOnly(t *testing.T) {
	t.Setenv("HOME", "/home/me")
	for in, want := range map[string]string{
		"/home/me/.config/tweakdash/config.toml": "~/.config/tweakdash/config.toml",
		"/home/meadow/config.toml":               "/home/meadow/config.toml",
		"/etc/tweakdash/config.toml":             "/etc/tweakdash/config.toml",
	} {
		if got := tildePath(in); got != want {
			t.Errorf("tildePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDemoReadsOnlyTheMouseSetting(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	path := writeSettings(t, "mouse = true\nprofile = \"gone\"\n[profiles.default]\napi_key_command = \"touch "+marker+"; echo k\"\n", 0o600)
	st, err := resolveStartup(context.Background(), cliFlags{demo: true}, envOf("HTTPTWEAK_BASE_URL", "not a url"), path)
	if err != nil || !st.mouse || st.key != "" || len(st.notices) != 0 {
		t.Errorf("demo: err %v mouse %v key %q notices %q", err, st.mouse, st.key, st.notices)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the demo ran api_key_command")
	}
}
