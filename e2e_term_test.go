package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// binPath is the tweakdash binary built once by TestMain for the end-to-end
// tests, which run it as a person would: in a real pseudo-terminal.
var binPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tweakdash-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binPath = filepath.Join(dir, "tweakdash")
	if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building tweakdash for the end-to-end tests: %v\n%s", err, out)
		_ = os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// Deadlines are generous: CI has two cores and runs -race builds of other
// packages beside this one. Polling is frequent, so a pass is still quick.
const (
	screenDeadline = 20 * time.Second
	pollEvery      = 20 * time.Millisecond
)

// term is the binary running in a pty, its output fed into a terminal
// emulator so that tests assert on what a person would see.
type term struct {
	t    *testing.T
	cmd  *exec.Cmd
	ptmx *os.File

	mu  sync.Mutex
	emu *vt.Emulator
	raw bytes.Buffer // every byte the program wrote, for colour checks

	exited   chan struct{} // closed when the process has exited
	drained  chan struct{} // closed when all of its output was read
	exitCode int
}

// baseEnv is a clean environment for the binary: its own settings and state
// directories, a UTF-8 locale and a 256-colour TERM. Nothing leaks in from
// the developer's or CI's environment (NO_COLOR, HTTPTWEAK_*, SSH_TTY...).
func baseEnv(t *testing.T) []string {
	home := t.TempDir()
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_STATE_HOME=" + filepath.Join(home, "state"),
		"XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"XDG_CACHE_HOME=" + filepath.Join(home, "cache"),
		"LANG=C.UTF-8",
		"TERM=xterm-256color",
	}
}

// envValue reads KEY from an environment list.
func envValue(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}

// startTerm runs the binary with args in a w×h pty.
func startTerm(t *testing.T, w, h int, env []string, args ...string) *term {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Env = env
	cmd.Dir = t.TempDir()
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
	if err != nil {
		t.Fatalf("starting %s in a pty: %v", binPath, err)
	}
	tm := &term{t: t, cmd: cmd, ptmx: ptmx, emu: vt.NewEmulator(w, h),
		exited: make(chan struct{}), drained: make(chan struct{})}

	// The program's output goes into the emulator.
	go func() {
		defer close(tm.drained)
		buf := make([]byte, 32<<10)
		for {
			n, err := ptmx.Read(buf)
			if n > 0 {
				tm.mu.Lock()
				tm.raw.Write(buf[:n])
				_, _ = tm.emu.Write(buf[:n])
				tm.mu.Unlock()
			}
			if err != nil { // EIO once the program has exited and all is read
				return
			}
		}
	}()
	// The emulator answers terminal queries (device attributes, modes,
	// colours) on a pipe, as a real terminal would on the wire. The pipe
	// is synchronous: without this reader the emulator, and with it the
	// program, would stall on the first query.
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tm.emu.Read(buf)
			if n > 0 {
				_, _ = ptmx.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		err := cmd.Wait()
		tm.exitCode = cmd.ProcessState.ExitCode()
		if err != nil && !errors.As(err, new(*exec.ExitError)) {
			tm.exitCode = -1
		}
		close(tm.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-tm.exited:
		default:
			_ = cmd.Process.Kill()
			<-tm.exited
		}
		_ = ptmx.Close()
		// Emulator.Close sets a flag that Read reads without a lock (a data
		// race); closing the reply pipe ends the reader goroutine just the same.
		if pw, ok := tm.emu.InputPipe().(*io.PipeWriter); ok {
			_ = pw.CloseWithError(io.EOF)
		}
		if t.Failed() {
			t.Logf("screen at the end:\n%s", tm.screen())
		}
	})
	return tm
}

// screen is what the terminal shows now, one line per row.
func (tm *term) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.emu.String()
}

// output is every byte the program has written so far.
func (tm *term) output() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.raw.String()
}

// altScreen reports whether the terminal is on its alternate screen.
func (tm *term) altScreen() bool {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.emu.IsAltScreen()
}

// waitFor polls the screen until ok holds, and fails the test with the screen
// it last saw when the deadline passes.
func (tm *term) waitFor(what string, ok func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(screenDeadline)
	for {
		s := tm.screen()
		if ok(s) {
			return s
		}
		select {
		case <-tm.exited:
			select {
			case <-tm.drained:
			case <-time.After(5 * time.Second):
			}
			if s = tm.screen(); ok(s) {
				return s
			}
			tm.t.Fatalf("the program exited (status %d) before the screen showed %s; screen:\n%s", tm.exitCode, what, s)
		default:
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("after %s the screen does not show %s; screen:\n%s", screenDeadline, what, s)
		}
		time.Sleep(pollEvery)
	}
}

// waitText waits until every one of texts is on the screen.
func (tm *term) waitText(texts ...string) string {
	tm.t.Helper()
	return tm.waitFor(fmt.Sprintf("%q", texts), func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// press types keys as a person would: the bytes a terminal sends.
func (tm *term) press(keys string) {
	tm.t.Helper()
	if _, err := tm.ptmx.Write([]byte(keys)); err != nil {
		tm.t.Fatalf("typing %q: %v", keys, err)
	}
}

// wait waits for the program to exit and returns its exit status.
func (tm *term) wait() int {
	tm.t.Helper()
	select {
	case <-tm.exited:
	case <-time.After(screenDeadline):
		tm.t.Fatalf("the program did not exit within %s; screen:\n%s", screenDeadline, tm.screen())
	}
	select {
	case <-tm.drained:
	case <-time.After(5 * time.Second):
		tm.t.Fatal("the pty was not drained after exit")
	}
	return tm.exitCode
}

// sgrRE matches one SGR (select graphic rendition) sequence.
var sgrRE = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// colourSGRs lists the SGR sequences in out that set a foreground or
// background colour: 30–37, 40–47, 90–97, 100–107 (the 16 ANSI colours) and
// 38/48 (256 and true colour). 39 and 49, back to the default, are not
// colours.
func colourSGRs(out string) []string {
	var found []string
	for _, m := range sgrRE.FindAllStringSubmatch(out, -1) {
		params := strings.Split(m[1], ";")
		for i := 0; i < len(params); i++ {
			p := params[i]
			head, _, _ := strings.Cut(p, ":") // 38:2:r:g:b
			n, err := strconv.Atoi(head)
			if err != nil {
				continue
			}
			if n == 38 || n == 48 || (n >= 30 && n <= 37) || (n >= 40 && n <= 47) ||
				(n >= 90 && n <= 97) || (n >= 100 && n <= 107) {
				found = append(found, m[0])
				break
			}
		}
	}
	return found
}

// runPlain runs the binary without a terminal and returns its stdout,
// stderr and exit status.
func runPlain(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.Stdin = nil
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatalf("running %v: %v", args, err)
	}
	return out.String(), errOut.String(), code
}
