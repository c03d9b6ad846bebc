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
	srv := a.pane.cur.servers.items[0]
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
	if _, _, err := other.DeleteServer(context.Background(), a.pane.cur.cfg.UniqueKey, a.pane.cur.servers.items[0].UniqueKey); err != nil {
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

// The conflict table masks secrets as every screen does: a changed
// address shows its host, not its password.
func TestConflictMasksTheAddressPassword(t *testing.T) {
	c := &conflict{res: model.ServerResource, mine: model.Values{"tunnel_type": "ssh"}}
	f, _ := model.ServerResource.Field("ip_port_user_pass")
	if got := c.shown(f, "surf:Vx9kq2mT@203.0.113.10:22"); got != "surf:"+maskText+"@203.0.113.10:22" {
		t.Fatalf("shown %q", got)
	}
}

// changeServerElsewhere has another client change the flow config's server.
func changeServerElsewhere(t *testing.T, a *App, other *api.Client, change func(*model.Server)) model.Server {
	t.Helper()
	ctx := context.Background()
	key := a.pane.cur.cfg.UniqueKey
	full, _, err := other.ListServers(ctx, key)
	if err != nil || len(full) == 0 {
		t.Fatal(err)
	}
	s := full[0]
	change(&s)
	if _, _, err := other.UpdateServer(ctx, key, s.UniqueKey, s); err != nil {
		t.Fatal(err)
	}
	return s
}

// A note edited while someone else changed the address saves with both
// changes and no conflict, and says so; its undo puts back what the save
// overwrote (their address stays).
func TestSaveMergesAFieldOnlyTheyChanged(t *testing.T) {
	sb, a := editApp(t, 120, 40)
	e := editServerNote(t, a, "mine")
	other := otherAdmin(t, sb)
	theirs := changeServerElsewhere(t, a, other, func(s *model.Server) { s.IPPortUserPass = "203.0.113.50:2222" })
	sb.ClearRequests()
	_, cmd := a.Update(ctrlS)
	drive(a, cmd)
	if e.conflict != nil || editing(a) != nil {
		t.Fatalf("a change to another field was a conflict:\n%s", plainView(a))
	}
	put := writes(sb)
	if len(put) != 1 || put[0].Method != http.MethodPut || !strings.Contains(string(put[0].Body), `"note":"mine"`) ||
		!strings.Contains(string(put[0].Body), `"ip_port_user_pass":"203.0.113.50:2222"`) {
		t.Fatalf("sent %v %s", methods(put), put[0].Body)
	}
	if !strings.Contains(a.status.text, "updated (merged their change to Address / credentials)") {
		t.Errorf("status %q", a.status.text)
	}
	now := changeServerElsewhere(t, a, other, func(*model.Server) {})
	if now.Note != "mine" || now.IPPortUserPass != "203.0.113.50:2222" {
		t.Fatalf("on the server: note %q, address %q", now.Note, now.IPPortUserPass)
	}

	press(a, "u")
	if v := plainView(a); !strings.Contains(v, "back as it was (note)") {
		t.Fatalf("u after a merged save:\n%s", v)
	}
	press(a, "y")
	now = changeServerElsewhere(t, a, other, func(*model.Server) {})
	if now.Note != theirs.Note || now.IPPortUserPass != "203.0.113.50:2222" {
		t.Fatalf("after the undo: note %q, address %q; want %q and their address", now.Note, now.IPPortUserPass, theirs.Note)
	}
}

// Only a field both changed is a conflict: the table shows it alone, o
// overwrites it alone (their other change stays), t takes theirs into the
// form.
func TestConflictIsOnlyTheFieldsBothChanged(t *testing.T) {
	sb, a := editApp(t, 120, 40)
	e := editServerNote(t, a, "mine")
	other := otherAdmin(t, sb)
	changeServerElsewhere(t, a, other, func(s *model.Server) { s.IPPortUserPass = "203.0.113.50:2222"; s.Note = "theirs" })
	_, cmd := a.Update(ctrlS)
	drive(a, cmd)
	if e.conflict == nil || len(e.conflict.changed) != 1 || e.conflict.changed[0] != "note" {
		t.Fatalf("conflict %+v:\n%s", e.conflict, plainView(a))
	}
	v := plainView(a)
	if strings.Contains(v, "Address / credentials  ") || !strings.Contains(v, "Their change to Address / credentials is kept") {
		t.Fatalf("the conflict lists a field only they changed:\n%s", v)
	}
	press(a, "t")
	got := editing(a).f.Values()
	if got["note"] != "theirs" || got["ip_port_user_pass"] != "203.0.113.50:2222" {
		t.Fatalf("t put note %v, address %v in the form", got["note"], got["ip_port_user_pass"])
	}

	_, cmd = a.Update(ctrlS) // theirs is what the form started from now
	drive(a, cmd)
	if editing(a) != nil {
		t.Fatalf("the save after t did not go:\n%s", plainView(a))
	}

	// Again, overwriting: mine for the note, theirs for the address.
	e = editServerNote(t, a, " and mine")
	if e.f.Values()["note"] != "theirs and mine" {
		t.Fatalf("the form's note is %q", e.f.Values()["note"])
	}
	changeServerElsewhere(t, a, other, func(s *model.Server) { s.IPPortUserPass = "203.0.113.51:22"; s.Note = "theirs again" })
	_, cmd = a.Update(ctrlS)
	drive(a, cmd)
	if e.conflict == nil {
		t.Fatal("no conflict the second time")
	}
	sb.ClearRequests()
	press(a, "o")
	put := writes(sb)
	if len(put) != 1 || !strings.Contains(string(put[0].Body), `"note":"theirs and mine"`) || !strings.Contains(string(put[0].Body), `"ip_port_user_pass":"203.0.113.51:22"`) {
		t.Fatalf("o sent %s", put[0].Body)
	}
	// Its undo puts back what it overwrote: their note.
	press(a, "u", "y")
	if now := changeServerElsewhere(t, a, other, func(*model.Server) {}); now.Note != "theirs again" || now.IPPortUserPass != "203.0.113.51:22" {
		t.Fatalf("after undoing o: note %q, address %q", now.Note, now.IPPortUserPass)
	}
}
