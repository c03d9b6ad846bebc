package serve

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"tweakdash/internal/settings"
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
	// MaxSessionsPerUser caps the sessions of one user; 0 is the
	// settings' default.
	MaxSessionsPerUser int
	// MaxWindow is the largest window a session is drawn in; the zero
	// value is the settings' default.
	MaxWindow settings.WindowSize
	// HandshakeTimeout is DefaultHandshakeTimeout when zero.
	HandshakeTimeout time.Duration
	// Commands runs the commands a user may send instead of opening the
	// dashboard (ssh HOST export CONFIG); nil refuses every command.
	Commands CommandRunner
	// NoSessionGrace is DefaultNoSessionGrace when zero.
	NoSessionGrace time.Duration
}

// Server is the SSH server of tweakdash serve.
type Server struct {
	cfg   Config
	log   *slog.Logger
	ssh   *ssh.Server
	users atomic.Pointer[Users]
	conns *conns

	refusals *refusalLog

	metrics metricsListeners

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
	cfg.MaxSessionsPerUser = cmp.Or(cfg.MaxSessionsPerUser, settings.DefaultServeMaxSessionsPerUser)
	if cfg.MaxWindow.Cols < 1 || cfg.MaxWindow.Rows < 1 {
		cfg.MaxWindow = settings.DefaultServeMaxWindow
	}
	s := &Server{cfg: cfg, log: cfg.Log, sessions: map[*session]struct{}{}, refusals: newRefusalLog(time.Now)}
	s.conns = newConns(cmp.Or(cfg.NoSessionGrace, DefaultNoSessionGrace), s.log, s.refusals)
	s.users.Store(users)
	s.ssh = &ssh.Server{
		Version:          "tweakdash",
		Handler:          s.handle,
		PublicKeyHandler: s.authorized,
		// Only the "session" channel: no direct-tcpip (local port
		// forwarding) and no server-side requests (tcpip-forward, remote
		// forwarding); subsystems (sftp) are refused with none defined.
		ChannelHandlers:   map[string]ssh.ChannelHandler{"session": s.openSession},
		RequestHandlers:   map[string]ssh.RequestHandler{},
		SubsystemHandlers: map[string]ssh.SubsystemHandler{},
		HandshakeTimeout:  cmp.Or(cfg.HandshakeTimeout, DefaultHandshakeTimeout),
		ServerConfigCallback: func(ctx ssh.Context) *gossh.ServerConfig {
			return &gossh.ServerConfig{MaxAuthTries: MaxAuthTries,
				// Called with no error once authentication succeeded
				// (never for a key only asked about): the connection
				// leaves the unauthenticated slots.
				AuthLogCallback: func(_ gossh.ConnMetadata, _ string, err error) {
					if c := connOf(ctx); err == nil && c != nil {
						s.conns.authenticated(c)
					}
				}}
		},
		ConnCallback: func(ctx ssh.Context, c net.Conn) net.Conn { return s.conns.admit(ctx, c) },
		ConnectionFailedCallback: func(c net.Conn, err error) {
			if errors.Is(err, net.ErrClosed) {
				return // closed here, for a newer connection: logged then
			}
			s.refusals.info(s.log, "connection failed", "remote", c.RemoteAddr().String(), "error", err.Error())
		},
	}
	if cfg.IdleTimeout > 0 {
		s.ssh.IdleTimeout = cfg.IdleTimeout + connIdleMargin
	}
	// The emulated pty: with a real one, resizes were lost and -race
	// reported races.
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

// MetricsHandler serves the server's metrics in Prometheus's text format.
func (s *Server) MetricsHandler() http.Handler { return metricsHandler(s) }

// ServeMetrics serves the metrics at /metrics on l until Shutdown.
func (s *Server) ServeMetrics(l net.Listener) error { return s.metrics.serve(l, s.MetricsHandler()) }

// authorized is the public-key handler: it says only whether the key is
// someone's. Who that is, is looked up again from the session's verified
// key (identify): nothing is remembered here.
func (s *Server) authorized(ctx ssh.Context, key ssh.PublicKey) bool {
	if s.users.Load().Lookup(key) != nil {
		return true
	}
	s.refusals.info(s.log, "key refused", "key", gossh.FingerprintSHA256(key), "remote", ctx.RemoteAddr().String())
	return false
}

// SetUsers replaces the users (a reload). A session whose key no longer
// signs in, or signs in as another user or with other rights, is ended,
// and its connection closed: removing a key from the settings file and
// reloading locks its holder out.
func (s *Server) SetUsers(users *Users) {
	before := s.users.Swap(users)
	s.mu.Lock()
	for sess := range s.sessions {
		if now := users.Lookup(sess.PublicKey()); !sameAccess(sess.user, now) {
			sess.end(endAccessChanged)
		}
	}
	s.mu.Unlock()
	// Their connections too: a client keeps one open after its session.
	s.conns.revoke(func(key gossh.PublicKey) bool {
		was := before.Lookup(key)
		return was == nil || !sameAccess(was, users.Lookup(key))
	})
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
	s.metrics.close()
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
