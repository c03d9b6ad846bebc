package apitest

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"tweakdash/model"
)

// TestListServersReturnsEveryField checks GET servers: every field of the
// table (null when unset), plus id, configuration_id, unique_key and the
// timestamps, integers as numbers.
func TestListServersReturnsEveryField(t *testing.T) {
	sb, cfg := emptySandbox(t)
	sb.call(http.MethodPost, configPath(cfg, "servers"), map[string]any{"name": " Edge 1 ", "tunnel_type": "ssh",
		"ip_port_user_pass": "u:p@10.0.0.1:22", "ssl_port": "443", "note": ""}).must(t, 201)
	r := sb.call(http.MethodGet, configPath(cfg, "servers"), nil).must(t, 200)
	if r.str("message") != "Servers listed" || r.get("success") != true || r.str("config_unique_key") != cfg || r.num("configuration_id") == 0 {
		t.Errorf("envelope: %s", r.raw)
	}
	srv, _ := r.get("servers.0").(map[string]any)
	for _, f := range model.ServerResource.Fields {
		if _, found := srv[f.Key]; !found {
			t.Errorf("field %s missing", f.Key)
		}
	}
	for _, k := range []string{"id", "configuration_id", "created_at", "updated_at"} {
		if _, found := srv[k]; !found {
			t.Errorf("field %s missing", k)
		}
	}
	if srv["name"] != "Edge 1" || srv["ssl_port"] != json.Number("443") || srv["note"] != nil || srv["v2ray_config"] != nil {
		t.Errorf("values as stored: trimmed name, integer port, empty note as null: %s", r.raw)
	}
	if srv["created_at"] != "2026-03-01 12:00:00" {
		t.Errorf("created_at %v, want the clock as YYYY-MM-DD HH:MM:SS", srv["created_at"])
	}
}

func TestTweakCreateUpdateDelete(t *testing.T) {
	sb, cfg := emptySandbox(t)
	r := sb.call(http.MethodPost, configPath(cfg, "tweaks"), map[string]any{"tweak": map[string]any{
		"name": "VLESS host", "tunnel_type": "v2ray_vless", "bug_host": "cdn.example.org"}}).must(t, 201)
	key := r.str("tweaks.0.unique_key")
	if len(key) != 36 || r.str("tweaks.0.action") != "created" || r.str("configuration_name") != "Test" {
		t.Fatalf("create: %s", r.raw)
	}
	r = sb.call(http.MethodPut, configPath(cfg, "tweaks", key), map[string]any{"tweak": map[string]any{"note": "edge"}}).must(t, 200)
	if r.str("tweaks.0.action") != "updated" || r.num("summary.tweaks_updated") != 1 {
		t.Fatalf("update: %s", r.raw)
	}
	l := sb.call(http.MethodGet, configPath(cfg, "tweaks"), nil).must(t, 200)
	if l.str("message") != "Tweaks listed" || l.str("tweaks.0.note") != "edge" || l.str("tweaks.0.bug_host") != "cdn.example.org" {
		t.Fatalf("an update that leaves fields out keeps them: %s", l.raw)
	}
	sb.call(http.MethodDelete, configPath(cfg, "tweaks", key), nil).must(t, 200)
	if n := len(sb.call(http.MethodGet, configPath(cfg, "tweaks"), nil).list("tweaks")); n != 0 {
		t.Errorf("%d tweaks after delete", n)
	}
}

// TestCreateWithExistingKeyUpdates checks the upsert: a create naming an
// existing unique_key updates that resource.
func TestCreateWithExistingKeyUpdates(t *testing.T) {
	sb, cfg := emptySandbox(t)
	body := map[string]any{"unique_key": "edge-1", "name": "Edge", "tunnel_type": "ssh", "ip_port_user_pass": "10.0.0.1:22", "note": "first"}
	r := sb.call(http.MethodPost, configPath(cfg, "servers"), body).must(t, 201)
	id := r.num("servers.0.id")
	body["name"] = "Edge renamed"
	delete(body, "note")
	r = sb.call(http.MethodPost, configPath(cfg, "servers"), body).must(t, 200)
	if r.str("servers.0.action") != "updated" || r.num("servers.0.id") != id || r.num("summary.servers_created") != 0 {
		t.Fatalf("upsert: %s", r.raw)
	}
	l := sb.call(http.MethodGet, configPath(cfg, "servers"), nil)
	if len(l.list("servers")) != 1 || l.str("servers.0.name") != "Edge renamed" || l.str("servers.0.unique_key") != "edge-1" {
		t.Fatalf("after upsert: %s", l.raw)
	}
}

