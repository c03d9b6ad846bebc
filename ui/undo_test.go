package ui

import (
	"context"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/internal/audit"
	"tweakdash/model"
)

// undoRig is the flow config open in an app, and a second client to look
// at (and change) the server's state from outside.
type undoRig struct {
	sb    *apitest.Server
	a     *App
	other *api.Client
	key   string
}

func newUndoRig(t *testing.T, opts ...func(*Options)) *undoRig {
	t.Helper()
	sb, c, key := sandbox(t)
	o := Options{Client: c, Profile: "test", Host: "sandbox"}
	for _, fn := range opts {
		fn(&o)
	}
	a := newApp(o, c)
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(a, a.Init())
	press(a, "enter")
	return &undoRig{sb: sb, a: a, other: otherAdmin(t, sb), key: key}
}

// save sends a form's values as the app does on submit.
func (r *undoRig) save(l listID, op model.Op, key string, id int64, orig, v model.Values) {
	j := &formSave{editTarget: editTarget{cfgKey: r.key, cfgName: "Flow Config", list: l, op: op, key: key, id: id, orig: orig},
		values: v, name: strOf(v, "name")}
	drive(r.a, r.a.up(nil, j))
}

// undo presses u, checks the confirmation names what it does, and says y.
func (r *undoRig) undo(t *testing.T, want string) []tea.Msg {
	t.Helper()
	press(r.a, "u")
	if _, ok := r.a.overlay.(*confirm); !ok || !strings.Contains(plainView(r.a), want) {
		t.Fatalf("u did not ask %q:\n%s", want, plainView(r.a))
	}
	return press(r.a, "y")
}

