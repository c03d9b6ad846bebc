package settings

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"tweakdash/api"
)

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
	ls := Load(path)
	if !ls.broken || ls.Mouse || len(ls.Profiles) != 0 {
		t.Fatalf("a file that does not parse must give defaults: %+v", ls)
	}
	all := joinNotices(ls.Notices)
	if !strings.Contains(all, path+":3: ") || !strings.Contains(all, "using defaults") {
		t.Errorf("notice should name %s:3 and say defaults are used: %q", path, all)
	}
}

func TestLoadSettingsMissingFileIsSilent(t *testing.T) {
	ls := Load(filepath.Join(t.TempDir(), "nope", "config.toml"))
	if ls.exists || ls.broken || len(ls.Notices) != 0 {
		t.Errorf("%+v", ls)
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
		"[serve]\nmax_sessions = \"x\"\nidle_timeout = 5\n[serve.users.a]\nkeys = [1]\nprofile = 2\n",
		"[serve.users.\"a b\"]\nkeys = [\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0Zjy4ldkJ3dh3BL0jMtM7MnvNfkGzMpCCTSsu6Mb6v x\"]\n",
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
			if _, err := api.CheckBaseURL(p.BaseURL); p.BaseURL != "" && err != nil {
				t.Fatalf("bad base_url kept: %q", p.BaseURL)
			}
		}
		if sv := s.Serve; sv.MaxSessions < 1 || sv.MaxSessions > maxServeSessions || sv.IdleTimeout < 0 || checkAddr(sv.Addr) != nil {
			t.Fatalf("bad [serve] value kept: %+v", sv)
		}
		owner := map[string]string{}
		for name, u := range s.Serve.Users {
			if !serveUserName.MatchString(name) {
				t.Fatalf("bad user name kept: %q", name)
			}
			for _, k := range u.Keys {
				if prev, dup := owner[string(k.Marshal())]; dup {
					t.Fatalf("one key kept for %s and %s", prev, name)
				}
				owner[string(k.Marshal())] = name
			}
		}
	})
}

func TestTildePathShortensTheHomeDirectoryOnly(t *testing.T) {
	t.Setenv("HOME", "/home/me")
	for in, want := range map[string]string{
		"/home/me/.config/tweakdash/config.toml": "~/.config/tweakdash/config.toml",
		"/home/meadow/config.toml":               "/home/meadow/config.toml",
		"/etc/tweakdash/config.toml":             "/etc/tweakdash/config.toml",
	} {
		if got := Tilde(in); got != want {
			t.Errorf("Tilde(%q) = %q, want %q", in, got, want)
		}
	}
}

// A settings file that is not a small regular file is not read, and start-up
// goes on with defaults: a link to /dev/zero would grow memory until the
// process dies, and a FIFO would stall start-up for ever.
func TestLoadSettingsReadsOnlyASmallRegularFile(t *testing.T) {
	for _, c := range []struct {
		name string
		make func(path string) error
		want string
	}{
		{"a link to /dev/zero", func(path string) error { return os.Symlink("/dev/zero", path) }, "not a regular file"},
		{"a FIFO", func(path string) error { return syscall.Mkfifo(path, 0o600) }, "not a regular file"},
		{"over 1 MiB", func(path string) error {
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				return err
			}
			return os.Truncate(path, maxSettingsSize+1)
		}, "larger than 1 MiB"},
	} {
		path := filepath.Join(t.TempDir(), "tweakdash", "config.toml")
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := c.make(path); err != nil {
			t.Fatal(err)
		}
		loaded := make(chan File, 1)
		go func() { loaded <- Load(path) }()
		select {
		case sf := <-loaded:
			if all := joinNotices(sf.Notices); !sf.broken || !strings.Contains(all, c.want) || !strings.Contains(all, "using defaults") {
				t.Errorf("%s: broken %v, notices %q; want a notice saying %q", c.name, sf.broken, all, c.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: Load has not returned after 10s", c.name)
		}
	}
}
