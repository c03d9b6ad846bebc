package e2e

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// jobShellEnv, set, makes the test binary a job-control shell for one
// command (see jobShell); its value is the file that gets the job's pid.
const jobShellEnv = "TWEAKDASH_E2E_JOB_SHELL"

// jobShell runs bin as a job-control shell runs a command: in a process
// group of its own, in the foreground of the terminal, with the shell as
// its parent in the same session. SIGTSTP stops a process only there: in
// the pty's own session, as ptyterm starts it, the process group is
// orphaned and the kernel discards a stop signal. It returns bin's exit
// status.
func jobShell(pidFile, bin string, args []string) int {
	cmd := exec.Command(bin, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, jobShellEnv+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Foreground: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "job shell:", err)
		return 127
	}
	if err := os.WriteFile(pidFile, []byte(strconv.Itoa(cmd.Process.Pid)), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, "job shell:", err)
	}
	err := cmd.Wait() // a stop does not end the wait, as in a shell that waits for its job
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		return ee.ExitCode()
	default:
		return 128
	}
}

// startJob runs the binary under jobShell in a w×h pty and returns it and
// the dashboard's pid.
func startJob(t *testing.T, w, h int, env []string, args ...string) (*term, int) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pidFile := filepath.Join(t.TempDir(), "pid")
	tm := startBin(t, self, w, h, append(env, jobShellEnv+"="+pidFile), append([]string{binary(t, "")}, args...)...)
	var pid int
	tm.waitFor("the job started", func(string) bool {
		data, err := os.ReadFile(pidFile)
		pid, _ = strconv.Atoi(string(data))
		return err == nil && pid > 0
	})
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
	return tm, pid
}

// processState is the state letter of /proc/PID/stat ('T' stopped, 'S'
// sleeping...), or 0 when the process is gone.
func processState(pid int) byte {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// pid (comm) state ...: comm may hold spaces and parentheses.
	i := strings.LastIndexByte(string(data), ')')
	if i < 0 || i+2 >= len(data) {
		return 0
	}
	return data[i+2]
}

// waitState waits until pid is in state, polling /proc: a stopped process
// writes nothing that a screen wait could wake on.
func waitState(t *testing.T, pid int, state byte) {
	t.Helper()
	deadline := time.Now().Add(screenDeadline)
	for processState(pid) != state {
		if time.Now().After(deadline) {
			t.Fatalf("process %d is in state %q after %s, want %q", pid, processState(pid), screenDeadline, state)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// SIGTSTP sent from outside (kill -TSTP, as a shell or a supervisor may)
// stops tweakdash only after it has given the terminal back: main screen,
// cooked mode, cursor shown, mouse and paste off. SIGCONT (fg) takes it
// back to the alternate screen with the dashboard repainted, and keys work.
func TestE2ESIGTSTPFromOutsideRestoresTheTerminalAndSIGCONTRepaints(t *testing.T) {
	sb := startE2ESandbox(t)
	t.Run("dashboard", func(t *testing.T) {
		tm, pid := startJob(t, 100, 30, dashboardEnv(t, sb), "--mouse")
		name := prefix(sb.configs[0].Name, 12)
		tm.waitText(name)
		suspendAndResume(t, tm, pid, func(s string) bool { return tm.altScreen() && strings.Contains(s, name) })
		tm.press("\r")
		tm.waitOpened(sb.configs[0])
		quit(t, tm)
	})
	t.Run("first-run form", func(t *testing.T) {
		env := append(baseEnv(t), "HTTPTWEAK_BASE_URL="+sb.url) // no key: the form asks
		tm, pid := startJob(t, 100, 30, env)
		tm.waitText("API key", "No API key found")
		suspendAndResume(t, tm, pid, func(s string) bool { return strings.Contains(s, "No API key found") })
		tm.press(e2eKey + "\r")
		tm.waitText("Save the key to")
		tm.press("\x1b[C\r") // Not now
		tm.waitText(prefix(sb.configs[0].Name, 12))
		quit(t, tm)
	})
}

// suspendAndResume sends SIGTSTP to pid, checks that it stopped with the
// terminal restored, sends SIGCONT and waits until the screen, written
// anew, satisfies back.
func suspendAndResume(t *testing.T, tm *term, pid int, back func(screen string) bool) {
	t.Helper()
	if err := syscall.Kill(pid, syscall.SIGTSTP); err != nil {
		t.Fatal(err)
	}
	waitState(t, pid, 'T')
	// What the program wrote before it stopped may still be on its way
	// through the pty to the emulator: wait for it, not for time. A
	// stopped program writes nothing more, so a terminal still not
	// restored at the deadline was left that way.
	if _, err := tm.pt.WaitFor(screenDeadline, func(string) bool { return tm.pt.Restored() == nil }); err != nil {
		t.Errorf("stopped, but %v", tm.pt.Restored())
	}
	mark := len(tm.output())
	if err := syscall.Kill(pid, syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	tm.waitFor("the program back and repainted", func(s string) bool {
		return len(tm.output()) > mark && back(s)
	})
}

// tweakdash leading its own session (as ptyterm starts it, or ssh host
// tweakdash) could never be continued once stopped: the kernel discards
// SIGTSTP there, and so does tweakdash, which goes on working.
func TestE2ESIGTSTPWithNobodyToContinueIsIgnored(t *testing.T) {
	sb := startE2ESandbox(t)
	tm := startTerm(t, 100, 30, dashboardEnv(t, sb))
	tm.waitText(prefix(sb.configs[0].Name, 12))
	if err := tm.cmd.Process.Signal(syscall.SIGTSTP); err != nil {
		t.Fatal(err)
	}
	tm.press("\r")
	tm.waitOpened(sb.configs[0])
	if st := processState(tm.pt.Pid()); st == 'T' {
		t.Error("stopped with nobody to continue it")
	}
	quit(t, tm)
}
