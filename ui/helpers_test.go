package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/hostfiles"
	"tweakdash/model"
)

// fakeAPI is a lister with fixed data, for Update tests and golden
// screens that must not depend on the sandbox's demo data. It counts calls.
type fakeAPI struct {
	mu        sync.Mutex
	configs   *api.ConfigList
	resources map[string]*api.Resources
	servers   map[string][]model.Server
	tweaks    map[string][]model.Tweak
	deviceIDs map[string][]model.DeviceID
	passwords map[string][]model.Password
	// errs answers a call ("configs", "resources KEY", "device-ids KEY", …)
	// with an error instead.
	errs  map[string]error
	rate  api.Rate
	calls []string
}

func (f *fakeAPI) call(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, name)
	return f.errs[name]
}

func (f *fakeAPI) resp() *api.Response { return &api.Response{Rate: f.rate} }

func (f *fakeAPI) ListConfigs(context.Context) (*api.ConfigList, *api.Response, error) {
	if err := f.call("configs"); err != nil {
		return nil, f.resp(), err
	}
	return f.configs, f.resp(), nil
}

func (f *fakeAPI) ListResources(_ context.Context, k string) (*api.Resources, *api.Response, error) {
	if err := f.call("resources " + k); err != nil {
		return nil, f.resp(), err
	}
	if r, ok := f.resources[k]; ok {
		return r, f.resp(), nil
	}
	return nil, f.resp(), &api.Error{Status: 404, Message: "not found"}
}

func (f *fakeAPI) ListServers(_ context.Context, k string) ([]model.Server, *api.Response, error) {
	if err := f.call("servers " + k); err != nil {
		return nil, f.resp(), err
	}
	return f.servers[k], f.resp(), nil
}

func (f *fakeAPI) ListTweaks(_ context.Context, k string) ([]model.Tweak, *api.Response, error) {
	if err := f.call("tweaks " + k); err != nil {
		return nil, f.resp(), err
	}
	return f.tweaks[k], f.resp(), nil
}

func (f *fakeAPI) ListDeviceIDs(_ context.Context, k string) ([]model.DeviceID, *api.Response, error) {
	if err := f.call("device-ids " + k); err != nil {
		return nil, f.resp(), err
	}
	return f.deviceIDs[k], f.resp(), nil
}

func (f *fakeAPI) ListPasswords(_ context.Context, k string) ([]model.Password, *api.Response, error) {
	if err := f.call("passwords " + k); err != nil {
		return nil, f.resp(), err
	}
	return f.passwords[k], f.resp(), nil
}

func (f *fakeAPI) callList() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

const (
	key12 = "2f7c1f7e-5b1a-4c3e-9d2f-0a1bdc5a2d8b"
	key13 = "7a9e3c10-44d2-4f0b-8e6a-3b2c1d0e9f87"
)

// decode fills v from JSON, as the client would (so that Raw is set).
func decode(t testing.TB, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("fixture: %v", err)
	}
}

