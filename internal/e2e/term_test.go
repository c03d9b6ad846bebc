package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tweakdash/internal/ptyterm"
	"tweakdash/model"
)

// e2eDir holds the binaries the end-to-end tests build; TestMain removes it.
var e2eDir string

func TestMain(m *testing.M) {
	if pidFile := os.Getenv(jobShellEnv); pidFile != "" {
		os.Exit(jobShell(pidFile, os.Args[1], os.Args[2:]))
	}
	dir, err := os.MkdirTemp("", "tweakdash-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	e2eDir = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// builds holds one build per set of build tags.
var builds sync.Map // tags → *build

type build struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

// binary builds tweakdash (with tags, if any) once, for the first test that
// runs it, so that the package's other tests and its fuzz workers (each a
// fresh process that runs TestMain) start without a build.
func binary(t *testing.T, tags string) string {
	t.Helper()
	v, _ := builds.LoadOrStore(tags, &build{})
	b := v.(*build)
	b.once.Do(func() {
		name, args := "tweakdash", []string{"build"}
		if tags != "" {
			name, args = name+"-"+tags, append(args, "-tags", tags)
		}
		b.path = filepath.Join(e2eDir, name)
		// The main package by its import path: the build does not
		// depend on the directory the tests run in.
		b.out, b.err = exec.Command("go", append(args, "-o", b.path, "tweakdash")...).CombinedOutput()
	})
	if b.err != nil {
		t.Fatalf("building tweakdash (tags %q) for the end-to-end tests: %v\n%s", tags, b.err, b.out)
	}
	return b.path
}

// The deadline is generous: CI has two cores and runs -race builds of other
// packages beside this one. Waits wake on every write, so a pass is quick.
const screenDeadline = 20 * time.Second

// term is the binary running in a pty, its output fed into a terminal
// emulator so that tests assert on what a person would see.
type term struct {
	t   *testing.T
	cmd *exec.Cmd
	pt  *ptyterm.Term
}

// baseEnv is a clean environment for the binary: its own settings and state
// directories, a UTF-8 locale and a 256-colour TERM. Nothing leaks in from
// the developer's or CI's environment (NO_COLOR, HTTPTWEAK_*, SSH_TTY...).
func baseEnv(t *testing.T) []string { return ptyterm.CleanEnv(t.TempDir()) }

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
	return startBin(t, binary(t, ""), w, h, env, args...)
}

// startBin runs bin with args in a w×h pty, and kills it when the test ends.
func startBin(t *testing.T, bin string, w, h int, env []string, args ...string) *term {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Dir = t.TempDir()
	pt, err := ptyterm.Start(cmd, w, h)
	if err != nil {
		t.Fatalf("starting %s in a pty: %v", bin, err)
	}
	t.Cleanup(func() {
		pt.Stop()
		if t.Failed() {
			t.Logf("screen at the end:\n%s", pt.Screen())
		}
	})
	return &term{t: t, cmd: cmd, pt: pt}
}

// screen is what the terminal shows now, one line per row.
func (tm *term) screen() string { return tm.pt.Screen() }

// output is every byte the program has written so far.
func (tm *term) output() string { return tm.pt.Output() }

// altScreen reports whether the terminal is on its alternate screen.
func (tm *term) altScreen() bool { return tm.pt.AltScreen() }

// waitFor waits until ok holds for the screen, and fails the test with the
// screen it last saw when the program exits or the deadline passes first.
func (tm *term) waitFor(what string, ok func(screen string) bool) string {
	tm.t.Helper()
	s, err := tm.pt.WaitFor(screenDeadline, ok)
	switch {
	case errors.Is(err, ptyterm.ErrExited):
		code, _ := tm.pt.Wait(time.Second)
		tm.t.Fatalf("the program exited (status %d) before the screen showed %s; screen:\n%s", code, what, s)
	case err != nil:
		tm.t.Fatalf("after %s the screen does not show %s; screen:\n%s", screenDeadline, what, s)
	}
	return s
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

// waitOpened waits until cfg is open with its server list loaded: the tab
// shows the loaded count, "Servers (N)", never the loading mark "Servers (…)",
// which a key pressed too early would meet while the write keys are still off.
func (tm *term) waitOpened(cfg model.Config) string {
	tm.t.Helper()
	return tm.waitText(fmt.Sprintf("Servers (%d)", int(cfg.ServersCount)))
}

// resize makes the terminal w×h, as a person dragging the window does.
func (tm *term) resize(w, h int) {
	tm.t.Helper()
	if err := tm.pt.Resize(w, h); err != nil {
		tm.t.Fatalf("resizing to %dx%d: %v", w, h, err)
	}
}

// press types keys as a person would: the bytes a terminal sends.
func (tm *term) press(keys string) {
	tm.t.Helper()
	if err := tm.pt.Press(keys); err != nil {
		tm.t.Fatalf("typing %q: %v", keys, err)
	}
}

// wait waits for the program to exit and returns its exit status.
func (tm *term) wait() int {
	tm.t.Helper()
	code, err := tm.pt.Wait(screenDeadline)
	if err != nil {
		tm.t.Fatalf("%v; screen:\n%s", err, tm.screen())
	}
	return code
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
	cmd := exec.Command(binary(t, ""), args...)
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
