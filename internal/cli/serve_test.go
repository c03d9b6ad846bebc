package cli

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"tweakdash/api/apitest"
)

// serveCmdTest runs "tweakdash serve" in the test process with its own
// settings file, state directory and signals.
type serveCmdTest struct {
	t        *testing.T
	settings string
	sigs     chan os.Signal
	stderr   *lockedBuffer
	done     chan int
	addr     string
	state    string // the state directory
}

func newSigner(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// serveSettings is a settings file whose default profile is the sandbox at
// url, with a user per name and key.
func serveSettings(url string, users map[string]gossh.Signer) string {
	var b strings.Builder
	b.WriteString("[profiles.default]\nbase_url = \"" + url + "\"\napi_key = \"" + testKey + "\"\n\n[serve]\nmax_sessions = 4\n")
	for name, s := range users {
		line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
		b.WriteString("\n[serve.users." + name + "]\nkeys = [\"" + line + " " + name + "@test\"]\n")
	}
	return b.String()
}

func writeSettingsFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

var servingAddr = regexp.MustCompile(`msg=serving addr=(127\.0\.0\.1:\d+)`)

// startServeCmd writes body as the settings and runs the command until it
// says where it serves.
func startServeCmd(t *testing.T, body string) *serveCmdTest {
	t.Helper()
	dir := t.TempDir()
	c := &serveCmdTest{t: t, settings: filepath.Join(dir, "config", "tweakdash", "config.toml"),
		sigs: make(chan os.Signal, 1), stderr: &lockedBuffer{}, done: make(chan int, 1)}
	writeSettingsFile(t, c.settings, body)
	c.state = filepath.Join(dir, "state")
	env := serveEnv{settingsPath: c.settings, stateDir: c.state,
		hostKeyPath: filepath.Join(dir, "state", "serve", "host_key"), getenv: func(string) string { return "" }}
	go func() {
		c.done <- serveCmd(context.Background(), []string{"--addr", "127.0.0.1:0"}, env, c.sigs, io.Discard, c.stderr)
	}()
	c.addr = c.waitLog(servingAddr.String())[1]
	t.Cleanup(func() {
		select {
		case <-c.done:
		default:
			c.sigs <- syscall.SIGTERM
			<-c.done
		}
		if strings.Contains(c.stderr.String(), testKey) {
			t.Error("the log holds the API key")
		}
		if t.Failed() {
			t.Logf("log:\n%s", c.stderr.String())
		}
	})
	return c
}

// waitLog waits for a log line matching pattern and returns its submatches.
func (c *serveCmdTest) waitLog(pattern string) []string {
	c.t.Helper()
	re := regexp.MustCompile(pattern)
	end := time.Now().Add(waitDeadline)
	for {
		if m := re.FindStringSubmatch(c.stderr.String()); m != nil {
			return m
		}
		select {
		case code := <-c.done:
			c.done <- code
			c.t.Fatalf("the command ended (status %d) before logging %q:\n%s", code, pattern, c.stderr.String())
		default:
		}
		if time.Now().After(end) {
			c.t.Fatalf("no log line matches %q:\n%s", pattern, c.stderr.String())
		}
		time.Sleep(5 * time.Millisecond) // the log is a buffer: polled
	}
}

func (c *serveCmdTest) dial(s gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", c.addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(s)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitDeadline}) //nolint:gosec // the test's own server
}

// shell opens a session with a terminal on a new connection as s; its
// output is dropped (the serve package's tests read screens).
func (c *serveCmdTest) shell(s gossh.Signer) (*gossh.Session, *lockedBuffer) {
	c.t.Helper()
	conn, err := c.dial(s)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { _ = conn.Close() })
	sess, err := conn.NewSession()
	if err != nil {
		c.t.Fatal(err)
	}
	var stderr lockedBuffer
	sess.Stdout, sess.Stderr = io.Discard, &stderr
	// Open, never written: a client whose input ends has its session ended.
	if _, err := sess.StdinPipe(); err != nil {
		c.t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		c.t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		c.t.Fatal(err)
	}
	return sess, &stderr
}

