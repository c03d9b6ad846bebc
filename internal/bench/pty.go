package main

import (
	"os"
	"os/exec"
	"time"

	"tweakdash/internal/ptyterm"
)

// term is the binary running in a pty, as a person runs it: its output goes
// into a terminal emulator, which answers the program's queries.
type term struct{ pt *ptyterm.Term }

// cleanEnv is an environment with its own settings and state directories,
// so that nothing from the developer's setup leaks into a measure.
func cleanEnv(dir, url, key string) []string {
	home, _ := os.MkdirTemp(dir, "home-")
	return append(ptyterm.CleanEnv(home), "HTTPTWEAK_BASE_URL="+url, "HTTPTWEAK_API_KEY="+key)
}

func startTerm(bin string, env []string, w, h int, args ...string) (*term, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	pt, err := ptyterm.Start(cmd, w, h)
	if err != nil {
		return nil, err
	}
	return &term{pt: pt}, nil
}

// press writes keys as a terminal would send them.
func (t *term) press(s string) { _ = t.pt.Press(s) }

// waitFor waits until the screen shows text, waking on every write; it
// reports whether it did before the deadline.
func (t *term) waitFor(text string, within time.Duration) bool {
	_, err := t.pt.WaitText(within, text)
	return err == nil
}

// settle waits until no byte has arrived for quiet, and returns the bytes
// written so far.
func (t *term) settle(quiet, within time.Duration) int { return t.pt.Settle(quiet, within) }

func (t *term) bytes() int { return t.pt.Written() }

// screen is the full screen, with its styles, as the emulator holds it.
func (t *term) screen() string { return t.pt.Render() }

func (t *term) pid() int { return t.pt.Pid() }

// stop kills the program and releases the pty.
func (t *term) stop() { t.pt.Stop() }

// firstByte is when the program first wrote to the terminal.
func (t *term) firstByte() time.Time { return t.pt.FirstByte() }
