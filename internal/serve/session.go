package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	bm "charm.land/wish/v2/bubbletea"
	uv "github.com/charmbracelet/ultraviolet"

	"tweakdash/api"
	"tweakdash/internal/audit"
	"tweakdash/internal/drafts"
	"tweakdash/internal/termsafe"
	"tweakdash/theme"
	"tweakdash/ui"
)

// session is one SSH session on its way through the chain.
type session struct {
	ssh.Session
	ctx     context.Context // ends the session's programs when cancelled
	cancel  context.CancelFunc
	started time.Time
	log     *slog.Logger // with the remote address, then the key and user
	// refusals rate-limits the log lines of refusals, the server's.
	refusals *refusalLog

	fingerprint string // of the verified key, SHA256
	user        *User

	lastInput atomic.Int64 // unix nanoseconds of the last key press, paste or click

	mu     sync.Mutex
	reason endReason
}

// endReason says why a session ended, in the log and to its user.
type endReason string

const (
	endQuit          endReason = "quit"
	endClosed        endReason = "closed by the client" // the connection, or only the session's channel
	endIdle          endReason = "idle"
	endStopping      endReason = "server stopping"
	endAccessChanged endReason = "access changed"
	endFailed        endReason = "failed"
)

// farewell is what the client's terminal is told after the dashboard,
// when the session did not end at its user's wish.
func (r endReason) farewell(idle time.Duration) string {
	switch r {
	case endIdle:
		return fmt.Sprintf("the session ended after %s without a key press", idle)
	case endStopping:
		return "the server is stopping; connect again later"
	case endAccessChanged:
		return "your access to this server changed; connect again"
	case endFailed:
		return "the dashboard failed; connect again"
	}
	return ""
}

// end ends the session's programs; the first reason given is kept. It
// never blocks: Shutdown and SetUsers call it holding the server's lock.
func (sess *session) end(r endReason) {
	sess.mu.Lock()
	if sess.reason == "" {
		sess.reason = r
	}
	sess.mu.Unlock()
	sess.cancel()
}

func (sess *session) endReason() endReason {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	return sess.reason
}

// refuse tells the client why it cannot have a session, logs it, and
// ends the session with status 1.
func (sess *session) refuse(reason, message string) {
	sess.mu.Lock()
	sess.reason = endReason("refused: " + reason)
	sess.mu.Unlock()
	sess.refusals.info(sess.log, "session refused", "reason", reason)
	_, _ = fmt.Fprintf(sess.Stderr(), "tweakdash: %s\n", message)
	_ = sess.Exit(1)
}

// runDashboard is the last step: the drafts question, if the user left a
// form open last time, then the dashboard, in one program on the
// session's terminal. It is a copy of wish's Bubble Tea middleware with
// what a served dashboard needs besides: it ends when the window-change
// channel closes (wish's spins a core on a closed channel), when the
// client's input ends, after the idle timeout, and when the server ends
// the session; and the program never reads the session itself (see
// decodeInput).
func (s *Server) runDashboard(sess *session) {
	ptyReq, winch, _ := sess.Pty()
	env := append(sess.Environ(), "TERM="+ptyReq.Term)
	user, acct := sess.user, sess.user.Account
	ds := drafts.NewSession(drafts.Store{Dir: filepath.Join(s.cfg.StateDir, "serve", "drafts", user.Name)})
	pending, notices := ds.Pending(acct.Profile)

	var p *tea.Program // set before it runs, so before any request is made
	var me *member     // this dashboard in its account's team, likewise
	dashboard := func(restore *drafts.Saved) *ui.App {
		opts := ui.Options{
			Client: sessionClient(user, sess.log, func(a api.RequestLog) {
				if a.RetryIn > 0 { // the status line says why it waits, and counts down
					p.Send(ui.Retrying(a))
				}
				acct.team.heard(me, a)
			}),
			Profile:  acct.Profile,
			Label:    acct.Label,
			Color:    acct.Color,
			Host:     acct.Host,
			ReadOnly: user.ReadOnly,
			Notice:   strings.Join(notices, " · "),
			NoColor:  theme.NoColor(env),
			WarmUp:   true,
			// Each SSH user's writes in a log of their own.
			Audit: audit.Open(filepath.Join(s.cfg.StateDir, "serve", "audit", user.Name+".jsonl")),
			// Nothing of the host: no files (export and import are
			// commands over the channel), no ctrl+z, no clipboard read.
			HostAccess: ui.HostAccess{Remote: sshCommand(sess.LocalAddr())},
			// The session's end ends its requests and timers.
			Context: sess.ctx,
		}
		if restore != nil {
			opts.Restore, opts.DraftDone = &restore.Draft, ds.Done
		}
		app := ui.New(opts)
		ds.Watch(app, restore)
		return app
	}
	discard := func(d drafts.Saved) {
		if err := ds.Discard(d); err != nil {
			notices = append(notices, "draft not deleted: "+termsafe.OneLine(err.Error()))
		}
	}
	quiet := newQuietInput()
	p = tea.NewProgram(newSessionModel(pending, dashboard, discard), s.programOptions(sess, quiet, ptyReq.Window, env)...)
	me, leave := acct.team.join(user.Name, p.Send)
	defer leave()
	events, streamed := decodeInput(sess.ctx, sess, ptyReq.Term)
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		s.watch(sess, p, winch, events, streamed)
	}()
	_, err := p.Run()
	quiet.close()
	sess.cancel()
	<-watched
	sess.finish(ds, err, s.cfg.IdleTimeout)
}

