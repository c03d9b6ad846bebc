package ui

import (
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
)

// statusBarLine is the bottom line of the screen.
func statusBarLine(a *App) string {
	lines := strings.Split(plainView(a), "\n")
	return lines[len(lines)-1]
}

func showsSpinner(line string) bool {
	for _, f := range spinner.MiniDot.Frames {
		if strings.Contains(line, f) {
			return true
		}
	}
	return false
}

// The copy notice belongs to the list it was made on: a form opened after
// does not show it.
func TestCopyNoticeDoesNotShowInALaterForm(t *testing.T) {
	a, _, _ := startSandbox(t, Options{Profile: "test"})
	press(a, "enter", "y")
	if !strings.Contains(statusBarLine(a), "Copied") {
		t.Fatalf("y did not say it copied: %q", statusBarLine(a))
	}
	press(a, "n")
	if editing(a) == nil {
		t.Fatal("n opened no form")
	}
	if l := statusBarLine(a); strings.Contains(l, "Copied") {
		t.Fatalf("the form shows the copy notice: %q", l)
	}
}

// The spinner turns beside the words of a request in flight, never beside
// an earlier result: while a save's list is read again the ✓ shows alone;
// while an undo checks its lists the spinner turns beside "checking".
func TestSpinnerOnlyBesideARequestsOwnWords(t *testing.T) {
	a, _, _ := startSandbox(t, Options{Profile: "test"})
	press(a, "enter", "n", "right", "right", "tab")
	pasteIn(a, "Fresh one")
	press(a, "tab")
	pasteIn(a, "198.51.100.7:22")
	_, cmd := a.Update(ctrlS)
	_, held := driveAll(a, cmd, func(r replyMsg) bool { _, ok := r.body.(*api.Resources); return ok })
	if len(held) != 1 || !a.busy() {
		t.Fatalf("the list's read is not in flight (%d held)", len(held))
	}
	if l := statusBarLine(a); !strings.Contains(l, "✓ Server “Fresh one” created") || showsSpinner(l) {
		t.Fatalf("while the list is read again: %q", l)
	}
	drive(a, func() tea.Msg { return held[0] })

	press(a, "u")
	_, cmd = a.Update(keyPress("y"))
	_, held = driveAll(a, cmd, func(replyMsg) bool { return true })
	if len(held) == 0 {
		t.Fatal("the undo read nothing")
	}
	if l := statusBarLine(a); !strings.Contains(l, "Undo: checking that it still applies…") || !showsSpinner(l) {
		t.Fatalf("while the undo checks: %q", l)
	}
}

// "Their values are in the form" is about the form: it goes when the form
// closes.
func TestTheirValuesLineGoesWithTheForm(t *testing.T) {
	sb, a := editApp(t, 120, 40)
	editServerNote(t, a, "mine")
	changeServerElsewhere(t, a, otherAdmin(t, sb), func(s *model.Server) { s.Note = "theirs" })
	_, cmd := a.Update(ctrlS)
	drive(a, cmd)
	press(a, "t")
	if !strings.Contains(statusBarLine(a), "Their values are in the form") {
		t.Fatalf("after t: %q", statusBarLine(a))
	}
	press(a, "esc")
	if editing(a) != nil {
		t.Fatalf("esc did not close the form:\n%s", plainView(a))
	}
	if l := statusBarLine(a); strings.Contains(l, "Their values") {
		t.Fatalf("the line outlived its form: %q", l)
	}
}

// "Reading what the copy needs…" goes when the plan shows, and a line
// decided before the plan showed does not cover it when it arrives late.
func TestReadingLineGoesWhenThePlanShows(t *testing.T) {
	_, c, _ := sandbox(t)
	a := startOn(t, c, 120, 40)
	press(a, "enter", "space", "c", "l", "o", "c", "k")
	_, cmd := a.Update(keyPress("enter"))
	// Decided after the line shown, before the plan shows.
	late := statusMsg{kind: statusInfo, text: "Reading what the copy needs…", made: time.Now(), pending: true}
	drive(a, cmd)
	if !strings.Contains(plainView(a), "Copy to “Locked Config”") {
		t.Fatalf("no plan:\n%s", plainView(a))
	}
	if l := statusBarLine(a); strings.Contains(l, "Reading what the copy needs") {
		t.Fatalf("the plan shows %q", l)
	}
	a.Update(late)
	if l := statusBarLine(a); strings.Contains(l, "Reading what the copy needs") {
		t.Fatalf("a line from before the plan covered it: %q", l)
	}
}

// A line an overlay leaves as it closes belongs to the screen after it,
// though it was decided while the overlay showed: "Nothing deleted" shows
// once the confirmation is answered no.
func TestALineLeftByAClosingOverlayShows(t *testing.T) {
	a, _, _ := startSandbox(t, Options{Profile: "test"})
	press(a, "enter", "d")
	if _, ok := a.overlay.(*confirm); !ok {
		t.Fatalf("d asked nothing:\n%s", plainView(a))
	}
	press(a, "n")
	if a.overlay != nil || !strings.Contains(statusBarLine(a), "Nothing deleted") {
		t.Fatalf("after n: %q", statusBarLine(a))
	}
}
