package serve

import (
	"bufio"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// rawConn opens a TCP connection that sends nothing, once the server has
// taken it (its version line has arrived).
func (e *testEnv) rawConn() net.Conn {
	e.t.Helper()
	c, err := net.Dial("tcp", e.addr)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { _ = c.Close() })
	if line, err := bufio.NewReader(c).ReadString('\n'); err != nil || !strings.HasPrefix(line, "SSH-2.0-tweakdash") {
		e.t.Fatalf("server version %q, %v", line, err)
	}
	return c
}

// closedByServer waits until the server has closed c.
func closedByServer(t *testing.T, c net.Conn) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(deadline))
	if _, err := io.Copy(io.Discard, c); err != nil {
		t.Errorf("the server did not close %s: %v", c.LocalAddr(), err)
	}
}

// 50 idle TCP connections, no key needed, from the same address as the
// real client (all are 127.0.0.1 here), cannot keep it out: the oldest
// unauthenticated connection is dropped for each new one, within the
// handshake timeout of 20 s. Each drop is logged, rate-limited.
func TestIdleConnectionsCannotLockAnyoneOut(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	start := time.Now()
	var idle []net.Conn
	for range 50 {
		idle = append(idle, e.rawConn())
	}
	closedByServer(t, idle[0]) // the oldest, dropped for a newer one
	e.log.waitLine(t, "connection dropped", "reason=\"the oldest unauthenticated connection of its source")
	e.connect(alice, 100, 30).loaded(e)
	// 43 dropped (42 idle ones, then one for the real client).
	if n, most := strings.Count(e.log.String(), "connection dropped"), refusalBurst+int(time.Since(start)/refusalEvery)+1; n > most {
		t.Errorf("%d lines of dropped connections, want at most %d: the log is not rate-limited", n, most)
	}
}

// When every unauthenticated slot is taken, by many sources, the oldest
// of all is dropped for a new connection.
func TestOldestUnauthenticatedIsDroppedWhenAllSlotsAreTaken(t *testing.T) {
	cs := newConns(time.Hour, discardLog(), newRefusalLog(time.Now))
	var conns []*fakeConn
	for i := range unauthTotal + 1 {
		c := &fakeConn{remote: &net.TCPAddr{IP: net.IPv4(10, 0, byte(i/250), byte(i%250)), Port: 1000}}
		conns = append(conns, c)
		cs.admit(newTestContext(), c)
	}
	if !conns[0].closed || conns[1].closed || conns[unauthTotal].closed {
		t.Errorf("closed: first %v, second %v, newest %v; want only the first", conns[0].closed, conns[1].closed, conns[unauthTotal].closed)
	}
	// IPv6 addresses of one /64 are one source.
	for i := range unauthPerSource + 1 {
		ip := net.ParseIP("2001:db8::1")
		ip[15] = byte(i + 1)
		cs.admit(newTestContext(), &fakeConn{remote: &net.TCPAddr{IP: ip, Port: 1000}})
	}
	if got := cs.countSource("2001:db8::/64"); got != unauthPerSource {
		t.Errorf("the /64 holds %d unauthenticated connections, want %d", got, unauthPerSource)
	}
}

// An authenticated connection that opens no session (ssh -N) is closed
// after the grace; so is one whose session ended with the connection
// kept.
func TestConnectionWithoutSessionIsClosed(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, func(c *Config) { c.NoSessionGrace = 300 * time.Millisecond })
	bare := e.mustDial(alice.signer)
	waitClosed(t, bare)
	e.log.waitLine(t, "connection closed", "reason=\"no session\"")

	kept := e.mustDial(alice.signer)
	tm := e.open(kept, 100, 30)
	tm.loaded(e)
	tm.press("q")
	tm.wait()
	waitClosed(t, kept)
}

// waitClosed waits until the server has closed the client's connection.
func waitClosed(t *testing.T, c *gossh.Client) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case <-done:
	case <-time.After(deadline):
		t.Fatalf("the connection is still open after %s", deadline)
	}
}

// max_sessions_per_user: a user at the cap is refused with a message that
// names it, while another user still gets in.
func TestMaxSessionsPerUser(t *testing.T) {
	alice, bob := newTestUser(t, "alice", false), newTestUser(t, "bob", false)
	e := startServer(t, []testUser{alice, bob}, func(c *Config) { c.MaxSessions = 4; c.MaxSessionsPerUser = 2 })
	e.connect(alice, 100, 30).loaded(e)
	e.connect(alice, 100, 30).loaded(e)
	third := e.connect(alice, 100, 30)
	if code := third.wait(); code != 1 {
		t.Errorf("exit status %d over the cap, want 1", code)
	}
	if msg := third.stderr.String(); !strings.Contains(msg, "you have 2 sessions open here") || !strings.Contains(msg, "max_sessions_per_user") {
		t.Errorf("stderr %q does not name the limit", msg)
	}
	e.log.waitLine(t, "session refused", "user=alice", "max_sessions_per_user")
	e.connect(bob, 100, 30).loaded(e)
}

