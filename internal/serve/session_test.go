package serve

import (
	"context"
	"image/color"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// A client that drops its connection ends its dashboard: no goroutine of
// the session is left, and the log says it was a disconnect.
func TestDisconnectEndsTheProgramAndLeavesNoGoroutine(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	tm := e.connect(alice, 100, 30)
	tm.loaded(e)
	tm.opened(e)
	if len(sessionGoroutines()) == 0 {
		t.Fatal("no session goroutine found while a session runs: the test would prove nothing")
	}
	tm.conn.Close()
	e.log.waitLine(t, "session end", "user=alice", `reason="closed by the client"`)
	noSessionGoroutines(t)
}

// A client that closes its session channel but keeps the connection (as
// OpenSSH's ControlMaster does) ends the dashboard too: wish's middleware
// would spin on the closed window-change channel until the connection
// died. Here the session's goroutines end while the connection stays
// open and usable.
func TestClosedChannelWithTheConnectionKeptDoesNotSpin(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	conn := e.mustDial(alice.signer)
	tm := e.open(conn, 100, 30)
	tm.loaded(e)
	if err := tm.sess.Close(); err != nil {
		t.Fatal(err)
	}
	e.log.waitLine(t, "session end", "user=alice", `reason="closed by the client"`)
	noSessionGoroutines(t)
	if _, _, err := conn.SendRequest("keepalive@openssh.com", true, nil); err != nil {
		t.Fatalf("the connection is gone: %v", err)
	}
	again := e.open(conn, 100, 30) // the same connection serves a new session
	again.loaded(e)
	again.press("q")
	again.wait()
}

// max_sessions caps the dashboards at once; a session refused for it says
// so, and a slot freed is taken again.
func TestMaxSessions(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, func(c *Config) { c.MaxSessions = 2 })
	first := e.connect(alice, 100, 30)
	first.loaded(e)
	second := e.connect(alice, 100, 30)
	second.loaded(e)

	third := e.connect(alice, 100, 30)
	if code := third.wait(); code != 1 {
		t.Errorf("exit status %d over the limit, want 1", code)
	}
	if !strings.Contains(third.stderr.String(), "the server has 2 sessions open") {
		t.Errorf("stderr %q does not say why", third.stderr.String())
	}
	e.log.waitLine(t, "session refused", `reason="server full"`)

	first.press("q")
	first.wait()
	e.log.waitLine(t, "session end", "reason=quit")
	fourth := e.connect(alice, 100, 30)
	fourth.loaded(e)
}

// A window change reaches the dashboard, whichever way: too small, then
// large again.
func TestResize(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	tm := e.connect(alice, 100, 30)
	tm.loaded(e)
	tm.resize(30, 8)
	tm.waitText("Window too")
	tm.resize(120, 40)
	tm.loaded(e)
	tm.waitFor("the layout at 120x40", func(s string) bool {
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		return len(lines) >= 40 && strings.Contains(lines[39], "q quit")
	})
}

// A bracketed paste from the client's terminal arrives as a paste: here
// into the config list's filter, which keeps only the pasted name.
func TestPaste(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	tm := e.connect(alice, 100, 30)
	tm.loaded(e)
	tm.press("/")
	tm.emu.Paste(e.configs[1].Name)
	tm.waitFor("the list filtered to the pasted name", func(s string) bool {
		return strings.Contains(s, e.configs[1].Name) && !strings.Contains(s, prefix(e.configs[0].Name, 12))
	})
}

// y copies a server key with OSC 52, which goes to the client's terminal.
func TestCopyReachesTheClientsTerminal(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	tm := e.connect(alice, 100, 30)
	tm.loaded(e)
	tm.opened(e)
	tm.press("y")
	tm.waitText("Copied server key")
	if !strings.Contains(tm.output(), "\x1b]52;c;") {
		t.Error("no OSC 52 sequence reached the client")
	}
}

