package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// term is the binary running in a pty, as a person runs it: its output goes
// into a terminal emulator, which answers the program's queries.
type term struct {
	cmd  *exec.Cmd
	ptmx *os.File

	mu    sync.Mutex
	emu   *vt.Emulator
	raw   bytes.Buffer
	first time.Time // when the first byte arrived
	last  time.Time // when the last byte arrived
	wrote chan struct{}

	exited chan struct{}
}

// cleanEnv is an environment with its own settings and state directories,
// so that nothing from the developer's setup leaks into a measure.
func cleanEnv(dir, url, key string) []string {
	home, _ := os.MkdirTemp(dir, "home-")
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_STATE_HOME=" + filepath.Join(home, "state"),
		"XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"XDG_CACHE_HOME=" + filepath.Join(home, "cache"),
		"LANG=C.UTF-8",
		"TERM=xterm-256color",
		"HTTPTWEAK_BASE_URL=" + url,
		"HTTPTWEAK_API_KEY=" + key,
	}
}

func startTerm(bin string, env []string, w, h int, args ...string) (*term, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
	if err != nil {
		return nil, err
	}
	t := &term{cmd: cmd, ptmx: ptmx, emu: vt.NewEmulator(w, h), wrote: make(chan struct{}, 1), exited: make(chan struct{})}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := ptmx.Read(buf)
			if n > 0 {
				t.mu.Lock()
				t.raw.Write(buf[:n])
				_, _ = t.emu.Write(buf[:n])
				t.last = time.Now()
				if t.first.IsZero() {
					t.first = t.last
				}
				t.mu.Unlock()
				select {
				case t.wrote <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	// The emulator's answers to terminal queries go back on the wire.
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := t.emu.Read(buf)
			if n > 0 {
				_, _ = ptmx.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	go func() { _ = cmd.Wait(); close(t.exited) }()
	return t, nil
}

// press writes keys as a terminal would send them.
func (t *term) press(s string) { _, _ = io.WriteString(t.ptmx, s) }

// waitFor waits until the screen shows text; it reports whether it did
// before the deadline.
func (t *term) waitFor(text string, within time.Duration) bool {
	deadline := time.After(within)
	for {
		t.mu.Lock()
		ok := strings.Contains(t.emu.String(), text)
		t.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-t.wrote:
		case <-deadline:
			return false
		case <-t.exited:
			return false
		}
	}
}

// settle waits until no byte has arrived for quiet, and returns the bytes
// written so far.
func (t *term) settle(quiet, within time.Duration) int {
	end := time.Now().Add(within)
	for time.Now().Before(end) {
		time.Sleep(quiet / 4)
		t.mu.Lock()
		idle := time.Since(t.last) >= quiet
		t.mu.Unlock()
		if idle {
			break
		}
	}
	return t.bytes()
}

func (t *term) bytes() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.raw.Len()
}

// screen is the full screen, with its styles, as the emulator holds it.
func (t *term) screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.emu.Render()
}

func (t *term) pid() int { return t.cmd.Process.Pid }

// stop kills the program and releases the pty.
func (t *term) stop() {
	select {
	case <-t.exited:
	default:
		_ = t.cmd.Process.Kill()
		<-t.exited
	}
	_ = t.ptmx.Close()
	if pw, ok := t.emu.InputPipe().(*io.PipeWriter); ok {
		_ = pw.CloseWithError(io.EOF)
	}
}

// firstByte is when the program first wrote to the terminal.
func (t *term) firstByte() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.first
}
