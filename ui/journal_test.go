package ui

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/audit"
)

// A journal row too long for the window is read in full by moving the
// cursor onto it: this session's and an earlier session's alike; an
// earlier one says it is read-only when u is pressed on it.
func TestJournalRowUnderTheCursorIsShownInFull(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	log := audit.Open(path)
	long := "Flow Config: delete server “Yesterday's backup in Frankfurt with a very long name that no 80-column journal row can hold” — the end"
	if err := log.Append(audit.Entry{Session: "earlier1", Profile: "test", Method: http.MethodDelete,
		Path: "/api/v1/configs/k/servers/s", Result: "ok", What: long}); err != nil {
		t.Fatal(err)
	}
	r := newUndoRig(t, func(o *Options) { o.Audit = log })
	r.a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	press(r.a, "1", "d", "y", "U")
	flat := func() string {
		return strings.Join(strings.Fields(strings.ReplaceAll(plainView(r.a), "│", " ")), " ")
	}
	if strings.Contains(flat(), "— the end") {
		t.Fatalf("the earlier row is whole before it is selected: the test cannot tell:\n%s", plainView(r.a))
	}
	press(r.a, "j")
	if !strings.Contains(flat(), "— the end") {
		t.Fatalf("the selected earlier row is cut:\n%s", plainView(r.a))
	}
	for _, l := range strings.Split(plainView(r.a), "\n") {
		if n := len([]rune(l)); n > 80 {
			t.Fatalf("a line is %d wide:\n%s", n, plainView(r.a))
		}
	}
	press(r.a, "u")
	if !strings.Contains(r.a.status.text, "read-only") || r.a.writer.journal.busy() {
		t.Fatalf("u on an earlier row: status %q", r.a.status.text)
	}
}