// SIGTERM's path: Shutdown tells every open session that the server is
// stopping, keeps an open form as a draft of its user, restores each
// client's terminal, and returns within the grace period; Serve returns.
func TestShutdownWithSessionsOpen(t *testing.T) {
	alice, bob := newTestUser(t, "alice", false), newTestUser(t, "bob", false)
	e := startServer(t, []testUser{alice, bob}, nil)
	a := e.connect(alice, 100, 30)
	a.loaded(e)
	a.opened(e)
	a.press("n")
	a.waitText("New server", "Tunnel type")
	a.press("\rHalf typed")
	a.waitText("Half typed")
	b := e.connect(bob, 100, 30)
	b.loaded(e)

	ctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	start := time.Now()
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v after %s", err, time.Since(start))
	}
	select {
	case err := <-e.served:
		e.served <- err // for the cleanup
		if err != nil {
			t.Errorf("Serve returned %v", err)
		}
	case <-time.After(deadline):
		t.Fatal("Serve has not returned after Shutdown")
	}
	for _, tm := range []*sshTerm{a, b} {
		if code := tm.wait(); code != 1 {
			t.Errorf("exit status %d, want 1", code)
		}
		if !strings.Contains(tm.stderr.String(), "the server is stopping") {
			t.Errorf("stderr %q does not say the server is stopping", tm.stderr.String())
		}
		if tm.emu.IsAltScreen() {
			t.Error("a client's terminal was left on the alternate screen")
		}
	}
	if !strings.Contains(a.stderr.String(), "kept as a draft") {
		t.Errorf("alice was not told her form was kept: %q", a.stderr.String())
	}
	if d := draftFiles(t, e, "alice"); len(d) != 1 || !strings.Contains(d[0], "Half typed") {
		t.Errorf("alice's drafts: %q", d)
	}
	if d := draftFiles(t, e, "bob"); len(d) != 0 {
		t.Errorf("bob has drafts: %q", d)
	}
	e.log.waitLine(t, "session end", "user=alice", `reason="server stopping"`)
	e.log.waitLine(t, "session end", "user=bob", `reason="server stopping"`)
	if c, err := e.dial(alice.signer); err == nil {
		c.Close()
		t.Error("a connection was accepted after Shutdown")
	}
	noSessionGoroutines(t)
}

// Drafts are per user: a form left open by a dropped connection is offered
// to its user at the next session, and to nobody else.
func TestDraftsArePerUser(t *testing.T) {
	alice, bob := newTestUser(t, "alice", false), newTestUser(t, "bob", false)
	e := startServer(t, []testUser{alice, bob}, nil)
	a := e.connect(alice, 100, 30)
	a.loaded(e)
	a.opened(e)
	a.press("n")
	a.waitText("New server", "Tunnel type")
	a.press("\rDropped mid-form")
	a.waitText("Dropped mid-form")
	a.conn.Close()
	e.log.waitLine(t, "session end", "user=alice", `reason="closed by the client"`)

	b := e.connect(bob, 100, 30)
	b.loaded(e)
	if strings.Contains(b.screen(), "Restore") {
		t.Error("bob was offered alice's draft")
	}
	a = e.connect(alice, 100, 30)
	a.waitText("Restore your unsaved new server 'Dropped mid-form'")
	a.press("\r") // yes
	a.waitText("New server", "Dropped mid-form")
	// The keys after the question reach the dashboard: none is lost
	// between the two programs.
	a.press("\x1b")
	a.waitFor("the form closed", func(s string) bool { return !strings.Contains(s, "New server") })
	a.press("q")
	if code := a.wait(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	if a.emu.IsAltScreen() || strings.Contains(a.screen(), "Restore") {
		t.Errorf("the question was left on the client's screen:\n%s", a.screen())
	}
}

// No key pressed for the idle timeout ends the session, with a word to the
// client; the log says why.
func TestIdleTimeoutEndsTheSession(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, func(c *Config) { c.IdleTimeout = 300 * time.Millisecond })
	tm := e.connect(alice, 100, 30)
	if code := tm.wait(); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if !strings.Contains(tm.stderr.String(), "without a key press") {
		t.Errorf("stderr %q does not say why", tm.stderr.String())
	}
	e.log.waitLine(t, "session end", "user=alice", "reason=idle")
}

// A reload that removes a user's key, or changes their rights, ends their
// sessions; others go on.
func TestReloadEndsTheSessionsWhoseAccessChanged(t *testing.T) {
	alice, bob, carol := newTestUser(t, "alice", false), newTestUser(t, "bob", false), newTestUser(t, "carol", false)
	e := startServer(t, []testUser{alice, bob, carol}, nil)
	a, b, c := e.connect(alice, 100, 30), e.connect(bob, 100, 30), e.connect(carol, 100, 30)
	for _, tm := range []*sshTerm{a, b, c} {
		tm.loaded(e)
	}
	bob.readOnly = true
	e.srv.SetUsers(e.users([]testUser{bob, carol}))
	for _, tm := range []*sshTerm{a, b} {
		if code := tm.wait(); code != 1 {
			t.Errorf("exit status %d, want 1", code)
		}
		if !strings.Contains(tm.stderr.String(), "your access to this server changed") {
			t.Errorf("stderr %q does not say why", tm.stderr.String())
		}
	}
	c.press("?")
	c.waitText("close help") // carol's dashboard still answers
	if _, err := e.dial(alice.signer); err == nil {
		t.Error("alice's removed key still signs in")
	}
}

