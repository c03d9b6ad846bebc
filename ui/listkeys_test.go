package ui

import (
	"strings"
	"testing"
)

// The config's keys pressed on the config list say where they work, in
// the status line, instead of doing nothing.
func TestConfigKeysOnTheConfigListSayWhy(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	for _, k := range []string{"n", "e", "d", "X", "I", "t"} {
		press(a, k)
		if got := a.status.text; !strings.Contains(got, "open a config first (enter)") {
			t.Errorf("%s on the config list: status %q", k, got)
		}
		if a.overlay != nil || a.focus != paneList {
			t.Fatalf("%s on the config list opened %T", k, a.overlay)
		}
	}
}

// p with no job running says so; s on the password list says where it
// reveals.
func TestPAndSSayWhyTheyCannotAct(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	press(a, "p")
	if got := a.status.text; !strings.Contains(got, "No job is running") {
		t.Fatalf("p with no job: status %q", got)
	}
	press(a, "enter", "3", "]", "s")
	if got := a.status.text; !strings.Contains(got, "s reveals a password in its details: enter") {
		t.Fatalf("s on the password list: status %q", got)
	}
	if v := plainView(a); strings.Contains(v, "Secret123") {
		t.Fatalf("s on the list showed a password:\n%s", v)
	}
}

