package ui

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// X writes the config's servers and tweaks to a 0600 file; I of that file
// unchanged sends nothing; after a rename and a new server, I shows one
// update and one create and y sends exactly those in one sync request.
func TestExportThenImportFromTheDashboard(t *testing.T) {
	sb, c, _ := sandbox(t)
	a := startOn(t, c, 120, 40)
	path := filepath.Join(t.TempDir(), "flow.json")
	typePath := func() {
		press(a, "ctrl+u")
		_, cmd := a.Update(tea.PasteMsg{Content: path})
		drive(a, cmd)
		press(a, "enter")
	}
	press(a, "enter", "X")
	if _, ok := a.overlay.(*pathPrompt); !ok || !strings.Contains(plainView(a), "Flow-Config.json") {
		t.Fatalf("X:\n%s", plainView(a))
	}
	typePath()
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v %v", err, fi)
	}
	if !strings.Contains(a.status.text, "✓ Exported 1 server and 1 tweak to "+path) {
		t.Fatalf("status %q", a.status.text)
	}

	sb.ClearRequests()
	press(a, "I")
	typePath()
	if v := plainView(a); !strings.Contains(v, "Nothing to change") {
		t.Fatalf("import of the unchanged file:\n%s", v)
	}
	press(a, "y", "esc")
	if n := sb.Count(http.MethodPost, "/"); n != 0 {
		t.Fatalf("%d POSTs for an unchanged file", n)
	}

	var file map[string]any
	data, _ := os.ReadFile(path)
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	servers := file["servers"].([]any)
	first := servers[0].(map[string]any)
	first["name"] = "Main SSH renamed"
	file["servers"] = append(servers, map[string]any{"name": "New SSH", "tunnel_type": "ssh", "ip_port_user_pass": "203.0.113.8:22"})
	data, _ = json.Marshal(file)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	press(a, "I")
	typePath()
	v := plainView(a)
	if !strings.Contains(v, "update server “Main SSH renamed”") || !strings.Contains(v, "create server “New SSH”") || !strings.Contains(v, `name: "Main SSH" → "Main SSH renamed"`) {
		t.Fatalf("import preview:\n%s", v)
	}
	sb.ClearRequests()
	press(a, "y")
	rs := sb.Requests()
	var posts int
	for _, r := range rs {
		if r.Method == http.MethodPost {
			posts++
			var body struct {
				Servers []map[string]any `json:"servers"`
				Tweaks  []map[string]any `json:"tweaks"`
			}
			_ = json.Unmarshal(r.Body, &body)
			if r.Path != "/api/v1/configs" || len(body.Servers) != 2 || len(body.Tweaks) != 0 {
				t.Fatalf("sent %s %s", r.Path, r.Body)
			}
		}
	}
	if posts != 1 || !strings.Contains(a.status.text, "1 created, 1 updated") {
		t.Fatalf("%d POSTs; status %q", posts, a.status.text)
	}
	if v := plainView(a); !strings.Contains(v, "Main SSH renamed") || !strings.Contains(v, "New SSH") {
		t.Fatalf("the list after the import:\n%s", v)
	}

	// u takes the import back: the created server deleted, the updated
	// one put back as it was before, one request each.
	before := first
	before["name"] = "Main SSH"
	press(a, "u")
	if v := plainView(a); !strings.Contains(v, "Undo: delete 1 server, put 1 server back in “Flow Config” (2 requests)") {
		t.Fatalf("u after the import:\n%s", v)
	}
	sb.ClearRequests()
	press(a, "y")
	if d, p := sb.Count(http.MethodDelete, "/"), sb.Count(http.MethodPut, "/"); d != 1 || p != 1 {
		t.Fatalf("the undo sent %d DELETEs and %d PUTs, want 1 and 1", d, p)
	}
	servers2, _, err := c.ListServers(context.Background(), a.pane.cur.cfg.UniqueKey)
	if err != nil || len(servers2) != 1 || servers2[0].Name != "Main SSH" || servers2[0].UniqueKey != before["unique_key"] {
		t.Fatalf("after the undo: %+v %v", servers2, err)
	}
}

