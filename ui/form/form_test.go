package form

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"tweakdash/model"
)

// host is the smallest program around a form: it quits on submit or cancel
// and keeps what came out.
type host struct {
	f         *Form
	submitted model.Values
	cancelled bool
}

func (h *host) Init() tea.Cmd { return h.f.Init() }

// viewReq asks the program's goroutine for the form's view, so that tests
// read it without racing the updates.
type viewReq chan string

func (h *host) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case viewReq:
		msg <- h.f.View()
		return h, nil
	case SubmitMsg:
		h.submitted = msg.Values
		return h, tea.Quit
	case CancelMsg:
		h.cancelled = true
		return h, tea.Quit
	}
	return h, h.f.Update(msg)
}

func (h *host) View() tea.View { return tea.NewView(h.f.View()) }

func snap(tm *teatest.TestModel) string {
	ch := make(viewReq, 1)
	tm.Send(ch)
	select {
	case v := <-ch:
		return ansi.Strip(v)
	case <-time.After(3 * time.Second):
		return "(no view: the program did not answer)"
	}
}

func run(t *testing.T, f *Form, steps ...any) (*host, *teatest.TestModel) {
	t.Helper()
	h := &host{f: f}
	tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(80, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithEnvironment([]string{"TERM=xterm-256color"})))
	for _, s := range steps {
		switch s := s.(type) {
		case string:
			tm.Type(s)
		case tea.Msg:
			tm.Send(s)
		}
	}
	return h, tm
}

var (
	enter = tea.KeyPressMsg{Code: tea.KeyEnter}
	right = tea.KeyPressMsg{Code: tea.KeyRight}
	ctrlS = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	esc   = tea.KeyPressMsg{Code: tea.KeyEscape}
)

func TestServerFormShowsTheTypesFieldsAndSubmitsThem(t *testing.T) {
	f := New(Options{Resource: model.ServerResource, Op: model.Create, Title: "New server", Width: 80, Height: 30})
	h, tm := run(t, f, right, right) // ovpn_tcp → ovpn_udp → ssh
	view := snap(tm)
	for _, want := range []string{"SSL port", "SSH private key", "Address / credentials"} {
		if !strings.Contains(view, want) {
			t.Errorf("ssh form lacks %q:\n%s", want, view)
		}
	}
	for _, unwanted := range []string{"OpenVPN config", "V2Ray config", "DNSTT public key"} {
		if strings.Contains(view, unwanted) {
			t.Errorf("ssh form shows %q:\n%s", unwanted, view)
		}
	}
	tm.Send(enter)
	tm.Type("Main SSH")
	tm.Send(enter)
	tm.Type("1.2.3.4:22@user:pass")
	tm.Send(ctrlS)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	got := model.Body(model.ServerResource, h.submitted, model.Create)
	want := map[string]any{"name": "Main SSH", "tunnel_type": "ssh", "ip_port_user_pass": "1.2.3.4:22@user:pass"}
	if len(got) != len(want) {
		t.Fatalf("body = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("body[%s] = %v, want %v (body %v)", k, got[k], v, got)
		}
	}
}

func TestSubmitWithMissingRequiredFieldShowsErrorAndStaysOpen(t *testing.T) {
	f := New(Options{Resource: model.ServerResource, Op: model.Create, Width: 80, Height: 30})
	h, tm := run(t, f, enter, "Only a name", ctrlS)
	view := snap(tm)
	if !strings.Contains(view, "Address / credentials is required.") || !strings.Contains(view, "Only a name") {
		t.Fatalf("want the required error under the field and the name kept:\n%s", view)
	}
	tm.Send(esc) // dirty: asks first
	if v := snap(tm); !strings.Contains(v, "Discard your changes?") {
		t.Fatalf("esc on a dirty form should ask:\n%s", v)
	}
	tm.Type("y")
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	if !h.cancelled || h.submitted != nil {
		t.Fatalf("cancelled=%v submitted=%v", h.cancelled, h.submitted)
	}
}

