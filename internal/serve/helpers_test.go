package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/model"
)

// testKey is the sandbox's API key: every log, screen and byte a client
// receives is scanned for it.
const testKey = "serve-test-key-7d1e4b9a02"

// deadline bounds every wait. Waits wake on each change, so a pass is
// quick; the bound is for CI's two busy cores.
const deadline = 20 * time.Second

// logBuffer collects the server's log lines; safe for concurrent use.
type logBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newLogBuffer() *logBuffer { return &logBuffer{changed: make(chan struct{})} }

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.changed)
	b.changed = make(chan struct{})
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitLine waits until a log line holds every one of parts, and returns it.
func (b *logBuffer) waitLine(t *testing.T, parts ...string) string {
	t.Helper()
	end := time.After(deadline)
	for {
		b.mu.Lock()
		text, changed := b.buf.String(), b.changed
		b.mu.Unlock()
		for _, line := range strings.Split(text, "\n") {
			if containsAll(line, parts...) {
				return line
			}
		}
		select {
		case <-changed:
		case <-end:
			t.Fatalf("no log line holds %q; the log:\n%s", parts, text)
		}
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// testEnv is a Server on a loopback port with the sandbox as its API.
type testEnv struct {
	t        *testing.T
	srv      *Server
	addr     string
	sandbox  *apitest.Server
	api      *api.Client // to the sandbox, for the tests' own checks
	account  *Account
	log      *logBuffer
	stateDir string
	served   chan error // what Serve returned
	configs  []model.Config
}

// testUser is a user of a test server: a fresh key each.
type testUser struct {
	name     string
	readOnly bool
	signer   gossh.Signer
}

func newTestUser(t *testing.T, name string, readOnly bool) testUser {
	return testUser{name: name, readOnly: readOnly, signer: newSigner(t)}
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

// startServer serves users on 127.0.0.1 with the demo sandbox until the
// test ends; edit changes the config first.
func startServer(t *testing.T, users []testUser, edit func(*Config)) *testEnv {
	t.Helper()
	e := &testEnv{t: t, log: newLogBuffer(), stateDir: t.TempDir(), served: make(chan error, 1)}
	e.sandbox = apitest.New(apitest.Options{APIKey: testKey, Data: apitest.DataDemo})
	hs := httptest.NewServer(e.sandbox)
	t.Cleanup(hs.Close)
	c, err := api.NewClient(hs.URL, testKey)
	if err != nil {
		t.Fatal(err)
	}
	e.api = c
	list, _, err := c.ListConfigs(context.Background())
	if err != nil || len(list.Configurations) < 2 {
		t.Fatalf("sandbox configs: %v", err)
	}
	e.configs = list.Configurations
	e.account = &Account{Profile: "default", Host: hostOf(hs.URL)}
	if e.account.Client, err = accountClient(hs.URL, testKey, &e.account.counts); err != nil {
		t.Fatal(err)
	}
	hostKey, err := HostKey(filepath.Join(t.TempDir(), "host_key"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		HostKey:     hostKey,
		MaxSessions: 4,
		IdleTimeout: time.Hour,
		StateDir:    e.stateDir,
		Log:         slog.New(slog.NewTextHandler(e.log, nil)),
	}
	if edit != nil {
		edit(&cfg)
	}
	e.srv, err = New(cfg, e.users(users))
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.addr = l.Addr().String()
	go func() { e.served <- e.srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		defer cancel()
		_ = e.srv.Shutdown(ctx)
		<-e.served
		noSessionGoroutines(t) // nothing of any session outlives the server
		if strings.Contains(e.log.String(), testKey) {
			t.Error("the log holds the API key")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", e.log.String())
		}
	})
	return e
}

// users makes the Users of the test users, all on the sandbox account.
func (e *testEnv) users(list []testUser) *Users {
	e.t.Helper()
	var users []User
	for _, u := range list {
		users = append(users, User{Name: u.name, Keys: []gossh.PublicKey{u.signer.PublicKey()}, ReadOnly: u.readOnly, Account: e.account})
	}
	us, err := NewUsers(users)
	if err != nil {
		e.t.Fatal(err)
	}
	return us
}

// dial opens an SSH connection with signer; the host key is not checked
// (the test's own server).
func (e *testEnv) dial(signer gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", e.addr, &gossh.ClientConfig{
		User:            "anyone", // the SSH user name is the client's to choose: never used
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), //nolint:gosec // the test's own server
		Timeout:         deadline,
	})
}

