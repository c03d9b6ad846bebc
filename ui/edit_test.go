package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"tweakdash/api"
	"tweakdash/api/apitest"
)

var ctrlS = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}

// openFlow starts the app on the sandbox and opens the flow config.
func openFlow(t *testing.T) (*apitest.Server, *teatest.TestModel, *recorder, string) {
	t.Helper()
	sb, c, key := sandbox(t)
	tm, rec := startFlow(t, c, 120, 40)
	rec.waitScreen(t, "start", "Flow Config")
	tm.Send(keyPress("enter"))
	rec.waitScreen(t, "open", "Main SSH")
	return sb, tm, rec, key
}

func send(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		tm.Send(keyPress(k))
	}
}

// writes returns the requests that were not GETs.
func writes(sb *apitest.Server) []apitest.Recorded {
	var out []apitest.Recorded
	for _, r := range sb.Requests() {
		if r.Method != http.MethodGet {
			out = append(out, r)
		}
	}
	return out
}

func quit(t *testing.T, tm *teatest.TestModel) {
	t.Helper()
	tm.Send(keyPress("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

func TestCreateServerThroughTheFormSendsOnlyItsTypesFields(t *testing.T) {
	sb, tm, rec, key := openFlow(t)
	send(tm, "n")
	rec.waitScreen(t, "form", "New server", "Tunnel type")
	send(tm, "right", "right") // ovpn_tcp → ovpn_udp → ssh
	rec.waitScreen(t, "ssh", "SSH private key")
	send(tm, "enter")
	tm.Type("Edge q/1 SSH") // q, / and 1 are text here, not dashboard keys
	send(tm, "enter")
	tm.Type("198.51.100.7:22@root:secret")
	tm.Send(ctrlS)
	rec.waitScreen(t, "saved", "✓ Server “Edge q/1 SSH” created", "Edge q/1 SSH", "2 Tweaks (1)", "1 Servers (2)", "2s 1t")
	quit(t, tm)

	w := writes(sb)
	if len(w) != 1 || w[0].Method != http.MethodPost || w[0].Path != "/api/v1/configs/"+key+"/servers" {
		t.Fatalf("want one POST to servers, got %+v", w)
	}
	var body map[string]any
	if err := json.Unmarshal(w[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"name": "Edge q/1 SSH", "tunnel_type": "ssh", "ip_port_user_pass": "198.51.100.7:22@root:secret"}
	if len(body) != len(want) {
		t.Fatalf("body %s, want exactly %v", w[0].Body, want)
	}
	for k, v := range want {
		if body[k] != v {
			t.Fatalf("body[%s] = %v, want %v (body %s)", k, body[k], v, w[0].Body)
		}
	}
}

func TestA422KeepsTheFormOpenWithItsValues(t *testing.T) {
	sb, tm, rec, _ := openFlow(t)
	sb.Inject(apitest.Fault{Method: http.MethodPost, PathPrefix: "/api/v1/configs/", Status: 422,
		Body: `{"message":"The name has already been taken.","errors":{"server.name":["The name has already been taken."]}}`})
	send(tm, "n", "right", "right", "enter")
	tm.Type("Taken Name")
	send(tm, "enter")
	tm.Type("203.0.113.9:22@u:p")
	tm.Send(ctrlS)
	rec.waitScreen(t, "422", "✗ Name has already been taken.", "Taken Name", "New server")
	if n := len(writes(sb)); n != 1 {
		t.Fatalf("%d writes, want 1", n)
	}
	// esc on a changed form asks first; y discards.
	send(tm, "esc")
	rec.waitScreen(t, "discard?", "Discard your changes?")
	send(tm, "y")
	rec.waitScreen(t, "closed", "Main SSH", "n new")
	quit(t, tm)
}

func TestDeleteAsksThenSendsOneDelete(t *testing.T) {
	sb, tm, rec, key := openFlow(t)
	send(tm, "d")
	rec.waitScreen(t, "confirm", "Delete server “Main SSH”? y/N")
	send(tm, "n")
	rec.waitScreen(t, "kept", "Nothing deleted", "Main SSH")
	if n := len(writes(sb)); n != 0 {
		t.Fatalf("a No sent %d writes", n)
	}
	send(tm, "d")
	rec.waitScreen(t, "confirm again", "y/N")
	send(tm, "y")
	rec.waitScreen(t, "deleted", "✓ Server “Main SSH” deleted", "no servers", "1 Servers (0)", "0s 1t")
	quit(t, tm)
	w := writes(sb)
	if len(w) != 1 || w[0].Method != http.MethodDelete || !strings.HasPrefix(w[0].Path, "/api/v1/configs/"+key+"/servers/") {
		t.Fatalf("want one DELETE of the server, got %+v", w)
	}
}

func TestDeviceIDBatchSendsOnlyTheNewIDsInOneRequest(t *testing.T) {
	sb, tm, rec, key := openFlow(t)
	send(tm, "3")
	rec.waitScreen(t, "ids", "IDs (1)", flowDeviceID)
	send(tm, "n")
	rec.waitScreen(t, "form", "New device ID")
	const a, b = "00112233445566778899aabbccddeeff", "FFEEDDCCBBAA99887766554433221100"
	paste := strings.Join([]string{a, flowDeviceID, b, "not-an-id", strings.ToUpper(a)}, "\r\n")
	tm.Send(tea.PasteMsg{Content: paste})
	tm.Send(ctrlS)
	rec.waitScreen(t, "saved", "✓ 2 device IDs added", "IDs (3)", b)
	quit(t, tm)
	w := writes(sb)
	if len(w) != 1 || w[0].Method != http.MethodPost || w[0].Path != "/api/v1/configs/"+key+"/device-ids" {
		t.Fatalf("want one POST to device-ids, got %+v", w)
	}
	var body map[string]any
	if err := json.Unmarshal(w[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if got, want := body["device_id"], strings.ToUpper(a)+"\n"+b; got != want {
		t.Fatalf("device_id = %q, want %q (body %s)", got, want, w[0].Body)
	}
}

func TestMarkedDeviceIDsAreDeletedOneByOne(t *testing.T) {
	sb, tm, rec, _ := openFlow(t)
	send(tm, "3")
	rec.waitScreen(t, "ids", "IDs (1)")
	send(tm, "n")
	rec.waitScreen(t, "form", "New device ID")
	tm.Send(tea.PasteMsg{Content: "00112233445566778899AABBCCDDEEFF\nFFEEDDCCBBAA99887766554433221100"})
	tm.Send(ctrlS)
	rec.waitScreen(t, "saved", "IDs (3)")
	sb.ClearRequests()
	send(tm, "g", "space", "space", "d")
	rec.waitScreen(t, "confirm", "Delete 2 device IDs (")
	send(tm, "y")
	rec.waitScreen(t, "deleted", "✓ Deleted 2 of 2 device IDs", "IDs (1)")
	quit(t, tm)
	if n := sb.Count(http.MethodDelete, "/api/v1/configs/"); n != 2 {
		t.Fatalf("%d DELETEs, want 2", n)
	}
}

func TestCreatedPasswordsAreShownForCopying(t *testing.T) {
	sb, tm, rec, _ := openFlow(t)
	send(tm, "3", "]")
	rec.waitScreen(t, "passwords", "Passwords (2)")
	send(tm, "n")
	rec.waitScreen(t, "form", "New password")
	send(tm, "enter")
	tm.Type("Tr0ub4dor&3")
	tm.Send(ctrlS)
	rec.waitScreen(t, "created", "Created 1 password", "Tr0ub4dor&3", "y copy")
	send(tm, "esc")
	rec.waitScreen(t, "closed", "Passwords (3)", "USED", maskText)
	if strings.Contains(rec.screen(), "Tr0ub4dor&3") {
		t.Fatalf("the list shows a password in the clear:\n%s", rec.screen())
	}
	quit(t, tm)
	if n := sb.Count(http.MethodPost, "/api/v1/configs/"); n != 1 {
		t.Fatalf("%d POSTs, want 1", n)
	}
}

func TestWriteKeysOnAReadOnlyAppOnlyExplain(t *testing.T) {
	sb, c, _ := sandbox(t)
	rec := &recorder{App: New(Options{Client: c, Profile: "test", Host: "sandbox", ReadOnly: true})}
	a := rec.App
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(a, a.Init())
	press(a, "enter")
	seen := press(a, "n")
	if a.overlay != nil {
		t.Fatal("n opened a form on a read-only app")
	}
	if !strings.Contains(plainView(a), "read-only profile: writes are off") {
		t.Fatalf("n did not say why:\n%s (msgs %v)", plainView(a), seen)
	}
	press(a, "d")
	if a.overlay != nil {
		t.Fatal("d opened a confirm on a read-only app")
	}
	if strings.Contains(plainView(a), "n new") {
		t.Fatalf("the key help offers n on a read-only app:\n%s", plainView(a))
	}
	if n := len(writes(sb)); n != 0 {
		t.Fatalf("a read-only app sent %d writes", n)
	}
}

func TestEditServerPrefillsFromTheFullRecordAndSendsOnePut(t *testing.T) {
	sb, tm, rec, key := openFlow(t)
	send(tm, "e")
	// The list has no address: the form waits for the full record.
	rec.waitScreen(t, "form", "Edit server · Main SSH", "203.0.113.5:22")
	// The form opens on the name.
	for range len("Main SSH") {
		send(tm, "backspace")
	}
	tm.Type("Renamed")
	tm.Send(ctrlS)
	rec.waitScreen(t, "saved", "✓ Server “Renamed” updated", "Renamed")
	quit(t, tm)
	w := writes(sb)
	if len(w) != 1 || w[0].Method != http.MethodPut || !strings.HasPrefix(w[0].Path, "/api/v1/configs/"+key+"/servers/") {
		t.Fatalf("want one PUT, got %+v", w)
	}
	var body map[string]any
	if err := json.Unmarshal(w[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if body["name"] != "Renamed" || body["ip_port_user_pass"] != "203.0.113.5:22" || body["tunnel_type"] != "ssh" {
		t.Fatalf("PUT body %s", w[0].Body)
	}
	if _, ok := body["unique_key"]; ok {
		t.Fatalf("PUT body carries the key: %s", w[0].Body)
	}
}

// editApp is the app on the sandbox at w×h with the flow config open,
// driven message by message.
func editApp(t *testing.T, w, h int, opts ...func(*Options)) (*apitest.Server, *App) {
	t.Helper()
	sb, c, _ := sandbox(t)
	o := Options{Client: c, Profile: "test", Host: "sandbox"}
	for _, fn := range opts {
		fn(&o)
	}
	a := New(o)
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	drive(a, a.Init())
	press(a, "enter")
	return sb, a
}

func TestFormsAndOverlaysFitAt80x24(t *testing.T) {
	_, a := editApp(t, 80, 24)
	check := func(step string) {
		t.Helper()
		lines := strings.Split(plainView(a), "\n")
		if len(lines) != 24 {
			t.Fatalf("%s: %d lines, want 24", step, len(lines))
		}
		for i, l := range lines {
			if w := len([]rune(l)); w > 80 {
				t.Fatalf("%s: line %d is %d cells:\n%s", step, i, w, plainView(a))
			}
		}
	}
	press(a, "e")
	if !(a.overlay != nil) {
		t.Fatal("e opened no form")
	}
	check("edit form")
	press(a, "esc")
	press(a, "d")
	check("confirm")
	press(a, "n") // keeps it
	press(a, "3", "]", "n")
	check("password form")
}

func TestWriteKeysExplainWhenTheAccessListIsOff(t *testing.T) {
	_, a := editApp(t, 120, 40)
	press(a, "esc", "j", "enter", "3")
	if !strings.Contains(plainView(a), "IDs (off)") {
		t.Fatalf("locked config not shown:\n%s", plainView(a))
	}
	press(a, "n")
	if (a.overlay != nil) || !strings.Contains(plainView(a), "this list is off for this config") {
		t.Fatalf("n on a refused list:\n%s", plainView(a))
	}
}

func TestEditDeviceIDSendsOnePutWithItsFields(t *testing.T) {
	sb, a := editApp(t, 120, 40)
	press(a, "3", "e")
	if !strings.Contains(plainView(a), "Edit device ID") {
		t.Fatalf("no edit form:\n%s", plainView(a))
	}
	press(a, "enter", "enter", "enter") // device ID → active → delete after use → note
	for range len("Flow phone") {
		press(a, "backspace")
	}
	for _, r := range "Tablet" {
		press(a, string(r))
	}
	_, cmd := a.Update(ctrlS)
	drive(a, cmd)
	if (a.overlay != nil) || !strings.Contains(plainView(a), "Tablet") || !strings.Contains(plainView(a), "✓ Device ID updated") {
		t.Fatalf("after save:\n%s", plainView(a))
	}
	w := writes(sb)
	if len(w) != 1 || w[0].Method != http.MethodPut {
		t.Fatalf("want one PUT, got %+v", w)
	}
	var body map[string]any
	if err := json.Unmarshal(w[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if body["note"] != "Tablet" || body["device_id"] != flowDeviceID || body["is_active"] != true {
		t.Fatalf("PUT body %s", w[0].Body)
	}
}

// A failure in the middle of a bulk delete is reported with the server's
// words, the rest go on, and the failed row stays marked, so that d again
// tries it (and only it).
func TestBulkDeleteGoesOnPastAFailureAndSaysWhatWasDone(t *testing.T) {
	sb, a := editApp(t, 120, 40)
	press(a, "3", "n")
	_, cmd := a.Update(tea.PasteMsg{Content: "00112233445566778899AABBCCDDEEFF\nFFEEDDCCBBAA99887766554433221100"})
	drive(a, cmd)
	_, cmd = a.Update(ctrlS)
	drive(a, cmd)
	if got := len(a.pane.cur.deviceIDs.items); got != 3 {
		t.Fatalf("%d device IDs after the batch, want 3", got)
	}
	sb.ClearRequests()
	// The second DELETE fails with a server error.
	v := a.pane.cur
	failing := v.deviceIDs.items[1].DeviceID
	second := fmt.Sprintf("/api/v1/configs/%s/device-ids/%d", v.cfg.UniqueKey, int64(v.deviceIDs.items[1].ID))
	sb.Inject(apitest.Fault{Method: http.MethodDelete, PathPrefix: second, Status: 500, Times: 1})
	press(a, "space", "space", "space")
	press(a, "d")
	if !strings.Contains(plainView(a), "Delete 3 device IDs (") {
		t.Fatalf("no bulk confirm:\n%s", plainView(a))
	}
	press(a, "y")
	view := plainView(a)
	for _, want := range []string{"Deleted 2 of 3 device IDs; 1 failed", failing + ": Server error 500"} {
		if !strings.Contains(view, want) {
			t.Fatalf("the job's summary lacks %q:\n%s", want, view)
		}
	}
	if got := len(v.deviceIDs.items); got != 1 || v.deviceIDs.items[0].DeviceID != failing {
		t.Fatalf("%d device IDs left in the list, want the failed one", got)
	}
	// A 500 is not retried (only 502–504 are): three DELETEs went out.
	if n := sb.Count(http.MethodDelete, "/api/v1/"); n != 3 {
		t.Fatalf("%d DELETEs, want 3", n)
	}
	// The failed row stays marked, so that d tries it again.
	if got := len(v.lists[listDeviceIDs].tbl().marked()); got != 1 {
		t.Fatalf("%d rows marked after the failure, want 1", got)
	}
	press(a, "enter") // close the summary
	press(a, "d")
	if !strings.Contains(plainView(a), "Delete device ID "+failing+"? y/N") {
		t.Fatalf("marks lost after a failure:\n%s", plainView(a))
	}
	press(a, "y")
	if a.status.text != "✓ Device ID "+failing+" deleted" || len(v.deviceIDs.items) != 0 {
		t.Fatalf("second try: %q, %d left", a.status.text, len(v.deviceIDs.items))
	}
}

func TestAServerErrorKeepsTheFormOpenWithOneLine(t *testing.T) {
	sb, a := editApp(t, 120, 40)
	sb.Inject(apitest.Fault{Method: http.MethodPost, Status: 503, Times: 1})
	press(a, "2", "n", "enter")
	for _, r := range "EdgeTweak" {
		press(a, string(r))
	}
	_, cmd := a.Update(ctrlS)
	drive(a, cmd)
	view := plainView(a)
	if !(a.overlay != nil) || !strings.Contains(view, "Server error 503 saving the tweak") || !strings.Contains(view, "EdgeTweak") {
		t.Fatalf("after a 503:\n%s", view)
	}
	// POST is not retried on 503: it may have reached the server.
	if n := len(writes(sb)); n != 1 {
		t.Fatalf("%d writes, want 1", n)
	}
	// A second ctrl+s is a new submit, and succeeds.
	_, cmd = a.Update(ctrlS)
	drive(a, cmd)
	if (a.overlay != nil) || a.status.text != "✓ Tweak “EdgeTweak” created" {
		t.Fatalf("retry: %q\n%s", a.status.text, plainView(a))
	}
}

func TestEditPasswordAndCopyCreated(t *testing.T) {
	sb, a := editApp(t, 120, 40)
	press(a, "3", "]", "e")
	if !strings.Contains(plainView(a), "Edit password #") {
		t.Fatalf("no edit form:\n%s", plainView(a))
	}
	_, cmd := a.Update(ctrlS)
	drive(a, cmd)
	if (a.overlay != nil) || a.status.text != "✓ Password updated" {
		t.Fatalf("after save: %q", a.status.text)
	}
	if w := writes(sb); len(w) != 1 || w[0].Method != http.MethodPut || !strings.Contains(w[0].Path, "/passwords/") {
		t.Fatalf("want one PUT of a password, got %+v", w)
	}
	press(a, "n")
	// type → password → generate several → how many
	press(a, "enter", "enter", "right", "enter", "backspace", "3")
	_, cmd = a.Update(ctrlS)
	drive(a, cmd)
	c := created(a)
	if c == nil || len(c.pws) != 3 {
		t.Fatalf("created overlay: %+v\n%s", c, plainView(a))
	}
	press(a, "j")
	_, cmd = a.Update(keyPress("y"))
	if got := clipboardOf(t, cmd); got != c.pws[1].Password {
		t.Fatalf("copied %q, want the second password", got)
	}
	press(a, "esc")
	if (a.overlay != nil) || len(a.pane.cur.passwords.items) != 5 {
		t.Fatalf("after closing: modal %v, %d passwords", (a.overlay != nil), len(a.pane.cur.passwords.items))
	}
}

func TestCtrlCQuitsFromAnOpenForm(t *testing.T) {
	_, a := editApp(t, 120, 40)
	press(a, "n", "q", "?")
	if !(a.overlay != nil) || a.showHelp || a.ctx.Err() != nil {
		t.Fatalf("q or ? acted on the dashboard: modal %v, help %v, quit %v", (a.overlay != nil), a.showHelp, a.ctx.Err())
	}
	_, cmd := a.Update(keyPress("ctrl+c"))
	findMsg[tea.QuitMsg](t, cmd) // fails the test when ctrl+c does not quit
}

func TestADuplicateDeviceIDRefusedByTheServerShowsAtTheField(t *testing.T) {
	sb, c, key := sandbox(t)
	a := New(Options{Client: c, Profile: "test", Host: "sandbox"})
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(a, a.Init())
	press(a, "enter", "3", "n")
	const id = "0123456789ABCDEF0123456789ABCDEF"
	_, cmd := a.Update(tea.PasteMsg{Content: id})
	drive(a, cmd)
	// Someone else adds the same ID meanwhile: the server refuses the batch.
	if _, _, err := c.CreateDeviceIDs(context.Background(), key, api.DeviceIDCreate{IDs: []string{id}, IsActive: true}); err != nil {
		t.Fatal(err)
	}
	sb.ClearRequests()
	_, cmd = a.Update(ctrlS)
	drive(a, cmd)
	view := plainView(a)
	if !(a.overlay != nil) || !strings.Contains(view, "✗ Device ID "+id+" is already added") || !strings.Contains(view, "1 new") {
		t.Fatalf("after the 422 the form should show the error and keep the ID:\n%s", view)
	}
	if n := len(writes(sb)); n != 1 {
		t.Fatalf("%d writes, want 1", n)
	}
	if got := editing(a).f.Values()["device_id"]; got != id {
		t.Fatalf("form value after 422 = %q, want %q", got, id)
	}
}

func TestEscClearsMarksBeforeGoingBack(t *testing.T) {
	_, a := editApp(t, 120, 40)
	press(a, "3", "space")
	if !strings.Contains(plainView(a), "✓ABCDEF") || !strings.Contains(plainView(a), "d delete marked") {
		t.Fatalf("mark not shown:\n%s", plainView(a))
	}
	press(a, "esc")
	if a.focus != paneConfig || len(a.pane.cur.lists[listDeviceIDs].tbl().marked()) != 0 {
		t.Fatalf("esc with marks: focus %v, marks %v", a.focus, a.pane.cur.lists[listDeviceIDs].tbl().marked())
	}
	press(a, "esc")
	if a.focus != paneList {
		t.Fatal("esc without marks did not go back")
	}
}

// e, a stray letter and ctrl+s on an ssh server save it as ssh: the
// letter lands in the name, where the edit form opens, not on the tunnel
// type.
func TestEditThenALetterThenSaveKeepsTheType(t *testing.T) {
	sb, tm, rec, _ := openFlow(t)
	send(tm, "e")
	rec.waitScreen(t, "form", "Edit server · Main SSH", "203.0.113.5:22")
	send(tm, "h")
	tm.Send(ctrlS)
	rec.waitScreen(t, "saved", "✓ Server “Main SSHh” updated")
	quit(t, tm)
	w := writes(sb)
	if len(w) != 1 {
		t.Fatalf("want one PUT, got %+v", w)
	}
	var body map[string]any
	if err := json.Unmarshal(w[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if body["tunnel_type"] != "ssh" || body["name"] != "Main SSHh" {
		t.Fatalf("PUT body %s", w[0].Body)
	}
}
