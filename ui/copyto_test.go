package ui

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// space on a server, c, part of another config's name, enter: a preview
// with one create, nothing sent until y, then one POST /api/v1/configs to
// that config; the copy keeps every field but not the unique_key.
func TestCopyServerToAnotherConfig(t *testing.T) {
	sb, c, _ := sandbox(t)
	a := startOn(t, c, 120, 40)
	press(a, "enter", "space", "c")
	p, ok := a.overlay.(*picker)
	if !ok {
		t.Fatalf("c opened %T:\n%s", a.overlay, plainView(a))
	}
	press(a, "l", "o", "c", "k")
	if shown := p.shown(); len(shown) != 1 || shown[0].Name != "Locked Config" {
		t.Fatalf("picker shows %v:\n%s", shown, plainView(a))
	}
	sb.ClearRequests()
	press(a, "enter")
	v := plainView(a)
	if !strings.Contains(v, "Copy to “Locked Config”") || !strings.Contains(v, "create server “Main SSH”") {
		t.Fatalf("preview:\n%s", v)
	}
	if n := sb.Count(http.MethodPost, "/"); n != 0 {
		t.Fatalf("%d POSTs before y", n)
	}
	press(a, "y")
	var posts []string
	for _, r := range sb.Requests() {
		if r.Method == http.MethodPost {
			posts = append(posts, r.Path)
			var body struct {
				Key     string           `json:"config_unique_key"`
				Servers []map[string]any `json:"servers"`
			}
			if err := json.Unmarshal(r.Body, &body); err != nil {
				t.Fatal(err)
			}
			if len(body.Servers) != 1 || body.Servers[0]["name"] != "Main SSH" || body.Servers[0]["ip_port_user_pass"] != "203.0.113.5:22" {
				t.Fatalf("sent %s", r.Body)
			}
			if _, has := body.Servers[0]["unique_key"]; has {
				t.Fatalf("the copy carries the source's unique_key: %s", r.Body)
			}
		}
	}
	if len(posts) != 1 || posts[0] != "/api/v1/configs" {
		t.Fatalf("POSTs %v, want one to /api/v1/configs", posts)
	}
	if !strings.Contains(a.status.text, "✓ Copied to “Locked Config”: 1 created") {
		t.Fatalf("status %q", a.status.text)
	}
	if !strings.Contains(plainView(a), "1s 0t") {
		t.Fatalf("the target's count:\n%s", plainView(a))
	}
	if n := len(a.pane.cur.marked(a.pane.cur.shown())); n != 0 {
		t.Fatalf("%d rows still marked after the copy", n)
	}
	// u deletes the copy from the target.
	press(a, "u")
	if v := plainView(a); !strings.Contains(v, "Undo: delete 1 server in “Locked Config”?") {
		t.Fatalf("u after the copy:\n%s", v)
	}
	press(a, "y")
	if !strings.Contains(plainView(a), "0s 0t") || !strings.Contains(a.status.text, "✓ Undone") {
		t.Fatalf("after the undo of the copy (%q):\n%s", a.status.text, plainView(a))
	}
}