// TestUpdateSemantics: omitted keeps, null clears, a required field cannot
// be cleared, and a change of tunnel type drops the old type's fields.
func TestUpdateSemantics(t *testing.T) {
	sb, cfg := emptySandbox(t)
	r := sb.call(http.MethodPost, configPath(cfg, "servers"), map[string]any{"name": "S", "tunnel_type": "ssh",
		"ip_port_user_pass": "10.0.0.1:22", "ssl_port": 443, "note": "n"}).must(t, 201)
	key := r.str("servers.0.unique_key")
	path := configPath(cfg, "servers", key)

	sb.call(http.MethodPut, path, `{"note": null}`).must(t, 200)
	l := sb.call(http.MethodGet, configPath(cfg, "servers"), nil)
	if l.get("servers.0.note") != nil || l.num("servers.0.ssl_port") != 443 {
		t.Fatalf("null clears, omitted keeps: %s", l.raw)
	}
	assertOnly(t, sb.call(http.MethodPut, path, `{"ip_port_user_pass": null}`), "ip_port_user_pass")

	sb.call(http.MethodPut, path, `{"tunnel_type": "v2ray_vless", "v2ray_config": "{}"}`).must(t, 200)
	l = sb.call(http.MethodGet, configPath(cfg, "servers"), nil)
	if l.get("servers.0.ip_port_user_pass") != nil || l.get("servers.0.ssl_port") != nil || l.str("servers.0.v2ray_config") != "{}" || l.str("servers.0.name") != "S" {
		t.Fatalf("type change: %s", l.raw)
	}
	// unique_key in an update body is ignored: the key is in the URL.
	sb.call(http.MethodPut, path, `{"unique_key": "other"}`).must(t, 200)
	if l = sb.call(http.MethodGet, configPath(cfg, "servers"), nil); l.str("servers.0.unique_key") != key {
		t.Fatalf("unique_key changed: %s", l.raw)
	}
	// PATCH is the same route as PUT in Laravel's resource routes.
	sb.call(http.MethodPatch, path, `{"note": "patched"}`).must(t, 200)
}

// TestIDAndConfigurationIDRefused: "Do not send id or configuration_id in
// server/tweak payloads" is enforced, so that a client that sends them is
// caught.
func TestIDAndConfigurationIDRefused(t *testing.T) {
	sb, cfg := emptySandbox(t)
	body := map[string]any{"name": "T", "tunnel_type": "dnstt", "dnstt_resolver": "1.1.1.1", "id": 5, "configuration_id": 1}
	r := sb.call(http.MethodPost, configPath(cfg, "tweaks"), body)
	if keys := r.errorKeys(); r.status != 422 || !slices.Equal(keys, []string{"configuration_id", "id"}) {
		t.Fatalf("got %d %v", r.status, keys)
	}
	r = sb.call(http.MethodPost, configsPath, map[string]any{"config_unique_key": cfg, "tweaks": []any{body}})
	if keys := r.errorKeys(); !slices.Equal(keys, []string{"tweaks.0.configuration_id", "tweaks.0.id"}) {
		t.Fatalf("sync: %v", keys)
	}
}

func TestSyncUpsertsAllOrNothing(t *testing.T) {
	sb, cfg := emptySandbox(t)
	r := sb.call(http.MethodPost, configsPath, map[string]any{"config_unique_key": cfg,
		"servers": []any{
			map[string]any{"unique_key": "s1", "name": "One", "tunnel_type": "ssh", "ip_port_user_pass": "1.1.1.1:22"},
			map[string]any{"name": "Two", "tunnel_type": "dnstt", "ip_port_user_pass": "1.1.1.2:53", "dnstt_pubkey": "ab"},
		},
		"tweaks": []any{map[string]any{"unique_key": "t1", "name": "Tw", "tunnel_type": "v2ray_default"}},
	}).must(t, 200)
	if r.num("summary.servers_created") != 2 || r.num("summary.tweaks_created") != 1 || len(r.list("servers")) != 2 {
		t.Fatalf("sync create: %s", r.raw)
	}
	r = sb.call(http.MethodPost, configsPath, map[string]any{"config_unique_key": cfg,
		"servers": []any{map[string]any{"unique_key": "s1", "name": "One b", "tunnel_type": "ssh", "ip_port_user_pass": "1.1.1.1:22"}},
	}).must(t, 200)
	if r.num("summary.servers_updated") != 1 || r.num("summary.servers_created") != 0 || r.str("servers.0.action") != "updated" {
		t.Fatalf("sync update: %s", r.raw)
	}
	if n := len(sb.call(http.MethodGet, configPath(cfg, "resources"), nil).list("servers")); n != 2 {
		t.Fatalf("sync deleted what it left out: %d servers", n)
	}
	// One bad item refuses the whole request.
	r = sb.call(http.MethodPost, configsPath, map[string]any{"config_unique_key": cfg,
		"servers": []any{map[string]any{"name": "Three", "tunnel_type": "ssh", "ip_port_user_pass": "x"}},
		"tweaks":  []any{map[string]any{"name": "Bad", "tunnel_type": "nope"}},
	})
	assertOnly(t, r, "tweaks.0.tunnel_type")
	if n := len(sb.call(http.MethodGet, configPath(cfg, "resources"), nil).list("servers")); n != 2 {
		t.Fatalf("a refused sync stored %d servers", n-2)
	}
	assertOnly(t, sb.call(http.MethodPost, configsPath, map[string]any{"config_unique_key": cfg, "servers": "x"}), "servers")
	assertOnly(t, sb.call(http.MethodPost, configsPath, map[string]any{"config_unique_key": cfg, "servers": []any{"x"}}), "servers.0")
	sb.call(http.MethodPost, configsPath, map[string]any{"config_unique_key": "no-such-config"}).must(t, 404)
}

