package ui

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/model"
)

// faultKind is one way the server or the network fails, and what the
// user must read for it.
type faultKind struct {
	name  string
	fault apitest.Fault
	want  string // on the status line or the form's error line
	// processed: the sandbox still carries out the request (the answer is
	// only late or cut), so a write may have been saved.
	processed bool
}

// faultTimeout is the client's timeout here: long enough for a request to
// the sandbox on a loaded machine (an edit's save makes two), short enough
// that a delayed fault times out quickly; drive waits for late replies.
const faultTimeout = 250 * time.Millisecond

func faultKinds() []faultKind {
	html := apitest.Fault{HTML: true}
	h502, h503 := html, html
	h502.Status, h503.Status = 502, 503
	return []faultKind{
		{name: "401", fault: apitest.Fault{Status: 401}, want: "API key missing or invalid"},
		{name: "403", fault: apitest.Fault{Status: 403}, want: "may not manage"},
		{name: "404", fault: apitest.Fault{Status: 404}, want: "not found"},
		{name: "422", fault: apitest.Fault{Status: 422,
			Body: `{"message":"The name has already been taken.","errors":{"name":["The name has already been taken."]}}`},
			want: "ame has already been taken."}, // a form says "Name", in its label
		{name: "429", fault: apitest.Fault{Status: 429, Header: http.Header{"Retry-After": {"30"}}},
			want: "try again in 30s"},
		{name: "500", fault: apitest.Fault{Status: 500}, want: "Server error 500"},
		{name: "502 html", fault: h502, want: "Server error 502"},
		{name: "503 html", fault: h503, want: "Server error 503"},
		{name: "reset", fault: apitest.Fault{Reset: true}, want: "Could not reach the server"},
		{name: "truncated", fault: apitest.Fault{Truncate: true}, processed: true},
		{name: "timeout", fault: apitest.Fault{Delay: 3 * faultTimeout}, want: "Timed out", processed: true},
	}
}