// programOptions are those of wish's MakeOptions (the session as output,
// the client's TERM and environment, its colour profile), with the quiet
// input, the window's size, no signal handler (signals are the server's:
// SIGTERM ends every session through Shutdown), and the session's context.
func (s *Server) programOptions(sess *session, in io.Reader, w ssh.Window, env []string) []tea.ProgramOption {
	opts := append(bm.MakeOptions(sess.Session),
		tea.WithInput(in),
		tea.WithWindowSize(w.Width, w.Height),
		tea.WithFilter(sess.filter),
		tea.WithoutSignalHandler(),
		tea.WithContext(sess.ctx),
	)
	if p, ok := theme.ProfileOverride(env); ok {
		opts = append(opts, tea.WithColorProfile(p))
	}
	return opts
}

// filter sees every message of the session's program. It notes the
// user's input for the idle timeout, and keeps a suspend from stopping
// the server (as wish's does), should one ever be sent: the dashboard
// sends none without HostAccess.Suspend, nor reads the server's clipboard
// on ctrl+v without HostAccess.ClipboardRead.
func (sess *session) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch msg.(type) {
	case tea.KeyPressMsg:
		sess.lastInput.Store(time.Now().UnixNano())
	case tea.PasteMsg, tea.MouseClickMsg, tea.MouseWheelMsg:
		sess.lastInput.Store(time.Now().UnixNano())
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	}
	return msg
}

// watch feeds the program until the session's context ends: the client's
// input and window changes go to it, and the session ends when its channel
// closes, its input ends, or nothing was typed for the idle timeout.
func (s *Server) watch(sess *session, p *tea.Program, winch <-chan ssh.Window, events <-chan uv.Event, streamed <-chan struct{}) {
	ended := streamed // set to nil once it has fired: drain still needs it
	idle := newIdleTimer(s.cfg.IdleTimeout)
	defer idle.stop()
	for {
		select {
		case <-sess.ctx.Done():
			go drain(events, streamed)
			return
		case ev := <-events:
			p.Send(ev) // returns when taken, or once the program has ended
		case w, ok := <-winch:
			if !ok {
				winch = nil // a closed channel is ready for ever: wish's spin
				sess.end(endClosed)
				continue
			}
			p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
		case <-ended:
			ended = nil
			sess.end(endClosed)
		case <-idle.C:
			if idle.idle(time.Unix(0, sess.lastInput.Load())) {
				sess.end(endIdle)
			}
		}
	}
}

// finish tells the session's user how it ended, keeps the open form as a
// draft, and sets the exit status. err is what the last program returned.
func (sess *session) finish(ds *drafts.Session, err error, idle time.Duration) {
	switch {
	case err == nil, errors.Is(err, tea.ErrInterrupted):
		sess.end(endQuit)
	case errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrProgramPanic):
		sess.end(endClosed) // unless a reason came first: the connection closed
	default:
		sess.log.Error("dashboard failed", "error", err.Error())
		sess.end(endFailed)
	}
	r := sess.endReason()
	var lines []string
	if msg := r.farewell(idle); msg != "" {
		lines = append(lines, msg)
	}
	// The program has ended: its form is read without a race.
	if ds.Save() != "" {
		lines = append(lines, "your open form was kept as a draft; it is offered when you connect again")
	}
	if r == endClosed {
		return // nobody to tell
	}
	for _, l := range lines {
		_, _ = fmt.Fprintf(sess.Stderr(), "tweakdash: %s\n", l)
	}
	if r != endQuit {
		_ = sess.Exit(1)
	}
}

// sshCommand is how a user reaches this server from their side, for the
// export and import commands the dashboard points to: the port is the one
// they connected to; the host name is theirs to know.
func sshCommand(local net.Addr) string {
	_, port, err := net.SplitHostPort(local.String())
	if err != nil || port == "22" {
		return "ssh HOST"
	}
	return "ssh -p " + port + " HOST"
}