// tab in the prompt completes the path through the host's files.
func TestPathPromptCompletesWithTab(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"alpha.json", "alps.json"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, c, _ := sandbox(t)
	a := startOn(t, c, 120, 40)
	press(a, "enter", "I", "ctrl+u")
	_, cmd := a.Update(tea.PasteMsg{Content: filepath.Join(dir, "al")})
	drive(a, cmd)
	press(a, "tab")
	if p, ok := a.overlay.(*pathPrompt); !ok || p.path.String() != filepath.Join(dir, "alp") {
		t.Fatalf("after tab:\n%s", plainView(a))
	}
}

// An import path that cannot be read stays in the prompt, with why, to be
// fixed: a missing file, and a FIFO, which is refused at once instead of
// hanging the dashboard on its open.
func TestImportPromptKeepsAPathThatCannotBeRead(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sb, c, _ := sandbox(t)
	a := startOn(t, c, 120, 40)
	press(a, "enter")
	for path, why := range map[string]string{filepath.Join(dir, "mising.json"): "no such file", fifo: "is not a regular file"} {
		press(a, "I", "ctrl+u")
		_, cmd := a.Update(tea.PasteMsg{Content: path})
		drive(a, cmd)
		sb.ClearRequests()
		press(a, "enter")
		p, ok := a.overlay.(*pathPrompt)
		if !ok || p.path.String() != path || !strings.Contains(plainView(a), "✗ ") || !strings.Contains(plainView(a), why) {
			t.Fatalf("%s: the prompt did not keep the path with why:\n%s", path, plainView(a))
		}
		if n := len(sb.Requests()); n != 0 {
			t.Errorf("%s: %d requests", path, n)
		}
		press(a, "backspace")
		if strings.Contains(plainView(a), "✗ ") {
			t.Errorf("%s: the error stayed once the path was edited:\n%s", path, plainView(a))
		}
		press(a, "esc")
	}
}

// esc while the import's file is being read leaves it: no plan follows.
func TestImportPromptLeftWhileReading(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.json")
	if err := os.WriteFile(path, []byte(`{"config_unique_key":"x","servers":[],"tweaks":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	sb, c, _ := sandbox(t)
	a := startOn(t, c, 120, 40)
	press(a, "enter", "I", "ctrl+u")
	_, cmd := a.Update(tea.PasteMsg{Content: path})
	drive(a, cmd)
	sb.ClearRequests()
	_, read := a.Update(keyPress("enter"))
	if !strings.Contains(plainView(a), "Reading…") {
		t.Fatalf("while reading:\n%s", plainView(a))
	}
	press(a, "esc")
	drive(a, read)
	if a.overlay != nil || a.writer.reads != nil || len(sb.Requests()) != 0 {
		t.Errorf("after esc: overlay %T, reads %v, %d requests", a.overlay, a.writer.reads != nil, len(sb.Requests()))
	}
}

// An export whose reads are in flight when the user leaves the config (esc
// on a narrow terminal closes its view) still finishes, and its answer is
// taken: closing cancels only the view's own reads, so no list is asked
// for twice.
func TestExportOutlivesItsView(t *testing.T) {
	sb, c, key := sandbox(t)
	a := startOn(t, c, 80, 24)
	path := filepath.Join(t.TempDir(), "flow.json")
	press(a, "enter", "X", "ctrl+u")
	_, cmd := a.Update(tea.PasteMsg{Content: path})
	drive(a, cmd)
	_, reads := a.Update(keyPress("enter")) // the first read, held
	press(a, "esc")
	if a.pane.cur != nil {
		t.Fatal("esc did not close the config")
	}
	drive(a, reads)
	if !strings.Contains(a.status.text, "✓ Exported 1 server and 1 tweak to "+path) {
		t.Fatalf("status %q", a.status.text)
	}
	if n := sb.Count(http.MethodGet, "/api/v1/configs/"+key+"/servers"); n != 1 {
		t.Fatalf("%d GETs of the servers, want 1", n)
	}
}
