package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

// hostileSandbox is a sandbox over HTTP whose first config ("Data …", with a
// hostile name itself) holds one server, tweak, device ID and password per
// hostile string (in names, notes, payloads and password values), followed
// by one config named by each hostile string. Its clock is fixed so that
// screens repeat.
func hostileSandbox(t *testing.T, timeout time.Duration) (*apitest.Server, *api.Client, string, []string) {
	t.Helper()
	now := func() time.Time { return time.Date(2026, 2, 20, 9, 0, 0, 0, time.UTC) }
	big := apitest.Limits{Configs: 500, Servers: 500, Tweaks: 500, DeviceIDs: 5000, Passwords: 5000,
		DeviceIDsPerConfig: 5000, PasswordsPerConfig: 5000}
	sb := apitest.New(apitest.Options{Data: apitest.DataEmpty, Seed: 7, Limits: &big, Now: now})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	opts := []api.Option{api.WithRetry(1, time.Second)}
	if timeout > 0 {
		opts = append(opts, api.WithTimeout(timeout))
	}
	c, err := api.NewClient(srv.URL, apitest.DefaultAPIKey, opts...)
	if err != nil {
		t.Fatal(err)
	}
	hostile := termsafe.Hostile()
	key := sb.AddConfig(apitest.ConfigSpec{Name: "Data \x1b]0;pwned\x07\u202e config", CloudHWIDLock: true, CloudPassword: true})
	for i, h := range hostile {
		sb.AddConfig(apitest.ConfigSpec{Name: marker(i) + h, CloudHWIDLock: true, CloudPassword: true})
	}
	ctx := context.Background()
	must := func(_ any, _ *api.Response, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, h := range hostile {
		must(c.CreateServer(ctx, key, model.Server{Name: marker(i) + h, TunnelType: model.SSH,
			IPPortUserPass: "203.0.113.5:22@u:" + h, Note: h}))
		must(c.CreateTweak(ctx, key, model.Tweak{Name: marker(i) + h, TunnelType: model.OVPNTCPSSH,
			SNI: "sni" + h, Payload: h, Note: h}))
		must(c.CreateDeviceIDs(ctx, key, api.DeviceIDCreate{IDs: []string{fmt.Sprintf("%032X", i+1)},
			Note: marker(i) + h, IsActive: true}))
		must(c.CreatePasswords(ctx, key, api.PasswordCreate{Password: "pw" + marker(i) + h, Type: model.Reusable,
			Note: marker(i) + h, IsActive: true}))
	}
	sb.ClearRequests()
	return sb, c, key, hostile
}

// marker makes each hostile string findable on the screen after it was
// made safe: "H07 ".
func marker(i int) string { return fmt.Sprintf("H%02d ", i) }

// hostileApp is the app on c at w×h with the config list loaded.
func hostileApp(t *testing.T, c *api.Client, w, h int) *App {
	t.Helper()
	a := New(Options{Client: c, Profile: "test", Host: "sandbox"})
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	drive(a, a.Init())
	return a
}

// screenChecker checks every screen it is given and counts them.
type screenChecker struct {
	t    *testing.T
	w, h int
	n    int
}

// check fails when the screen, with our own styling stripped, holds any
// control a terminal would act on (C0 but newline, DEL, C1, bidi controls,
// line and paragraph separators), is not valid UTF-8, or has a line wider
// than the terminal or more lines than it. want must be on the screen, so
// that the check is known to have seen the hostile data.
func (c *screenChecker) check(a *App, step string, want ...string) string {
	c.t.Helper()
	c.n++
	plain := ansi.Strip(a.View().Content)
	if !utf8.ValidString(plain) {
		c.t.Fatalf("%s: screen is not valid UTF-8", step)
	}
	for i, r := range plain {
		if badRune(r) {
			lo := max(i-30, 0)
			c.t.Fatalf("%s: raw control %U reached the screen near %q", step, r, plain[lo:min(i+30, len(plain))])
		}
	}
	lines := strings.Split(plain, "\n")
	if len(lines) > c.h {
		c.t.Fatalf("%s: %d lines on a %d-line terminal:\n%s", step, len(lines), c.h, plain)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > c.w {
			c.t.Fatalf("%s: line %d is %d cells wide on a %d-cell terminal:\n%s", step, i, w, c.w, plain)
		}
	}
	for _, s := range want {
		if !strings.Contains(plain, s) {
			c.t.Fatalf("%s: screen does not show %q:\n%s", step, s, plain)
		}
	}
	return plain
}

func badRune(r rune) bool {
	return r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f ||
		r == 0x061c || r == 0x200e || r == 0x200f || r >= 0x202a && r <= 0x202e ||
		r >= 0x2066 && r <= 0x2069 || r == 0x2028 || r == 0x2029
}

// closeForm leaves an open form, saying yes when it asks to discard (the
// question is not always on the screen: see the report on form.go's
// footer, which a tall form pushes below its last line).
func closeForm(t *testing.T, a *App) {
	t.Helper()
	press(a, "esc")
	if a.overlay != nil {
		press(a, "y")
	}
	if a.overlay != nil {
		t.Fatalf("esc did not close the form:\n%s", plainView(a))
	}
}

// TestHostileStringsReachNoViewRaw walks every row of the config list and of
// each table of a config full of hostile strings, and on every row opens
// the detail (masked and revealed), the edit form prefilled from it and
// the delete confirm.
func TestHostileStringsReachNoViewRaw(t *testing.T) {
	_, c, _, hostile := hostileSandbox(t, 0)
	const w, h = 100, 30
	a := hostileApp(t, c, w, h)
	sc := &screenChecker{t: t, w: w, h: h}
	sc.check(a, "config list", "Data")
	for i := range hostile {
		press(a, "j")
		sc.check(a, "config list row "+marker(i), marker(i))
	}
	press(a, "?")
	sc.check(a, "help", "help")
	press(a, "?")
	press(a, "g", "enter")
	sc.check(a, "servers", marker(0))

	lists := []struct {
		name string
		keys []string
	}{
		{"servers", []string{"1"}},
		{"tweaks", []string{"2"}},
		{"device IDs", []string{"3", "["}},
		{"passwords", []string{"3", "]"}},
	}
	for _, l := range lists {
		press(a, l.keys...)
		press(a, "g")
		for i := range hostile {
			step := fmt.Sprintf("%s row %d", l.name, i)
			sc.check(a, step+" table", marker(i))
			press(a, "enter")
			sc.check(a, step+" detail masked", marker(i))
			press(a, "s")
			sc.check(a, step+" detail revealed", marker(i))
			press(a, "esc")
			if a.pane.cur.detail != nil {
				t.Fatalf("%s: esc left the detail open", step)
			}
			press(a, "e")
			if !(a.overlay != nil) {
				t.Fatalf("%s: e opened no form:\n%s", step, plainView(a))
			}
			// The name (or note) is prefilled; the form shows it made safe.
			sc.check(a, step+" edit form", marker(i))
			closeForm(t, a)
			press(a, "d")
			sc.check(a, step+" delete confirm", "y delete")
			press(a, "n")
			sc.check(a, step+" kept", marker(i))
			press(a, "j")
		}
	}
	t.Logf("%d hostile strings, %d screens checked", len(hostile), sc.n)
	if sc.n < 40*4*6 {
		t.Fatalf("only %d screens checked", sc.n)
	}
}

// TestHostileServerMessagesReachNoViewRaw puts hostile strings in 422
// messages (general and per field) for a list load and a form's submit, in
// unknown extra fields and keys of a record, and in created passwords.
func TestHostileServerMessagesReachNoViewRaw(t *testing.T) {
	sb, c, key, hostile := hostileSandbox(t, 0)
	const w, h = 80, 24
	sc := &screenChecker{t: t, w: w, h: h}
	a := hostileApp(t, c, w, h)
	press(a, "enter")
	base := "/api/v1/configs/" + key
	for i, hs := range hostile {
		// A 422 on reload: the status line.
		sb.Inject(apitest.Fault{Method: http.MethodGet, PathPrefix: base, Status: 422,
			Body: `{"success":false,"message":` + jsonString(hs) + `}`})
		press(a, "r")
		sc.check(a, fmt.Sprintf("hostile %d: 422 status line", i))
		press(a, "r")
		sc.check(a, fmt.Sprintf("hostile %d: recovered", i), "H00")
	}

	// A 422 on a form's submit: the form's general line, the fields' lines
	// and a field the form does not have. The form stays open and each
	// ctrl+s submits it again.
	press(a, "1", "n", "right", "right", "enter", "x", "enter", "1", ".", "2", ":", "2")
	for i, hs := range hostile {
		q := jsonString(hs)
		sb.Inject(apitest.Fault{Method: http.MethodPost, PathPrefix: base, Status: 422,
			Body: `{"message":` + q + `,"errors":{"name":[` + q + `],"server.ip_port_user_pass":[` + q + `],` + q + `:[` + q + `]}}`})
		_, cmd := a.Update(ctrlS)
		drive(a, cmd)
		if !(a.overlay != nil) || editing(a) == nil {
			t.Fatalf("hostile %d: the form closed on a 422:\n%s", i, plainView(a))
		}
		sc.check(a, fmt.Sprintf("hostile %d: form 422", i), "New server", "Name > x")
	}
	if n := sb.Count(http.MethodPost, base); n != len(hostile) {
		t.Fatalf("%d POSTs for %d submits", n, len(hostile))
	}
	closeForm(t, a)

	// Unknown fields, with hostile names and values, in a full record.
	list, _, err := c.ListServers(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	extra := `"x_extra":` + jsonString(hostile[8]) + `,` + jsonString(hostile[1]) + `:` + jsonString(hostile[11])
	sb.Inject(apitest.Fault{Method: http.MethodGet, PathPrefix: base + "/servers", Times: -1, Status: 200,
		Body: `{"success":true,"servers":[{"id":1,"unique_key":"` + list[0].UniqueKey + `","name":` + jsonString("X "+hostile[2]) +
			`,"tunnel_type":"ssh","ip_port_user_pass":"1.2.3.4:22","note":null,` + extra + `}]}`})
	press(a, "r", "g", "enter")
	sc.check(a, "extra fields detail", "X extra")
	press(a, "s")
	sc.check(a, "extra fields revealed", "X extra")
	press(a, "esc")
	if a.pane.cur.detail != nil {
		t.Fatal("esc left the detail open")
	}
	press(a, "e")
	sc.check(a, "extra fields edit form")
	closeForm(t, a)
	sb.ClearFaults()

	// Created passwords with hostile values: the overlay shows them.
	var pws []string
	for i, hs := range hostile[:10] {
		pws = append(pws, fmt.Sprintf(`{"id":%d,"password":%s,"type":%s,"note":%s,"is_active":true}`,
			900+i, jsonString("pw"+hs), jsonString(hs), jsonString(hs)))
	}
	sb.Inject(apitest.Fault{Method: http.MethodPost, PathPrefix: base + "/passwords", Status: 201,
		Body: `{"success":true,"message":` + jsonString(hostile[3]) + `,"added_count":10,"passwords":[` + strings.Join(pws, ",") + `]}`})
	press(a, "3", "]", "n", "enter")
	for _, r := range "secret1" {
		press(a, string(r))
	}
	_, cmd := a.Update(ctrlS)
	drive(a, cmd)
	if created(a) == nil {
		t.Fatalf("no created overlay:\n%s", plainView(a))
	}
	sc.check(a, "created overlay", "Created 10 passwords")
	for range 10 {
		press(a, "j")
		sc.check(a, "created overlay moved")
	}
	press(a, "esc")
	sc.check(a, "after created overlay")
	t.Logf("%d hostile messages, %d screens checked", len(hostile), sc.n)
}

func jsonString(s string) string {
	// Strings with invalid UTF-8 become U+FFFD, as any JSON encoder does.
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\ufffd") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// TestBenignNamesComeThroughUnchanged: CJK, RTL, emoji with ZWJ and
// combining marks are text, not controls, and are shown as sent.
func TestBenignNamesComeThroughUnchanged(t *testing.T) {
	sb := apitest.New(apitest.Options{Data: apitest.DataEmpty, Seed: 3})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := api.NewClient(srv.URL, apitest.DefaultAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	key := sb.AddConfig(apitest.ConfigSpec{Name: "Benign", CloudHWIDLock: true, CloudPassword: true})
	var names []string
	for _, b := range termsafe.Benign() {
		if strings.TrimSpace(b) != "" {
			names = append(names, b)
		}
	}
	for _, n := range names {
		if _, _, err := c.CreateServer(context.Background(), key, model.Server{Name: n, TunnelType: model.SSH,
			IPPortUserPass: "203.0.113.5:22", Note: n}); err != nil {
			t.Fatalf("%q: %v", n, err)
		}
	}
	const w, h = 120, 40
	a := hostileApp(t, c, w, h)
	sc := &screenChecker{t: t, w: w, h: h}
	press(a, "enter")
	for _, n := range names {
		sc.check(a, "table "+n, n)
		press(a, "enter")
		sc.check(a, "detail "+n, "Server · "+n, n)
		press(a, "esc")
		if a.pane.cur.detail != nil {
			t.Fatal("esc left the detail open")
		}
		press(a, "e")
		if got := editing(a).f.Values()["name"]; got != n {
			t.Fatalf("edit form prefilled %q, want %q", got, n)
		}
		sc.check(a, "edit "+n, n)
		closeForm(t, a)
		press(a, "j")
	}
}

// TestGoldenHostileServers is one hostile screen at 80x24 (-update rewrites
// testdata/TestGoldenHostileServers.golden).
func TestGoldenHostileServers(t *testing.T) {
	_, c, _, _ := hostileSandbox(t, 0)
	a := hostileApp(t, c, 80, 24)
	press(a, "enter", "j", "j", "j", "j", "j", "j", "j", "j", "enter")
	(&screenChecker{t: t, w: 80, h: 24}).check(a, "golden", marker(8))
	golden.RequireEqual(t, ascii(t, a.View().Content))
}
