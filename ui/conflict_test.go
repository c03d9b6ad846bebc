package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/model"
)

// editServerNote opens the edit form of the flow config's server, with
// its note field focused and typed over with note.
func editServerNote(t *testing.T, a *App, note string) *editor {
	t.Helper()
	press(a, "1", "g", "e", "enter", "enter", "enter", "enter", "enter")
	e := editing(a)
	if e == nil {
		t.Fatalf("no edit form:\n%s", plainView(a))
	}
	_, cmd := a.Update(tea.PasteMsg{Content: note})
	drive(a, cmd)
	return e
}

func TestSaveOfAnUnchangedRecordReadsItOnceThenSends(t *testing.T) {
	sb, a := editApp(t, 120, 40)
	editServerNote(t, a, "mine")
	sb.ClearRequests()
	_, cmd := a.Update(ctrlS)
	drive(a, cmd)
	rs := sb.Requests()
	if len(rs) != 3 || rs[0].Method != http.MethodGet || rs[1].Method != http.MethodPut || rs[2].Method != http.MethodGet {
		t.Fatalf("requests %v, want one GET, one PUT, and the list read again", methods(rs))
	}
	if editing(a) != nil || !strings.Contains(a.status.text, "updated") {
		t.Fatalf("after the save: %q", a.status.text)
	}
}

// Another client changed the server while the form was open: ctrl+s sends
// no PUT and shows their note beside mine; t takes theirs into the form,
// o overwrites.
func TestSaveOfAChangedRecordAsksFirst(t *testing.T) {
	sb, a := editApp(t, 120, 40)
	e := editServerNote(t, a, "mine")
	other := otherAdmin(t, sb)
	ctx := context.Background()
	srv := a.pane.cur.servers[0]
	full, _, _ := other.ListServers(ctx, a.pane.cur.cfg.UniqueKey)
	changed := full[0]
	changed.Note = "theirs"
	if _, _, err := other.UpdateServer(ctx, a.pane.cur.cfg.UniqueKey, srv.UniqueKey, changed); err != nil {
		t.Fatal(err)
	}
	sb.ClearRequests()
	_, cmd := a.Update(ctrlS)
	drive(a, cmd)
	if n := sb.Count(http.MethodPut, "/"); n != 0 {
		t.Fatalf("%d PUTs sent on a conflict", n)
	}
	v := plainView(a)
	if e.conflict == nil || !strings.Contains(v, "Changed meanwhile") || !strings.Contains(v, "theirs") || !strings.Contains(v, "mine") {
		t.Fatalf("no conflict shown:\n%s", v)
	}
	press(a, "t")
	if e.conflict != nil || editing(a).f.Values()["note"] != "theirs" {
		t.Fatalf("t did not take theirs: %v", editing(a).f.Values()["note"])
	}
	// Now theirs is what the form started from: a save goes through.
	_, cmd = a.Update(ctrlS)
	drive(a, cmd)
	if editing(a) != nil {
		t.Fatalf("the save after t did not go:\n%s", plainView(a))
	}

	// Once more, overwriting.
	e = editServerNote(t, a, "mine again")
	changed.Note = "theirs again"
	if _, _, err := other.UpdateServer(ctx, a.pane.cur.cfg.UniqueKey, srv.UniqueKey, changed); err != nil {
		t.Fatal(err)
	}
	_, cmd = a.Update(ctrlS)
	drive(a, cmd)
	if e.conflict == nil {
		t.Fatal("no conflict the second time")
	}
	sb.ClearRequests()
	press(a, "o")
	put := writes(sb)
	if len(put) != 1 || put[0].Method != http.MethodPut || !strings.Contains(string(put[0].Body), "mine again") {
		t.Fatalf("o sent %v", methods(put))
	}
}

// A record deleted meanwhile is said so, and n saves the form as new.
func TestSaveOfADeletedRecordOffersToCreate(t *testing.T) {
	sb, a := editApp(t, 120, 40)
	e := editServerNote(t, a, "kept")
	other := otherAdmin(t, sb)
	if _, _, err := other.DeleteServer(context.Background(), a.pane.cur.cfg.UniqueKey, a.pane.cur.servers[0].UniqueKey); err != nil {
		t.Fatal(err)
	}
	_, cmd := a.Update(ctrlS)
	drive(a, cmd)
	if e.conflict == nil || !strings.Contains(plainView(a), "Deleted meanwhile") {
		t.Fatalf("not said:\n%s", plainView(a))
	}
	press(a, "n")
	if e.op != model.Create {
		t.Fatal("n did not make it a create")
	}
	sb.ClearRequests()
	_, cmd = a.Update(ctrlS)
	drive(a, cmd)
	rs := writes(sb)
	if len(rs) != 1 || rs[0].Method != http.MethodPost {
		t.Fatalf("saving as new sent %v", methods(rs))
	}
}

// otherAdmin is another client of the same sandbox: someone else at work.
func otherAdmin(t *testing.T, sb *apitest.Server) *api.Client {
	t.Helper()
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := api.NewClient(srv.URL, apitest.DefaultAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func methods(rs []apitest.Recorded) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Method + " " + r.Path
	}
	return out
}
