package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"tweakdash/api/apitest"
)

// runServeCheck runs serve --check on body as the settings file (and
// hostKey as the host key file when not empty).
func runServeCheck(t *testing.T, body, hostKey string) (code int, stdout, stderr string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	writeSettingsFile(t, path, body)
	keyPath := filepath.Join(dir, "state", "host_key")
	if hostKey != "" {
		if err := os.MkdirAll(filepath.Dir(keyPath), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(keyPath, []byte(hostKey), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := serveEnv{settingsPath: path, stateDir: filepath.Join(dir, "state"), hostKeyPath: keyPath, getenv: func(string) string { return "" }}
	var out, errOut bytes.Buffer
	code = serveCmd(context.Background(), []string{"--check"}, env, nil, &out, &errOut)
	if _, err := os.Stat(keyPath); hostKey == "" && err == nil {
		t.Error("--check made a host key")
	}
	return code, out.String(), errOut.String()
}

func authorizedLine(s gossh.Signer, comment string) string {
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey()))) + " " + comment
}

func TestServeCheckPassesAGoodFile(t *testing.T) {
	body := serveSettings("http://127.0.0.1:1", map[string]gossh.Signer{"alice": newSigner(t), "bob": newSigner(t)})
	code, stdout, stderr := runServeCheck(t, body, "")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
	if !strings.Contains(stdout, "OK, users alice, bob") {
		t.Errorf("stdout %q does not name the users", stdout)
	}
}

// Each kind of bad settings file fails the check, and the message names
// the line at fault.
func TestServeCheckNamesTheBadLine(t *testing.T) {
	alice, bob := newSigner(t), newSigner(t)
	good := "[profiles.default]\nbase_url = \"http://127.0.0.1:1\"\napi_key = \"" + testKey + "\"\n\n" // lines 1-4
	aliceTable := "[serve.users.alice]\nkeys = [\"" + authorizedLine(alice, "alice@a") + "\"]\n"
	cases := []struct {
		name, body, want string
	}{
		{"bad key line", good + "[serve.users.alice]\nkeys = [\n  \"" + authorizedLine(alice, "a") + "\",\n  \"ssh-ed25519 AAAAnotbase64 bob@b\",\n]\n",
			":8: serve.users.alice.keys[1]: not an authorized_keys line"},
		{"key options", good + "[serve.users.alice]\nkeys = [\"from=\\\"10.0.0.1\\\" " + authorizedLine(alice, "a") + "\"]\n",
			":6: serve.users.alice.keys[0]: options such as from"},
		{"one key for two users", good + aliceTable + "[serve.users.bob]\nkeys = [\"" + authorizedLine(alice, "bob@b") + "\"]\n",
			":8: serve.users: the key"},
		{"bad value", good + "[serve]\nmax_sessions = 0\n" + aliceTable, ":6: serve.max_sessions: 0 is not between"},
		{"unknown setting", good + "[serve]\nmaxsessions = 3\n" + aliceTable, `:6: unknown setting "serve.maxsessions"`},
		{"unknown profile", good + aliceTable + "profile = \"work\"\n", ":7: serve.users.alice.profile: there is no [profiles.work]"},
		{"bad user name", good + aliceTable + "[serve.users.\"b/b\"]\nkeys = [\"" + authorizedLine(bob, "b") + "\"]\n", ":7: serve.users.b/b: a user name"},
		{"TOML syntax", good + "[serve\n" + aliceTable, ":6: expected"},
		{"wrong type", good + "[serve]\nmax_sessions = \"many\"\n" + aliceTable, ":6:"},
		{"no users", good, "no users"},
		{"no API key", "[profiles.default]\nbase_url = \"http://127.0.0.1:1\"\n\n" + aliceTable, "profile default has no API key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runServeCheck(t, c.body, "")
			if code != exitError {
				t.Errorf("exit %d, want %d; stdout %q", code, exitError, stdout)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr %q\nlacks %q", stderr, c.want)
			}
			if strings.Contains(stderr, testKey) {
				t.Error("the check printed the API key")
			}
		})
	}
}

func TestServeCheckRefusesAHostKeyOthersCanRead(t *testing.T) {
	body := serveSettings("http://127.0.0.1:1", map[string]gossh.Signer{"alice": newSigner(t)})
	code, _, stderr := runServeCheck(t, body, "not a key")
	if code != exitError || !strings.Contains(stderr, "can be read by others") {
		t.Errorf("exit %d, stderr %q; want 1 and the host key's mode", code, stderr)
	}
}

// metrics_addr serves the metrics; the session open shows in them.
func TestServeCommandServesMetrics(t *testing.T) {
	_, url, _ := testSandbox(t, apitest.Options{Data: apitest.DataDemo})
	alice := newSigner(t)
	body := strings.Replace(serveSettings(url, map[string]gossh.Signer{"alice": alice}), "[serve]\n", "[serve]\nmetrics_addr = \"127.0.0.1:0\"\n", 1)
	c := startServeCmd(t, body)
	addr := c.waitLog(`msg=metrics addr=(http://127\.0\.0\.1:\d+/metrics)`)[1]
	_, _ = c.shell(alice)
	c.waitLog(`msg="session start" .*user=alice`)
	resp, err := http.Get(addr) //nolint:noctx // the test's own server
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(b), `tweakdash_serve_sessions{user="alice"} 1`) {
		t.Errorf("the metrics do not count alice's session:\n%s", b)
	}
}