func (e *testEnv) mustDial(signer gossh.Signer) *gossh.Client {
	e.t.Helper()
	c, err := e.dial(signer)
	if err != nil {
		e.t.Fatalf("dial: %v", err)
	}
	e.t.Cleanup(func() { _ = c.Close() })
	return c
}

// sshTerm is a client session with a terminal: what the server writes goes
// into a terminal emulator, whose replies (the background colour query)
// go back, as a real terminal's do.
type sshTerm struct {
	t      *testing.T
	conn   *gossh.Client
	sess   *gossh.Session
	stdin  io.WriteCloser
	emu    *vt.SafeEmulator
	stderr *logBuffer

	mu      sync.Mutex
	raw     bytes.Buffer
	changed chan struct{}

	exited chan struct{}
	exit   error // sess.Wait's result, once exited is closed
}

// open starts a session with a w×h terminal and a shell on conn.
func (e *testEnv) open(conn *gossh.Client, w, h int) *sshTerm {
	e.t.Helper()
	tm, err := startTerm(e.t, conn, w, h, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return tm
}

// connect dials as u and opens a w×h session.
func (e *testEnv) connect(u testUser, w, h int) *sshTerm {
	e.t.Helper()
	return e.open(e.mustDial(u.signer), w, h)
}

// startTerm opens the session; before, if set, runs before the terminal
// and the shell are asked for (agent forwarding, the environment, the
// emulator's colours).
func startTerm(t *testing.T, conn *gossh.Client, w, h int, before func(*sshTerm) error) (*sshTerm, error) {
	return startTermAsking(t, conn, w, h, w, h, before)
}

// startTermAsking is startTerm with a w×h terminal that asks for a
// ptyW×ptyH window, as a client that lies about its size does.
func startTermAsking(t *testing.T, conn *gossh.Client, w, h, ptyW, ptyH int, before func(*sshTerm) error) (*sshTerm, error) {
	sess, err := conn.NewSession()
	if err != nil {
		return nil, err
	}
	tm := &sshTerm{t: t, conn: conn, sess: sess, emu: vt.NewSafeEmulator(w, h), stderr: newLogBuffer(),
		changed: make(chan struct{}), exited: make(chan struct{})}
	sess.Stdout = tm
	sess.Stderr = tm.stderr
	if tm.stdin, err = sess.StdinPipe(); err != nil {
		return nil, err
	}
	if before != nil {
		if err := before(tm); err != nil {
			return nil, err
		}
	}
	if err := sess.RequestPty("xterm-256color", ptyH, ptyW, gossh.TerminalModes{}); err != nil {
		return nil, err
	}
	if err := sess.Shell(); err != nil {
		return nil, err
	}
	go func() { // the emulator's replies to the program's queries
		buf := make([]byte, 1024)
		for {
			n, err := tm.emu.Read(buf)
			if n > 0 {
				_, _ = tm.stdin.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		tm.exit = sess.Wait()
		close(tm.exited)
	}()
	t.Cleanup(func() {
		_ = sess.Close()
		if pw, ok := tm.emu.InputPipe().(*io.PipeWriter); ok {
			_ = pw.CloseWithError(io.EOF)
		}
		if t.Failed() {
			t.Logf("screen at the end:\n%s\nstderr: %s", tm.screen(), tm.stderr.String())
		}
	})
	return tm, nil
}

// Write takes what the server sent to the terminal.
func (tm *sshTerm) Write(p []byte) (int, error) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	tm.raw.Write(p)
	_, _ = tm.emu.Write(p)
	close(tm.changed)
	tm.changed = make(chan struct{})
	return len(p), nil
}

// screen is the text on the emulated screen.
func (tm *sshTerm) screen() string { return ansi.Strip(tm.emu.Render()) }

// output is every byte the server sent to the terminal.
func (tm *sshTerm) output() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.raw.String()
}

// waitFor waits until ok holds for the screen.
func (tm *sshTerm) waitFor(what string, ok func(string) bool) string {
	tm.t.Helper()
	end := time.After(deadline)
	for {
		tm.mu.Lock()
		changed := tm.changed
		tm.mu.Unlock()
		s := tm.screen()
		if ok(s) {
			return s
		}
		select {
		case <-changed:
		case <-tm.exited:
			if s = tm.screen(); ok(s) {
				return s
			}
			tm.t.Fatalf("the session ended (%v) before the screen showed %s; stderr %q", tm.exit, what, tm.stderr.String())
		case <-end:
			tm.t.Fatalf("the screen does not show %s after %s", what, deadline)
		}
	}
}

// waitText waits until every one of texts is on the screen.
func (tm *sshTerm) waitText(texts ...string) string {
	tm.t.Helper()
	return tm.waitFor(fmt.Sprintf("%q", texts), func(s string) bool { return containsAll(s, texts...) })
}

// sgrRE matches one SGR (select graphic rendition) sequence.
var sgrRE = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// sgrParams lists the parameters of every SGR sequence in out: "34" is a
// blue foreground, "46" a cyan background.
func sgrParams(out string) map[string]bool {
	params := map[string]bool{}
	for _, m := range sgrRE.FindAllStringSubmatch(out, -1) {
		for _, p := range strings.Split(m[1], ";") {
			params[p] = true
		}
	}
	return params
}

// hasSGR reports whether out sets the attributes seq ("38;5;25") in one
// of its SGR sequences, alone or among others.
func hasSGR(out, seq string) bool {
	for _, m := range sgrRE.FindAllStringSubmatch(out, -1) {
		if strings.Contains(";"+m[1]+";", ";"+seq+";") {
			return true
		}
	}
	return false
}

// press types keys: the bytes a terminal sends.
func (tm *sshTerm) press(keys string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.stdin, keys); err != nil {
		tm.t.Fatalf("typing %q: %v", keys, err)
	}
}

