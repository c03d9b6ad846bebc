package serve

import (
	"context"
	"fmt"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// handler is one step's view of a session; middleware wraps a step around
// the next one. The chain is typed rather than wish's ssh.Handler chain:
// what a step learns (the user) travels in the session value, not in the
// connection's context, which every authentication attempt shared.
type (
	handler    func(*session)
	middleware func(next handler) handler
)

// chain is the way of every session through the server, outermost first;
// the last step runs the dashboard, or the command the session asked for.
func (s *Server) chain() handler {
	steps := []middleware{
		s.identify,      // the user of the key the connection verified
		s.allowCommand,  // export and import; ssh host ls is refused
		requirePty,      // ssh -T host, for the dashboard
		refuseAgent,     // ssh -A host
		requireAccount,  // the user's profile has no API key here
		s.limitSessions, // max_sessions(_per_user); none once the server is stopping
		logSession,      // a line at the start and one at the end
	}
	h := s.runSession
	for i := len(steps) - 1; i >= 0; i-- {
		h = steps[i](h)
	}
	return h
}

// handle is the SSH server's handler: every session channel that asked
// for a shell or a command comes here.
func (s *Server) handle(ss ssh.Session) {
	// A connection running a session is not closed for running none.
	defer s.conns.sessionStarted(connOf(ss.Context()))()
	ctx, cancel := context.WithCancel(ss.Context())
	defer cancel()
	sess := &session{Session: ss, ctx: ctx, cancel: cancel, started: time.Now(),
		log: s.log.With("remote", ss.RemoteAddr().String()), refusals: s.refusals}
	sess.lastInput.Store(sess.started.UnixNano())
	s.chain()(sess)
}

// identify finds the user from the key the connection verified. The
// key was someone's at authentication; a reload since may have removed it.
func (s *Server) identify(next handler) handler {
	return func(sess *session) {
		key := sess.PublicKey()
		if key == nil { // not reachable with public-key authentication only
			sess.refuse("no public key", "sign in with a public key")
			return
		}
		sess.fingerprint = gossh.FingerprintSHA256(key)
		sess.log = sess.log.With("key", sess.fingerprint)
		sess.user = s.users.Load().Lookup(key)
		if sess.user == nil {
			sess.refuse("unknown key", "this key is not authorized here")
			return
		}
		sess.log = sess.log.With("user", sess.user.Name)
		next(sess)
	}
}

// runSession runs the dashboard, or the session's command.
func (s *Server) runSession(sess *session) {
	if sess.RawCommand() != "" {
		s.runCommand(sess)
		return
	}
	s.runDashboard(sess)
}

// requirePty refuses a dashboard session without a terminal (ssh -T, or
// a pipe); a command needs none.
func requirePty(next handler) handler {
	return func(sess *session) {
		if _, _, ok := sess.Pty(); !ok && sess.RawCommand() == "" {
			sess.refuse("no terminal", "the dashboard needs a terminal; connect with ssh -t")
			return
		}
		next(sess)
	}
}

// refuseAgent refuses a session that forwards its agent: the server would
// never use it, and a dashboard has no business holding the keys of
// whoever connects. OpenSSH asks for forwarding before the shell, so the
// request has been seen by the time the session starts.
func refuseAgent(next handler) handler {
	return func(sess *session) {
		if ssh.AgentRequested(sess) {
			sess.refuse("agent forwarding", "agent forwarding is refused here; connect with ssh -a")
			return
		}
		next(sess)
	}
}

// requireAccount refuses a user whose profile the server cannot use.
func requireAccount(next handler) handler {
	return func(sess *session) {
		if a := sess.user.Account; a == nil || a.Client == nil {
			sess.refuse("no account", "the server has no API key for your profile; tell its admin")
			return
		}
		next(sess)
	}
}

// limitSessions caps the sessions running a dashboard at
// max_sessions_per_user for their user and max_sessions in all, and keeps
// track of them, for Shutdown and SetUsers. The user's access is
// checked again under the lock that SetUsers takes: a reload since
// identify is either seen here or sees this session.
func (s *Server) limitSessions(next handler) handler {
	return func(sess *session) {
		s.mu.Lock()
		switch {
		case !sameAccess(sess.user, s.users.Load().Lookup(sess.PublicKey())):
			s.mu.Unlock()
			sess.refuse("access changed", "your access to this server changed; connect again")
			return
		case s.stopping:
			s.mu.Unlock()
			sess.refuse("server stopping", "the server is stopping; connect again later")
			return
		case s.sessionsOf(sess.user.Name) >= s.cfg.MaxSessionsPerUser:
			s.mu.Unlock()
			sess.refuse("user at max_sessions_per_user", fmt.Sprintf("you have %d sessions open here, your most (max_sessions_per_user); close one and connect again", s.cfg.MaxSessionsPerUser))
			return
		case len(s.sessions) >= s.cfg.MaxSessions:
			s.mu.Unlock()
			sess.refuse("server full", fmt.Sprintf("the server has %d sessions open, its most; try again later", s.cfg.MaxSessions))
			return
		}
		s.sessions[sess] = struct{}{}
		s.mu.Unlock()
		defer s.forget(sess)
		next(sess)
	}
}

// sessionsOf counts the sessions of the user called name; s.mu is held.
func (s *Server) sessionsOf(name string) int {
	n := 0
	for sess := range s.sessions {
		if sess.user.Name == name {
			n++
		}
	}
	return n
}

// forget drops an ended session; the last one to end while the server is
// stopping lets Shutdown go on.
func (s *Server) forget(sess *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, sess)
	if s.stopping && len(s.sessions) == 0 && s.drained != nil {
		close(s.drained)
		s.drained = nil
	}
}

// logSession logs the start and the end of a session: who, with
// which key, from where, and how it ended. Never the environment, which
// the client chooses, nor anything of the API key.
func logSession(next handler) handler {
	return func(sess *session) {
		a := sess.user.Account
		sess.log.Info("session start", "profile", a.Profile, "read_only", sess.user.ReadOnly)
		next(sess)
		sess.log.Info("session end", "reason", string(sess.endReason()), "duration", time.Since(sess.started).Round(time.Second).String())
	}
}