// One connection has at most maxChannels session channels open; a
// closed one makes room again.
func TestChannelsPerConnectionAreCapped(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, func(c *Config) { c.NoSessionGrace = time.Hour })
	conn := e.mustDial(alice.signer)
	var open []*gossh.Session
	for range maxChannels {
		s, err := conn.NewSession()
		if err != nil {
			t.Fatalf("channel %d of %d: %v", len(open)+1, maxChannels, err)
		}
		open = append(open, s)
	}
	_, err := conn.NewSession()
	var refused *gossh.OpenChannelError
	if !errors.As(err, &refused) || refused.Reason != gossh.ResourceShortage {
		t.Fatalf("channel %d: %v, want refused for resources", maxChannels+1, err)
	}
	e.log.waitLine(t, "channel refused", "too many channels")
	_ = open[0].Close()
	end := time.Now().Add(deadline)
	for { // the server counts the close when it has seen it: ask until then
		s, err := conn.NewSession()
		if err == nil {
			_ = s.Close()
			break
		}
		if time.Now().After(end) {
			t.Fatalf("no channel after one was closed: %v", err)
		}
	}
}

// A session channel takes envMaxCount env requests and envMaxBytes of
// them; the rest are refused and the session still runs.
func TestEnvRequestsAreCapped(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	conn := e.mustDial(alice.signer)
	tm, err := startTerm(t, conn, 100, 30, func(tm *sshTerm) error {
		for i := range envMaxCount {
			if err := tm.sess.Setenv("V"+strings.Repeat("x", i), "1"); err != nil {
				return errors.New("env request " + string(rune('0'+i%10)) + " refused under the cap")
			}
		}
		if tm.sess.Setenv("ONE_TOO_MANY", "1") == nil {
			return errors.New("an env request over the count was taken")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tm.loaded(e)
	e.log.waitLine(t, "env refused")

	tm, err = startTerm(t, conn, 100, 30, func(tm *sshTerm) error {
		if tm.sess.Setenv("BIG", strings.Repeat("x", envMaxBytes)) == nil {
			return errors.New("an env request over the bytes was taken")
		}
		return tm.sess.Setenv("COLORTERM", "truecolor")
	})
	if err != nil {
		t.Fatal(err)
	}
	tm.loaded(e)
}

// A reload that removes a user, or changes their rights, closes their
// connections, the TCP connection and not only the dashboard: with a
// session or with none. Another user's connection goes on.
func TestReloadClosesTheConnectionsOfARemovedOrChangedUser(t *testing.T) {
	alice, bob, carol := newTestUser(t, "alice", false), newTestUser(t, "bob", false), newTestUser(t, "carol", false)
	e := startServer(t, []testUser{alice, bob, carol}, func(c *Config) { c.NoSessionGrace = time.Hour })
	withSession := e.mustDial(alice.signer)
	tm := e.open(withSession, 100, 30)
	tm.loaded(e)
	bare, bobs := e.mustDial(alice.signer), e.mustDial(bob.signer)
	carols := e.connect(carol, 100, 30)
	carols.loaded(e)

	bob.readOnly = true
	e.srv.SetUsers(e.users([]testUser{bob, carol}))
	tm.wait()
	if !strings.Contains(tm.stderr.String(), "your access to this server changed") {
		t.Errorf("stderr %q does not say why", tm.stderr.String())
	}
	for _, c := range []*gossh.Client{withSession, bare, bobs} {
		waitClosed(t, c)
	}
	e.log.waitLine(t, "connection closed", "access changed")
	carols.press("?")
	carols.waitText("close help") // carol's dashboard still answers
}

// fakeConn is a connection that only says where it is from and whether
// it was closed.
type fakeConn struct {
	net.Conn
	remote net.Addr
	closed bool
}

func (c *fakeConn) RemoteAddr() net.Addr { return c.remote }
func (c *fakeConn) Close() error         { c.closed = true; return nil }

// testContext is the part of a connection's context conns uses.
type testContext map[any]any

func newTestContext() testContext             { return testContext{} }
func (c testContext) Value(key any) any       { return c[key] }
func (c testContext) SetValue(key, value any) { c[key] = value }

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// A team starting its clients together from one address (one office, one
// NAT, a script opening sixteen windows) all get in: that many handshakes
// at once from one source are not an attack on the others.
func TestATeamConnectingAtOnceFromOneAddressGetsIn(t *testing.T) {
	const clients = 16
	users := []testUser{newTestUser(t, "alice", false), newTestUser(t, "bob", false), newTestUser(t, "carol", true)}
	e := startServer(t, users, func(c *Config) { c.MaxSessions, c.MaxSessionsPerUser = clients, clients })
	start := make(chan struct{})
	errs := make(chan error, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			<-start
			c, err := e.dial(users[i%len(users)].signer)
			if err == nil {
				err = c.Close()
			}
			errs <- err
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a client of %d connecting at once was turned away: %v", clients, err)
		}
	}
}
