package settings

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// authorizedKey returns a fresh public key as an authorized_keys line
// (without its newline) and the key.
func authorizedKey(t *testing.T, comment string) (string, ssh.PublicKey) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k)))
	if comment != "" {
		line += " " + comment
	}
	return line, k
}

func TestParseServeReadsEveryField(t *testing.T) {
	alice, aliceKey := authorizedKey(t, "alice@laptop")
	bob, _ := authorizedKey(t, "")
	s, notices, err := parseSettings([]byte(`
[profiles.default]
api_key = "k"
[profiles.prod]
api_key = "p"

[serve]
addr = ":2222"
host_key = "/srv/tweakdash/host_key"
max_sessions = 4
max_sessions_per_user = 2
max_window = "300x100"
idle_timeout = "5m"

[serve.users.alice]
keys = ["` + alice + `"]
profile = "prod"

[serve.users.bob]
keys = ["` + bob + `"]
read_only = true
`))
	if err != nil || len(notices) > 0 {
		t.Fatalf("err %v, notices %q", err, notices)
	}
	sv := s.Serve
	if sv.Addr != ":2222" || sv.HostKey != "/srv/tweakdash/host_key" || sv.MaxSessions != 4 || sv.IdleTimeout != 5*time.Minute {
		t.Errorf("serve = %+v", sv)
	}
	if sv.MaxSessionsPerUser != 2 || sv.MaxWindow != (WindowSize{Cols: 300, Rows: 100}) {
		t.Errorf("max_sessions_per_user %d, max_window %s; want 2 and 300x100", sv.MaxSessionsPerUser, sv.MaxWindow)
	}
	a, b := sv.Users["alice"], sv.Users["bob"]
	if len(a.Keys) != 1 || string(a.Keys[0].Marshal()) != string(aliceKey.Marshal()) || a.Profile != "prod" || a.ReadOnly {
		t.Errorf("alice = %+v", a)
	}
	if len(b.Keys) != 1 || b.Profile != "default" || !b.ReadOnly {
		t.Errorf("bob = %+v (the profile defaults to default)", b)
	}
}

func TestParseServeDefaultsWithoutTheTable(t *testing.T) {
	s, _, _ := parseSettings([]byte(`mouse = true`))
	want := Serve{Addr: "127.0.0.1:23234", MaxSessions: 16, IdleTimeout: 30 * time.Minute}
	if got := s.Serve; got.Addr != want.Addr || got.MaxSessions != want.MaxSessions || got.IdleTimeout != want.IdleTimeout || got.HostKey != "" || len(got.Users) != 0 ||
		got.MaxSessionsPerUser != 4 || got.MaxWindow != (WindowSize{Cols: 512, Rows: 256}) {
		t.Errorf("serve = %+v, want the defaults %+v", got, want)
	}
	if ls := Load(filepath.Join(t.TempDir(), "none.toml")); ls.Serve.Addr != DefaultServeAddr || ls.Serve.MaxSessions != DefaultServeMaxSessions {
		t.Errorf("a missing file gives serve = %+v, want the defaults", ls.Serve)
	}
	s, _, _ = parseSettings([]byte("[serve]\nidle_timeout = \"0\"\n"))
	if s.Serve.IdleTimeout != 0 {
		t.Errorf("idle_timeout = \"0\" gave %s, want none", s.Serve.IdleTimeout)
	}
}