// draftFiles reads the drafts of user.
func draftFiles(t *testing.T, e *testEnv, user string) []string {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(e.stateDir, "serve", "drafts", user, "*.json"))
	var out []string
	for _, p := range names {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(data))
	}
	return out
}

// Colours are the client's: its terminal's background picks the light or
// dark palette (the default base's accent is 256-colour 25 on light, 75
// on dark), and NO_COLOR in its environment turns colours off, each
// session on its own.
func TestColoursFollowTheClientsTerminal(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	const lightAccent, darkAccent = "38;5;25", "38;5;75"
	open := func(setup func(*sshTerm) error) *sshTerm {
		tm, err := startTerm(t, e.mustDial(alice.signer), 100, 30, setup)
		if err != nil {
			t.Fatal(err)
		}
		tm.loaded(e)
		return tm
	}
	light := open(func(tm *sshTerm) error { tm.emu.SetBackgroundColor(color.White); return nil })
	dark := open(func(tm *sshTerm) error { tm.emu.SetBackgroundColor(color.Black); return nil })
	plain := open(func(tm *sshTerm) error { return tm.sess.Setenv("NO_COLOR", "1") })

	light.waitFor("the light palette's accent", func(string) bool { return hasSGR(light.output(), lightAccent) })
	dark.waitFor("the dark palette's accent", func(string) bool { return hasSGR(dark.output(), darkAccent) })
	if hasSGR(dark.output(), lightAccent) {
		t.Error("the dark terminal got the light palette's accent")
	}
	for p := range sgrParams(plain.output()) {
		if n, err := strconv.Atoi(p); err == nil && (n == 38 || n == 48 || (n >= 30 && n <= 37) || (n >= 40 && n <= 47) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107)) {
			t.Errorf("NO_COLOR from the client, yet colour %s was sent", p)
		}
	}
}

// The session's filter: a key press, a paste or a click counts as the
// user's input for the idle timeout (nothing else does: redraws and
// replies to queries go on while nobody types); a suspend resumes
// instead of stopping the server.
func TestSessionFilter(t *testing.T) {
	sess := &session{}
	input := func() int64 { return sess.lastInput.Load() }
	for _, c := range []struct {
		msg     tea.Msg
		counts  bool
		dropped bool
	}{
		{tea.KeyPressMsg{Code: 'j', Text: "j"}, true, false},
		{tea.PasteMsg{Content: "x"}, true, false},
		{tea.MouseClickMsg{Button: tea.MouseLeft}, true, false},
		{tea.WindowSizeMsg{Width: 80, Height: 24}, false, false},
		{tea.BackgroundColorMsg{}, false, false},
	} {
		sess.lastInput.Store(0)
		got := sess.filter(nil, c.msg)
		if counts := input() != 0; counts != c.counts {
			t.Errorf("%T %v: counted as input %v, want %v", c.msg, c.msg, counts, c.counts)
		}
		if dropped := got == nil; dropped != c.dropped {
			t.Errorf("%T %v: dropped %v, want %v", c.msg, c.msg, dropped, c.dropped)
		}
	}
	if _, ok := sess.filter(nil, tea.SuspendMsg{}).(tea.ResumeMsg); !ok {
		t.Error("ctrl+z's suspend was not turned into a resume")
	}
}

// A dashboard ended from outside (here the server stopping) with a timer
// pending, the watch's turn in 30 s, leaves no goroutine of its session
// behind: startServer's cleanup fails the test on any.
func TestASessionEndedWithATimerPendingLeavesNothing(t *testing.T) {
	bob := newTestUser(t, "bob", false)
	e := startServer(t, []testUser{bob}, nil)
	b := e.connect(bob, 120, 30)
	b.loaded(e)
	b.opened(e)
	b.press("w")
	b.waitText("watching")
}