func TestServerErrorsLandUnderTheirFieldsAndExpireOnEdit(t *testing.T) {
	f := New(Options{Resource: model.TweakResource, Op: model.Create, Width: 80, Height: 30,
		Values: model.Values{"tunnel_type": "ssh", "name": "Taken"}})
	// As api.Error.FormErrors gives them: bare field keys, the rest apart.
	f.SetServerErrors(model.FieldErrors{"name": {"The name has already been taken."}}, []string{"Tweak limit reached (5)."})
	v := f.View()
	if !strings.Contains(v, "Name has already been taken.") || !strings.Contains(v, "Tweak limit reached (5).") {
		t.Fatalf("server errors missing:\n%s", v)
	}
	_, tm := run(t, f, enter, "!")
	if v := snap(tm); strings.Contains(v, "already been taken") || !strings.Contains(v, "Taken!") {
		t.Fatalf("the error should go once the name changes, the edit kept:\n%s", v)
	}
	tm.Quit()
}

// A 422 naming thousands of errors shows a few and counts the rest, and
// the form's key line stays on screen at any height.
func TestThousandsOfServerErrorsKeepTheKeysOnScreen(t *testing.T) {
	fields := model.FieldErrors{}
	var general []string
	for i := range 10000 {
		fields.Add("name", fmt.Sprintf("name problem %d", i))
		general = append(general, fmt.Sprintf("general problem %d", i))
	}
	for _, h := range []int{5, 8, 12, 30} {
		f := New(Options{Resource: model.TweakResource, Op: model.Create, Width: 60, Height: h,
			Values: model.Values{"tunnel_type": "ssh", "name": "x"}})
		f.SetServerErrors(fields, general)
		lines := strings.Split(f.View(), "\n")
		if len(lines) > h {
			t.Fatalf("height %d: %d lines", h, len(lines))
		}
		if last := lines[len(lines)-1]; !strings.Contains(last, "ctrl+s save") {
			t.Fatalf("height %d: the keys are gone; last line %q", h, last)
		}
		if h >= 12 {
			v := f.View()
			if !strings.Contains(v, "and 19,995 more") {
				t.Fatalf("height %d: no count of the rest:\n%s", h, v)
			}
		}
	}
}

func TestPasswordFieldsFollowTheOptions(t *testing.T) {
	f := New(Options{Resource: model.PasswordResource, Op: model.Create, Width: 80, Height: 30,
		Values: model.Values{"type": "reusable", "is_active": true}})
	v := f.View()
	if strings.Contains(v, "Delete after use") || strings.Contains(v, "How many") || !strings.Contains(v, "Password") {
		t.Fatalf("reusable password form:\n%s", v)
	}
	_, tm := run(t, f, right) // reusable → one_time
	v = snap(tm)
	if !strings.Contains(v, "Delete after use") {
		t.Fatalf("one_time should offer delete after use:\n%s", v)
	}
	tm.Quit()
}

func TestBatchSendsOnlyNewValidIDs(t *testing.T) {
	present := "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"
	f := New(Options{Resource: model.DeviceIDResource, Op: model.Create, Width: 100, Height: 30,
		Values: model.Values{"is_active": true}, Existing: map[string]bool{present: true}})
	paste := "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\r\n" +
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA;" + strings.ToLower(present) + "\r\nnot-hex\r\n"
	h, tm := run(t, f, tea.PasteMsg{Content: paste})
	v := snap(tm)
	for _, want := range []string{"2 new", "1 duplicate", "1 already in config", "1 malformed · bad: 3"} {
		if !strings.Contains(v, want) {
			t.Errorf("preview lacks %q:\n%s", want, v)
		}
	}
	tm.Send(ctrlS)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	if got := h.submitted["device_id"]; got != "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\nBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" {
		t.Fatalf("device_id = %q", got)
	}
	if h.submitted["is_active"] != true || h.submitted["delete_after_used"] != false {
		t.Fatalf("flags = %v", h.submitted)
	}
}

