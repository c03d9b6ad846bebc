package serve

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"tweakdash/api"
	"tweakdash/model"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// An authorized key gets the dashboard on its profile; q ends the SSH
// session with status 0; the API key is never among the bytes the client
// receives; the log names the user, the key and the remote address.
func TestAuthorizedKeyGetsTheDashboardAndQEndsTheSession(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	tm := e.connect(alice, 100, 30)
	tm.loaded(e)
	if !tm.emu.IsAltScreen() {
		t.Error("the dashboard is not on the alternate screen")
	}
	tm.press("q")
	if code := tm.wait(); code != 0 {
		t.Errorf("exit status %d after q, want 0", code)
	}
	if tm.emu.IsAltScreen() {
		t.Error("the client's terminal was left on the alternate screen")
	}
	if strings.Contains(tm.output(), testKey) || strings.Contains(tm.stderr.String(), testKey) {
		t.Error("the API key reached the client")
	}
	fp := gossh.FingerprintSHA256(alice.signer.PublicKey())
	e.log.waitLine(t, "session start", "user=alice", "key="+fp, "remote=127.0.0.1:")
	e.log.waitLine(t, "session end", "user=alice", "reason=quit")
}

// A key that is nobody's is refused at authentication, and so is every
// other method: public keys only.
func TestUnknownKeyIsRefused(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	stranger := newSigner(t)
	if c, err := e.dial(stranger); err == nil {
		c.Close()
		t.Fatal("an unknown key got in")
	}
	e.log.waitLine(t, "key refused", "key="+gossh.FingerprintSHA256(stranger.PublicKey()))
	c, err := gossh.Dial("tcp", e.addr, &gossh.ClientConfig{
		User:            "alice",
		Auth:            []gossh.AuthMethod{gossh.Password("alice"), gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), //nolint:gosec // the test's own server
	})
	if err == nil {
		c.Close()
		t.Fatal("a password got in")
	}
	if strings.Contains(e.log.String(), "session start") {
		t.Error("a session started")
	}
}

// A session without a terminal (ssh -T) is refused with a reason.
func TestSessionWithoutPtyIsRefused(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	sess, err := e.mustDial(alice.signer).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	sess.Stderr = &stderr
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	assertExit(t, sess.Wait(), 1)
	if !strings.Contains(stderr.String(), "needs a terminal") {
		t.Errorf("stderr %q does not say why", stderr.String())
	}
	e.log.waitLine(t, "session refused", "user=alice", `reason="no terminal"`)
}

// A remote command (ssh host ls) is refused, with a terminal or without:
// the server runs the dashboard and nothing else.
func TestRemoteCommandIsRefused(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	conn := e.mustDial(alice.signer)
	for _, pty := range []bool{false, true} {
		sess, err := conn.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		if pty {
			if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
				t.Fatal(err)
			}
		}
		out, err := sess.CombinedOutput("ls /")
		assertExit(t, err, 1)
		if !strings.Contains(string(out), "dashboard only") || strings.Contains(string(out), "bin") {
			t.Errorf("pty %v: output %q", pty, out)
		}
	}
	e.log.waitLine(t, "session refused", "user=alice", `reason="remote command"`)
}

// Agent forwarding, local and remote port forwarding, and subsystems (sftp)
// are all refused.
func TestForwardingAndSubsystemsAreRefused(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	conn := e.mustDial(alice.signer)
	if c, err := conn.Dial("tcp", e.addr); err == nil {
		c.Close()
		t.Error("local port forwarding (direct-tcpip) was accepted")
	}
	if l, err := conn.Listen("tcp", "127.0.0.1:0"); err == nil {
		l.Close()
		t.Error("remote port forwarding (tcpip-forward) was accepted")
	}
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestSubsystem("sftp"); err == nil {
		t.Error("the sftp subsystem was accepted")
	}
	sess.Close()

	tm, err := startTerm(t, conn, 80, 24, func(tm *sshTerm) error { return agent.RequestAgentForwarding(tm.sess) })
	if err != nil {
		t.Fatal(err)
	}
	if code := tm.wait(); code != 1 {
		t.Errorf("exit status %d with agent forwarding, want 1", code)
	}
	if !strings.Contains(tm.stderr.String(), "agent forwarding is refused") {
		t.Errorf("stderr %q does not say why", tm.stderr.String())
	}
	e.log.waitLine(t, "session refused", "user=alice", `reason="agent forwarding"`)
}

func assertExit(t *testing.T, err error, want int) {
	t.Helper()
	var exit *gossh.ExitError
	switch {
	case err == nil && want == 0:
	case errors.As(err, &exit) && exit.ExitStatus() == want:
	default:
		t.Errorf("the session ended with %v, want exit status %d", err, want)
	}
}

