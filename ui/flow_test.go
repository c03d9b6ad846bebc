package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/model"
)

// recorder keeps the latest frame of the app it wraps, so that a test can
// wait for what is on screen rather than for the renderer's cell diffs.
type recorder struct {
	*App
	mu   sync.Mutex
	last string
}

func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := r.App.Update(msg)
	return r, cmd
}

func (r *recorder) View() tea.View {
	v := r.App.View()
	r.mu.Lock()
	r.last = stripSGR(v.Content)
	r.mu.Unlock()
	return v
}

func (r *recorder) screen() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

// waitScreen waits until the screen shows every one of want.
func (r *recorder) waitScreen(t *testing.T, step string, want ...string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s := r.screen()
		missing := ""
		for _, w := range want {
			if !strings.Contains(s, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: screen never showed %q:\n%s", step, missing, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

const flowDeviceID = "ABCDEF0123456789ABCDEF0123456789"

// sandbox starts the sandbox over HTTP with one config holding a server, a
// tweak, a device ID and two passwords, and a second config with its
// cloud toggles off. The setup requests are forgotten.
func sandbox(t *testing.T) (*apitest.Server, *api.Client, string) {
	t.Helper()
	sb := apitest.New(apitest.Options{Data: apitest.DataEmpty, Rate: 600, Seed: 1})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := api.NewClient(srv.URL, apitest.DefaultAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	key := sb.AddConfig(apitest.ConfigSpec{Name: "Flow Config", CloudHWIDLock: true, CloudPassword: true})
	sb.AddConfig(apitest.ConfigSpec{Name: "Locked Config"})
	ctx := context.Background()
	must := func(_ any, _ *api.Response, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.CreateServer(ctx, key, model.Server{Name: "Main SSH", TunnelType: model.SSH, IPPortUserPass: "203.0.113.5:22"}))
	must(c.CreateTweak(ctx, key, model.Tweak{Name: "Default Tweak", TunnelType: model.OVPNTCPSSH, SNI: "example.com"}))
	must(c.CreateDeviceIDs(ctx, key, api.DeviceIDCreate{IDs: []string{flowDeviceID}, Note: "Flow phone", IsActive: true}))
	must(c.CreatePasswords(ctx, key, api.PasswordCreate{Type: model.Reusable, GenerateMultiple: true, Count: 2, IsActive: true}))
	sb.ClearRequests()
	return sb, c, key
}

func startFlow(t *testing.T, c *api.Client, w, h int) (*teatest.TestModel, *recorder) {
	t.Helper()
	rec := &recorder{App: New(Options{Client: c, Profile: "test", Host: "sandbox", Demo: true, HostAccess: localHost})}
	tm := teatest.NewTestModel(t, rec, teatest.WithInitialTermSize(w, h), teatest.WithProgramOptions(
		tea.WithColorProfile(colorprofile.Ascii), tea.WithEnvironment([]string{"TERM=xterm-256color"})))
	return tm, rec
}

func TestFlowBrowseEveryTab(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			sb, c, key := sandbox(t)
			tm, rec := startFlow(t, c, sz[0], sz[1])
			send := func(keys ...string) {
				for _, k := range keys {
					tm.Send(keyPress(k))
				}
			}
			rec.waitScreen(t, "start", "Flow Config", "Locked Config", "1s 1t", "DEMO")
			send("enter")
			rec.waitScreen(t, "open", "1 Servers (1)", "2 Tweaks (1)", "Main SSH", "ssh")
			send("enter")
			rec.waitScreen(t, "server detail", "Server · Main SSH", "203.0.113.5:22")
			send("esc", "2")
			rec.waitScreen(t, "tweaks", "Default Tweak", "ovpn_tcp_ssh")
			send("3")
			rec.waitScreen(t, "device IDs", "IDs (1)", flowDeviceID, "Flow phone")
			send("]")
			rec.waitScreen(t, "passwords", "Passwords (2)", "reusable", maskText)
			send("?")
			rec.waitScreen(t, "help", "Help", "quit now", "esc or ? to close")
			send("q")
			tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

			fm := tm.FinalModel(t).(*recorder)
			if fm.App.pane.cur == nil || fm.App.pane.cur.cfg.UniqueKey != key {
				t.Fatal("final model does not show the config")
			}
			base := "/api/v1/configs/" + key
			for _, want := range []struct {
				path string
				n    int
			}{{"/api/v1/configs", 1}, {base + "/resources", 1}, {base + "/servers", 1}, {base + "/device-ids", 1}, {base + "/passwords", 1}, {base + "/tweaks", 0}} {
				n := 0
				for _, r := range sb.Requests() {
					if r.Path == want.path {
						n++
					}
				}
				if n != want.n {
					t.Errorf("%s requested %d times, want %d", want.path, n, want.n)
				}
			}
			for _, r := range sb.Requests() {
				if r.Method != http.MethodGet {
					t.Errorf("browsing sent %s %s", r.Method, r.Path)
				}
			}
		})
	}
}

func TestFlowOpeningAConfigIsOneRequestAtTheServer(t *testing.T) {
	sb, c, key := sandbox(t)
	tm, rec := startFlow(t, c, 120, 40)
	rec.waitScreen(t, "start", "Flow Config")
	sb.ClearRequests()
	tm.Send(keyPress("enter"))
	rec.waitScreen(t, "open", "Main SSH")
	got := sb.Requests()
	if len(got) != 1 || got[0].Method != http.MethodGet || got[0].Path != "/api/v1/configs/"+key+"/resources" {
		t.Fatalf("opening a config sent %d requests: %+v", len(got), got)
	}
	// The other config has its cloud toggles off: the sandbox answers 422
	// and the tab says so.
	tm.Send(keyPress("esc"))
	tm.Send(keyPress("j"))
	tm.Send(keyPress("enter"))
	tm.Send(keyPress("3"))
	rec.waitScreen(t, "locked", "IDs (off)", "is disabled for this configuration", "the Panel")
	// Back to the first config: cached, nothing sent.
	n := len(sb.Requests())
	tm.Send(keyPress("esc"))
	tm.Send(keyPress("k"))
	tm.Send(keyPress("enter"))
	rec.waitScreen(t, "back", "┌ Flow Config", "Main SSH")
	tm.Send(keyPress("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if extra := sb.Requests()[n:]; len(extra) != 0 {
		t.Fatalf("reopening a loaded config sent %+v", extra)
	}
}
