package serve

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"tweakdash/api"
	"tweakdash/internal/audit"
)

// Command is a served user's command, ssh HOST export CONFIG: it runs with
// that user's API client and rights and reads and writes the SSH channel,
// never the host's files (as soft-serve's commands do).
type Command struct {
	Args []string // as the client sent them, the command's name first
	// Client is the user's profile's, refusing every write itself when
	// the user is read-only.
	Client   *api.Client
	Profile  string
	Host     string // the API host, for the audit log
	ReadOnly bool
	// Audit is the user's audit log, where an import's write is kept.
	Audit          *audit.Log
	Stdin          io.Reader // the channel: what the client pipes in
	Stdout, Stderr io.Writer
}

// CommandRunner runs a served user's command and returns its exit
// status, which the client gets. tweakdash serve gives the same code as
// tweakdash export and import; package serve knows none of it.
type CommandRunner func(ctx context.Context, c Command) int

// commandNames are the commands a served user may run (Config.Commands
// runs them).
func commandNames() []string { return []string{"export", "import"} }

// allowCommand lets `ssh host export …` and `ssh host import …` through
// to the command runner and refuses any other command, naming those.
func (s *Server) allowCommand(next handler) handler {
	return func(sess *session) {
		if sess.RawCommand() == "" {
			next(sess)
			return
		}
		args := sess.Command()
		switch {
		case s.cfg.Commands == nil:
			sess.refuse("remote command", "this server runs the dashboard only; connect without a command")
			return
		case len(args) == 0 || !slices.Contains(commandNames(), args[0]):
			sess.refuse("remote command", fmt.Sprintf("this server runs the dashboard (connect without a command) and the commands %s: ssh HOST export CONFIG > file, ssh HOST import CONFIG --dry-run < file",
				strings.Join(commandNames(), " and ")))
			return
		}
		sess.log = sess.log.With("command", args[0])
		next(sess)
	}
}

// runCommand is the last step of a command's session: the runner with the
// user's account, the channel as its stdio, and its status as the exit
// status. When the session is ended (shutdown, the user's access
// changed, or the idle timeout passed without input) the channel is
// closed, so that a command waiting for input ends too: a command holds a
// session slot as a dashboard does.
func (s *Server) runCommand(sess *session) {
	user, acct := sess.user, sess.user.Account
	// Not a dashboard of the team, but its writes are news to them: an
	// import shows in the lists of the dashboards on the key.
	me := &member{user: user.Name}
	c := Command{
		Args:     sess.Command(),
		Client:   sessionClient(user, sess.log, func(a api.RequestLog) { acct.team.heard(me, a) }),
		Profile:  acct.Profile,
		Host:     acct.Host,
		ReadOnly: user.ReadOnly,
		Audit:    audit.Open(filepath.Join(s.cfg.StateDir, "serve", "audit", user.Name+".jsonl")),
		Stdin:    inputReader{sess},
		Stdout:   sess,
		Stderr:   sess.Stderr(),
	}
	done := make(chan struct{})
	ended := make(chan bool, 1)
	go func() { ended <- s.watchCommand(sess, done) }()
	code := s.cfg.Commands(sess.ctx, c)
	close(done)
	if <-ended {
		return // the session was ended: its status is sent
	}
	sess.mu.Lock()
	if sess.reason == "" {
		sess.reason = endReason(fmt.Sprintf("exit %d", code))
	}
	sess.mu.Unlock()
	_ = sess.Exit(code)
}

// watchCommand ends the command's session when the session is ended
// (and after the idle timeout without input), until done: the client is
// told why, gets status 1, and the channel is closed, so that a command
// reading it stops. It reports whether it ended the session.
func (s *Server) watchCommand(sess *session, done <-chan struct{}) bool {
	idle := newIdleTimer(s.cfg.IdleTimeout)
	defer idle.stop()
	for {
		select {
		case <-sess.ctx.Done():
			r := sess.endReason()
			if r == "" { // the client went: nobody to tell
				_ = sess.Close()
				return true
			}
			if msg := r.farewell(s.cfg.IdleTimeout); msg != "" {
				_, _ = fmt.Fprintf(sess.Stderr(), "tweakdash: %s\n", msg)
			}
			_ = sess.Exit(1) // and closes the channel
			return true
		case <-done:
			return false
		case <-idle.C:
			if idle.idle(time.Unix(0, sess.lastInput.Load())) {
				sess.end(endIdle)
			}
		}
	}
}

// inputReader is a command's stdin: each read counts as the user's input
// for the idle timeout.
type inputReader struct{ sess *session }

func (r inputReader) Read(p []byte) (int, error) {
	n, err := r.sess.Read(p)
	if n > 0 {
		r.sess.lastInput.Store(time.Now().UnixNano())
	}
	return n, err
}