// Every bad entry is left out with a notice that names it; the rest stays.
func TestParseServeDropsBadEntriesWithNotices(t *testing.T) {
	good, _ := authorizedKey(t, "good")
	shared, _ := authorizedKey(t, "shared")
	s, notices, err := parseSettings([]byte(`
[profiles.prod]
api_key = "p"

[serve]
addr = "localhost"
max_sessions = 0
max_sessions_per_user = 0
max_window = "4500x4500"
idle_timeout = "soon"
colour = "red"

[serve.users.alice]
keys = [
  "` + good + `",
  "not a key",
  'from="10.0.0.0/8" ` + good + `',
  "` + shared + `",
]
read_only = "yes"
shoe_size = 42

[serve.users.bob]
keys = ["` + shared + `"]

[serve.users.carol]
keys = ["` + good + `x"]
profile = "staging"

[serve.users."../etc"]
keys = []
`))
	if err != nil {
		t.Fatal(err)
	}
	sv := s.Serve
	if sv.Addr != DefaultServeAddr || sv.MaxSessions != DefaultServeMaxSessions || sv.IdleTimeout != DefaultServeIdleTimeout ||
		sv.MaxSessionsPerUser != DefaultServeMaxSessionsPerUser || sv.MaxWindow != DefaultServeMaxWindow {
		t.Errorf("bad values were kept: %+v", sv)
	}
	alice, ok := sv.Users["alice"]
	if !ok || len(alice.Keys) != 1 || !alice.ReadOnly {
		t.Errorf("alice = %+v: want her one good key, and read-only kept (fail safe)", alice)
	}
	if bob := sv.Users["bob"]; len(bob.Keys) != 0 {
		t.Errorf("bob keeps the key he shares with alice: %+v", bob)
	}
	for _, gone := range []string{"carol", "../etc"} {
		if _, ok := sv.Users[gone]; ok {
			t.Errorf("user %q was kept", gone)
		}
	}
	all := joinNotices(notices)
	for _, want := range []string{
		`serve.addr: "localhost" is not host:port`,
		"serve.max_sessions: 0 is not between 1 and 1024",
		"serve.max_sessions_per_user: 0 is not between 1 and 1024; using 4",
		`serve.max_window: "4500x4500" is not columns x rows like "512x256", from 80x24 to 640x360; using 512x256`,
		`serve.idle_timeout: "soon" is not a duration`,
		`unknown setting "serve.colour"`,
		"serve.users.alice.keys[1]: not an authorized_keys line",
		"serve.users.alice.keys[2]: options such as from are not supported",
		"serve.users.alice.read_only", "kept read-only",
		`unknown setting "serve.users.alice.shoe_size"`,
		"is listed for alice, bob; refused for all of them",
		"serve.users.bob has no usable key",
		"serve.users.carol.profile: there is no [profiles.staging]; user ignored",
		"serve.users.../etc: a user name is letters",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("notices lack %q:\n%s", want, all)
		}
	}
	for _, n := range notices {
		if strings.Contains(n, strings.Fields(good)[1]) || strings.Contains(n, strings.Fields(shared)[1]) {
			t.Errorf("a notice quotes a key: %q", n)
		}
	}
}

// max_window is COLSxROWS within its range; anything else is a notice
// and the default.
func TestParseServeMaxWindow(t *testing.T) {
	for text, want := range map[string]WindowSize{
		"512x256": {512, 256}, " 200 X 60 ": {200, 60}, "80x24": {80, 24}, "640x360": {640, 360},
		"641x360": DefaultServeMaxWindow, "640x361": DefaultServeMaxWindow, "79x24": DefaultServeMaxWindow, "512": DefaultServeMaxWindow,
		"x": DefaultServeMaxWindow, "512x256x3": DefaultServeMaxWindow, "-512x256": DefaultServeMaxWindow, "": DefaultServeMaxWindow,
	} {
		s, notices, _ := parseSettings([]byte("[serve]\nmax_window = '" + text + "'\n"))
		if s.Serve.MaxWindow != want {
			t.Errorf("max_window %q gave %s, want %s", text, s.Serve.MaxWindow, want)
		}
		if noted := len(notices) > 0; noted != (want == DefaultServeMaxWindow && text != "512x256") {
			t.Errorf("max_window %q: notices %q", text, notices)
		}
	}
}

