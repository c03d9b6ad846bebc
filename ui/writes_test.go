package ui

import (
	"context"
	"net/http"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/ui/form"
)

// startOn starts the app on a sandbox client, w×h, the config list loaded.
func startOn(t *testing.T, c *api.Client, w, h int) *App {
	t.Helper()
	a := newApp(Options{Client: c, Profile: "test", Host: "sandbox", HostAccess: localHost}, c)
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	drive(a, a.Init())
	return a
}

// A delete confirmed on a narrow terminal, then esc before the server
// answers: the view closes, but the DELETE is the app's and goes on. The
// status tells what the server did and the config list shows the new
// count (before: "Could not delete server", the server had deleted it,
// and the count stayed stale).
func TestDeleteOutlivesItsViewNarrow(t *testing.T) {
	sb, c, key := sandbox(t)
	a := startOn(t, c, 80, 24)
	press(a, "enter") // Flow Config, its one server selected
	press(a, "d")
	_, inFlight := a.Update(keyPress("y")) // the DELETE, not yet run
	press(a, "esc")
	if a.pane.cur != nil || a.focus != paneList {
		t.Fatal("esc did not close the config on a narrow terminal")
	}
	msgs := drive(a, inFlight)
	if s, _ := statusOf(msgs); s.kind != statusOK || s.text != "✓ Server “Main SSH” deleted" {
		t.Fatalf("status after the delete: %+v", s)
	}
	if !strings.Contains(plainView(a), "0s 1t") {
		t.Fatalf("the config list does not show the new count:\n%s", plainView(a))
	}
	servers, _, err := c.ListServers(context.Background(), key)
	if err != nil || len(servers) != 0 {
		t.Fatalf("server still there: %v %v", servers, err)
	}
	if n := countMethod(sb.Requests(), http.MethodDelete); n != 1 {
		t.Fatalf("%d DELETEs, want 1", n)
	}
	// Coming back shows the config without the server, at no request.
	before := len(sb.Requests())
	press(a, "enter")
	if v := plainView(a); !strings.Contains(v, "no servers") || !strings.Contains(v, "1 Servers (0)") {
		t.Fatalf("back in the config:\n%s", v)
	}
	if len(sb.Requests()) != before {
		t.Fatal("reopening the config asked again")
	}
}

// On a wide terminal, another config opened while the delete is in
// flight: coming back shows the server gone.
func TestDeleteOutlivesItsViewWide(t *testing.T) {
	_, c, _ := sandbox(t)
	a := startOn(t, c, 120, 40)
	press(a, "enter", "d")
	_, inFlight := a.Update(keyPress("y"))
	press(a, "esc", "j", "enter") // Locked Config
	if a.pane.cur == nil || a.pane.cur.cfg.Name != "Locked Config" {
		t.Fatal("the other config did not open")
	}
	drive(a, inFlight)
	press(a, "esc", "k", "enter")
	if v := plainView(a); !strings.Contains(v, "no servers") || !strings.Contains(v, "1 Servers (0)") || !strings.Contains(v, "0s 1t") {
		t.Fatalf("back in Flow Config:\n%s", v)
	}
}

// A save whose form was left (and whose config was closed) still lands in
// the config's list, and says so.
func TestSaveOutlivesItsForm(t *testing.T) {
	_, c, _ := sandbox(t)
	a := startOn(t, c, 80, 24)
	press(a, "enter", "2", "e") // edit the tweak
	ed := editing(a)
	if ed == nil {
		t.Fatal("no form")
	}
	vals := ed.f.Values()
	vals["name"] = "Renamed Tweak"
	_, save := a.Update(form.SubmitMsg{Form: ed.f, Values: vals})
	press(a, "esc", "y") // leave the form while it saves
	if a.overlay != nil {
		t.Fatal("the form did not close")
	}
	press(a, "esc") // and the config
	msgs := drive(a, save)
	if s, _ := statusOf(msgs); s.text != "✓ Tweak “Renamed Tweak” updated" {
		t.Fatalf("status %+v", s)
	}
	press(a, "enter")
	if !strings.Contains(plainView(a), "Renamed Tweak") {
		t.Fatalf("the config does not show the saved name:\n%s", plainView(a))
	}
}

func countMethod(rs []apitest.Recorded, m string) int {
	n := 0
	for _, r := range rs {
		if r.Method == m {
			n++
		}
	}
	return n
}

// A list that finishes loading after a write was announced does not cover
// the write's line in the status bar with its count.
func TestALoadDoesNotCoverAWritesStatus(t *testing.T) {
	_, c, _ := sandbox(t)
	a := startOn(t, c, 120, 40)
	press(a, "enter", "3")
	_, load := a.Update(keyPress("]")) // the passwords load, held
	press(a, "[", "n")
	_, cmd := a.Update(tea.PasteMsg{Content: "00112233445566778899AABBCCDDEEFF"})
	drive(a, cmd)
	_, cmd = a.Update(ctrlS)
	drive(a, cmd)
	if a.status.text != "✓ 1 device ID added" {
		t.Fatalf("after the save: %q", a.status.text)
	}
	drive(a, load)
	if a.status.text != "✓ 1 device ID added" {
		t.Fatalf("the late load replaced the write's line with %q", a.status.text)
	}
}

// Status lines travel as commands, which run concurrently: a line decided
// earlier but delivered later does not cover a newer one.
func TestAnOlderStatusLineDoesNotCoverANewerOne(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	older := setStatus(statusOK, "Config 12: 2 servers, 1 tweak")
	newer := setStatus(statusOK, "✓ Server “Edge” created")
	a.Update(newer())
	a.Update(older())
	if a.status.text != "✓ Server “Edge” created" {
		t.Fatalf("status %q", a.status.text)
	}
}