// newFake returns the fixture account: Config 12 with two servers, a
// tweak, three device IDs and two passwords; Config 13 empty, with its
// cloud device-ID toggle off.
func newFake(t testing.TB) *fakeAPI {
	f := &fakeAPI{
		resources: map[string]*api.Resources{}, servers: map[string][]model.Server{},
		tweaks: map[string][]model.Tweak{}, deviceIDs: map[string][]model.DeviceID{},
		passwords: map[string][]model.Password{}, errs: map[string]error{},
	}
	f.configs = new(api.ConfigList)
	decode(t, `{"success":true,"total":2,"max_configurations":20,"remaining_configurations":18,"configurations":[
		{"id":12,"name":"Config 12","unique_key":"`+key12+`","servers_count":2,"tweaks_count":1,
		 "created_at":"2026-02-20 09:00:00","updated_at":"2026-02-20 09:10:00"},
		{"id":13,"name":"Config 13","unique_key":"`+key13+`","servers_count":0,"tweaks_count":0,
		 "created_at":"2026-02-21 10:00:00","updated_at":"2026-02-21 10:00:00"}]}`, f.configs)

	r12 := new(api.Resources)
	decode(t, `{"success":true,"configuration_id":12,"configuration_name":"Config 12","config_unique_key":"`+key12+`",
		"servers":[
		 {"name":"Main SSH Server v2","tunnel_type":"ssh","unique_key":"8bcb3c4f-1e2d-4c5b-9a8f-7e6d7b6c4a12","created_at":"2026-02-20 09:00:00","updated_at":"2026-02-20 09:10:00"},
		 {"name":"Backup","tunnel_type":"ovpn_udp","unique_key":"9f2a6d90-3b4c-4d5e-8f70-81927a7b91d1","created_at":"2026-02-20 09:00:00","updated_at":"2026-02-20 09:00:00"}],
		"tweaks":[
		 {"name":"Default Tweak","tunnel_type":"ovpn_tcp_ssh","unique_key":"6e1d2f8c-aaaa-bbbb-cccc-ddddd5ce0d62","created_at":"2026-02-20 09:00:00","updated_at":"2026-02-20 09:05:00"}]}`, r12)
	f.resources[key12] = r12
	r13 := new(api.Resources)
	decode(t, `{"success":true,"configuration_name":"Config 13","config_unique_key":"`+key13+`","servers":[],"tweaks":[]}`, r13)
	f.resources[key13] = r13

	var servers []model.Server
	decode(t, `[
		{"id":2,"unique_key":"8bcb3c4f-1e2d-4c5b-9a8f-7e6d7b6c4a12","name":"Main SSH Server v2","tunnel_type":"ssh",
		 "ip_port_user_pass":"1.2.3.4:22@user:newpass","ssl_port":443,"ovpn_config":null,"ovpn_pk":null,
		 "ssh_pk":"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----",
		 "dnstt_pubkey":null,"hysteria_tx":null,"hysteria_rx":null,"v2ray_config":null,"note":"Singapore",
		 "region":"sg-1","created_at":"2026-02-20 09:00:00","updated_at":"2026-02-20 09:10:00"},
		{"id":3,"unique_key":"9f2a6d90-3b4c-4d5e-8f70-81927a7b91d1","name":"Backup","tunnel_type":"ovpn_udp",
		 "ip_port_user_pass":"user:pass","ovpn_config":"client\nproto udp\nremote 5.6.7.8 1194",
		 "created_at":"2026-02-20 09:00:00","updated_at":"2026-02-20 09:00:00"}]`, &servers)
	f.servers[key12] = servers
	var tweaks []model.Tweak
	decode(t, `[{"id":4,"unique_key":"6e1d2f8c-aaaa-bbbb-cccc-ddddd5ce0d62","name":"Default Tweak","tunnel_type":"ovpn_tcp_ssh",
		"payload":"CONNECT [host_port] HTTP/1.1","sni":"example.com","tls_version":"TLSv1.3",
		"created_at":"2026-02-20 09:00:00","updated_at":"2026-02-20 09:05:00"}]`, &tweaks)
	f.tweaks[key12] = tweaks
	var ids []model.DeviceID
	decode(t, `[
		{"id":31,"device_id":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","note":"Batch import","is_active":true,"delete_after_used":false,"created_at":"2026-02-24 18:30:00","updated_at":"2026-02-24 18:30:00"},
		{"id":32,"device_id":"BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB","note":"Juan, Redmi Note 12","is_active":"1","delete_after_used":1,"created_at":"2026-02-24 18:31:00","updated_at":"2026-02-24 18:31:00"},
		{"id":33,"device_id":"0123456789ABCDEF0123456789ABCDEF","note":null,"is_active":false,"delete_after_used":false,"created_at":"2026-02-24 18:32:00","updated_at":"2026-02-25 07:00:00"}]`, &ids)
	f.deviceIDs[key12] = ids
	var pws []model.Password
	decode(t, `[
		{"id":45,"password":"Secret123","type":"one_time","note":null,"is_active":true,"delete_after_used":true,"used_device_id":null,"used_at":null,"created_at":"2026-02-24 18:32:00","updated_at":"2026-02-24 18:32:00"},
		{"id":46,"password":"hunter2hunter2","type":"reusable","note":"Shop","is_active":true,"delete_after_used":false,"used_device_id":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","used_at":"2026-02-25 08:15:00","created_at":"2026-02-24 18:33:00","updated_at":"2026-02-25 08:15:00"}]`, &pws)
	f.passwords[key12] = pws
	f.errs["device-ids "+key13] = &api.Error{Status: 422, Message: "Cloud HWID lock is disabled for this configuration."}
	f.errs["passwords "+key13] = &api.Error{Status: 422, Message: "Cloud password is disabled for this configuration."}
	return f
}

// drive runs cmd and every command that follows from it, feeding each
// message to a, until none is left. Spinner ticks (which would sleep) and
// messages for the terminal are dropped. A command still running after
// quickWait is a timer (a countdown, a cursor blink) or a request slowed
// by a loaded machine: once the rest is done, drive waits for the slow
// ones, and takes the API replies among them.
func drive(a *App, cmd tea.Cmd) []tea.Msg {
	seen, _ := driveAll(a, cmd, nil)
	return seen
}