// ended waits for a session to end and returns its exit status.
func ended(t *testing.T, sess *gossh.Session) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()
	select {
	case err := <-done:
		var exit *gossh.ExitError
		if errors.As(err, &exit) {
			return exit.ExitStatus()
		}
		if err != nil {
			t.Fatalf("the session ended without a status: %v", err)
		}
		return 0
	case <-time.After(10 * time.Second):
		t.Fatal("the session has not ended within 10s")
		return -1
	}
}

// The command end to end: a user gets a session, a stranger is refused;
// SIGHUP with alice removed ends her session and locks her key out, a
// reload of a file others can write changes nothing, and SIGTERM with a
// session open ends it and the command, with status 0.
func TestServeCommandReloadsOnHangUpAndStopsOnTerminate(t *testing.T) {
	_, url, _ := testSandbox(t, apitest.Options{Data: apitest.DataDemo})
	alice, bob, stranger := newSigner(t), newSigner(t), newSigner(t)
	c := startServeCmd(t, serveSettings(url, map[string]gossh.Signer{"alice": alice}))
	c.waitLog(`host_key=SHA256:\S+ users=alice max_sessions=4 idle_timeout=30m0s max_sessions_per_user=4 max_window=512x256`)

	if conn, err := c.dial(stranger); err == nil {
		conn.Close()
		t.Fatal("a stranger's key got in")
	}
	sess, stderr := c.shell(alice)
	c.waitLog(`msg="session start" .*user=alice`)

	writeSettingsFile(t, c.settings, serveSettings(url, map[string]gossh.Signer{"bob": bob}))
	c.sigs <- syscall.SIGHUP
	c.waitLog(`msg=reloaded users=bob`)
	if code := ended(t, sess); code != 1 || !strings.Contains(stderr.String(), "your access to this server changed") {
		t.Errorf("alice's session after the reload: status %d, stderr %q", code, stderr.String())
	}
	if conn, err := c.dial(alice); err == nil {
		conn.Close()
		t.Error("alice's key still signs in after the reload")
	}

	if err := os.Chmod(c.settings, 0o666); err != nil {
		t.Fatal(err)
	}
	c.sigs <- syscall.SIGHUP
	c.waitLog(`reload failed; the users are unchanged.*writable by others`)
	if err := os.Chmod(c.settings, 0o600); err != nil {
		t.Fatal(err)
	}

	sess, stderr = c.shell(bob)
	c.waitLog(`msg="session start" .*user=bob`)
	start := time.Now()
	c.sigs <- syscall.SIGTERM
	if code := ended(t, sess); code != 1 || !strings.Contains(stderr.String(), "the server is stopping") {
		t.Errorf("bob's session at SIGTERM: status %d, stderr %q", code, stderr.String())
	}
	select {
	case code := <-c.done:
		c.done <- code
		if code != exitOK {
			t.Errorf("exit status %d after SIGTERM, want 0", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the command has not ended 10s after SIGTERM")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("SIGTERM took %s", d)
	}
	c.waitLog(`msg="session end" .*user=bob reason="server stopping"`)
	c.waitLog(`msg=stopped`)
}

func TestServeCommandUsage(t *testing.T) {
	env := serveEnv{settingsPath: filepath.Join(t.TempDir(), "none.toml"), stateDir: t.TempDir(),
		hostKeyPath: "/state/serve/host_key", getenv: func(string) string { return "" }}
	for _, c := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"--help"}, exitOK, "Usage: tweakdash serve [--addr ADDR] [--host-key PATH]"},
		{[]string{"--nope"}, exitUsage, "flag provided but not defined: -nope"},
		{[]string{"now"}, exitUsage, `unexpected argument "now"`},
		{nil, exitError, "no users: add a [serve.users.NAME] table"},
	} {
		var stdout, stderr lockedBuffer
		code := serveCmd(context.Background(), c.args, env, nil, &stdout, &stderr)
		if code != c.code || !strings.Contains(stdout.String()+stderr.String(), c.out) {
			t.Errorf("%q: status %d, output %q; want %d and %q", c.args, code, stdout.String()+stderr.String(), c.code, c.out)
		}
	}
}