// Users whose names differ only in case would share their files on a file
// system that ignores case: both are refused, by name, and others stay.
func TestParseServeRefusesNamesThatDifferOnlyInCase(t *testing.T) {
	a, _ := authorizedKey(t, "")
	b, _ := authorizedKey(t, "")
	c, _ := authorizedKey(t, "")
	s, notices, err := parseSettings([]byte(`
[serve.users.alice]
keys = ["` + a + `"]
[serve.users.Alice]
keys = ["` + b + `"]
[serve.users.bob]
keys = ["` + c + `"]
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"alice", "Alice"} {
		if _, ok := s.Serve.Users[name]; ok {
			t.Errorf("%s was kept beside a name that differs only in case", name)
		}
	}
	if _, ok := s.Serve.Users["bob"]; !ok {
		t.Error("bob was refused too")
	}
	if all := joinNotices(notices); !strings.Contains(all, "serve.users: Alice, alice differ only in case") {
		t.Errorf("notices do not name both: %q", notices)
	}
}

func TestParseServeRejectsNonTables(t *testing.T) {
	for _, body := range []string{"serve = 3", "[serve]\nusers = 1", "[serve.users]\nalice = 1"} {
		s, notices, err := parseSettings([]byte(body))
		if err != nil || len(notices) != 1 || len(s.Serve.Users) != 0 {
			t.Errorf("%q: users %v, notices %q, err %v", body, s.Serve.Users, notices, err)
		}
	}
}

// host_key: "~/" is the home directory and a relative path lies beside the
// settings file, wherever tweakdash serve was started.
func TestLoadServeHostKeyPath(t *testing.T) {
	t.Setenv("HOME", "/home/me")
	for in, want := range map[string]string{
		"~/keys/host":   "/home/me/keys/host",
		"/etc/td/host":  "/etc/td/host",
		"keys/../host":  "host",
		"host_ed25519":  "host_ed25519",
		"./a/host_file": "a/host_file",
	} {
		path := writeSettings(t, "[serve]\nhost_key = '"+in+"'\n", 0o600)
		ls := Load(path)
		if !strings.HasPrefix(want, "/") {
			want = filepath.Join(filepath.Dir(path), want)
		}
		if ls.Serve.HostKey != want {
			t.Errorf("host_key %q loaded as %q, want %q (notices %q)", in, ls.Serve.HostKey, want, ls.Notices)
		}
	}
}

// The ownership rule holds for [serve] as for the rest: a file others can
// write is not used at all, so nobody else can add a user.
func TestLoadServeFromAFileOthersCanWriteIsRefused(t *testing.T) {
	line, _ := authorizedKey(t, "")
	path := writeSettings(t, "[serve.users.alice]\nkeys = [\""+line+"\"]\n", 0o600)
	if ls := Load(path); ls.Broken() || len(ls.Serve.Users) != 1 {
		t.Fatalf("a private file: broken %v, users %v, notices %q", ls.Broken(), ls.Serve.Users, ls.Notices)
	}
	if err := os.Chmod(path, 0o620); err != nil {
		t.Fatal(err)
	}
	ls := Load(path)
	if !ls.Broken() || len(ls.Serve.Users) != 0 || !strings.Contains(joinNotices(ls.Notices), "writable by others") {
		t.Errorf("a group-writable file: broken %v, users %v, notices %q", ls.Broken(), ls.Serve.Users, ls.Notices)
	}
}

// metrics_addr is off unless set; a host left out is the loopback
// address, since the metrics name the users; a bad one serves none.
func TestParseServeMetricsAddr(t *testing.T) {
	for text, want := range map[string]string{
		"": "", ":9100": "127.0.0.1:9100", "0.0.0.0:9100": "0.0.0.0:9100", "[::1]:9100": "[::1]:9100",
		"127.0.0.1:0": "127.0.0.1:0", "9100": "", "host:port": "",
	} {
		body := "[serve]\n"
		if text != "" {
			body += "metrics_addr = '" + text + "'\n"
		}
		s, notices, _ := parseSettings([]byte(body))
		if s.Serve.MetricsAddr != want {
			t.Errorf("metrics_addr %q gave %q, want %q", text, s.Serve.MetricsAddr, want)
		}
		if noted := len(notices) > 0; noted != (want == "" && text != "") {
			t.Errorf("metrics_addr %q: notices %q", text, notices)
		}
	}
}