// faultApp is the app at 100x30 on a sandbox over HTTP, through a client
// that does not retry and gives up after faultTimeout, with the flow
// config (a server, a tweak, a device ID, a password) open.
func faultApp(t *testing.T) (*apitest.Server, *App, string, func()) {
	t.Helper()
	sb := apitest.New(apitest.Options{Data: apitest.DataEmpty, Seed: 5})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	clk := &skipClock{}
	c, err := api.NewClient(srv.URL, apitest.DefaultAPIKey, api.WithRetry(1, time.Second), api.WithTimeout(faultTimeout),
		api.WithClock(clk.now, clk.sleep))
	if err != nil {
		t.Fatal(err)
	}
	key := sb.AddConfig(apitest.ConfigSpec{Name: "Fault Config", CloudHWIDLock: true, CloudPassword: true})
	ctx := context.Background()
	if _, _, err := c.CreateServer(ctx, key, model.Server{Name: "Main SSH", TunnelType: model.SSH, IPPortUserPass: "203.0.113.5:22"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.CreateTweak(ctx, key, model.Tweak{Name: "Default Tweak", TunnelType: model.OVPNTCPSSH}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.CreateDeviceIDs(ctx, key, api.DeviceIDCreate{IDs: []string{flowDeviceID}, Note: "phone", IsActive: true}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.CreatePasswords(ctx, key, api.PasswordCreate{Password: "hunter22", Type: model.Reusable, IsActive: true}); err != nil {
		t.Fatal(err)
	}
	sb.ClearRequests()
	a := hostileApp(t, c, 100, 30)
	press(a, "enter")
	// Past any Retry-After: the client refuses to send before it.
	wait := func() { clk.advance(time.Minute) }
	return sb, a, key, wait
}

// assertOneClearMessage fails when the screen is unsafe or too big, shows
// a raw body (HTML or JSON), or lacks want.
func assertOneClearMessage(t *testing.T, a *App, step, want string) {
	t.Helper()
	plain := (&screenChecker{t: t, w: 100, h: 30}).check(a, step)
	low := strings.ToLower(plain)
	for _, raw := range []string{"<html", "<!doctype", "<title", "<body", "</", `{"`, `":`} {
		if strings.Contains(low, raw) {
			t.Fatalf("%s: the screen shows a raw body (%q):\n%s", step, raw, plain)
		}
	}
	if want != "" && !strings.Contains(plain, want) {
		t.Fatalf("%s: screen does not say %q:\n%s", step, want, plain)
	}
}

// TestBrowsingFaultsSayOneThingAndRRecovers: for every fault, on the config
// list, a config's servers and its device IDs, r shows one clear line and,
// once the fault is gone, r brings the data back.
func TestBrowsingFaultsSayOneThingAndRRecovers(t *testing.T) {
	sb, a, key, wait := faultApp(t)
	paths := []struct {
		name, prefix string
		keys         []string // to the view, from the servers tab
		back         []string // from the view to the servers tab
		shows        string
	}{
		{"config list", "/api/v1/configs", []string{"esc"}, []string{"enter"}, "Fault Config"},
		{"servers", "/api/v1/configs/" + key, nil, nil, "Main SSH"},
		{"device IDs", "/api/v1/configs/" + key + "/device-ids", []string{"3", "["}, []string{"1"}, flowDeviceID},
	}
	n := 0
	for _, p := range paths {
		press(a, p.keys...)
		for _, k := range faultKinds() {
			step := p.name + " " + k.name
			f := k.fault
			f.Method, f.PathPrefix, f.Times = http.MethodGet, p.prefix, -1
			sb.Inject(f)
			press(a, "r")
			// A 422 on an access list is the list being off for the config:
			// the pane says why instead of the status line.
			if a.status.kind != statusError && !(k.name == "422" && p.name == "device IDs") {
				t.Fatalf("%s: status %q is not an error", step, a.status.text)
			}
			assertOneClearMessage(t, a, step, k.want)
			sb.ClearFaults()
			wait()
			time.Sleep(time.Duration(btoi(k.processed)) * 3 * faultTimeout) // a late answer lands before the next fault
			press(a, "r")
			if a.status.kind == statusError {
				t.Fatalf("%s: r after the fault cleared still fails: %q", step, a.status.text)
			}
			assertOneClearMessage(t, a, step+" recovered", p.shows)
			n++
		}
		press(a, p.back...)
	}
	t.Logf("%d fault kinds × paths browsed", n)
}

// TestNoNetworkSaysSoAndRRecovers: a client pointed at a closed port, then
// a server on that port.
func TestNoNetworkSaysSoAndRRecovers(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c, err := api.NewClient("http://"+addr, apitest.DefaultAPIKey, api.WithRetry(1, time.Second), api.WithTimeout(faultTimeout))
	if err != nil {
		t.Fatal(err)
	}
	a := hostileApp(t, c, 100, 30)
	if a.status.kind != statusError {
		t.Fatalf("no network: status %q", a.status.text)
	}
	assertOneClearMessage(t, a, "no network", "Could not reach the server")

	sb := apitest.New(apitest.Options{Data: apitest.DataEmpty})
	sb.AddConfig(apitest.ConfigSpec{Name: "Back Online"})
	l, err = net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("port taken meanwhile: %v", err)
	}
	srv := httptest.NewUnstartedServer(sb)
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	press(a, "r")
	if a.status.kind == statusError {
		t.Fatalf("r with the network back: %q", a.status.text)
	}
	assertOneClearMessage(t, a, "network back", "Back Online")
}

// formCase opens one of the forms and fills it.
type formCase struct {
	name   string
	open   func(a *App)
	method string
	path   string // under the config
	done   string // the status after a save
}

func formCases() []formCase {
	paste := func(a *App, s string) {
		_, cmd := a.Update(tea.PasteMsg{Content: s})
		drive(a, cmd)
	}
	return []formCase{
		{name: "new server", method: http.MethodPost, path: "/servers", done: "✓ Server “Edge” created",
			open: func(a *App) {
				press(a, "1", "n", "right", "right", "enter")
				paste(a, "Edge")
				press(a, "enter")
				paste(a, "198.51.100.7:22@root:pw")
			}},
		{name: "edit server", method: http.MethodPut, path: "/servers/", done: "✓ Server “Main SSH” updated",
			open: func(a *App) {
				press(a, "1", "g", "e", "enter", "enter", "enter", "enter", "enter")
				paste(a, "note here")
			}},
		{name: "new tweak", method: http.MethodPost, path: "/tweaks", done: "✓ Tweak “EdgeTweak” created",
			open: func(a *App) { press(a, "2", "n", "enter"); paste(a, "EdgeTweak") }},
		{name: "edit tweak", method: http.MethodPut, path: "/tweaks/", done: "✓ Tweak “Default Tweak” updated",
			open: func(a *App) { press(a, "2", "g", "e") }},
		{name: "new device ID", method: http.MethodPost, path: "/device-ids", done: "✓ 1 device ID added",
			open: func(a *App) { press(a, "3", "[", "n"); paste(a, "00112233445566778899AABBCCDDEEFF") }},
		{name: "edit device ID", method: http.MethodPut, path: "/device-ids/", done: "✓ Device ID updated",
			open: func(a *App) { press(a, "3", "[", "g", "e") }},
		{name: "new password", method: http.MethodPost, path: "/passwords", done: "",
			open: func(a *App) { press(a, "3", "]", "n", "enter"); paste(a, "secret-pw-1") }},
		{name: "edit password", method: http.MethodPut, path: "/passwords/", done: "✓ Password updated",
			open: func(a *App) { press(a, "3", "]", "g", "e") }},
	}
}

// TestFormSubmitFaultsKeepTheFormAndItsValues: every form is submitted once
// per fault; each submit sends exactly one request, the form stays open
// with every value and one clear line, and a submit after the fault is
// cleared saves.
func TestFormSubmitFaultsKeepTheFormAndItsValues(t *testing.T) {
	n := 0
	for _, fc := range formCases() {
		t.Run(fc.name, func(t *testing.T) {
			sb, a, key, wait := faultApp(t)
			fc.open(a)
			if editing(a) == nil {
				t.Fatalf("no form:\n%s", plainView(a))
			}
			typed := editing(a).f.Values()
			prefix := "/api/v1/configs/" + key + fc.path
			saved := false // a processed fault may have saved it already
			for i, k := range faultKinds() {
				step := fc.name + " " + k.name
				f := k.fault
				f.Method, f.PathPrefix = fc.method, prefix
				sb.Inject(f)
				_, cmd := a.Update(ctrlS)
				drive(a, cmd)
				time.Sleep(3 * faultTimeout * time.Duration(btoi(k.processed))) // let a late answer land
				wait()
				if got := sb.Count(fc.method, prefix); got != i+1 {
					t.Fatalf("%s: %d requests after %d submits", step, got, i+1)
				}
				if editing(a) == nil {
					if k.processed {
						// The answer was late or cut but complete enough: the
						// write went through and the form closed. It must say so.
						assertOneClearMessage(t, a, step, "✓")
						fc.open(a)
						saved = true
						continue
					}
					t.Fatalf("%s: the form closed:\n%s", step, plainView(a))
				}
				want := k.want
				if saved && fc.name == "new device ID" {
					want = "" // the ID was added by the late write: the server now refuses it
				}
				assertOneClearMessage(t, a, step, want)
				if !strings.Contains(plainView(a), "✗") {
					t.Fatalf("%s: no error line in the form:\n%s", step, plainView(a))
				}
				if got := editing(a).f.Values(); fmt.Sprint(got) != fmt.Sprint(typed) {
					t.Fatalf("%s: values changed:\n got %v\nwant %v", step, got, typed)
				}
				saved = saved || k.processed
				n++
			}
			sb.ClearFaults()
			_, cmd := a.Update(ctrlS)
			drive(a, cmd)
			if fc.name == "new device ID" && saved {
				// A timed-out write was saved: the server says the ID is already there.
				assertOneClearMessage(t, a, "resubmit", "is already")
				return
			}
			if editing(a) != nil {
				t.Fatalf("submit after the faults cleared did not save:\n%s", plainView(a))
			}
			if fc.name == "new password" {
				assertOneClearMessage(t, a, "resubmit", "Created 1 password")
				return
			}
			if a.status.text != fc.done {
				t.Fatalf("resubmit: status %q, want %q", a.status.text, fc.done)
			}
			assertOneClearMessage(t, a, "resubmit", "")
		})
	}
	t.Logf("%d fault kinds × form submits checked", n)
}

// skipClock is a clock the test moves: after a 429 the client refuses to
// send until Retry-After has passed, and the tests should not wait 30 real
// seconds for that.
type skipClock struct {
	mu      sync.Mutex
	skipped time.Duration
}

func (c *skipClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.skipped)
}

func (c *skipClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.skipped += d
}

func (c *skipClock) sleep(ctx context.Context, d time.Duration) error {
	c.advance(d)
	return ctx.Err()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
