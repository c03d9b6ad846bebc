package ui

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
)

// updatedStamp matches the UPDATED column's "MM-DD HH:MM".
var updatedStamp = regexp.MustCompile(`\d\d-\d\d \d\d:\d\d`)

// screenRowWith is the screen line that shows name, or "".
func screenRowWith(a *App, name string) string {
	for _, l := range strings.Split(plainView(a), "\n") {
		if strings.Contains(l, name) {
			return l
		}
	}
	return ""
}

// requestsAfter lists the method and path of the requests after the first one
// with method m, from rs.
func requestsAfter(rs []string, m string) []string {
	for i, r := range rs {
		if strings.HasPrefix(r, m+" ") {
			return rs[i+1:]
		}
	}
	return nil
}

func pasteIn(a *App, s string) {
	_, cmd := a.Update(tea.PasteMsg{Content: s})
	drive(a, cmd)
}

// A mutation's reply carries no timestamps: after a create the list is
// read once more, so the new row's UPDATED is filled without r.
func TestCreateFillsUpdatedWithoutReload(t *testing.T) {
	a, sb, key := startSandbox(t, Options{Profile: "test"})
	press(a, "enter", "n", "right", "right", "tab") // ssh, then the name
	pasteIn(a, "Fresh one")
	press(a, "tab")
	pasteIn(a, "198.51.100.7:22")
	sb.ClearRequests()
	_, cmd := a.Update(ctrlS)
	drive(a, cmd)
	if editing(a) != nil {
		t.Fatalf("the form did not save:\n%s", plainView(a))
	}
	got := methods(sb.Requests())
	want := []string{"POST /api/v1/configs/" + key + "/servers", "GET /api/v1/configs/" + key + "/resources"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("requests %v, want %v", got, want)
	}
	if row := screenRowWith(a, "Fresh one"); !updatedStamp.MatchString(row) {
		t.Fatalf("the new row has no date: %q\n%s", row, plainView(a))
	}
	if a.status.text != "✓ Server “Fresh one” created" {
		t.Errorf("the re-read covered the write's line: %q", a.status.text)
	}
}

// A bulk job reads its list again once, at its end, not once a row.
func TestBulkJobReadsItsListOnceAtItsEnd(t *testing.T) {
	r := newJobRig(t, 600, 6)
	r.sb.ClearRequests()
	press(r.a, "ctrl+a", "t", "a") // half the rig's rows are active already: 3 to send
	if s := plainView(r.a); !strings.Contains(s, "Activated 3 of 3 device IDs") {
		t.Fatalf("after a:\n%s", s)
	}
	puts, gets := r.sb.Count(http.MethodPut, "/"), r.sb.Count(http.MethodGet, "/api/v1/configs/"+r.key+"/device-ids")
	if puts != 3 || gets != 1 {
		t.Fatalf("%d PUTs and %d reads of the list, want 3 and 1", puts, gets)
	}
	if got := methods(r.sb.Requests()); !strings.HasPrefix(got[len(got)-1], "GET ") {
		t.Fatalf("the read is not the last request: %v", got)
	}
}

// An import and its undo each read the config's list once after their
// writes: the imported row shows its date.
func TestImportAndUndoReadTheListOnceAfter(t *testing.T) {
	sb, c, key := sandbox(t)
	a := startOn(t, c, 120, 40)
	path := filepath.Join(t.TempDir(), "flow.json")
	typePath := func() {
		press(a, "ctrl+u")
		_, cmd := a.Update(tea.PasteMsg{Content: path})
		drive(a, cmd)
		press(a, "enter")
	}
	press(a, "enter", "X")
	typePath()
	var file map[string]any
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	file["servers"] = append(file["servers"].([]any), map[string]any{"name": "New SSH", "tunnel_type": "ssh", "ip_port_user_pass": "203.0.113.8:22"})
	data, _ = json.Marshal(file)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	press(a, "I")
	typePath()
	sb.ClearRequests()
	press(a, "y")
	resources := "GET /api/v1/configs/" + key + "/resources"
	if got := requestsAfter(methods(sb.Requests()), "POST"); len(got) != 1 || got[0] != resources {
		t.Fatalf("after the import's POST: %v, want the one read of the list", got)
	}
	if row := screenRowWith(a, "New SSH"); !updatedStamp.MatchString(row) {
		t.Fatalf("the imported row has no date: %q\n%s", row, plainView(a))
	}

	press(a, "u")
	sb.ClearRequests()
	press(a, "y")
	if got := requestsAfter(methods(sb.Requests()), "DELETE"); len(got) != 1 || got[0] != resources {
		t.Fatalf("after the undo's DELETE: %v, want the one read of the list", got)
	}
	if screenRowWith(a, "New SSH") != "" {
		t.Fatalf("the undone row is still shown:\n%s", plainView(a))
	}
}

// While the list is read again the rows stay shown and usable: no
// "Loading…" in place of the list, and e opens the edit at once.
func TestRowsStayUsableWhileTheListIsReadAgain(t *testing.T) {
	a, _, _ := startSandbox(t, Options{Profile: "test"})
	press(a, "enter", "n", "right", "right", "tab")
	pasteIn(a, "Fresh one")
	press(a, "tab")
	pasteIn(a, "198.51.100.7:22")
	_, cmd := a.Update(ctrlS)
	_, held := driveAll(a, cmd, func(r replyMsg) bool { _, ok := r.body.(*api.Resources); return ok })
	if len(held) != 1 {
		t.Fatalf("%d reads of the list held, want 1", len(held))
	}
	if v := plainView(a); !strings.Contains(v, "Fresh one") || strings.Contains(v, "Loading…") {
		t.Fatalf("while the list is read again:\n%s", v)
	}
	press(a, "g", "e")
	if editing(a) == nil {
		t.Fatalf("e did nothing while the list was read again:\n%s", plainView(a))
	}
	press(a, "esc")
	drive(a, func() tea.Msg { return held[0] })
	if row := screenRowWith(a, "Fresh one"); !updatedStamp.MatchString(row) {
		t.Fatalf("the new row has no date: %q", row)
	}
}

// An edit asked for while the list is read again opens once its record
// comes, whichever answer comes first, at one read of the records: the
// list's answer does not drop them as older.
func TestEditAskedDuringTheReadAgainOpens(t *testing.T) {
	a, sb, key := startSandbox(t, Options{Profile: "test"})
	press(a, "enter", "n", "right", "right", "tab")
	pasteIn(a, "Fresh one")
	press(a, "tab")
	pasteIn(a, "198.51.100.7:22")
	_, cmd := a.Update(ctrlS)
	_, refresh := driveAll(a, cmd, func(r replyMsg) bool { _, ok := r.body.(*api.Resources); return ok })
	press(a, "g")
	_, cmd = a.Update(keyPress("e"))
	_, record := driveAll(a, cmd, func(r replyMsg) bool { _, ok := r.body.([]model.Server); return ok })
	if len(refresh) != 1 || len(record) != 1 {
		t.Fatalf("held %d reads of the list and %d of the records, want 1 and 1", len(refresh), len(record))
	}
	drive(a, func() tea.Msg { return refresh[0] })
	drive(a, func() tea.Msg { return record[0] })
	if editing(a) == nil {
		t.Fatalf("the edit did not open:\n%s", plainView(a))
	}
	if n := sb.Count(http.MethodGet, "/api/v1/configs/"+key+"/servers"); n != 1 {
		t.Fatalf("the records were read %d times, want 1", n)
	}
}
