package apitest

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"

	"tweakdash/model"
)

// TestDemoData checks the sample account: configurations with every toggle
// state and an empty one, servers and tweaks of several tunnel types with
// the fields that make them realistic, device IDs and both password types.
func TestDemoData(t *testing.T) {
	sb := newSandbox(t, Options{Data: DataDemo})
	list := sb.call(http.MethodGet, configsPath, nil).must(t, 200)
	if list.num("total") < 3 {
		t.Fatalf("%d demo configurations", list.num("total"))
	}
	toggles := map[string][2]bool{}
	for _, key := range sb.ConfigKeys() {
		ids := sb.call(http.MethodGet, configPath(key, "device-ids"), nil)
		pws := sb.call(http.MethodGet, configPath(key, "passwords"), nil)
		toggles[key] = [2]bool{ids.status == 200, pws.status == 200}
	}
	if toggles[DemoMainKey] != [2]bool{true, true} || toggles[DemoBetaKey] != [2]bool{true, false} || toggles[DemoResellKey] != [2]bool{false, true} {
		t.Errorf("toggles: %v", toggles)
	}
	if r := sb.call(http.MethodGet, configPath(DemoStagingKey, "resources"), nil).must(t, 200); len(r.list("servers"))+len(r.list("tweaks")) != 0 {
		t.Errorf("the staging configuration is not empty")
	}

	servers := sb.call(http.MethodGet, configPath(DemoMainKey, "servers"), nil).must(t, 200)
	types := map[string]bool{}
	for i := range servers.list("servers") {
		v := demoValues(servers, fmt.Sprintf("servers.%d", i), model.ServerResource)
		types[string(model.TunnelTypeOf(v))] = true
		if errs := model.Validate(model.ServerResource, v, model.Create); errs != nil {
			t.Errorf("demo server %v is invalid: %v", v["name"], errs)
		}
	}
	for _, want := range []string{"ssh", "ovpn_udp", "ovpn_tcp", "v2ray_vless", "dnstt", "hysteria"} {
		if !types[want] {
			t.Errorf("no demo server of type %s", want)
		}
	}
	tweaks := sb.call(http.MethodGet, configPath(DemoMainKey, "tweaks"), nil).must(t, 200)
	has := map[string]bool{}
	for i := range tweaks.list("tweaks") {
		v := demoValues(tweaks, fmt.Sprintf("tweaks.%d", i), model.TweakResource)
		if errs := model.Validate(model.TweakResource, v, model.Create); errs != nil {
			t.Errorf("demo tweak %v is invalid: %v", v["name"], errs)
		}
		for _, f := range []string{"payload", "sni", "bug_host", "dnstt_resolver"} {
			if v[f] != nil {
				has[string(model.TunnelTypeOf(v))+"."+f] = true
			}
		}
	}
	for _, want := range []string{"ovpn_tcp_ssh.payload", "ovpn_tcp_ssh.sni", "v2ray_vless.bug_host", "dnstt.dnstt_resolver"} {
		if !has[want] {
			t.Errorf("no demo tweak with %s", want)
		}
	}
	ids := sb.call(http.MethodGet, configPath(DemoMainKey, "device-ids"), nil)
	if n := len(ids.list("device_ids")); n < 24 {
		t.Errorf("%d demo device IDs, want a few dozen", n)
	}
	for i := range ids.list("device_ids") {
		if id := ids.str(fmt.Sprintf("device_ids.%d.device_id", i)); !model.IsDeviceID(id) {
			t.Errorf("demo device ID %q", id)
		}
	}
	pws := sb.call(http.MethodGet, configPath(DemoMainKey, "passwords"), nil)
	kinds := map[string]bool{}
	for i := range pws.list("passwords") {
		p := fmt.Sprintf("passwords.%d.", i)
		kinds[pws.str(p+"type")] = true
		if pws.str(p+"used_at") != "" {
			kinds["used"] = true
		}
	}
	if !kinds[model.Reusable] || !kinds[model.OneTime] || !kinds["used"] {
		t.Errorf("password kinds: %v", kinds)
	}
}

// demoValues turns a listed record into model.Values of its table fields.
func demoValues(r response, path string, res model.Resource) model.Values {
	v := model.Values{}
	for _, f := range res.Fields {
		if x := r.get(path + "." + f.Key); x != nil {
			v[f.Key] = x
		}
	}
	return v
}

// TestDemoIsDeterministic: two starts serve the same bytes.
func TestDemoIsDeterministic(t *testing.T) {
	a, b := newSandbox(t, Options{Data: DataDemo}), newSandbox(t, Options{Data: DataDemo})
	paths := []string{configsPath}
	for _, key := range a.ConfigKeys() {
		for _, c := range []string{"resources", "servers", "tweaks", "device-ids", "passwords"} {
			paths = append(paths, configPath(key, c))
		}
	}
	for _, p := range paths {
		if ra, rb := a.call(http.MethodGet, p, nil), b.call(http.MethodGet, p, nil); !bytes.Equal(ra.raw, rb.raw) {
			t.Errorf("%s differs between starts", p)
		}
	}
	ka := a.call(http.MethodPost, configPath(DemoStagingKey, "servers"), `{"name":"n","tunnel_type":"v2ray_ss","v2ray_config":"{}"}`).str("servers.0.unique_key")
	kb := b.call(http.MethodPost, configPath(DemoStagingKey, "servers"), `{"name":"n","tunnel_type":"v2ray_ss","v2ray_config":"{}"}`).str("servers.0.unique_key")
	if ka != kb || ka == "" {
		t.Errorf("generated keys differ between starts: %q %q", ka, kb)
	}
}

func TestBulkSeed(t *testing.T) {
	sb := newSandbox(t, Options{Data: DataDemo, SeedConfigs: 30, SeedServers: 40, SeedDeviceIDs: 3000})
	keys := sb.ConfigKeys()
	if len(keys) != 34 {
		t.Fatalf("%d configurations, want 4 demo + 30 bulk", len(keys))
	}
	first := keys[4]
	ids := sb.call(http.MethodGet, configPath(first, "device-ids"), nil).must(t, 200)
	seen := map[string]bool{}
	for i := range ids.list("device_ids") {
		seen[ids.str(fmt.Sprintf("device_ids.%d.device_id", i))] = true
	}
	if len(seen) != 3000 {
		t.Errorf("%d distinct device IDs, want 3000", len(seen))
	}
	if n := len(sb.call(http.MethodGet, configPath(first, "servers"), nil).list("servers")); n != 40 {
		t.Errorf("%d servers, want 40", n)
	}
	if r := sb.call(http.MethodGet, configsPath, nil); r.num("remaining_configurations") != 0 {
		t.Errorf("remaining_configurations %d when over the limit, want 0", r.num("remaining_configurations"))
	}
}

func TestUnknownDataPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("New accepted an unknown data set")
		}
	}()
	New(Options{Data: "demos"})
}
