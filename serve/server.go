package serve

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Limits that the settings file does not set.
const (
	// DefaultHandshakeTimeout bounds the key exchange and authentication
	// of a connection: a client that stalls there holds a connection slot.
	DefaultHandshakeTimeout = 30 * time.Second
	// MaxAuthTries is how many keys a client may offer (OpenSSH's default:
	// an agent with several keys tries them in turn).
	MaxAuthTries = 6
	// connsPerSession sizes the cap on connections, counted from their
	// first byte so that clients still authenticating are counted too:
	// room for every session, and as many again being refused.
	connsPerSession = 2
	extraConns      = 8
)

// Config is what a Server needs besides its users.
type Config struct {
	HostKey     gossh.Signer
	MaxSessions int
	// IdleTimeout ends a session after this long without a key press,
	// paste or click; 0 never does.
	IdleTimeout time.Duration
	// StateDir holds the drafts of each user (StateDir/serve/drafts/NAME).
	StateDir string
	Log      *slog.Logger
	// HandshakeTimeout is DefaultHandshakeTimeout when zero.
	HandshakeTimeout time.Duration
	// Commands runs the commands a user may send instead of opening the
	// dashboard (ssh HOST export CONFIG); nil refuses every command.
	Commands CommandRunner
}

// Server is the SSH server of tweakdash serve.
type Server struct {
	cfg   Config
	log   *slog.Logger
	ssh   *ssh.Server
	users atomic.Pointer[Users]
	conns atomic.Int64

	mu        sync.Mutex
	listeners []net.Listener
	sessions  map[*session]struct{} // the sessions running a dashboard
	stopping  bool
	drained   chan struct{} // closed when the last session has ended after Shutdown
}

// New returns a server for cfg and users; Serve runs it.
func New(cfg Config, users *Users) (*Server, error) {
	if cfg.HostKey == nil {
		return nil, errors.New("serve: no host key")
	}
	if cfg.MaxSessions < 1 {
		return nil, errors.New("serve: MaxSessions must be at least 1")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, log: cfg.Log, sessions: map[*session]struct{}{}}
	s.users.Store(users)
	s.ssh = &ssh.Server{
		Version:          "tweakdash",
		Handler:          s.handle,
		PublicKeyHandler: s.authorized,
		// Only the "session" channel: no direct-tcpip (local port
		// forwarding) and no server-side requests (tcpip-forward, remote
		// forwarding); subsystems (sftp) are refused with none defined.
		ChannelHandlers:   map[string]ssh.ChannelHandler{"session": ssh.DefaultSessionHandler},
		RequestHandlers:   map[string]ssh.RequestHandler{},
		SubsystemHandlers: map[string]ssh.SubsystemHandler{},
		HandshakeTimeout:  cmp.Or(cfg.HandshakeTimeout, DefaultHandshakeTimeout),
		ServerConfigCallback: func(ssh.Context) *gossh.ServerConfig {
			return &gossh.ServerConfig{MaxAuthTries: MaxAuthTries}
		},
		ConnCallback: s.countConn,
		ConnectionFailedCallback: func(c net.Conn, err error) {
			s.log.Info("connection failed", "remote", c.RemoteAddr().String(), "error", err.Error())
		},
	}
	// The emulated pty: with a real one, resizes were lost and -race
	// reported races (serve.md, trap 2).
	if err := s.ssh.SetOption(ssh.EmulatePty()); err != nil {
		return nil, err
	}
	s.ssh.AddHostKey(cfg.HostKey)
	return s, nil
}

// Serve serves connections from l until Shutdown, after which it returns
// nil.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.stopping {
		s.mu.Unlock()
		_ = l.Close()
		return nil
	}
	s.listeners = append(s.listeners, l)
	s.mu.Unlock()
	err := s.ssh.Serve(l)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping || errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// authorized is the public-key handler: it says only whether the key is
// someone's. Who that is, is looked up again from the session's verified
// key (identify): nothing is remembered here.
func (s *Server) authorized(ctx ssh.Context, key ssh.PublicKey) bool {
	if s.users.Load().Lookup(key) != nil {
		return true
	}
	s.log.Info("key refused", "key", gossh.FingerprintSHA256(key), "remote", ctx.RemoteAddr().String())
	return false
}

// countConn caps the connections open at once, those still in their
// handshake included.
func (s *Server) countConn(_ ssh.Context, c net.Conn) net.Conn {
	limit := int64(s.cfg.MaxSessions*connsPerSession + extraConns)
	if s.conns.Add(1) > limit {
		s.conns.Add(-1)
		s.log.Info("connection refused", "remote", c.RemoteAddr().String(), "reason", "too many connections")
		return nil
	}
	return &countedConn{Conn: c, done: func() { s.conns.Add(-1) }}
}

// countedConn gives its slot back when closed, once.
type countedConn struct {
	net.Conn
	once sync.Once
	done func()
}

func (c *countedConn) Close() error {
	c.once.Do(c.done)
	return c.Conn.Close()
}

// SetUsers replaces the users (a reload). A session whose key no longer
// signs in, or signs in as another user or with other rights, is ended:
// removing a key from the settings file and reloading locks its holder out.
func (s *Server) SetUsers(users *Users) {
	s.users.Store(users)
	s.mu.Lock()
	defer s.mu.Unlock()
	for sess := range s.sessions {
		if now := users.Lookup(sess.PublicKey()); !sameAccess(sess.user, now) {
			sess.end(endAccessChanged)
		}
	}
}

// sameAccess reports whether a session of before may go on as now.
func sameAccess(before, now *User) bool {
	return now != nil && now.Name == before.Name && now.ReadOnly == before.ReadOnly &&
		now.Account != nil && now.Account.Profile == before.Account.Profile && now.Account.Client != nil
}

// ShutdownGrace is how long Shutdown waits for the sessions it told to
// end before it closes their connections.
const ShutdownGrace = 5 * time.Second

// Shutdown stops the server: no new connection, every session told that
// the server is stopping (its dashboard ends, its open form is kept as a
// draft), then, once they have ended or ctx is done (its error is
// returned), every connection closed. Clients keep a connection open after
// its session, so waiting for connections alone could last for ever.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.stopping = true
	for _, l := range s.listeners {
		_ = l.Close()
	}
	for sess := range s.sessions {
		sess.end(endStopping)
	}
	ended := make(chan struct{})
	if len(s.sessions) == 0 {
		close(ended)
	} else {
		s.drained = ended
	}
	s.mu.Unlock()

	var err error
	select {
	case <-ended:
	case <-ctx.Done():
		err = ctx.Err()
	}
	_ = s.ssh.Close() // the listeners are closed already
	return err
}