// The tunnel type shows the options around the current one, and a letter
// jumps to the next type that starts with it, showing that type's fields.
func TestChoiceShowsItsNeighboursAndLettersJump(t *testing.T) {
	f := New(Options{Resource: model.ServerResource, Op: model.Create, Width: 80, Height: 30})
	f.Init()
	if v := f.View(); !strings.Contains(v, "[ovpn_tcp] ovpn_udp ssh dnstt") {
		t.Fatalf("no options strip:\n%s", v)
	}
	for _, c := range []struct{ key, want, field string }{
		{"s", "ssh", "SSH private key"},
		{"v", "v2ray_default", "V2Ray config"},
		{"v", "v2ray_vless", "V2Ray config"},
		{"h", "hysteria", "Address / credentials"},
		{"o", "ovpn_tcp", "OpenVPN config"},
		{"o", "ovpn_udp", "OpenVPN config"},
	} {
		f.Update(tea.KeyPressMsg{Code: rune(c.key[0]), Text: c.key})
		if got := f.Values()["tunnel_type"]; got != c.want {
			t.Fatalf("%s: tunnel type %v, want %s", c.key, got, c.want)
		}
		if v := f.View(); !strings.Contains(v, "["+c.want+"]") || !strings.Contains(v, c.field) {
			t.Fatalf("%s: view lacks [%s] or %q:\n%s", c.key, c.want, c.field, v)
		}
	}
}

// A letter jumps to an option whatever the case of either: t and T both
// find the TLS versions, which are written TLSv1.x.
func TestChoiceLetterJumpIgnoresCase(t *testing.T) {
	f := New(Options{Resource: model.TweakResource, Op: model.Create, Width: 80, Height: 40,
		Values: model.Values{"tunnel_type": "ssh"}})
	f.Init()
	for f.focusedKey() != "tls_version" {
		if f.focusedKey() == "note" {
			t.Fatal("no TLS version field on an ssh tweak")
		}
		f.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	}
	for _, c := range []struct{ key, want string }{
		{"t", "TLSv1.1"}, {"t", "TLSv1.2"}, {"T", "TLSv1.3"}, {"d", "default"}, {"T", "TLSv1.1"},
	} {
		f.Update(tea.KeyPressMsg{Code: rune(c.key[0]), Text: c.key})
		if got := f.Values()["tls_version"]; got != c.want {
			t.Fatalf("%s: TLS version %v, want %s", c.key, got, c.want)
		}
	}
}

// An edit opens on the name, not on the tunnel type, where a stray letter
// would change the type. Changing the type anyway asks before saving,
// naming the filled fields the new type drops, and sends nothing until y.
func TestEditOpensOnNameAndAsksBeforeATypeChangeDropsFields(t *testing.T) {
	rec := model.Values{"name": "SG SSH (key login)", "tunnel_type": "ssh", "ip_port_user_pass": "203.0.113.10:443@obfs:auth",
		"ssl_port": "443", "ssh_pk": "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----"}
	f := New(Options{Resource: model.ServerResource, Op: model.Update, Width: 100, Height: 30, Values: rec})
	h, tm := run(t, f, "h")
	if h := snap(tm); !strings.Contains(h, "SG SSH (key login)h") {
		t.Fatalf("a letter typed on opening should go into the name:\n%s", h)
	}
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab}) // on to the type
	tm.Type("h")                               // hysteria
	tm.Send(ctrlS)
	want := "Saving as hysteria drops SSL port, SSH private key: y save / esc back"
	if v := snap(tm); !strings.Contains(v, want) {
		t.Fatalf("no question before dropping fields; want %q:\n%s", want, v)
	}
	tm.Send(esc)
	if v := snap(tm); strings.Contains(v, "Saving as") || !strings.Contains(v, "hysteria") {
		t.Fatalf("esc should go back to the form, the type kept:\n%s", v)
	}
	tm.Send(ctrlS)
	tm.Type("y")
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	if h.submitted["tunnel_type"] != "hysteria" {
		t.Fatalf("y did not save as hysteria: %v", h.submitted)
	}
	if _, ok := h.submitted["ssh_pk"]; ok {
		t.Fatalf("a hysteria server was sent an SSH key: %v", h.submitted)
	}
}

