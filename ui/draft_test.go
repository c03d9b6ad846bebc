package ui

import (
	"encoding/json"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api/apitest"
	"tweakdash/model"
)

// startSandbox runs the app on the flow sandbox, drive-style, with the
// config list loaded.
func startSandbox(t *testing.T, opts Options) (*App, *apitest.Server, string) {
	t.Helper()
	sb, c, key := sandbox(t)
	opts.Client = c
	a := New(opts)
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(a, a.Init())
	return a, sb, key
}

func typeText(a *App, s string) {
	for _, r := range s {
		k := string(r)
		if k == " " {
			k = "space"
		}
		press(a, k)
	}
}

func TestDraftHoldsTheOpenFormWithoutSecrets(t *testing.T) {
	a, _, key := startSandbox(t, Options{Profile: "test"})
	if _, ok := a.Draft(); ok {
		t.Fatal("a draft with no form open")
	}
	press(a, "enter", "n", "right", "right", "tab") // ssh, then the name
	typeText(a, "Half typed")
	press(a, "tab", "tab", "tab") // address, SSL port, SSH private key
	_, cmd := a.Update(tea.PasteMsg{Content: "-----BEGIN OPENSSH PRIVATE KEY-----\nTOPSECRET\n-----END OPENSSH PRIVATE KEY-----"})
	drive(a, cmd)
	if !strings.Contains(plainView(a), "SSH private key") {
		t.Fatalf("not on the key field:\n%s", plainView(a))
	}

	d, ok := a.Draft()
	if !ok {
		t.Fatal("no draft with a form open")
	}
	if d.Resource != "server" || d.Op != "create" || d.ConfigKey != key || d.ConfigName != "Flow Config" || !d.Dirty {
		t.Errorf("draft = %+v", d)
	}
	if d.Values["name"] != "Half typed" || d.Values["tunnel_type"] != string(model.SSH) {
		t.Errorf("values = %v", d.Values)
	}
	if _, has := d.Values["ssh_pk"]; has {
		t.Errorf("the private key is in the draft: %v", d.Values)
	}
	for k, v := range d.Values {
		if s, _ := v.(string); strings.Contains(s, "TOPSECRET") {
			t.Errorf("secret in draft value %s", k)
		}
	}

	press(a, "esc", "y") // discard
	if _, ok := a.Draft(); ok {
		t.Error("the draft outlived the discarded form")
	}
}

func restoredServer(key string) *Draft {
	return &Draft{
		Resource: "server", Op: "create", ConfigKey: key, ConfigName: "Flow Config",
		Title:  "New server · Flow Config",
		Values: model.Values{"tunnel_type": string(model.SSH), "name": "Restored one", "ip_port_user_pass": "198.51.100.7:22"},
	}
}

