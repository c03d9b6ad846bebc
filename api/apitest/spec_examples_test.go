package apitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"testing"
)

// specBody reads one of the spec's response examples (testdata/spec, copied
// verbatim from the source document).
func specBody(t *testing.T, name string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile("testdata/spec/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// shapeDiff lists where got lacks a key of want or holds another JSON type
// there. Arrays compare every element of got with want's first element; a
// null in want matches anything, and a null in got matches a string (notes
// are null in one example and strings in another).
func shapeDiff(path string, want, got any) []string {
	if _, isString := want.(string); want == nil || isString && got == nil {
		return nil
	}
	if fmt.Sprintf("%T", want) != fmt.Sprintf("%T", got) {
		return []string{fmt.Sprintf("%s: %T in the spec, %T here", path, want, got)}
	}
	var diffs []string
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		for k, wv := range w {
			gv, found := g[k]
			if !found {
				diffs = append(diffs, path+"."+k+": missing")
				continue
			}
			diffs = append(diffs, shapeDiff(path+"."+k, wv, gv)...)
		}
	case []any:
		g := got.([]any)
		if len(w) > 0 {
			for i, gv := range g {
				diffs = append(diffs, shapeDiff(fmt.Sprintf("%s.%d", path, i), w[0], gv)...)
			}
		}
	}
	return diffs
}

func mustShape(t *testing.T, example string, r response) {
	t.Helper()
	for _, d := range shapeDiff(example, specBody(t, example), r.body) {
		t.Error(d)
	}
}

// TestSpecCurlExamples sends the spec's curl examples, in order, to the demo
// (whose keys are the full forms of the examples' shortened ones) and checks
// each answer against the spec's example bodies.
func TestSpecCurlExamples(t *testing.T) {
	sb := newSandbox(t, Options{Data: DataDemo})
	cfg := DemoMainKey

	mustShape(t, "list_configs", sb.call(http.MethodGet, configsPath, nil).must(t, 200))
	mustShape(t, "list_resources", sb.call(http.MethodGet, configPath(cfg, "resources"), nil).must(t, 200))

	r := sb.call(http.MethodPost, configPath(cfg, "servers"),
		`{"name": "Main SSH Server", "tunnel_type": "ssh", "ip_port_user_pass": "1.2.3.4:22@user:pass"}`).must(t, 201)
	mustShape(t, "mutation", r)
	if r.str("servers.0.action") != "created" || r.num("summary.servers_created") != 1 || r.str("servers.0.name") != "Main SSH Server" {
		t.Errorf("create server: %s", r.raw)
	}

	r = sb.call(http.MethodPut, configPath(cfg, "servers", DemoServerKey),
		`{"name": "Main SSH Server v2", "tunnel_type": "ssh", "ip_port_user_pass": "1.2.3.4:22@user:newpass"}`).must(t, 200)
	mustShape(t, "mutation", r)
	if r.str("servers.0.action") != "updated" || r.num("servers.0.id") != 2 || r.num("summary.servers_updated") != 1 {
		t.Errorf("update server: %s", r.raw)
	}

	r = sb.call(http.MethodPost, configPath(cfg, "tweaks"),
		`{"name": "Default Tweak", "tunnel_type": "ovpn_tcp_ssh", "payload": "CONNECT [host_port] HTTP/1.1", "sni": "example.com"}`).must(t, 201)
	mustShape(t, "mutation", r)
	if r.str("tweaks.0.action") != "created" || r.num("summary.tweaks_created") != 1 {
		t.Errorf("create tweak: %s", r.raw)
	}

	r = sb.call(http.MethodPost, configPath(cfg, "device-ids"),
		`{"device_id": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\nBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", "note": "Batch import", "is_active": true, "delete_after_used": false}`).must(t, 201)
	mustShape(t, "device_ids_list", r)
	if r.num("added_count") != 2 || r.str("device_ids.1.device_id") != idB || r.str("device_ids.0.note") != "Batch import" {
		t.Errorf("add device IDs: %s", r.raw)
	}
	mustShape(t, "device_ids_list", sb.call(http.MethodGet, configPath(cfg, "device-ids"), nil).must(t, 200))

	r = sb.call(http.MethodPost, configPath(cfg, "passwords"),
		`{"password": "Secret123", "type": "one_time", "delete_after_used": true, "is_active": true}`).must(t, 201)
	mustShape(t, "password_create", r)
	if r.num("added_count") != 1 || r.str("passwords.0.password") != "Secret123" || r.get("passwords.0.delete_after_used") != true {
		t.Errorf("add password: %s", r.raw)
	}

	r = sb.call(http.MethodDelete, configPath(cfg, "servers", DemoServerKey), nil).must(t, 200)
	mustShape(t, "mutation", r)
	if r.str("servers.0.action") != "deleted" || r.str("servers.0.name") != "Main SSH Server v2" || r.num("summary.servers_deleted") != 1 {
		t.Errorf("delete server: %s", r.raw)
	}
	r = sb.call(http.MethodDelete, configPath(cfg, "tweaks", DemoTweakKey), nil).must(t, 200)
	mustShape(t, "mutation", r)
	if r.str("tweaks.0.action") != "deleted" || r.num("tweaks.0.id") != 4 || r.num("summary.tweaks_deleted") != 1 {
		t.Errorf("delete tweak: %s", r.raw)
	}
}

// TestShapeDiffCatchesDrift keeps the shape check honest: a body that lacks
// a documented key or changes a type must be reported.
func TestShapeDiffCatchesDrift(t *testing.T) {
	want := specBody(t, "list_configs")
	got := specBody(t, "list_configs")
	if d := shapeDiff("x", want, got); len(d) != 0 {
		t.Fatalf("the example differs from itself: %v", d)
	}
	delete(got["configurations"].([]any)[0].(map[string]any), "servers_count")
	got["total"] = "2"
	if d := shapeDiff("x", want, got); len(d) != 2 {
		t.Fatalf("want 2 differences, got %v", d)
	}
}