// ctrl+s with errors says how many fields are wrong, in the labels on
// screen, and puts the focus on the first of them; the count follows the
// fixes and goes with the last.
func TestRefusedSaveFocusesTheFirstBadFieldAndCountsWhatIsLeft(t *testing.T) {
	f := New(Options{Resource: model.ServerResource, Op: model.Create, Width: 80, Height: 40,
		Values: model.Values{"tunnel_type": "dnstt"}})
	f.Init()
	f.Update(ctrlS)
	v := ansi.Strip(f.View())
	for _, want := range []string{"✗ 3 fields need attention", "✗ Name is required.", "✗ Address / credentials is required.", "✗ DNSTT public key is required."} {
		if !strings.Contains(v, want) {
			t.Fatalf("view lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "field is required") {
		t.Fatalf("a message names the API's field instead of the label:\n%s", v)
	}
	if got := f.focusedKey(); got != "name" {
		t.Fatalf("focus on %q after a refused save, want the first bad field, name", got)
	}
	f.Update(tea.KeyPressMsg{Code: 'n', Text: "n"})
	f.Update(ctrlS)
	if v := ansi.Strip(f.View()); !strings.Contains(v, "✗ 2 fields need attention") {
		t.Fatalf("the count did not follow the fix:\n%s", v)
	}
	if got := f.focusedKey(); got != "ip_port_user_pass" {
		t.Fatalf("focus on %q, want ip_port_user_pass", got)
	}
	f.Update(tea.PasteMsg{Content: "198.51.100.53:53"})
	f.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	f.Update(tea.PasteMsg{Content: "pubkey"})
	if v := ansi.Strip(f.View()); strings.Contains(v, "attention") {
		t.Fatalf("the banner stays with every field fixed:\n%s", v)
	}
}

// A server's 422 under a field speaks the form's words too.
func TestServerErrorsUseTheLabels(t *testing.T) {
	f := New(Options{Resource: model.ServerResource, Op: model.Create, Width: 80, Height: 40,
		Values: model.Values{"tunnel_type": "ssh", "name": "x", "ip_port_user_pass": "1.2.3.4:22"}})
	f.SetServerErrors(model.FieldErrors{"ssh_pk": {"The ssh pk field format is invalid."}}, nil)
	if v := ansi.Strip(f.View()); !strings.Contains(v, "✗ SSH private key format is invalid.") {
		t.Fatalf("server message not in the label's words:\n%s", v)
	}
}

// A value that does not match the spec's format for its field is flagged
// and the first ctrl+s does not save; a second one saves it as typed (the
// API takes any string there).
func TestFormatWarningStopsTheFirstSaveOnly(t *testing.T) {
	f := New(Options{Resource: model.ServerResource, Op: model.Create, Width: 100, Height: 40,
		Values: model.Values{"tunnel_type": "ssh"}})
	h, tm := run(t, f, enter, "Edge", enter, "not a valid address", enter, ctrlS)
	v := snap(tm)
	for _, want := range []string{"! does not look like ip:port or user:pass@ip:port", "! 1 field looks wrong: ctrl+s again saves as typed", "┃ Address / credentials"} {
		if !strings.Contains(v, want) {
			t.Fatalf("view lacks %q:\n%s", want, v)
		}
	}
	tm.Send(ctrlS)
	tm.WaitFinished(t, teatest.WithFinalTimeout(3*time.Second))
	if h.submitted["ip_port_user_pass"] != "not a valid address" {
		t.Fatalf("the second ctrl+s did not save as typed: %v", h.submitted)
	}
}

// A form masks secrets as the detail does until ctrl+r: an address shows
// its host and user but not its password, a V2Ray config its shape but not
// its password; the field being typed in is all dots. What is sent is the
// value as typed.
func TestFormMasksSecretsUntilCtrlR(t *testing.T) {
	const addr = "surf:Vx9kq2mT@203.0.113.10:22"
	f := New(Options{Resource: model.ServerResource, Op: model.Update, Width: 100, Height: 40,
		Values: model.Values{"name": "SG SSH", "tunnel_type": "ssh", "ip_port_user_pass": addr}})
	f.Init()
	v := ansi.Strip(f.View())
	if strings.Contains(v, "Vx9kq2mT") || !strings.Contains(v, "surf:"+model.Mask+"@203.0.113.10:22") {
		t.Fatalf("the address's password shows, or its host does not:\n%s", v)
	}
	f.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	f.Update(tea.KeyPressMsg{Code: tea.KeyTab}) // name → type → address
	if f.focusedKey() != "ip_port_user_pass" {
		t.Fatalf("focus on %q", f.focusedKey())
	}
	if v := ansi.Strip(f.View()); strings.Contains(v, "Vx9kq2mT") || strings.Contains(v, "203.0.113.10") {
		t.Fatalf("the focused address shows in the clear:\n%s", v)
	}
	f.Update(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	if v := ansi.Strip(f.View()); !strings.Contains(v, addr) {
		t.Fatalf("ctrl+r did not reveal the address:\n%s", v)
	}
	f.Update(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	if got := f.Values()["ip_port_user_pass"]; got != addr {
		t.Fatalf("the value to send is %q, want it as typed", got)
	}

	f = New(Options{Resource: model.ServerResource, Op: model.Update, Width: 100, Height: 40,
		Values: model.Values{"name": "DE Trojan", "tunnel_type": "v2ray_trojan", "v2ray_config": `{"address":"[bughost]","password":"tr-sample-7Hq9"}`}})
	f.Init()
	if v := ansi.Strip(f.View()); strings.Contains(v, "tr-sample-7Hq9") || !strings.Contains(v, `"password":"`+model.Mask+`"`) {
		t.Fatalf("the V2Ray password shows, or the config's shape does not:\n%s", v)
	}
}

// A password's edit opens on its value, not on its type, where a stray o
// would make it one-time.
func TestPasswordEditOpensOnTheValue(t *testing.T) {
	f := New(Options{Resource: model.PasswordResource, Op: model.Update, Width: 80, Height: 30,
		Values: model.Values{"type": "reusable", "password": "secret-pw-1", "is_active": true}})
	f.Init()
	f.Update(tea.KeyPressMsg{Code: 'o', Text: "o"})
	if got := f.Values(); got["type"] != "reusable" || got["password"] != "secret-pw-1o" {
		t.Fatalf("a letter on opening changed %v", got)
	}
}

// A question too long for the key line goes at the top, whole, and the
// key line keeps the keys.
func TestALongTypeChangeQuestionStaysWhole(t *testing.T) {
	f := New(Options{Resource: model.ServerResource, Op: model.Update, Width: 60, Height: 24,
		Values: model.Values{"name": "SG", "tunnel_type": "ssh", "ip_port_user_pass": "u:p@1.2.3.4:22", "ssl_port": "443",
			"ssh_pk": "-----BEGIN OPENSSH PRIVATE KEY-----\nA\n-----END OPENSSH PRIVATE KEY-----"}})
	f.Init()
	f.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	f.Update(tea.KeyPressMsg{Code: 'v', Text: "v"}) // v2ray_default
	f.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	f.Update(tea.PasteMsg{Content: `{"outbounds":[]}`})
	f.Update(ctrlS)
	v := ansi.Strip(f.View())
	lines := strings.Split(v, "\n")
	joined := strings.Join(strings.Fields(v), " ")
	if !strings.Contains(joined, "Saving as v2ray_default drops Address / credentials, SSL port, SSH private key:") ||
		!strings.Contains(lines[len(lines)-1], "y save / esc back") {
		t.Fatalf("the question or its keys are cut:\n%s", v)
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > 60 {
			t.Fatalf("a line is wider than the form: %q", l)
		}
	}
}
