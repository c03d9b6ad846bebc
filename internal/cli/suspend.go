package cli

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/sys/unix"
)

// suspender turns a SIGTSTP sent from outside (kill -TSTP; ctrl+z typed in
// raw mode is a key, not a signal) into a suspend through the Bubble Tea
// program that has the terminal: the program gives the terminal back (main
// screen, cooked mode, cursor, mouse and paste off), sends SIGTSTP to its
// process group, and restores and repaints after SIGCONT. Left to the
// default action, the signal would stop the process with the terminal
// still raw and on the alternate screen, and nothing would repaint it.
//
// Every program of a run (the first-run form, the drafts offer, the
// dashboard, one after the other) is made with option, so the suspender
// knows the latest one. Bubble Tea's own SIGTSTP, sent once it has given
// the terminal back (for this suspend or for a tea.Suspend from inside),
// is caught here too and turned into the stop (see stop).
type suspender struct {
	tstp      chan os.Signal
	cont      chan os.Signal
	suspended chan struct{} // a program passed a SuspendMsg on to be handled

	mu         sync.Mutex
	prog       *program // the latest program made with option; nil before the first
	suspending bool     // a program took a SuspendMsg; its SIGTSTP has not stopped us yet
	asking     bool     // a SuspendMsg is on its way to a program
}

// program is one Bubble Tea program of the run and when it has ended.
type program struct {
	p     *tea.Program
	ended chan struct{} // closed when p has ended (watched from its first message)
}

// newSuspender catches SIGTSTP and SIGCONT until close.
func newSuspender() *suspender {
	s := &suspender{tstp: make(chan os.Signal, 1), cont: make(chan os.Signal, 1), suspended: make(chan struct{}, 1)}
	signal.Notify(s.tstp, syscall.SIGTSTP)
	signal.Notify(s.cont, syscall.SIGCONT)
	return s
}

// close gives SIGTSTP and SIGCONT their default actions back.
func (s *suspender) close() {
	signal.Stop(s.tstp)
	signal.Stop(s.cont)
}

// option is for every program of the run: it makes the program the one
// that a SIGTSTP suspends. also, when set, sees every message after the
// suspender (the panic filter of the tweakdash_e2e_panic build).
func (s *suspender) option(also func(tea.Model, tea.Msg) tea.Msg) tea.ProgramOption {
	return func(p *tea.Program) {
		j := &program{p: p, ended: make(chan struct{})}
		s.mu.Lock()
		s.prog = j
		s.mu.Unlock()
		var once sync.Once
		tea.WithFilter(func(m tea.Model, msg tea.Msg) tea.Msg {
			// The event loop runs: Wait is safe to call from now on.
			once.Do(func() {
				go func() {
					p.Wait()
					close(j.ended)
				}()
			})
			if also != nil {
				if msg = also(m, msg); msg == nil {
					return nil
				}
			}
			if _, ok := msg.(tea.SuspendMsg); ok {
				s.mu.Lock()
				s.suspending = true
				s.mu.Unlock()
				select {
				case s.suspended <- struct{}{}:
				default:
				}
			}
			return msg
		})(p)
	}
}

// run handles SIGTSTP until ctx is done.
func (s *suspender) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.tstp:
			s.handle(ctx)
		}
	}
}

// handle decides what one SIGTSTP does.
func (s *suspender) handle(ctx context.Context) {
	s.mu.Lock()
	j, suspending, asking := s.prog, s.suspending, s.asking
	running := j != nil && !isClosed(j.ended)
	if running && !suspending && !asking {
		s.asking = true
	}
	s.mu.Unlock()
	switch {
	case suspending:
		// A program's own SIGTSTP: the terminal is back to normal.
		s.stop(ctx)
	case !stoppable():
		// The kernel discards a stop in an orphaned process group (nobody
		// could continue it); do the same.
	case asking:
		// The program has not taken the first one yet.
	case running:
		go s.ask(ctx, j)
	default:
		// No program has the terminal: it is as the shell left it.
		s.stop(ctx)
	}
}

// ask sends j's program a SuspendMsg. Should the program end before it
// takes it, SIGTSTP is raised again for handle to decide anew: the next
// program, or none, has the terminal.
func (s *suspender) ask(ctx context.Context, j *program) {
	defer func() {
		s.mu.Lock()
		s.asking = false
		s.mu.Unlock()
	}()
	select {
	case <-s.suspended: // left over from a suspend from inside
	default:
	}
	j.p.Send(tea.SuspendMsg{}) // returns at once if the program has ended
	select {
	case <-s.suspended:
	case <-j.ended:
		_ = syscall.Kill(os.Getpid(), syscall.SIGTSTP)
	case <-ctx.Done():
	}
}

// stop stops the process, as SIGTSTP's default action would, and returns
// once SIGCONT has continued it. It stops with SIGSTOP: once a Go program
// has caught SIGTSTP, the runtime keeps its handler even after
// signal.Reset and drops the signal, so a SIGTSTP would not stop it (nor
// the one Bubble Tea sends itself). A shell reports the job stopped either
// way, and fg continues it.
func (s *suspender) stop(ctx context.Context) {
	defer func() {
		s.mu.Lock()
		s.suspending = false
		s.mu.Unlock()
	}()
	if !stoppable() {
		// A program that asked to be suspended waits for SIGCONT: nobody
		// else could send it, so carry on at once.
		_ = syscall.Kill(os.Getpid(), syscall.SIGCONT)
		return
	}
	for len(s.cont) > 0 {
		<-s.cont
	}
	_ = syscall.Kill(os.Getpid(), syscall.SIGSTOP)
	select {
	case <-s.cont:
	case <-ctx.Done():
	}
}

// stoppable reports whether a stop could be undone: the process group is
// not orphaned, that is, some parent in the same session (a job-control
// shell) could continue it. tweakdash leading its own session (ssh host
// tweakdash, a pty of its own) is the case that matters; a parent in the
// same process group (sh -c without job control) is taken to be a shell
// whose own parent can.
func stoppable() bool {
	pgrp := syscall.Getpgrp()
	sid, err := unix.Getsid(0)
	if err != nil {
		return true
	}
	if pgrp == sid {
		return false
	}
	ppid := os.Getppid()
	ppgrp, err := syscall.Getpgid(ppid)
	if err != nil || ppgrp == pgrp {
		return true
	}
	psid, err := unix.Getsid(ppid)
	return err != nil || psid == sid
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
