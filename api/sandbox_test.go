package api_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/model"
)

const (
	sandboxKey = "sandbox-key-7c1d0e9f5a3b2e4d6f8a0c1e3b5d7f9a"
	limitedKey = "limited-key-0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d"
)

// sandbox is a fresh API with one configuration whose cloud toggles are on
// and one whose toggles are off, and a client for it.
type sandbox struct {
	s        *apitest.Server
	c        *api.Client
	url      string
	cfg, off string
}

func newSandbox(t *testing.T) *sandbox {
	t.Helper()
	s := apitest.New(apitest.Options{APIKey: sandboxKey, Data: apitest.DataEmpty, Seed: 1})
	sb := &sandbox{s: s}
	sb.cfg = s.AddConfig(apitest.ConfigSpec{Name: "Main", CloudHWIDLock: true, CloudPassword: true})
	sb.off = s.AddConfig(apitest.ConfigSpec{Name: "Toggles off"})
	s.AddKey(limitedKey, sb.off)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	sb.url = srv.URL
	c, err := api.NewClient(srv.URL, sandboxKey, api.WithTimeout(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	sb.c = c
	return sb
}

func apiError(t *testing.T, err error) *api.Error {
	t.Helper()
	var e *api.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v, want *api.Error", err)
	}
	return e
}

// result holds a call's value and error, so that must(c.Call(...)).get(t)
// reads as one line.
type result[T any] struct {
	v   T
	err error
}

func must[T any](v T, _ *api.Response, err error) result[T] { return result[T]{v, err} }

func (r result[T]) get(t *testing.T) T {
	t.Helper()
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.v
}

var ctx = context.Background()

func TestSandboxConfigs(t *testing.T) {
	sb := newSandbox(t)
	l := must(sb.c.ListConfigs(ctx)).get(t)
	if !l.Success || l.Total != 2 || len(l.Configurations) != 2 || l.Configurations[0].UniqueKey != sb.cfg || l.Configurations[0].Name != "Main" {
		t.Errorf("configs %+v", l)
	}
	m := must(sb.c.SyncConfig(ctx, api.SyncRequest{
		ConfigUniqueKey: sb.cfg,
		Servers: []model.Server{
			{UniqueKey: "srv-a", Name: "A", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22"},
			{UniqueKey: "srv-b", Name: "B", TunnelType: model.Hysteria, IPPortUserPass: "1.1.1.1;2.2.2.2:443@obfs:auth", HysteriaTX: intp(10)},
		},
		Tweaks: []model.Tweak{{UniqueKey: "tw-a", Name: "T", TunnelType: model.DNSTT, DNSTTResolver: "8.8.8.8"}},
	})).get(t)
	if m.Summary.ServersCreated != 2 || m.Summary.TweaksCreated != 1 || len(m.Servers) != 2 {
		t.Errorf("sync %+v", m)
	}
	// The same keys again update instead of creating.
	m = must(sb.c.SyncConfig(ctx, api.SyncRequest{ConfigUniqueKey: sb.cfg,
		Servers: []model.Server{{UniqueKey: "srv-a", Name: "A2", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22"}}})).get(t)
	if m.Summary.ServersUpdated != 1 || m.Summary.ServersCreated != 0 {
		t.Errorf("second sync %+v", m.Summary)
	}
	r := must(sb.c.ListResources(ctx, sb.cfg)).get(t)
	if r.ConfigUniqueKey != sb.cfg || len(r.Servers) != 2 || len(r.Tweaks) != 1 || r.ConfigurationName != "Main" {
		t.Errorf("resources %+v", r)
	}
	// A bad element is reported at its index.
	_, _, err := sb.c.SyncConfig(ctx, api.SyncRequest{ConfigUniqueKey: sb.cfg, Servers: []model.Server{
		{Name: "ok", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22"},
		{Name: "no address", TunnelType: model.SSH},
	}})
	e := apiError(t, err)
	if e.Status != 422 || len(e.ItemErrors("servers", 1)["ip_port_user_pass"]) != 1 || len(e.ItemErrors("servers", 0)) != 0 {
		t.Errorf("sync 422: %v %v", e, e.Fields)
	}
	// An unknown configuration key.
	_, _, err = sb.c.SyncConfig(ctx, api.SyncRequest{ConfigUniqueKey: "no-such-config"})
	if e := apiError(t, err); e.Status != 404 || e.Error() != "Configuration not found. (HTTP 404)" {
		t.Errorf("sync to an unknown config: %v", e)
	}
}

// A sync element that names an existing resource keeps the fields it leaves
// out, and clears those that Clear names.
func TestSandboxSyncClearsOnlyWhatClearNames(t *testing.T) {
	sb := newSandbox(t)
	must(sb.c.SyncConfig(ctx, api.SyncRequest{ConfigUniqueKey: sb.cfg, Servers: []model.Server{
		{UniqueKey: "srv-a", Name: "A", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22", SSLPort: intp(443), Note: "n"},
	}})).get(t)
	must(sb.c.SyncConfig(ctx, api.SyncRequest{ConfigUniqueKey: sb.cfg, Servers: []model.Server{
		{UniqueKey: "srv-a", Name: "A2", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22"},
	}, Clear: map[string][]string{"servers.0": {"note"}}})).get(t)
	got := must(sb.c.ListServers(ctx, sb.cfg)).get(t)
	if len(got) != 1 || got[0].Name != "A2" || got[0].Note != "" || got[0].SSLPort == nil || *got[0].SSLPort != 443 {
		t.Errorf("after the sync: %+v", got)
	}
}

func TestSandboxServersAndTweaks(t *testing.T) {
	sb := newSandbox(t)
	m := must(sb.c.CreateServer(ctx, sb.cfg, model.Server{Name: "Main SSH Server", TunnelType: model.SSH,
		IPPortUserPass: "1.2.3.4:22@user:pass", SSLPort: intp(443), Note: "first"})).get(t)
	if m.Summary.ServersCreated != 1 || len(m.Servers) != 1 || m.Servers[0].Action != "created" || m.Servers[0].UniqueKey == "" {
		t.Fatalf("create %+v", m)
	}
	key := m.Servers[0].UniqueKey
	m = must(sb.c.UpdateServer(ctx, sb.cfg, key, model.Server{Name: "Main SSH Server v2", TunnelType: model.SSH,
		IPPortUserPass: "1.2.3.4:22@user:newpass"})).get(t)
	if m.Summary.ServersUpdated != 1 {
		t.Errorf("update %+v", m.Summary)
	}
	servers := must(sb.c.ListServers(ctx, sb.cfg)).get(t)
	if len(servers) != 1 || servers[0].Name != "Main SSH Server v2" || servers[0].SSLPort != nil || servers[0].Note != "" {
		t.Errorf("after update (cleared ssl_port and note): %+v", servers)
	}
	_, _, err := sb.c.CreateServer(ctx, sb.cfg, model.Server{Name: "x", TunnelType: model.OVPNTCP, IPPortUserPass: "u:p"})
	if e := apiError(t, err); e.Status != 422 || len(e.FieldErrors()["ovpn_config"]) != 1 {
		t.Errorf("create 422: %v %v", e, e.Fields)
	}
	_, _, err = sb.c.UpdateServer(ctx, sb.cfg, key, model.Server{Name: "", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22"})
	if e := apiError(t, err); e.Status != 422 || len(e.FieldErrors()["name"]) != 1 {
		t.Errorf("update 422: %v %v", e, e.Fields)
	}
	m = must(sb.c.DeleteServer(ctx, sb.cfg, key)).get(t)
	if m.Summary.ServersDeleted != 1 {
		t.Errorf("delete %+v", m.Summary)
	}
	if _, _, err := sb.c.DeleteServer(ctx, sb.cfg, key); apiError(t, err).Status != 422 {
		t.Errorf("deleting a missing server: %v", err)
	}

	m = must(sb.c.CreateTweak(ctx, sb.cfg, model.Tweak{Name: "Default Tweak", TunnelType: model.OVPNTCPSSH,
		Payload: "CONNECT [host_port] HTTP/1.1", SNI: "example.com", TLSVersion: "TLSv1.3"})).get(t)
	if m.Summary.TweaksCreated != 1 || len(m.Tweaks) != 1 {
		t.Fatalf("create tweak %+v", m)
	}
	tkey := m.Tweaks[0].UniqueKey
	must(sb.c.UpdateTweak(ctx, sb.cfg, tkey, model.Tweak{Name: "V", TunnelType: model.V2RayVLESS, BugHost: "cdn.example"})).get(t)
	tweaks := must(sb.c.ListTweaks(ctx, sb.cfg)).get(t)
	if len(tweaks) != 1 || tweaks[0].TunnelType != model.V2RayVLESS || tweaks[0].BugHost != "cdn.example" || tweaks[0].SNI != "" {
		t.Errorf("tweaks %+v", tweaks)
	}
	_, _, err = sb.c.CreateTweak(ctx, sb.cfg, model.Tweak{Name: "x", TunnelType: "ovpn"})
	if e := apiError(t, err); e.Status != 422 || len(e.FieldErrors()["tunnel_type"]) != 1 {
		t.Errorf("create tweak 422: %v %v", e, e.Fields)
	}
	if m := must(sb.c.DeleteTweak(ctx, sb.cfg, tkey)).get(t); m.Summary.TweaksDeleted != 1 {
		t.Errorf("delete tweak %+v", m.Summary)
	}
}

func TestSandboxDeviceIDs(t *testing.T) {
	sb := newSandbox(t)
	ids := []string{"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", "0123456789ABCDEF0123456789ABCDEF"}
	l := must(sb.c.CreateDeviceIDs(ctx, sb.cfg, api.DeviceIDCreate{IDs: ids, Note: "Batch import", IsActive: true})).get(t)
	if l.AddedCount == nil || *l.AddedCount != 3 || len(l.DeviceIDs) != 3 {
		t.Fatalf("create %+v", l)
	}
	if n := sb.s.Count("POST", "/api/v1/configs/"+sb.cfg+"/device-ids"); n != 1 {
		t.Errorf("a batch of 3 took %d requests", n)
	}
	list := must(sb.c.ListDeviceIDs(ctx, sb.cfg)).get(t)
	if len(list) != 3 || list[0].Note != "Batch import" || !list[0].IsActive {
		t.Fatalf("list %+v", list)
	}
	id := int64(list[1].ID)
	u := must(sb.c.UpdateDeviceID(ctx, sb.cfg, id, model.DeviceID{DeviceID: list[1].DeviceID, IsActive: false, DeleteAfterUsed: true})).get(t)
	if len(u.DeviceIDs) != 1 || u.DeviceIDs[0].IsActive || !u.DeviceIDs[0].DeleteAfterUsed || u.DeviceIDs[0].Note != "" {
		t.Errorf("update %+v", u)
	}
	if _, err := sb.c.DeleteDeviceID(ctx, sb.cfg, id); err != nil {
		t.Fatal(err)
	}
	if list := must(sb.c.ListDeviceIDs(ctx, sb.cfg)).get(t); len(list) != 2 {
		t.Errorf("after delete: %d", len(list))
	}
	_, _, err := sb.c.CreateDeviceIDs(ctx, sb.cfg, api.DeviceIDCreate{IDs: []string{"NOT-HEX"}, IsActive: true})
	if e := apiError(t, err); e.Status != 422 || len(e.FieldErrors()["device_id"]) == 0 {
		t.Errorf("create 422: %v %v", e, e.Fields)
	}
	if _, err := sb.c.DeleteDeviceID(ctx, sb.cfg, 999999); apiError(t, err).Status != 422 {
		t.Errorf("deleting a missing record: %v", err)
	}
	// The toggle is off: the server's message says so, not tied to a field.
	_, _, err = sb.c.ListDeviceIDs(ctx, sb.off)
	if e := apiError(t, err); e.Status != 422 || !strings.Contains(strings.Join(e.General(), " "), "is_cloud_hwid_lock") {
		t.Errorf("toggle off: %v %q", e, e.General())
	}
}

func TestSandboxPasswords(t *testing.T) {
	sb := newSandbox(t)
	l := must(sb.c.CreatePasswords(ctx, sb.cfg, api.PasswordCreate{Password: "Secret123", Type: model.OneTime, DeleteAfterUsed: true, IsActive: true})).get(t)
	if l.AddedCount == nil || *l.AddedCount != 1 || len(l.Passwords) != 1 || l.Passwords[0].Password != "Secret123" || !l.Passwords[0].DeleteAfterUsed {
		t.Fatalf("create %+v", l)
	}
	g := must(sb.c.CreatePasswords(ctx, sb.cfg, api.PasswordCreate{Type: model.Reusable, IsActive: true, GenerateMultiple: true, Count: 3, DeleteAfterUsed: true})).get(t)
	if g.AddedCount == nil || *g.AddedCount != 3 || len(g.Passwords) != 3 || g.Passwords[0].Password == "" || g.Passwords[0].DeleteAfterUsed {
		t.Fatalf("generate %+v", g)
	}
	list := must(sb.c.ListPasswords(ctx, sb.cfg)).get(t)
	if len(list) != 4 {
		t.Fatalf("list %d", len(list))
	}
	id := int64(l.Passwords[0].ID)
	u := must(sb.c.UpdatePassword(ctx, sb.cfg, id, model.Password{Password: "Changed99", Type: model.Reusable, IsActive: true, DeleteAfterUsed: true, Note: "desk"})).get(t)
	if len(u.Passwords) != 1 || u.Passwords[0].Type != model.Reusable || u.Passwords[0].DeleteAfterUsed || u.Passwords[0].Note != "desk" {
		t.Errorf("update %+v", u)
	}
	_, _, err := sb.c.CreatePasswords(ctx, sb.cfg, api.PasswordCreate{Password: "short", Type: model.Reusable, IsActive: true})
	if e := apiError(t, err); e.Status != 422 || len(e.FieldErrors()["password"]) != 1 {
		t.Errorf("create 422: %v %v", e, e.Fields)
	}
	if _, err := sb.c.DeletePassword(ctx, sb.cfg, id); err != nil {
		t.Fatal(err)
	}
	if list := must(sb.c.ListPasswords(ctx, sb.cfg)).get(t); len(list) != 3 {
		t.Errorf("after delete: %d", len(list))
	}
	_, _, err = sb.c.ListPasswords(ctx, sb.off)
	if e := apiError(t, err); e.Status != 422 || !strings.Contains(strings.Join(e.General(), " "), "is_cloud_password") {
		t.Errorf("toggle off: %v %q", e, e.General())
	}
}

// endpoint calls one endpoint on configuration cfg and returns its error.
type endpoint struct {
	name string
	call func(c *api.Client, cfg string) error
}

func errOf[T any](_ T, _ *api.Response, err error) error { return err }

var endpoints = []endpoint{
	{"ListConfigs", func(c *api.Client, cfg string) error { return errOf(c.ListConfigs(ctx)) }},
	{"SyncConfig", func(c *api.Client, cfg string) error {
		return errOf(c.SyncConfig(ctx, api.SyncRequest{ConfigUniqueKey: cfg}))
	}},
	{"ListResources", func(c *api.Client, cfg string) error { return errOf(c.ListResources(ctx, cfg)) }},
	{"ListServers", func(c *api.Client, cfg string) error { return errOf(c.ListServers(ctx, cfg)) }},
	{"CreateServer", func(c *api.Client, cfg string) error {
		return errOf(c.CreateServer(ctx, cfg, model.Server{Name: "s", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22"}))
	}},
	{"UpdateServer", func(c *api.Client, cfg string) error {
		return errOf(c.UpdateServer(ctx, cfg, "k", model.Server{Name: "s", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22"}))
	}},
	{"DeleteServer", func(c *api.Client, cfg string) error { return errOf(c.DeleteServer(ctx, cfg, "k")) }},
	{"ListTweaks", func(c *api.Client, cfg string) error { return errOf(c.ListTweaks(ctx, cfg)) }},
	{"CreateTweak", func(c *api.Client, cfg string) error {
		return errOf(c.CreateTweak(ctx, cfg, model.Tweak{Name: "t", TunnelType: model.SSH}))
	}},
	{"UpdateTweak", func(c *api.Client, cfg string) error {
		return errOf(c.UpdateTweak(ctx, cfg, "k", model.Tweak{Name: "t", TunnelType: model.SSH}))
	}},
	{"DeleteTweak", func(c *api.Client, cfg string) error { return errOf(c.DeleteTweak(ctx, cfg, "k")) }},
	{"ListDeviceIDs", func(c *api.Client, cfg string) error { return errOf(c.ListDeviceIDs(ctx, cfg)) }},
	{"CreateDeviceIDs", func(c *api.Client, cfg string) error {
		return errOf(c.CreateDeviceIDs(ctx, cfg, api.DeviceIDCreate{IDs: []string{"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, IsActive: true}))
	}},
	{"UpdateDeviceID", func(c *api.Client, cfg string) error {
		return errOf(c.UpdateDeviceID(ctx, cfg, 1, model.DeviceID{DeviceID: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}))
	}},
	{"DeleteDeviceID", func(c *api.Client, cfg string) error { _, err := c.DeleteDeviceID(ctx, cfg, 1); return err }},
	{"ListPasswords", func(c *api.Client, cfg string) error { return errOf(c.ListPasswords(ctx, cfg)) }},
	{"CreatePasswords", func(c *api.Client, cfg string) error {
		return errOf(c.CreatePasswords(ctx, cfg, api.PasswordCreate{Password: "Secret123", Type: model.Reusable, IsActive: true}))
	}},
	{"UpdatePassword", func(c *api.Client, cfg string) error {
		return errOf(c.UpdatePassword(ctx, cfg, 1, model.Password{Password: "Secret123", Type: model.Reusable}))
	}},
	{"DeletePassword", func(c *api.Client, cfg string) error { _, err := c.DeletePassword(ctx, cfg, 1); return err }},
}

// Every endpoint answers a bad key with 401, a key not allowed on the
// configuration with 403 and an unknown configuration with 404, and the
// client turns each into an *Error with that status and nothing secret.
func TestSandboxAuthErrors(t *testing.T) {
	sb := newSandbox(t)
	bad := sb.c.WithKey("wrong-key-3e4f5a6b7c8d9e0f1a2b3c4d")
	limited := sb.c.WithKey(limitedKey)
	if len(endpoints) != 19 {
		t.Fatalf("%d endpoints listed, want 19", len(endpoints))
	}
	for _, ep := range endpoints {
		t.Run(ep.name, func(t *testing.T) {
			e := apiError(t, ep.call(bad, sb.cfg))
			if e.Status != 401 || strings.Contains(e.Error(), "wrong-key") {
				t.Errorf("bad key: %v", e)
			}
			if ep.name == "ListConfigs" {
				return // not about one configuration
			}
			if e := apiError(t, ep.call(limited, sb.cfg)); e.Status != 403 || strings.Contains(e.Error(), limitedKey) {
				t.Errorf("key not allowed: %v", e)
			}
			if e := apiError(t, ep.call(sb.c, "00000000-0000-0000-0000-000000000000")); e.Status != 404 {
				t.Errorf("unknown config: %v", e)
			}
		})
	}
	// Nothing was ever sent in a body or a query: the key went as a header only.
	for _, r := range sb.s.Requests() {
		if strings.Contains(string(r.Body), "api_key") || r.Query != "" {
			t.Errorf("%s %s sent %q ?%s", r.Method, r.Path, r.Body, r.Query)
		}
		if r.Header.Get("X-API-Key") == "" || r.Header.Get("Accept") != "application/json" {
			t.Errorf("%s %s headers %v", r.Method, r.Path, r.Header)
		}
	}
}

// The sandbox's faults, seen through the client: a POST that timed out is
// received once; a GET retries through a 503 and a reset.
func TestSandboxFaults(t *testing.T) {
	sb := newSandbox(t)
	c, err := api.NewClient(sb.url, sandboxKey, api.WithTimeout(200*time.Millisecond), api.WithRetry(3, 50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	sb.s.Inject(apitest.Fault{Method: "POST", Delay: time.Second})
	_, _, err = c.CreateServer(ctx, sb.cfg, model.Server{Name: "s", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22"})
	if e := apiError(t, err); !e.Timeout() {
		t.Errorf("error %v", e)
	}
	if n := sb.s.Count("POST", "/api/v1/configs/"+sb.cfg+"/servers"); n != 1 {
		t.Errorf("POST received %d times", n)
	}
	sb.s.Inject(apitest.Fault{Method: "GET", Status: 503})
	sb.s.Inject(apitest.Fault{Method: "GET", Reset: true})
	sb.s.ClearRequests()
	if _, _, err := c.ListConfigs(ctx); err != nil {
		t.Errorf("GET after a 503 and a reset: %v", err)
	}
	if n := sb.s.Count("GET", "/api/v1/configs"); n != 3 {
		t.Errorf("GET received %d times, want 3", n)
	}
	sb.s.Inject(apitest.Fault{HTML: true, Status: 502})
	_, _, err = c.CreateTweak(ctx, sb.cfg, model.Tweak{Name: "t", TunnelType: model.SSH})
	if e := apiError(t, err); e.Error() != "unexpected response: 502 Bad Gateway, text/html" {
		t.Errorf("HTML 502: %q", e.Error())
	}
	sb.s.Inject(apitest.Fault{Method: "GET", Truncate: true})
	if _, _, err := c.ListResources(ctx, sb.cfg); err != nil {
		t.Errorf("a truncated GET is retried: %v", err)
	}
}

// With the sandbox's rate limit, a 429 comes with headers that the client
// reads and honours.
func TestSandboxRateLimit(t *testing.T) {
	sb := newSandbox(t)
	sb.s.SetRate(2)
	c, err := api.NewClient(sb.url, sandboxKey, api.WithRetry(1, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	_, res, err := c.ListConfigs(ctx)
	if err != nil || !res.Rate.Known || res.Rate.Limit != 2 || res.Rate.Remaining != 1 {
		t.Fatalf("rate %+v %v", res, err)
	}
	c.ListConfigs(ctx)
	_, _, err = c.ListConfigs(ctx)
	e := apiError(t, err)
	if e.Status != http.StatusTooManyRequests || e.RetryAfter <= 0 || !strings.Contains(e.Error(), "retry in") {
		t.Errorf("429: %v", e)
	}
	// Held back: no request reaches the server until the window ends.
	before := len(sb.s.Requests())
	if _, _, err := c.ListConfigs(ctx); apiError(t, err).Status != 429 || len(sb.s.Requests()) != before {
		t.Errorf("a request was sent while rate limited: %v", err)
	}
	if c.Rate().Remaining != 0 {
		t.Errorf("Rate() %+v", c.Rate())
	}
}

func intp(n int64) *model.Int { v := model.Int(n); return &v }
