package ui

import (
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// A key or device ID that would run commands when pasted (it ends the
// shell's bracketed paste and starts a new line) is not copied, and the
// status line says why; an ordinary one still is.
func TestCopyRefusesWhatIsNotSafeToPaste(t *testing.T) {
	f := newFake(t)
	evil := "8bcb3c4f\x1b[201~\ntouch /tmp/x\n"
	f.resources[key12].Servers[0].UniqueKey = evil
	f.deviceIDs[key12][0].DeviceID = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
	a := start(t, f, 120, 40)
	for _, keys := range [][]string{{"enter"}, {"3"}} {
		press(a, keys...)
		_, cmd := a.Update(keyPress("y"))
		msgs := runAll(cmd)
		for _, m := range msgs {
			if reflect.TypeOf(m) == reflect.TypeOf(tea.SetClipboard("")()) {
				t.Fatalf("after %v, y wrote %q to the clipboard", keys, reflect.ValueOf(m).String())
			}
		}
		s, ok := statusOf(msgs)
		if !ok || s.kind != statusWarn || !strings.HasPrefix(s.text, "Not copied: ") {
			t.Fatalf("after %v, y said %+v", keys, s)
		}
	}
	press(a, "j")
	_, cmd := a.Update(keyPress("y"))
	if got := clipboardOf(t, cmd); got != "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" {
		t.Fatalf("an ordinary device ID copied %q", got)
	}
}