func (r *undoRig) servers(t *testing.T) []model.Server {
	t.Helper()
	s, _, err := r.other.ListServers(context.Background(), r.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (r *undoRig) tweaks(t *testing.T) []model.Tweak {
	t.Helper()
	s, _, err := r.other.ListTweaks(context.Background(), r.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (r *undoRig) deviceIDs(t *testing.T) []model.DeviceID {
	t.Helper()
	s, _, err := r.other.ListDeviceIDs(context.Background(), r.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (r *undoRig) passwords(t *testing.T) []model.Password {
	t.Helper()
	s, _, err := r.other.ListPasswords(context.Background(), r.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// d y on the flow config's server, then u y: one POST makes it again with
// its unique_key and every field, and the list shows it.
func TestUndoOfADeletedServerCreatesItAgainWithItsKeyAndEveryField(t *testing.T) {
	r := newUndoRig(t)
	before := r.servers(t)[0]
	press(r.a, "1", "d", "y")
	if n := len(r.servers(t)); n != 0 {
		t.Fatalf("%d servers after the delete", n)
	}
	r.sb.ClearRequests()
	msgs := r.undo(t, "re-create server “Main SSH” (same unique_key, every field)")
	if n := r.sb.Count(http.MethodPost, "/"); n != 1 {
		t.Fatalf("%d POSTs for the undo, want 1: %v", n, methods(r.sb.Requests()))
	}
	after := r.servers(t)
	if len(after) != 1 || after[0].UniqueKey != before.UniqueKey || !maps.Equal(after[0].Values(), before.Values()) {
		t.Fatalf("re-created %+v, want %+v", after, before)
	}
	if s, _ := statusOf(msgs); !strings.Contains(s.text, "✓ Undone") || !strings.Contains(s.text, "new record id") {
		t.Fatalf("status %q does not say it was undone, and what is not as it was", s.text)
	}
	if !strings.Contains(plainView(r.a), "Main SSH") {
		t.Fatalf("the list does not show it again:\n%s", plainView(r.a))
	}
	// Undone: u has nothing more to take back (the delete was the only write).
	if msgs := press(r.a, "u"); r.a.overlay != nil {
		t.Fatalf("u asked again after the only write was undone: %v", msgs)
	}
}

func TestUndoOfACreateDeletesWhatItMade(t *testing.T) {
	cases := []struct {
		name  string
		list  listID
		v     model.Values
		count func(*undoRig, *testing.T) int
		want  string
	}{
		{"server", listServers, model.Values{"name": "Undo me", "tunnel_type": "ssh", "ip_port_user_pass": "198.51.100.7:22"},
			func(r *undoRig, t *testing.T) int { return len(r.servers(t)) }, "delete the server “Undo me” it created"},
		{"tweak", listTweaks, model.Values{"name": "Undo me", "tunnel_type": "ovpn_tcp_ssh", "sni": "undo.example"},
			func(r *undoRig, t *testing.T) int { return len(r.tweaks(t)) }, "delete the tweak “Undo me” it created"},
		{"device IDs", listDeviceIDs, model.Values{"device_id": strings.Repeat("A", 32) + "\n" + strings.Repeat("B", 32), "note": "batch", "is_active": true},
			func(r *undoRig, t *testing.T) int { return len(r.deviceIDs(t)) }, "delete the 2 device IDs it added"},
		{"password", listPasswords, model.Values{"password": "Secret123", "type": "reusable", "is_active": true},
			func(r *undoRig, t *testing.T) int { return len(r.passwords(t)) }, "delete the 1 password it created"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newUndoRig(t)
			n := c.count(r, t)
			r.save(c.list, model.Create, "", 0, nil, c.v)
			if created(r.a) != nil {
				press(r.a, "esc") // a created password is shown once
			}
			if got := c.count(r, t); got <= n {
				t.Fatalf("the create made nothing: %d, was %d", got, n)
			}
			r.undo(t, c.want)
			if got := c.count(r, t); got != n {
				t.Fatalf("after the undo: %d, want %d as before", got, n)
			}
		})
	}
}

func TestUndoOfAnUpdatePutsTheEarlierValuesBack(t *testing.T) {
	cases := []struct {
		name string
		list listID
		// rec reads the record as it is now: its key or id, its values.
		rec func(*undoRig, *testing.T) (string, int64, model.Values)
	}{
		{"server", listServers, func(r *undoRig, t *testing.T) (string, int64, model.Values) {
			s := r.servers(t)[0]
			return s.UniqueKey, 0, s.Values()
		}},
		{"tweak", listTweaks, func(r *undoRig, t *testing.T) (string, int64, model.Values) {
			s := r.tweaks(t)[0]
			return s.UniqueKey, 0, s.Values()
		}},
		{"device ID", listDeviceIDs, func(r *undoRig, t *testing.T) (string, int64, model.Values) {
			d := r.deviceIDs(t)[0]
			return "", int64(d.ID), d.Values()
		}},
		{"password", listPasswords, func(r *undoRig, t *testing.T) (string, int64, model.Values) {
			p := r.passwords(t)[0]
			return "", int64(p.ID), p.Values()
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newUndoRig(t)
			key, id, orig := c.rec(r, t)
			mine := maps.Clone(orig)
			mine["note"] = "changed by the form"
			r.save(c.list, model.Update, key, id, orig, mine)
			if _, _, now := c.rec(r, t); now["note"] != "changed by the form" {
				t.Fatalf("the update did not land: %v", now)
			}
			r.sb.ClearRequests()
			r.undo(t, "back as it was (note)")
			if n := r.sb.Count(http.MethodPut, "/"); n != 1 {
				t.Fatalf("%d PUTs for the undo, want 1", n)
			}
			if _, _, now := c.rec(r, t); !maps.Equal(now, orig) {
				t.Fatalf("after the undo: %v, want %v", now, orig)
			}
		})
	}
}

func TestUndoOfADeleteMakesTheRecordAgain(t *testing.T) {
	cases := []struct {
		name string
		keys []string
		want string
		// rec is the record compared before and after, without its id.
		rec func(*undoRig, *testing.T) []model.Values
	}{
		{"tweak", []string{"2", "d", "y"}, "re-create tweak “Default Tweak” (same unique_key, every field)", func(r *undoRig, t *testing.T) []model.Values {
			var out []model.Values
			for _, x := range r.tweaks(t) {
				out = append(out, x.Values())
			}
			return out
		}},
		{"device ID", []string{"3", "d", "y"}, "add 1 device ID back", func(r *undoRig, t *testing.T) []model.Values {
			var out []model.Values
			for _, x := range r.deviceIDs(t) {
				out = append(out, x.Values())
			}
			return out
		}},
		{"password", []string{"3", "]", "d", "y"}, "create 1 password again with the same values", func(r *undoRig, t *testing.T) []model.Values {
			var out []model.Values
			for _, x := range r.passwords(t) {
				out = append(out, x.Values())
			}
			return out
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newUndoRig(t)
			before := c.rec(r, t)
			press(r.a, c.keys...)
			if len(c.rec(r, t)) != len(before)-1 {
				t.Fatalf("the delete did not land:\n%s", plainView(r.a))
			}
			r.undo(t, c.want)
			after := c.rec(r, t)
			if len(after) != len(before) {
				t.Fatalf("after the undo: %d records, want %d", len(after), len(before))
			}
			for _, b := range before {
				found := false
				for _, x := range after {
					found = found || maps.Equal(x, b)
				}
				if !found {
					t.Fatalf("%v is not back as it was: %v", b, after)
				}
			}
		})
	}
}

// A bulk delete of device IDs with two notes undoes as one: one batch
// create for each note, every ID back with its note and flags.
func TestUndoOfABulkDeleteGroupsDeviceIDsIntoBatchCreates(t *testing.T) {
	r := newUndoRig(t)
	ctx := context.Background()
	var a, b []string
	for i := range 4 {
		a = append(a, strings.Repeat(string(rune('A'+i)), 32))
		b = append(b, strings.Repeat(string(rune('0'+i)), 32))
	}
	if _, _, err := r.other.CreateDeviceIDs(ctx, r.key, api.DeviceIDCreate{IDs: a, Note: "shop", IsActive: true}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.other.CreateDeviceIDs(ctx, r.key, api.DeviceIDCreate{IDs: b, Note: "office", DeleteAfterUsed: true}); err != nil {
		t.Fatal(err)
	}
	press(r.a, "3", "r")
	before := r.deviceIDs(t)
	press(r.a, "ctrl+a", "d", "y")
	if n := len(r.deviceIDs(t)); n != 0 {
		t.Fatalf("%d device IDs left after the bulk delete:\n%s", n, plainView(r.a))
	}
	press(r.a, "enter") // the job's summary
	r.sb.ClearRequests()
	r.undo(t, "add 9 device IDs back in 3 requests, one a note and flags")
	if n := r.sb.Count(http.MethodPost, "/"); n != 3 {
		t.Fatalf("%d POSTs, want 3 (one a note and flags): %v", n, methods(r.sb.Requests()))
	}
	after := r.deviceIDs(t)
	if len(after) != len(before) {
		t.Fatalf("%d device IDs after the undo, want %d", len(after), len(before))
	}
	byValue := map[string]model.Values{}
	for _, d := range after {
		byValue[d.DeviceID] = d.Values()
	}
	for _, d := range before {
		if !maps.Equal(byValue[d.DeviceID], d.Values()) {
			t.Fatalf("%s came back as %v, want %v", d.DeviceID, byValue[d.DeviceID], d.Values())
		}
	}
}

// An undo that no longer applies says why and sends nothing.
func TestUndoThatNoLongerAppliesSendsNothing(t *testing.T) {
	t.Run("a server with the key exists again", func(t *testing.T) {
		r := newUndoRig(t)
		before := r.servers(t)[0]
		press(r.a, "1", "d", "y")
		if _, _, err := r.other.CreateServer(context.Background(), r.key, model.Server{UniqueKey: before.UniqueKey, Name: "Someone else's",
			TunnelType: model.SSH, IPPortUserPass: "192.0.2.1:22"}); err != nil {
			t.Fatal(err)
		}
		r.sb.ClearRequests()
		msgs := r.undo(t, "re-create server")
		if s, _ := statusOf(msgs); !strings.Contains(s.text, "Not undone") || !strings.Contains(s.text, "exists again") {
			t.Fatalf("status %q", s.text)
		}
		if n := r.sb.Count(http.MethodPost, "/"); n != 0 {
			t.Fatalf("%d POSTs sent for an undo that does not apply", n)
		}
	})
	t.Run("the record changed since the update", func(t *testing.T) {
		r := newUndoRig(t)
		s := r.servers(t)[0]
		mine := s.Values()
		mine["note"] = "mine"
		r.save(listServers, model.Update, s.UniqueKey, 0, s.Values(), mine)
		theirs := r.servers(t)[0]
		theirs.Note = "theirs"
		if _, _, err := r.other.UpdateServer(context.Background(), r.key, s.UniqueKey, theirs); err != nil {
			t.Fatal(err)
		}
		r.sb.ClearRequests()
		msgs := r.undo(t, "put server")
		if st, _ := statusOf(msgs); !strings.Contains(st.text, "changed since (note)") {
			t.Fatalf("status %q", st.text)
		}
		if n := r.sb.Count(http.MethodPut, "/"); n != 0 {
			t.Fatalf("%d PUTs sent for an undo that does not apply", n)
		}
		if r.servers(t)[0].Note != "theirs" {
			t.Fatal("their note was overwritten")
		}
	})
}

// The journal lists the session's writes, newest first, and u there undoes
// the one under the cursor.
func TestJournalListsWritesAndUndoesFromThere(t *testing.T) {
	r := newUndoRig(t)
	press(r.a, "1", "d", "y")
	r.save(listTweaks, model.Create, "", 0, nil, model.Values{"name": "Second", "tunnel_type": "ovpn_tcp_ssh"})
	press(r.a, "U")
	v := plainView(r.a)
	first, second := strings.Index(v, "Tweak “Second” created"), strings.Index(v, "Delete server “Main SSH”")
	if first < 0 || second < 0 || first > second {
		t.Fatalf("the journal does not list both writes, newest first:\n%s", v)
	}
	press(r.a, "j", "u") // the older one: the delete
	if !strings.Contains(plainView(r.a), "Undo: re-create server “Main SSH”") {
		t.Fatalf("u in the journal did not ask to undo the entry under the cursor:\n%s", plainView(r.a))
	}
	press(r.a, "y")
	if len(r.servers(t)) != 1 || len(r.tweaks(t)) != 2 {
		t.Fatal("the undo from the journal did not re-create the server alone")
	}
	press(r.a, "U")
	if !strings.Contains(plainView(r.a), "undone") {
		t.Fatalf("the journal does not mark it undone:\n%s", plainView(r.a))
	}
}

// The audit log gets a line for each write, with the fields' names and
// never a secret value or the key.
func TestAuditLogHoldsNoSecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	r := newUndoRig(t, func(o *Options) { o.Audit = audit.Open(path) })
	const password, userPass, pk = "Hunter2-Secret", "admin:S3cretPass@203.0.113.9:22", "PRIVATE-KEY-MATERIAL-XYZ"
	r.save(listPasswords, model.Create, "", 0, nil, model.Values{"password": password, "type": "reusable", "is_active": true})
	press(r.a, "esc") // the created password shown once
	r.save(listServers, model.Create, "", 0, nil, model.Values{"name": "Audited", "tunnel_type": "ssh", "ip_port_user_pass": userPass,
		"ssh_pk": "-----BEGIN OPENSSH PRIVATE KEY-----\n" + pk + "\n-----END OPENSSH PRIVATE KEY-----"})
	press(r.a, "3", "]", "d", "y")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{password, "S3cretPass", pk, apitest.DefaultAPIKey} {
		if strings.Contains(string(data), secret) {
			t.Fatalf("the audit log holds %q:\n%s", secret, data)
		}
	}
	entries, err := audit.Open(path).Recent(10)
	if err != nil || len(entries) != 3 {
		t.Fatalf("%d entries (%v), want 3:\n%s", len(entries), err, data)
	}
	if e := entries[1]; e.Method != http.MethodPost || !strings.HasSuffix(e.Path, "/servers") || e.Result != "ok" ||
		!strings.Contains(strings.Join(e.Fields, ","), "ip_port_user_pass") || e.Profile != "test" {
		t.Fatalf("the server create's entry: %+v", e)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the log's mode: %v %v", fi.Mode(), err)
	}
}

// t deactivates a device ID; u activates it again.
func TestUndoOfADeactivateActivatesAgain(t *testing.T) {
	r := newUndoRig(t)
	press(r.a, "3", "t", "y")
	if d := r.deviceIDs(t)[0]; d.IsActive {
		t.Fatalf("t y did not deactivate:\n%s", plainView(r.a))
	}
	r.sb.ClearRequests()
	r.undo(t, "activate 1 device ID again")
	if n := r.sb.Count(http.MethodPut, "/"); n != 1 {
		t.Fatalf("%d PUTs, want 1", n)
	}
	if d := r.deviceIDs(t)[0]; !d.IsActive || d.Note != "Flow phone" {
		t.Fatalf("after the undo: %+v", d)
	}
}

// U shows earlier sessions' writes from the audit log, read-only, under
// this session's.
func TestJournalShowsEarlierSessionsFromTheAuditLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	log := audit.Open(path)
	if err := log.Append(audit.Entry{Session: "earlier1", Profile: "test", Method: http.MethodDelete,
		Path: "/api/v1/configs/k/servers/s", Result: "ok", What: "Flow Config: delete server “Yesterday”"}); err != nil {
		t.Fatal(err)
	}
	r := newUndoRig(t, func(o *Options) { o.Audit = log })
	press(r.a, "1", "d", "y", "U")
	v := plainView(r.a)
	mine, earlier := strings.Index(v, "Delete server “Main SSH”"), strings.Index(v, "delete server “Yesterday”")
	if mine < 0 || earlier < 0 || earlier < mine || !strings.Contains(v, "Earlier sessions (read-only") {
		t.Fatalf("the journal:\n%s", v)
	}
	if strings.Count(v, "delete server “Main SSH”") != 0 {
		t.Fatalf("this session's write is listed as an earlier one too:\n%s", v)
	}
}