func TestRestoredDraftOpensPrefilledAndGoesWhenSaved(t *testing.T) {
	_, c, key := sandbox(t)
	done := 0
	a := New(Options{Client: c, Profile: "test", Restore: restoredServer(key), DraftDone: func() { done++ }})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(a, a.Init())
	v := plainView(a)
	for _, want := range []string{"New server · Flow Config", "Restored one", "198.51.100.7:22"} {
		if !strings.Contains(v, want) {
			t.Fatalf("restored form lacks %q:\n%s", want, v)
		}
	}
	_, cmd := a.Update(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	drive(a, cmd)
	if done != 1 {
		t.Fatalf("DraftDone called %d times after a successful save, want 1", done)
	}
	if !strings.Contains(plainView(a), "Restored one") || editing(a) != nil {
		t.Fatalf("the saved server is not listed:\n%s", plainView(a))
	}
}

// A draft file is read back through what typing would have let in: the
// control characters a changed file holds are neither shown nor sent.
func TestRestoredDraftIsCleanedAsTypedInput(t *testing.T) {
	sb, c, key := sandbox(t)
	d := restoredServer(key)
	d.Values["name"] = "Dirty\x1b[2J\x07one\u009b"
	d.Values["ip_port_user_pass"] = "198.51.100.7:22\r\n"
	a := New(Options{Client: c, Profile: "test", Restore: d})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(a, a.Init())
	if got := editing(a).f.Values()["name"]; got != "Dirty[2Jone" {
		t.Fatalf("restored name %q", got)
	}
	_, cmd := a.Update(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	drive(a, cmd)
	for _, r := range writes(sb) {
		if strings.ContainsAny(string(r.Body), "\x1b\x07\r") || strings.Contains(string(r.Body), `\u001b`) || strings.Contains(string(r.Body), `\u0007`) {
			t.Fatalf("sent %s", r.Body)
		}
	}
	if len(writes(sb)) != 1 {
		t.Fatalf("%d writes, want the one save", len(writes(sb)))
	}
}

func TestRestoredDraftGoesWhenDiscardedButNotWhenAnotherFormCloses(t *testing.T) {
	_, c, key := sandbox(t)
	done := 0
	a := New(Options{Client: c, Profile: "test", Restore: restoredServer(key), DraftDone: func() { done++ }})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(a, a.Init())
	press(a, "esc") // unchanged since restored: closes without asking
	if done != 1 {
		t.Fatalf("DraftDone called %d times after a discard, want 1", done)
	}
	press(a, "n", "esc")
	if done != 1 {
		t.Fatalf("DraftDone called again for a form that was not restored (%d)", done)
	}
}

// A draft of an edit has no private key: the form reopens over the record
// fetched again, so that the update does not send the key as null.
func TestRestoredEditKeepsTheRecordsSecrets(t *testing.T) {
	_, c, key := sandbox(t)
	const pk = "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----"
	m, _, err := c.CreateServer(t.Context(), key, model.Server{Name: "Keyed", TunnelType: model.SSH, IPPortUserPass: "203.0.113.9:22", SSHPK: pk})
	if err != nil || len(m.Servers) != 1 {
		t.Fatal(err)
	}
	s := m.Servers[0]
	d := &Draft{Resource: "server", Op: "update", ConfigKey: key, ConfigName: "Flow Config",
		RecordKey: s.UniqueKey, Title: "Edit server · " + s.Name,
		Values: model.Values{"tunnel_type": string(model.SSH), "name": "Renamed in draft", "ip_port_user_pass": "203.0.113.9:22"}}
	a := New(Options{Client: c, Profile: "test", Restore: d})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(a, a.Init())
	if editing(a) == nil || editing(a).op != model.Update || editing(a).key != s.UniqueKey {
		t.Fatalf("restored edit not open:\n%s", plainView(a))
	}
	got := editing(a).f.Values()
	if got["name"] != "Renamed in draft" {
		t.Errorf("name = %v, want the draft's", got["name"])
	}
	if got["ssh_pk"] != pk {
		t.Errorf("ssh_pk = %q, want the record's key", got["ssh_pk"])
	}
}

// A pasted batch of device IDs survives a lost terminal as typed: the
// draft keeps every line (the malformed one too), and the restored box
// shows them on their own lines, not as one malformed line.
func TestRestoredDeviceIDDraftKeepsItsLines(t *testing.T) {
	a, _, _ := startSandbox(t, Options{Profile: "test"})
	press(a, "enter", "3", "n")
	const pasted = "00112233445566778899AABBCCDDEEFF\n" +
		"00112233445566778899aabbccddee01\n" +
		"not an id\n" +
		"00112233445566778899AABBCCDDEE02\n" +
		"00112233445566778899AABBCCDDEE03"
	_, cmd := a.Update(tea.PasteMsg{Content: pasted})
	drive(a, cmd)
	d, ok := a.Draft()
	if !ok || d.Resource != "device_id" {
		t.Fatalf("no device-ID draft: %+v", d)
	}
	if d.Values["device_id"] != pasted {
		t.Fatalf("the draft keeps %q, want what was pasted", d.Values["device_id"])
	}
	// As the drafts store does: to disk and back.
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back Draft
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}

	_, c, _ := sandbox(t)
	b := New(Options{Client: c, Profile: "test", Restore: &back})
	b.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(b, b.Init())
	if editing(b) == nil {
		t.Fatalf("the draft's form did not open:\n%s", plainView(b))
	}
	v := plainView(b)
	if !strings.Contains(v, "5 lines: 4 new") || !strings.Contains(v, "1 malformed · bad: 3") {
		t.Fatalf("the restored box does not hold the pasted lines:\n%s", v)
	}
	if got := editing(b).f.Values()["device_id"]; strings.Count(got.(string), "\n") != 3 {
		t.Errorf("a save would send %q, want the 4 IDs", got)
	}
}

// Restoring keeps line breaks only where typing could make them: a
// multi-line field keeps its lines, a one-line field is one line.
func TestRestoredDraftKeepsLinesOnlyInMultiLineFields(t *testing.T) {
	_, c, key := sandbox(t)
	d := &Draft{Resource: "server", Op: "create", ConfigKey: key, ConfigName: "Flow Config", Title: "New server · Flow Config",
		Values: model.Values{"tunnel_type": string(model.V2RayVLESS), "name": "Two\nlines", "v2ray_config": "{\n  \"a\": 1\r\n}"}}
	a := New(Options{Client: c, Profile: "test", Restore: d})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(a, a.Init())
	got := editing(a).f.Values()
	if got["name"] != "Two lines" || got["v2ray_config"] != "{\n  \"a\": 1\n}" {
		t.Fatalf("restored name %q, v2ray_config %q", got["name"], got["v2ray_config"])
	}
}
