package apitest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestDeviceIDBatch: one request takes IDs separated by newlines (LF or
// CRLF), commas and semicolons, in any case, with duplicates; it stores each
// new ID once, upper-cased, active by default.
func TestDeviceIDBatch(t *testing.T) {
	sb, cfg := emptySandbox(t)
	in := strings.ToLower(idA) + "\r\n" + idB + " , " + idC + ";\n\n" + idA + ";"
	r := sb.call(http.MethodPost, configPath(cfg, "device-ids"), map[string]any{"device_id": in, "note": "Batch"}).must(t, 201)
	if r.num("added_count") != 3 || r.str("message") != "3 device IDs added." {
		t.Fatalf("batch: %s", r.raw)
	}
	for i, want := range []string{idA, idB, idC} {
		p := fmt.Sprintf("device_ids.%d.", i)
		if r.str(p+"device_id") != want || r.get(p+"is_active") != true || r.get(p+"delete_after_used") != false || r.str(p+"note") != "Batch" || r.num(p+"id") == 0 {
			t.Errorf("record %d: %v", i, r.get(fmt.Sprintf("device_ids.%d", i)))
		}
	}

	// IDs already in the configuration refuse the request, naming them.
	r = sb.call(http.MethodPost, configPath(cfg, "device-ids"), map[string]any{"device_id": "ffffffffffffffffffffffffffffffff\n" + strings.ToLower(idB)})
	assertOnly(t, r, "device_id")
	if msg := r.fieldErrors("device_id")[0].(string); !strings.Contains(msg, idB) || strings.Contains(msg, "FFFF") {
		t.Errorf("the message names the present ID only: %q", msg)
	}
	// One malformed entry refuses the whole batch, naming it.
	r = sb.call(http.MethodPost, configPath(cfg, "device-ids"), map[string]any{"device_id": "EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE\nnot-an-id"})
	assertOnly(t, r, "device_id")
	if msg := r.fieldErrors("device_id")[0].(string); !strings.Contains(msg, "not-an-id") {
		t.Errorf("the message names the malformed entry: %q", msg)
	}
	assertOnly(t, sb.call(http.MethodPost, configPath(cfg, "device-ids"), `{"device_id": " ,;\n"}`), "device_id")
	if n := len(sb.call(http.MethodGet, configPath(cfg, "device-ids"), nil).list("device_ids")); n != 3 {
		t.Fatalf("%d records after refused batches, want 3", n)
	}
	// Explicit values and null on create.
	r = sb.call(http.MethodPost, configPath(cfg, "device-ids"), `{"device_id": "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD", "is_active": false, "delete_after_used": "1", "note": null}`).must(t, 201)
	if r.get("device_ids.0.is_active") != false || r.get("device_ids.0.delete_after_used") != true || r.get("device_ids.0.note") != nil || r.str("message") != "Device ID added." {
		t.Errorf("single: %s", r.raw)
	}
}

func TestDeviceIDUpdateDelete(t *testing.T) {
	sb, cfg := emptySandbox(t)
	r := sb.call(http.MethodPost, configPath(cfg, "device-ids"), map[string]any{"device_id": idA + "\n" + idB, "note": "n"}).must(t, 201)
	id := fmt.Sprint(r.get("device_ids.0.id"))
	path := configPath(cfg, "device-ids", id)

	r = sb.call(http.MethodPut, path, `{"device_id": "`+strings.ToLower(idC)+`", "note": null, "is_active": false}`).must(t, 200)
	if r.str("device_ids.0.device_id") != idC || r.get("device_ids.0.note") != nil || r.get("device_ids.0.is_active") != false || r.str("message") != "Device ID updated." {
		t.Fatalf("update: %s", r.raw)
	}
	r = sb.call(http.MethodPut, path, `{"delete_after_used": true}`).must(t, 200)
	if r.str("device_ids.0.device_id") != idC || r.get("device_ids.0.is_active") != false || r.get("device_ids.0.delete_after_used") != true {
		t.Fatalf("an update that leaves fields out keeps them: %s", r.raw)
	}
	assertOnly(t, sb.call(http.MethodPut, path, `{"device_id": "`+idB+`"}`), "device_id")
	assertOnly(t, sb.call(http.MethodPut, path, `{"device_id": "`+idA+`\n`+idB+`"}`), "device_id")

	r = sb.call(http.MethodDelete, path, nil).must(t, 200)
	if r.str("device_ids.0.device_id") != idC || r.str("message") != "Device ID deleted." {
		t.Fatalf("delete: %s", r.raw)
	}
	l := sb.call(http.MethodGet, configPath(cfg, "device-ids"), nil)
	if len(l.list("device_ids")) != 1 || l.str("device_ids.0.device_id") != idB {
		t.Fatalf("after delete: %s", l.raw)
	}
	assertOnly(t, sb.call(http.MethodDelete, path, nil), "id")
}

func TestPasswords(t *testing.T) {
	sb, cfg := emptySandbox(t)
	r := sb.call(http.MethodPost, configPath(cfg, "passwords"), `{"type":"one_time","generate_multiple":true,"count":3,"password":"ignored!","delete_after_used":true}`).must(t, 201)
	if r.num("added_count") != 3 || len(r.list("passwords")) != 3 || r.str("message") != "3 passwords added." {
		t.Fatalf("generate: %s", r.raw)
	}
	seen := map[string]bool{}
	for i := range 3 {
		pw := r.str(fmt.Sprintf("passwords.%d.password", i))
		if len(pw) < 6 || pw == "ignored!" || seen[pw] {
			t.Errorf("generated password %q: at least 6 characters, not the one sent, distinct", pw)
		}
		seen[pw] = true
	}
	r = sb.call(http.MethodPost, configPath(cfg, "passwords"), `{"type":"reusable","generate_multiple":true}`).must(t, 201)
	if r.num("added_count") != 1 {
		t.Errorf("count defaults to 1: %s", r.raw)
	}
	r = sb.call(http.MethodPost, configPath(cfg, "passwords"), `{"type":"reusable","password":" spaced ","count":5}`).must(t, 201)
	if r.num("added_count") != 1 || r.str("passwords.0.password") != " spaced " || r.get("passwords.0.is_active") != true || r.get("passwords.0.used_at") != nil {
		t.Errorf("count is ignored without generate_multiple; passwords are not trimmed: %s", r.raw)
	}

	// Changing to reusable turns delete_after_used off, since the field is
	// not offered for reusable passwords.
	id := fmt.Sprint(r.get("passwords.0.id"))
	path := configPath(cfg, "passwords", id)
	r = sb.call(http.MethodPut, path, `{"type":"one_time","delete_after_used":true}`).must(t, 200)
	if r.get("passwords.0.delete_after_used") != true || r.str("passwords.0.password") != " spaced " {
		t.Fatalf("update: %s", r.raw)
	}
	r = sb.call(http.MethodPut, path, `{"type":"reusable","note":"x"}`).must(t, 200)
	if r.get("passwords.0.delete_after_used") != false || r.str("passwords.0.note") != "x" || r.str("message") != "Password updated." {
		t.Fatalf("to reusable: %s", r.raw)
	}
	assertOnly(t, sb.call(http.MethodPut, path, `{"delete_after_used":true}`), "delete_after_used")
	r = sb.call(http.MethodDelete, path, nil).must(t, 200)
	if r.str("message") != "Password deleted." {
		t.Errorf("delete: %s", r.raw)
	}
	if n := len(sb.call(http.MethodGet, configPath(cfg, "passwords"), nil).list("passwords")); n != 4 {
		t.Errorf("%d passwords, want 4", n)
	}
}

// TestCloudTogglesOff: with is_cloud_hwid_lock or is_cloud_password off,
// every endpoint of that list answers 422 with a message naming the toggle.
func TestCloudTogglesOff(t *testing.T) {
	sb, cfg := emptySandbox(t)
	sb.call(http.MethodPost, configPath(cfg, "device-ids"), map[string]any{"device_id": idA}).must(t, 201)
	sb.call(http.MethodPost, configPath(cfg, "passwords"), `{"type":"reusable","password":"secret1"}`).must(t, 201)
	sb.SetToggles(cfg, false, false)
	for _, c := range []struct{ coll, toggle string }{{"device-ids", "is_cloud_hwid_lock"}, {"passwords", "is_cloud_password"}} {
		for _, m := range []struct{ method, path string }{
			{http.MethodGet, configPath(cfg, c.coll)},
			{http.MethodPost, configPath(cfg, c.coll)},
			{http.MethodPut, configPath(cfg, c.coll, "1")},
			{http.MethodDelete, configPath(cfg, c.coll, "1")},
		} {
			body := any(`{"device_id":"` + idB + `","type":"reusable","password":"secret2"}`)
			if m.method == http.MethodGet || m.method == http.MethodDelete {
				body = nil
			}
			r := sb.call(m.method, m.path, body)
			if r.status != 422 || !strings.Contains(r.str("message"), c.toggle) || !strings.Contains(r.str("message"), "Panel") || r.get("success") != false {
				t.Errorf("%s %s: %d %s", m.method, m.path, r.status, r.raw)
			}
		}
	}
	if !sb.SetToggles(cfg, true, false) || sb.SetToggles("nope", true, true) {
		t.Fatal("SetToggles reports whether the configuration exists")
	}
	if l := sb.call(http.MethodGet, configPath(cfg, "device-ids"), nil).must(t, 200); len(l.list("device_ids")) != 1 {
		t.Errorf("records survive the toggle: %s", l.raw)
	}
	sb.call(http.MethodGet, configPath(cfg, "passwords"), nil).must(t, 422)
}

// TestLimits: every limit refuses the request that would pass it with 422
// and a message containing "limit", and stores nothing of it.
func TestLimits(t *testing.T) {
	sb, cfg := emptySandbox(t)
	other := sb.AddConfig(ConfigSpec{Name: "Other", CloudHWIDLock: true, CloudPassword: true})
	sb.SetLimits(Limits{Configs: 2, Servers: 1, Tweaks: 1, DeviceIDs: 3, Passwords: 3, DeviceIDsPerConfig: 2, PasswordsPerConfig: 2})
	limited := func(r response, what string) {
		t.Helper()
		msg := r.str("message")
		if r.status != 422 || !strings.Contains(msg, "limit") || !strings.Contains(msg, what) {
			t.Errorf("%s: %d %s", what, r.status, r.raw)
		}
	}
	server := `{"name":"s","tunnel_type":"ssh","ip_port_user_pass":"1.1.1.1:22","unique_key":"s1"}`
	sb.call(http.MethodPost, configPath(cfg, "servers"), server).must(t, 201)
	sb.call(http.MethodPost, configPath(cfg, "servers"), server).must(t, 200) // an upsert creates nothing
	limited(sb.call(http.MethodPost, configPath(other, "servers"), `{"name":"s2","tunnel_type":"ssh","ip_port_user_pass":"x"}`), "account")
	limited(sb.call(http.MethodPost, configsPath, map[string]any{"config_unique_key": cfg,
		"servers": []any{map[string]any{"name": "x", "tunnel_type": "v2ray_ss", "v2ray_config": "{}"}}}), "Server")
	sb.call(http.MethodPost, configPath(cfg, "tweaks"), `{"name":"t","tunnel_type":"v2ray_ss"}`).must(t, 201)
	limited(sb.call(http.MethodPost, configPath(cfg, "tweaks"), `{"name":"t2","tunnel_type":"v2ray_ss"}`), "Tweak")

	limited(sb.call(http.MethodPost, configPath(cfg, "device-ids"), map[string]any{"device_id": idA + "," + idB + "," + idC}), "configuration")
	sb.call(http.MethodPost, configPath(cfg, "device-ids"), map[string]any{"device_id": idA + "," + idB}).must(t, 201)
	sb.call(http.MethodPost, configPath(other, "device-ids"), map[string]any{"device_id": idA}).must(t, 201)
	limited(sb.call(http.MethodPost, configPath(other, "device-ids"), map[string]any{"device_id": idB}), "account")

	limited(sb.call(http.MethodPost, configPath(cfg, "passwords"), `{"type":"reusable","generate_multiple":true,"count":3}`), "configuration")
	sb.call(http.MethodPost, configPath(cfg, "passwords"), `{"type":"reusable","generate_multiple":true,"count":2}`).must(t, 201)
	sb.call(http.MethodPost, configPath(other, "passwords"), `{"type":"reusable","password":"secret1"}`).must(t, 201)
	limited(sb.call(http.MethodPost, configPath(other, "passwords"), `{"type":"reusable","password":"secret2"}`), "account")

	r := sb.call(http.MethodGet, configsPath, nil)
	if r.num("max_configurations") != 2 || r.num("remaining_configurations") != 0 || r.num("total") != 2 {
		t.Errorf("configuration limit: %s", r.raw)
	}
	res := sb.call(http.MethodGet, configPath(cfg, "resources"), nil)
	if len(res.list("servers")) != 1 || len(res.list("tweaks")) != 1 {
		t.Errorf("refused requests stored something: %s", res.raw)
	}
	if sb.Limits().Servers != 1 {
		t.Errorf("Limits() does not report SetLimits")
	}
}

func TestDefaultLimitsAreReachable(t *testing.T) {
	l := DefaultLimits()
	for name, n := range map[string]int{"configs": l.Configs, "servers": l.Servers, "tweaks": l.Tweaks, "device IDs": l.DeviceIDs,
		"passwords": l.Passwords, "device IDs per config": l.DeviceIDsPerConfig, "passwords per config": l.PasswordsPerConfig} {
		if n < 1 || n > 1000 {
			t.Errorf("%s limit %d: want 1..1000", name, n)
		}
	}
	sb := newSandbox(t, Options{Limits: &Limits{}})
	cfg := sb.AddConfig(ConfigSpec{Name: "x"})
	if r := sb.call(http.MethodPost, configPath(cfg, "tweaks"), `{"name":"t","tunnel_type":"v2ray_ss"}`); r.status != 422 {
		t.Errorf("a zero limit allows nothing: %d", r.status)
	}
}
