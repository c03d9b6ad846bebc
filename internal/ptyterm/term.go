// Package ptyterm runs a program in a pseudo-terminal, as a person runs
// it: what the program writes goes into a terminal emulator, which answers
// the program's queries (device attributes, colours, cursor position) on
// the wire as a real terminal would. Callers read the screen the emulator
// holds, or the raw bytes, and type keys.
//
// The bench program and the end-to-end tests share it.
package ptyterm

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// Why a wait ended without what it waited for.
var (
	ErrExited  = errors.New("the program exited")
	ErrTimeout = errors.New("the deadline passed")
)

// Term is a program running in a pty of a fixed size.
type Term struct {
	cmd  *exec.Cmd
	ptmx *os.File

	mu      sync.Mutex
	emu     *vt.Emulator
	raw     bytes.Buffer       // every byte the program wrote
	first   time.Time          // when the first byte arrived
	last    time.Time          // when the last byte arrived
	modes   map[ansi.Mode]bool // modes the program set and has not reset
	changed chan struct{}      // closed, and replaced, on every write

	exited   chan struct{} // closed when the process has exited
	drained  chan struct{} // closed when all of its output was read
	exitCode int           // valid once exited is closed
}

// Start runs cmd (with its Env and Dir as the caller set them) in a w×h
// pty. Stop releases it.
func Start(cmd *exec.Cmd, w, h int) (*Term, error) {
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
	if err != nil {
		return nil, err
	}
	t := &Term{cmd: cmd, ptmx: ptmx, emu: vt.NewEmulator(w, h), modes: map[ansi.Mode]bool{},
		changed: make(chan struct{}), exited: make(chan struct{}), drained: make(chan struct{})}
	// The callbacks run inside emu.Write, which holds t.mu.
	t.emu.SetCallbacks(vt.Callbacks{
		EnableMode:  func(m ansi.Mode) { t.modes[m] = true },
		DisableMode: func(m ansi.Mode) { delete(t.modes, m) },
	})
	go t.readOutput()
	go t.answerQueries()
	go func() {
		err := cmd.Wait()
		t.exitCode = cmd.ProcessState.ExitCode() // -1 when a signal ended it
		if err != nil && !errors.As(err, new(*exec.ExitError)) {
			t.exitCode = -1
		}
		close(t.exited)
	}()
	return t, nil
}

// readOutput feeds the program's output to the emulator and the raw log,
// and wakes every waiter after each chunk.
func (t *Term) readOutput() {
	defer close(t.drained)
	buf := make([]byte, 32<<10)
	for {
		n, err := t.ptmx.Read(buf)
		if n > 0 {
			t.mu.Lock()
			t.raw.Write(buf[:n])
			_, _ = t.emu.Write(buf[:n])
			t.last = time.Now()
			if t.first.IsZero() {
				t.first = t.last
			}
			close(t.changed)
			t.changed = make(chan struct{})
			t.mu.Unlock()
		}
		if err != nil { // EIO once the program has exited and all is read
			return
		}
	}
}

// answerQueries sends the emulator's replies back to the program. The
// emulator writes them to a synchronous pipe: without this reader it, and
// with it the program, would stall on the first query.
func (t *Term) answerQueries() {
	buf := make([]byte, 4096)
	for {
		n, err := t.emu.Read(buf)
		if n > 0 {
			_, _ = t.ptmx.Write(buf[:n])
		}
		if err != nil {
			return
		}
	}
}

// Press types keys: the bytes a terminal sends for them.
func (t *Term) Press(keys string) error {
	_, err := io.WriteString(t.ptmx, keys)
	return err
}

// WaitFor waits until ok holds for the screen (as Screen returns it),
// waking on every write rather than polling. It returns the last screen it
// saw, and ErrExited or ErrTimeout when ok never held.
func (t *Term) WaitFor(within time.Duration, ok func(screen string) bool) (string, error) {
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for {
		t.mu.Lock()
		s, changed := t.emu.String(), t.changed
		t.mu.Unlock()
		if ok(s) {
			return s, nil
		}
		select {
		case <-changed:
		case <-t.drained:
			// Everything the program wrote has been read: one last look.
			if s = t.Screen(); ok(s) {
				return s, nil
			}
			return s, ErrExited
		case <-deadline.C:
			return s, ErrTimeout
		}
	}
}

// WaitText waits until every one of texts is on the screen.
func (t *Term) WaitText(within time.Duration, texts ...string) (string, error) {
	return t.WaitFor(within, func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// Wait waits until the program has exited and all its output is read, and
// returns its exit status (-1 when a signal ended it).
func (t *Term) Wait(within time.Duration) (int, error) {
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	select {
	case <-t.exited:
	case <-deadline.C:
		return 0, fmt.Errorf("waiting for the program to exit: %w", ErrTimeout)
	}
	select {
	case <-t.drained:
	case <-deadline.C:
		return t.exitCode, fmt.Errorf("reading the output of the program after it exited: %w", ErrTimeout)
	}
	return t.exitCode, nil
}

// Settle waits until no byte has arrived for quiet, counted from the call
// at the earliest so that the reply to a key just pressed is waited for,
// or until within has passed. It returns how many bytes were written so
// far.
func (t *Term) Settle(quiet, within time.Duration) int {
	end := time.NewTimer(within)
	defer end.Stop()
	start := time.Now()
	for {
		t.mu.Lock()
		since, changed := start, t.changed
		if t.last.After(since) {
			since = t.last
		}
		t.mu.Unlock()
		idle := time.Since(since)
		if idle >= quiet {
			break
		}
		rest := time.NewTimer(quiet - idle)
		select {
		case <-changed:
		case <-rest.C:
		case <-end.C:
			rest.Stop()
			return t.Written()
		}
		rest.Stop()
	}
	return t.Written()
}

// Screen is the text on the screen now, one line per row, without styles.
func (t *Term) Screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.emu.String()
}

// Render is the screen now with its styles, as escape sequences: what a
// renderer that redraws everything would write.
func (t *Term) Render() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.emu.Render()
}

// Output is every byte the program has written so far.
func (t *Term) Output() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.raw.String()
}

// Written is how many bytes the program has written so far.
func (t *Term) Written() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.raw.Len()
}

// FirstByte is when the program first wrote to the terminal (zero before).
func (t *Term) FirstByte() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.first
}

// LastByte is when the program last wrote to the terminal (zero before).
func (t *Term) LastByte() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.last
}

// AltScreen reports whether the terminal is on its alternate screen.
func (t *Term) AltScreen() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.emu.IsAltScreen()
}

// Resize sets the pty's size, as a person dragging the window does (the
// program gets SIGWINCH), and the emulator's with it.
func (t *Term) Resize(w, h int) error {
	// The emulator first, so that the frame the program draws for the new
	// size lands on a screen of that size.
	t.mu.Lock()
	t.emu.Resize(w, h)
	t.mu.Unlock()
	return pty.Setsize(t.ptmx, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
}

// Pid is the program's process id.
func (t *Term) Pid() int { return t.cmd.Process.Pid }

// Stop kills the program if it still runs and releases the pty.
func (t *Term) Stop() {
	select {
	case <-t.exited:
	default:
		_ = t.cmd.Process.Kill()
		<-t.exited
	}
	_ = t.ptmx.Close()
	// Emulator.Close sets a flag that Read reads without a lock (a data
	// race); closing the reply pipe ends answerQueries just the same.
	if pw, ok := t.emu.InputPipe().(*io.PipeWriter); ok {
		_ = pw.CloseWithError(io.EOF)
	}
}
