package ui

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// keyChecker records the keys it was asked about and rejects all but good.
type keyChecker struct {
	mu   sync.Mutex
	good string
	seen []string
}

func (c *keyChecker) check(_ context.Context, key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen = append(c.seen, key)
	if key != c.good {
		return ErrKeyRefused
	}
	return nil
}

func (c *keyChecker) calls() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.seen...)
}

func newFirstRunTest(t *testing.T, opts FirstRunOptions) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, newFirstRun(context.Background(), opts),
		teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(
			tea.WithColorProfile(colorprofile.Ascii),
			tea.WithEnvironment([]string{"TERM=xterm-256color"})))
}

// waitText waits until the program has written want, keeping what it read
// in seen so that a test can scan everything that was drawn.
func waitText(t *testing.T, tm *teatest.TestModel, seen *bytes.Buffer, want string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		seen.Write(b)
		return strings.Contains(seen.String(), want)
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func enter() tea.KeyPressMsg { return tea.KeyPressMsg{Code: tea.KeyEnter} }

func TestFirstRunRejectsABadKeyAtTheFieldThenSavesAGoodOne(t *testing.T) {
	c := &keyChecker{good: "good-key-123"}
	tm := newFirstRunTest(t, FirstRunOptions{Profile: "default", Host: "httptweak.com",
		SavePath: "/home/me/.config/tweakdash/config.toml", Check: c.check})
	var seen bytes.Buffer
	waitText(t, tm, &seen, "API key")

	tm.Send(enter())
	waitText(t, tm, &seen, "enter the API key")
	if n := len(c.calls()); n != 0 {
		t.Fatalf("an empty key was sent to the API %d times", n)
	}

	tm.Type("bad-key")
	tm.Send(enter())
	waitText(t, tm, &seen, "API key missing or invalid")

	tm.Type("good-key-123") // the refused key is gone from the field
	tm.Send(enter())
	waitText(t, tm, &seen, "Save the key to /home/me/.config/tweakdash/config.toml?")
	tm.Send(enter()) // the default answer is yes

	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*firstRun)
	if fm.aborted || fm.key != "good-key-123" || !fm.save {
		t.Errorf("result: key %q save %v aborted %v", fm.key, fm.save, fm.aborted)
	}
	if got := c.calls(); len(got) != 2 || got[0] != "bad-key" || got[1] != "good-key-123" {
		t.Errorf("checked keys %q, want one check per submitted key", got)
	}
	_, _ = seen.ReadFrom(tm.FinalOutput(t))
	if strings.Contains(seen.String(), "good-key") || strings.Contains(seen.String(), "bad-key") {
		t.Error("the key was drawn in clear; it must be masked")
	}
}

func TestFirstRunAsksNothingAboutSavingWithoutAPath(t *testing.T) {
	c := &keyChecker{good: "k"}
	tm := newFirstRunTest(t, FirstRunOptions{Profile: "default", Host: "x", Check: c.check})
	var seen bytes.Buffer
	waitText(t, tm, &seen, "API key")
	tm.Type("k")
	tm.Send(enter())
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*firstRun)
	if fm.key != "k" || fm.save {
		t.Errorf("key %q save %v", fm.key, fm.save)
	}
}

func TestFirstRunCtrlCWhileCheckingCancelsTheRequest(t *testing.T) {
	cancelled := make(chan struct{})
	check := func(ctx context.Context, _ string) error {
		<-ctx.Done()
		close(cancelled)
		return ctx.Err()
	}
	tm := newFirstRunTest(t, FirstRunOptions{Profile: "default", Host: "x", Check: check})
	var seen bytes.Buffer
	waitText(t, tm, &seen, "API key")
	tm.Type("slow")
	tm.Send(enter())
	waitText(t, tm, &seen, "Checking the key")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*firstRun)
	if !fm.aborted {
		t.Error("ctrl+c did not abort")
	}
	select {
	case <-cancelled:
	case <-time.After(5 * time.Second):
		t.Error("the check's context was not cancelled")
	}
}

func TestFirstRunCtrlCAtTheKeyAborts(t *testing.T) {
	tm := newFirstRunTest(t, FirstRunOptions{Profile: "default", Host: "x",
		Check: func(context.Context, string) error { return nil }})
	var seen bytes.Buffer
	waitText(t, tm, &seen, "API key")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*firstRun); !fm.aborted {
		t.Error("ctrl+c did not abort")
	}
}

func TestValidateKeyRefusesPastedJunk(t *testing.T) {
	m := newFirstRun(context.Background(), FirstRunOptions{})
	for in, ok := range map[string]bool{"": false, "   ": false, "abc def": false, "abc\x1b[2J": false, " abc123\n": true} {
		if err := m.validateKey(in); (err == nil) != ok {
			t.Errorf("validateKey(%q) = %v", in, err)
		}
	}
}

// A form rebuilt after a failed check must draw its input line at once, not
// only after the next key press (huh sizes a form on a WindowSizeMsg).
func TestFirstRunRedrawsTheFieldWithTheErrorAfterAFailedCheck(t *testing.T) {
	m := newFirstRun(context.Background(), FirstRunOptions{Profile: "default", Host: "h", NoColor: true})
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.key, m.step = "abc", stepChecking
	m.Update(checkedMsg{key: "abc", err: errors.New("cannot reach h: connection refused")})
	view := ansi.Strip(m.View().Content)
	for _, want := range []string{"> ***", "cannot reach h: connection refused"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	if m.step != stepKey {
		t.Errorf("step %d, want the key form again", m.step)
	}
}

// After a refused key the field is empty and says why, so that a good key
// pasted next is checked alone, not appended to the refused one.
func TestFirstRunEmptiesTheFieldAfterARefusedKey(t *testing.T) {
	m := newFirstRun(context.Background(), FirstRunOptions{Profile: "default", Host: "h", NoColor: true,
		Check: (&keyChecker{good: "good-key-123"}).check})
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.key, m.step = "bad-key", stepChecking
	m.Update(checkedMsg{key: "bad-key", err: ErrKeyRefused})
	view := ansi.Strip(m.View().Content)
	if !strings.Contains(view, "API key missing or invalid") || strings.Contains(view, "> ***") {
		t.Fatalf("want the reason and an empty field:\n%s", view)
	}
	m.Update(tea.PasteMsg{Content: "good-key-123"})
	if m.key != "good-key-123" {
		t.Fatalf("the field holds %q after pasting the good key", m.key)
	}
}