// driveAll is drive, except that the replies hold picks (when hold is not
// nil) are not delivered: they are returned as held, for the test to
// deliver when it wants.
func driveAll(a *App, cmd tea.Cmd, hold func(replyMsg) bool) (seen, held []tea.Msg) {
	queue := []tea.Cmd{cmd}
	var slow []chan tea.Msg
	take := func(msg tea.Msg) {
		if r, ok := msg.(replyMsg); ok && hold != nil && hold(r) {
			held = append(held, msg)
			return
		}
		seen = append(seen, msg)
		_, next := a.Update(msg)
		queue = append(queue, next)
	}
	for len(queue) > 0 || len(slow) > 0 {
		if len(queue) == 0 {
			ch := slow[0]
			slow = slow[1:]
			select {
			case msg := <-ch:
				if r, ok := msg.(replyMsg); ok {
					take(r)
				}
			case <-time.After(10 * time.Second):
			}
			continue
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg, ch := runQuick(c)
		if ch != nil {
			slow = append(slow, ch)
		}
		switch msg := msg.(type) {
		case nil, spinner.TickMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			take(msg)
		}
	}
	return seen, held
}

// quickWait is how long runQuick waits for a command.
const quickWait = 200 * time.Millisecond

// runQuick runs c, giving up on commands that wait (tea.Tick): the tests
// drive the model step by step and deliver timed messages themselves. When
// it gives up it returns the channel the message will come on.
func runQuick(c tea.Cmd) (tea.Msg, chan tea.Msg) {
	ch := make(chan tea.Msg, 1)
	go func() { ch <- c() }()
	select {
	case msg := <-ch:
		return msg, nil
	case <-time.After(quickWait):
		return nil, ch
	}
}

// keyPress builds the message a terminal sends for a key as Bubble Tea
// spells it ("enter", "shift+tab", "j").
func keyPress(s string) tea.KeyPressMsg {
	var k tea.KeyPressMsg
	switch s {
	case "enter":
		k = tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		k = tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		k = tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		k = tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "up":
		k = tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		k = tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		k = tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		k = tea.KeyPressMsg{Code: tea.KeyRight}
	case "pgdown":
		k = tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		k = tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "backspace":
		k = tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		k = tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+z":
		k = tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl}
	case "ctrl+a":
		k = tea.KeyPressMsg{Code: 'a', Mod: tea.ModCtrl}
	case "ctrl+u":
		k = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "space":
		k = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	default:
		r := []rune(s)
		if len(r) != 1 {
			panic("keyPress: unknown key " + s)
		}
		k = tea.KeyPressMsg{Code: r[0], Text: s}
	}
	if k.String() != s {
		panic(fmt.Sprintf("keyPress(%q) spells %q", s, k.String()))
	}
	return k
}

// press sends keys to a one by one, running what each returns.
func press(a *App, keys ...string) []tea.Msg {
	var seen []tea.Msg
	for _, k := range keys {
		_, cmd := a.Update(keyPress(k))
		seen = append(seen, drive(a, cmd)...)
	}
	return seen
}

// localHost is what the local command gives the dashboard: its user's
// files, ctrl+z and the clipboard.
var localHost = HostAccess{Files: hostfiles.Files{}, Suspend: true, ClipboardRead: true}

// start returns the app on f, sized w×h, with the config list loaded.
func start(t testing.TB, f *fakeAPI, w, h int, opts ...func(*Options)) *App {
	t.Helper()
	o := Options{Profile: "default", Host: "httptweak.com", HostAccess: localHost}
	for _, fn := range opts {
		fn(&o)
	}
	a := newApp(o, f)
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	drive(a, a.Init())
	return a
}

// plainView is the view without styling, for assertions on text.
func plainView(a *App) string { return stripSGR(a.View().Content) }

func stripSGR(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
				j++
			}
			if j < len(s) && s[j] == 'm' {
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// statusOf returns the last statusMsg among msgs.
func statusOf(msgs []tea.Msg) (statusMsg, bool) {
	for i := len(msgs) - 1; i >= 0; i-- {
		if s, ok := msgs[i].(statusMsg); ok {
			return s, true
		}
	}
	return statusMsg{}, false
}

// editing is the open form, or nil.
func editing(a *App) *editor {
	e, _ := a.overlay.(*editor)
	return e
}

// created is the open created-passwords list, or nil.
func created(a *App) *createdList {
	c, _ := a.overlay.(*createdList)
	return c
}

// isQuit reports whether cmd quits the program.
func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

// runAll runs cmd and the batches inside it, and returns their messages.
func runAll(cmd tea.Cmd) []tea.Msg {
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		m, _ := runQuick(c)
		switch m := m.(type) {
		case tea.BatchMsg:
			queue = append(queue, m...)
		case nil:
		default:
			out = append(out, m)
		}
	}
	return out
}
