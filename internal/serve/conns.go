package serve

import (
	"log/slog"
	"net"
	"net/netip"
	"slices"
	"sync"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// conns follows every connection from accept to close: before
// authentication, to drop the oldest when a new one needs room; after it,
// to close one that runs no session, to cap its channels, and to close
// those of a user a reload removed or changed.
type conns struct {
	grace    time.Duration // DefaultNoSessionGrace unless a test says less
	log      *slog.Logger
	refusals *refusalLog

	mu     sync.Mutex
	unauth []*conn // oldest first
	authed map[*conn]struct{}
}

// conn is one connection as conns follows it. The fields from gone on
// are under conns.mu.
type conn struct {
	net.Conn
	cs     *conns
	source string
	ctx    connContext
	forget sync.Once

	gone     bool // closed, or being closed: no longer counted
	revoked  bool // its user was removed or changed by a reload
	sessions int  // running a handler (a dashboard, a refusal)
	channels int  // session channels open
	timer    *time.Timer
	timerGen int // a timer that fires after a newer one was set does nothing
}

type connKey struct{}

// connContext is what conns uses of a connection's ssh.Context.
type connContext interface {
	Value(key any) any
	SetValue(key, value any)
}

func newConns(grace time.Duration, log *slog.Logger, refusals *refusalLog) *conns {
	return &conns{grace: grace, log: log, refusals: refusals, authed: map[*conn]struct{}{}}
}

// connOf is the conn of a connection's context; nil for one that conns
// never saw.
func connOf(ctx connContext) *conn {
	c, _ := ctx.Value(connKey{}).(*conn)
	return c
}

// sourceOf groups remote addresses by who plausibly holds them: an IPv4
// address, or an IPv6 /64 (one host's whole share of a network).
func sourceOf(a net.Addr) string {
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return a.String()
	}
	ip := ap.Addr().Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// admit is the server's ConnCallback: every connection is let in, and
// the oldest unauthenticated one of its source, or of all when all the
// slots are taken, is dropped to make room.
func (cs *conns) admit(ctx connContext, nc net.Conn) net.Conn {
	c := &conn{Conn: nc, cs: cs, source: sourceOf(nc.RemoteAddr()), ctx: ctx}
	ctx.SetValue(connKey{}, c)
	cs.mu.Lock()
	var drop *conn
	var why string
	if i := slices.IndexFunc(cs.unauth, func(o *conn) bool { return o.source == c.source }); i >= 0 &&
		cs.countSource(c.source) >= unauthPerSource {
		drop, why = cs.unauth[i], "the oldest unauthenticated connection of its source, for a newer one"
	} else if len(cs.unauth) >= unauthTotal {
		drop, why = cs.unauth[0], "the oldest unauthenticated connection, for a newer one"
	}
	if drop != nil {
		cs.removeLocked(drop)
	}
	cs.unauth = append(cs.unauth, c)
	cs.mu.Unlock()
	if drop != nil {
		cs.refusals.info(cs.log, "connection dropped", "remote", drop.RemoteAddr().String(), "reason", why)
		_ = drop.Conn.Close()
	}
	return c
}

func (cs *conns) countSource(source string) int {
	n := 0
	for _, o := range cs.unauth {
		if o.source == source {
			n++
		}
	}
	return n
}

// removeLocked stops counting c: it is closed or about to be.
func (cs *conns) removeLocked(c *conn) {
	c.gone = true
	c.timerGen++
	if c.timer != nil {
		c.timer.Stop()
	}
	cs.unauth = slices.DeleteFunc(cs.unauth, func(o *conn) bool { return o == c })
	delete(cs.authed, c)
}

// Close closes the connection and stops counting it. The SSH server
// calls it when the connection ends, whichever way.
func (c *conn) Close() error {
	c.forget.Do(func() {
		c.cs.mu.Lock()
		defer c.cs.mu.Unlock()
		c.cs.removeLocked(c)
	})
	return c.Conn.Close()
}

// authenticated moves c out of the unauthenticated slots; it has the
// grace to start a session.
func (cs *conns) authenticated(c *conn) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if c.gone {
		return
	}
	cs.unauth = slices.DeleteFunc(cs.unauth, func(o *conn) bool { return o == c })
	cs.authed[c] = struct{}{}
	cs.closeAfterLocked(c, cs.grace, "no session")
}

// closeAfterLocked closes c after d unless a session starts first (or a
// newer timer replaces this one).
func (cs *conns) closeAfterLocked(c *conn, d time.Duration, why string) {
	if c.timer != nil {
		c.timer.Stop()
	}
	c.timerGen++
	gen := c.timerGen
	c.timer = time.AfterFunc(d, func() {
		cs.mu.Lock()
		if c.gone || gen != c.timerGen || (c.sessions > 0 && !c.revoked) {
			cs.mu.Unlock()
			return
		}
		cs.removeLocked(c)
		cs.mu.Unlock()
		cs.refusals.info(cs.log, "connection closed", "remote", c.RemoteAddr().String(), "reason", why)
		_ = c.Conn.Close()
	})
}

// sessionStarted counts a session of c's and returns the func that
// counts its end. With no session left, c has the grace to start
// another, or less once revoked.
func (cs *conns) sessionStarted(c *conn) (ended func()) {
	if c == nil {
		return func() {}
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	c.sessions++
	if !c.revoked && c.timer != nil {
		c.timer.Stop()
		c.timerGen++
	}
	return func() {
		cs.mu.Lock()
		defer cs.mu.Unlock()
		if c.sessions--; c.sessions > 0 || c.gone {
			return
		}
		if c.revoked {
			cs.closeAfterLocked(c, revokedGrace, "access changed")
		} else {
			cs.closeAfterLocked(c, cs.grace, "no session")
		}
	}
}

// openChannel counts a session channel of c's; false when c has
// maxChannels open already.
func (cs *conns) openChannel(c *conn) bool {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if c.channels >= maxChannels {
		return false
	}
	c.channels++
	return true
}

func (cs *conns) closeChannel(c *conn) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	c.channels--
}

// revoke closes the connections whose verified key changed reports: at
// once when they run no session, else once their sessions (which the
// server ends) have had their last words, and at most ShutdownGrace
// later. A connection whose key is not known yet opens no channel
// without its user being looked up again (Server.openSession).
func (cs *conns) revoke(changed func(gossh.PublicKey) bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for c := range cs.authed {
		key, _ := c.ctx.Value(ssh.ContextKeyPublicKey).(gossh.PublicKey)
		if key == nil || c.revoked || !changed(key) {
			continue
		}
		c.revoked = true
		if c.sessions == 0 {
			cs.closeAfterLocked(c, 0, "access changed")
		} else {
			cs.closeAfterLocked(c, ShutdownGrace, "access changed")
		}
	}
}