// A read-only user sees read-only in the header; n opens no form and says
// why, d and y delete nothing: the sandbox receives no write. The client
// the session gets refuses a write even when called directly, before
// anything is sent, and the refusal is logged with the user.
func TestReadOnlyUserCannotWrite(t *testing.T) {
	bob := newTestUser(t, "bob", true)
	e := startServer(t, []testUser{bob}, nil)
	tm := e.connect(bob, 100, 30)
	tm.loaded(e)
	tm.waitText("read-only")
	tm.opened(e)
	tm.press("n")
	tm.waitText("writes are off")
	tm.press("dy")
	tm.press("q")
	if code := tm.wait(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	if s := tm.screen(); strings.Contains(s, "New server") || strings.Contains(s, "Delete server") {
		t.Errorf("a write form or confirmation opened:\n%s", s)
	}

	user := e.srv.users.Load().Lookup(bob.signer.PublicKey())
	c := sessionClient(user, e.srv.log.With("user", user.Name), nil)
	_, _, err := c.CreateServer(context.Background(), e.configs[0].UniqueKey, model.Server{Name: "Sneaky", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22"})
	if !errors.Is(err, api.ErrReadOnly) {
		t.Errorf("a direct write on the session's client: %v, want api.ErrReadOnly", err)
	}
	if _, _, err := c.DeleteServer(context.Background(), e.configs[0].UniqueKey, "x"); !errors.Is(err, api.ErrReadOnly) {
		t.Errorf("a direct delete on the session's client: %v, want api.ErrReadOnly", err)
	}
	for _, r := range e.sandbox.Requests() {
		if r.Method != http.MethodGet {
			t.Errorf("the sandbox received %s %s from a read-only user", r.Method, r.Path)
		}
	}
	e.log.waitLine(t, "msg=write", "user=bob", "method=POST", "read-only")
}

// A writer's create and delete reach the API and are logged, one line
// each, with the user, what and the result; never the key.
func TestWritesAreLoggedWithTheUser(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	tm := e.connect(alice, 100, 30)
	tm.loaded(e)
	tm.opened(e)
	tm.press("n")
	tm.waitText("New server", "Tunnel type")
	// ssh (two to the right), the name, the address, then ctrl+s.
	tm.press("\x1b[C\x1b[C\rServed SSH\r1.2.3.4:22@user:pass\x13")
	tm.waitText("Served SSH", "✓ Server “Served")
	e.log.waitLine(t, "msg=write", "user=alice", "method=POST", "/servers", "status=201", "result=ok")
	tm.press("d")
	tm.waitText("Delete server")
	tm.press("y")
	e.log.waitLine(t, "msg=write", "user=alice", "method=DELETE", "result=ok")
	if n := e.sandbox.Count(http.MethodPost, "") + e.sandbox.Count(http.MethodDelete, ""); n != 2 {
		t.Errorf("the sandbox received %d writes, want 2", n)
	}
	tm.press("q")
	tm.wait()
}

// A client gets MaxAuthTries keys: an agent's sixth wrong key ends the
// connection before the right one is tried; with five wrong ones first,
// the right one gets in.
func TestAuthTriesAreLimited(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	for _, c := range []struct {
		wrong int
		in    bool
	}{{MaxAuthTries - 1, true}, {MaxAuthTries, false}} {
		var keys []gossh.Signer
		for range c.wrong {
			keys = append(keys, newSigner(t))
		}
		conn, err := gossh.Dial("tcp", e.addr, &gossh.ClientConfig{
			User:            "alice",
			Auth:            []gossh.AuthMethod{gossh.PublicKeys(append(keys, alice.signer)...)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), //nolint:gosec // the test's own server
		})
		if err == nil {
			conn.Close()
		}
		if in := err == nil; in != c.in {
			t.Errorf("%d wrong keys before the right one: signed in %v (%v), want %v", c.wrong, in, err, c.in)
		}
	}
}

// A connection that never finishes its handshake is closed after the
// handshake timeout.
func TestStalledHandshakeIsClosed(t *testing.T) {
	e := startServer(t, nil, func(c *Config) { c.HandshakeTimeout = 300 * time.Millisecond })
	c, err := net.Dial("tcp", e.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// The server speaks first: its version line means this one counts.
	if line, err := bufio.NewReader(c).ReadString('\n'); err != nil || !strings.HasPrefix(line, "SSH-2.0-tweakdash") {
		t.Fatalf("server version %q, %v", line, err)
	}
	_ = c.SetReadDeadline(time.Now().Add(deadline))
	if _, err := io.Copy(io.Discard, c); err != nil {
		t.Errorf("a stalled connection was not closed by the server: %v", err)
	}
}
