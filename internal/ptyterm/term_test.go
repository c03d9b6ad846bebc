package ptyterm

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

const within = 10 * time.Second

// sh runs script in a w×h pty and stops it when the test ends.
func sh(t *testing.T, script string) *Term {
	t.Helper()
	cmd := exec.Command("/bin/sh", "-c", script)
	cmd.Env = CleanEnv(t.TempDir())
	tm, err := Start(cmd, 60, 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tm.Stop)
	return tm
}

func TestScreenOutputTimesAndExitStatus(t *testing.T) {
	t0 := time.Now()
	tm := sh(t, `printf 'hello\n'; sleep 0.05; printf '\033[1mworld\033[0m\n'; exit 3`)
	if _, err := tm.WaitText(within, "hello", "world"); err != nil {
		t.Fatalf("%v; screen:\n%s", err, tm.Screen())
	}
	code, err := tm.Wait(within)
	if err != nil || code != 3 {
		t.Fatalf("Wait = %d, %v; want 3", code, err)
	}
	if !strings.Contains(tm.Output(), "\x1b[1mworld") || tm.Written() != len(tm.Output()) {
		t.Errorf("raw output %q (%d bytes written) lacks the bold sequence", tm.Output(), tm.Written())
	}
	if !strings.Contains(tm.Render(), "world") || tm.Render() == tm.Screen() {
		t.Errorf("Render should hold the styled screen, got %q", tm.Render())
	}
	first, last := tm.FirstByte(), tm.LastByte()
	if first.Before(t0) || last.Sub(first) < 40*time.Millisecond {
		t.Errorf("first byte at +%v, last at +%v: want the 50 ms pause between them", first.Sub(t0), last.Sub(t0))
	}
}

// The emulator answers a cursor position report; the program reads the
// reply from its terminal as it would from a real one.
func TestQueriesAreAnswered(t *testing.T) {
	tm := sh(t, `stty raw -echo; printf '\033[6n'; r=$(dd bs=1 count=6 2>/dev/null); stty sane; printf 'reply=%s\n' "$(printf '%s' "$r" | tr '\033' E)"`)
	if _, err := tm.WaitText(within, "reply=E[1;1R"); err != nil {
		t.Fatalf("%v; screen:\n%s", err, tm.Screen())
	}
}

func TestPressTypesKeys(t *testing.T) {
	tm := sh(t, `stty -echo; printf 'name? '; read -r name; echo "got:$name"`)
	if _, err := tm.WaitText(within, "name?"); err != nil {
		t.Fatal(err)
	}
	if err := tm.Press("Ada\r"); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.WaitText(within, "got:Ada"); err != nil {
		t.Fatalf("%v; screen:\n%s", err, tm.Screen())
	}
}

// Restored names what a full-screen program left behind, and is nil once
// it has put everything back.
func TestRestoredSeesLeftoversUntilTheyAreUndone(t *testing.T) {
	tm := sh(t, `stty raw -echo; printf '\033[?1049h\033[?25l\033[?2004h\033[?1002hready'; dd bs=1 count=1 >/dev/null 2>&1; printf '\033[?1002l\033[?2004l\033[?25h\033[?1049l'; stty sane; echo done`)
	if _, err := tm.WaitText(within, "ready"); err != nil {
		t.Fatal(err)
	}
	if !tm.AltScreen() {
		t.Error("AltScreen = false on the alternate screen")
	}
	err := tm.Restored()
	for _, want := range []string{"alternate screen", "cursor hidden", "bracketed paste", "mouse reporting (1002)", "raw mode"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Restored = %v, want it to name %s", err, want)
		}
	}
	if err := tm.Press("x"); err != nil {
		t.Fatal(err)
	}
	if code, err := tm.Wait(within); err != nil || code != 0 {
		t.Fatalf("Wait = %d, %v", code, err)
	}
	if !strings.Contains(tm.Screen(), "done") || tm.AltScreen() {
		t.Errorf("not back on the main screen:\n%s", tm.Screen())
	}
	if err := tm.Restored(); err != nil {
		t.Error(err)
	}
}

func TestWaitForSaysWhyItGaveUp(t *testing.T) {
	tm := sh(t, `echo bye`)
	if s, err := tm.WaitText(within, "never"); !errors.Is(err, ErrExited) || !strings.Contains(s, "bye") {
		t.Errorf("after exit: %q, %v; want the last screen and ErrExited", s, err)
	}

	tm = sh(t, `echo waiting; sleep 30`)
	start := time.Now()
	if _, err := tm.WaitText(100*time.Millisecond, "never"); !errors.Is(err, ErrTimeout) {
		t.Errorf("err = %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a 100 ms wait took %v", d)
	}
	if _, err := tm.Wait(100 * time.Millisecond); !errors.Is(err, ErrTimeout) {
		t.Errorf("Wait on a running program: %v, want ErrTimeout", err)
	}
	tm.Stop() // kills it: the test does not last 30 s
	if code, err := tm.Wait(time.Second); err != nil || code != -1 {
		t.Errorf("after Stop: %d, %v; want -1 (killed)", code, err)
	}
}

// Settle waits out a burst of output, counting from the call, and returns
// the bytes written by then.
func TestSettleWaitsForQuiet(t *testing.T) {
	tm := sh(t, `stty -echo; echo ready; read -r x; for i in 1 2 3 4 5; do printf 'tick%d\n' $i; sleep 0.03; done; sleep 30`)
	if _, err := tm.WaitText(within, "ready"); err != nil {
		t.Fatal(err)
	}
	if err := tm.Press("\r"); err != nil {
		t.Fatal(err)
	}
	// The ticks come 30 ms apart; the quiet asked for is far longer, so
	// that a loaded machine's slow fork of sleep is not taken for the end
	// of the burst (CI saw a 100 ms gap between tick1 and tick2).
	const quiet = time.Second
	n := tm.Settle(quiet, within)
	if !strings.Contains(tm.Screen(), "tick5") || n != tm.Written() || n < len("tick1\r\n")*5 {
		t.Errorf("Settle returned %d bytes with screen:\n%s", n, tm.Screen())
	}
	if time.Since(tm.LastByte()) < quiet {
		t.Errorf("Settle returned %v after the last byte", time.Since(tm.LastByte()))
	}
}