// TestMissingKeysAndIDs: "Delete operations require existing unique_key
// values in the target configuration" is a validation failure (422 on
// unique_key); record ids likewise (422 on id). A server key is not found
// under tweaks.
func TestMissingKeysAndIDs(t *testing.T) {
	sb := newSandbox(t, Options{Data: DataDemo})
	cases := []struct{ method, path, key string }{
		{http.MethodDelete, configPath(DemoMainKey, "servers", "no-such-key"), "unique_key"},
		{http.MethodPut, configPath(DemoMainKey, "servers", "no-such-key"), "unique_key"},
		{http.MethodDelete, configPath(DemoMainKey, "tweaks", DemoServerKey), "unique_key"},
		{http.MethodDelete, configPath(DemoBetaKey, "servers", DemoServerKey), "unique_key"},
		{http.MethodDelete, configPath(DemoMainKey, "device-ids", "99999"), "id"},
		{http.MethodPut, configPath(DemoMainKey, "device-ids", "abc"), "id"},
		{http.MethodDelete, configPath(DemoMainKey, "passwords", "99999"), "id"},
		{http.MethodPut, configPath(DemoMainKey, "passwords", "-1"), "id"},
	}
	for _, c := range cases {
		r := sb.call(c.method, c.path, `{"note":"x"}`)
		if c.method == http.MethodDelete {
			r = sb.call(c.method, c.path, nil)
		}
		assertOnly(t, r, c.key)
	}
}

func TestRoutesAndBodies(t *testing.T) {
	sb, cfg := emptySandbox(t)
	for _, c := range []struct {
		method, path string
		body         any
		status       int
	}{
		{http.MethodGet, "/api/v1/nope", nil, 404},
		{http.MethodGet, configPath(cfg), nil, 404},
		{http.MethodGet, configPath(cfg, "servers", "x", "y"), nil, 404},
		{http.MethodPut, configsPath, `{}`, 405},
		{http.MethodGet, configPath(cfg, "servers", "k"), nil, 405},
		{http.MethodDelete, configPath(cfg, "resources"), nil, 405},
		{http.MethodPost, configPath(cfg, "servers"), `{"name":`, 400},
		{http.MethodPost, configPath(cfg, "servers"), `[1,2]`, 400},
		{http.MethodGet, configsPath + "/", nil, 200},
	} {
		r := sb.call(c.method, c.path, c.body)
		if r.status != c.status || r.str("message") == "" {
			t.Errorf("%s %s: %d %s, want %d with a message", c.method, c.path, r.status, r.raw, c.status)
		}
	}
	r := sb.call(http.MethodPost, configPath(cfg, "servers"), "name=x", "Content-Type", "application/x-www-form-urlencoded")
	if r.status != http.StatusUnsupportedMediaType {
		t.Errorf("a form body: %d, want 415", r.status)
	}
	if r := sb.call(http.MethodPut, configsPath, `{}`); r.header.Get("Allow") != "GET, HEAD, POST" {
		t.Errorf("405 Allow: %q", r.header.Get("Allow"))
	}
	// An empty body is an empty object: the required fields are missing.
	if r := sb.call(http.MethodPost, configPath(cfg, "servers"), ""); r.status != 422 {
		t.Errorf("empty body: %d", r.status)
	}
}

// TestServerTypesExcludeOVPNTCPSSH: "no ovpn_tcp_ssh for servers", while
// tweaks take it.
func TestServerTypesExcludeOVPNTCPSSH(t *testing.T) {
	sb, cfg := emptySandbox(t)
	assertOnly(t, sb.call(http.MethodPost, configPath(cfg, "servers"), `{"name":"s","tunnel_type":"ovpn_tcp_ssh"}`), "tunnel_type")
	sb.call(http.MethodPost, configPath(cfg, "tweaks"), `{"name":"t","tunnel_type":"ovpn_tcp_ssh"}`).must(t, 201)
}
