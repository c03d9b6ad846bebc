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

// The password list shows each password's id, which the confirmations
// and the detail name it by.
func TestPasswordListHasAnIDColumn(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	press(a, "enter", "3", "]")
	v := plainView(a)
	for _, want := range []string{"ID", "#45", "#46"} {
		if !strings.Contains(v, want) {
			t.Fatalf("the password list lacks %q:\n%s", want, v)
		}
	}
}

// A boolean reads the same in the list and in the detail: yes or no,
// whether the server sent true or 1.
func TestBooleansReadAlikeInListsAndDetails(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	press(a, "enter", "3", "j", "enter") // device ID 32: "is_active":"1", "delete_after_used":1
	v := plainView(a)
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "Active") || strings.Contains(l, "Delete after use") {
			if strings.Contains(l, "true") || strings.Contains(l, " 1 ") || !strings.Contains(l, "yes") {
				t.Fatalf("the detail's flag reads %q, the list says yes:\n%s", l, v)
			}
		}
	}
	if !strings.Contains(v, "Active") {
		t.Fatalf("no Active line in the detail:\n%s", v)
	}
}