// resize changes the window, as a person dragging it does.
func (tm *sshTerm) resize(w, h int) {
	tm.t.Helper()
	tm.emu.Resize(w, h)
	if err := tm.sess.WindowChange(h, w); err != nil {
		tm.t.Fatal(err)
	}
}

// wait waits for the session to end and returns its exit status.
func (tm *sshTerm) wait() int {
	tm.t.Helper()
	select {
	case <-tm.exited:
	case <-time.After(deadline):
		tm.t.Fatalf("the session has not ended after %s", deadline)
	}
	var exit *gossh.ExitError
	switch {
	case tm.exit == nil:
		return 0
	case errors.As(tm.exit, &exit):
		return exit.ExitStatus()
	}
	tm.t.Fatalf("the session ended without a status: %v", tm.exit)
	return -1
}

// loaded waits for the dashboard with the config list loaded.
func (tm *sshTerm) loaded(e *testEnv) string {
	tm.t.Helper()
	return tm.waitText(prefix(e.configs[0].Name, 12), prefix(e.configs[1].Name, 12))
}

// opened opens the first config and waits for its servers.
func (tm *sshTerm) opened(e *testEnv) {
	tm.t.Helper()
	tm.press("\r")
	tm.waitText(fmt.Sprintf("Servers (%d)", int(e.configs[0].ServersCount)))
}

func prefix(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// sessionGoroutines lists the goroutines of sessions: a program, its
// input, the session's watch, the SSH session. The accept loop and the
// connections' own goroutines are not sessions.
func sessionGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var found []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		for _, mark := range []string{
			"charm.land/bubbletea/v2.", "github.com/charmbracelet/ultraviolet.",
			"tweakdash/internal/serve.(*session)", "tweakdash/internal/serve.(*Server).watch", "tweakdash/internal/serve.(*Server).runDashboard",
			"tweakdash/internal/serve.drain", "tweakdash/internal/serve.decodeInput", "tweakdash/internal/serve.(*quietInput)",
			"tweakdash/ui.", "charm.land/ssh.(*session)",
		} {
			if strings.Contains(g, mark) {
				found = append(found, g)
				break
			}
		}
	}
	return found
}

// noSessionGoroutines waits until no session goroutine is left.
func noSessionGoroutines(t *testing.T) {
	t.Helper()
	end := time.Now().Add(deadline)
	for {
		left := sessionGoroutines()
		if len(left) == 0 {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("%d session goroutines left after %s:\n%s", len(left), deadline, strings.Join(left, "\n\n"))
		}
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond) // the goroutines end on their own: poll their list
	}
}
