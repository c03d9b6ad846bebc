package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// Without the host's files (a served session) X and I open no prompt: the
// status line and help say what does the same from the user's side; ctrl+z
// does not suspend and is not in help; ctrl+v does not read the host's
// clipboard.
func TestWithoutHostAccessTransferSuspendAndClipboardAreOff(t *testing.T) {
	_, c, key := sandbox(t)
	a := newApp(Options{Client: c, Profile: "test", Host: "sandbox", HostAccess: HostAccess{Remote: "ssh -p 2222 HOST"}}, c)
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(a, a.Init())
	press(a, "enter")
	for k, want := range map[string]string{
		"X": "not in a served session: ssh -p 2222 HOST export " + key + " > file",
		"I": "not in a served session: ssh -p 2222 HOST import " + key + " --dry-run < file",
	} {
		press(a, k)
		if a.overlay != nil || !strings.Contains(a.status.text, want) {
			t.Errorf("%s: overlay %T, status %q; want %q", k, a.overlay, a.status.text, want)
		}
	}
	press(a, "?")
	help := plainView(a)
	if !strings.Contains(help, "X      export: ssh … export") || !strings.Contains(help, "I      import: ssh … import") ||
		strings.Contains(help, "suspend") || strings.Contains(help, "export to a file") {
		t.Errorf("help:\n%s", help)
	}
	press(a, "esc")

	_, cmd := a.Update(keyPress("ctrl+z"))
	if msgs := drive(a, cmd); len(msgs) > 0 {
		if _, ok := msgs[0].(tea.SuspendMsg); ok {
			t.Error("ctrl+z suspended")
		}
	}
	if !strings.Contains(a.status.text, "ctrl+z: not in a served session") {
		t.Errorf("ctrl+z: status %q", a.status.text)
	}

	press(a, "n")
	if _, ok := a.overlay.(*editor); !ok {
		t.Fatalf("n opened %T", a.overlay)
	}
	_, cmd = a.Update(tea.KeyPressMsg{Code: 'v', Mod: tea.ModCtrl})
	drive(a, cmd)
	if !strings.Contains(a.status.text, "ctrl+v: paste with your terminal's paste key") {
		t.Errorf("ctrl+v in a form: status %q", a.status.text)
	}
}

// A read-only user of a served session is pointed to the import command
// too: its dry run is theirs.
func TestWithoutHostFilesIPointsReadOnlyUsersToTheDryRun(t *testing.T) {
	_, c, key := sandbox(t)
	a := newApp(Options{Client: c, Profile: "test", Host: "sandbox", ReadOnly: true, HostAccess: HostAccess{Remote: "ssh HOST"}}, c)
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(a, a.Init())
	press(a, "enter", "I")
	if want := "not in a served session: ssh HOST import " + key + " --dry-run < file"; !strings.Contains(a.status.text, want) {
		t.Errorf("status %q, want %q", a.status.text, want)
	}
}
