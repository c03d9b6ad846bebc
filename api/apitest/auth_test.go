package apitest

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

func TestAuthThreeWays(t *testing.T) {
	sb, cfg := emptySandbox(t)
	sb.call(http.MethodGet, configsPath, nil).must(t, 200)
	sb.call(http.MethodGet, configsPath, nil, "X-API-Key", "", "X-Client-Api-Key", DefaultAPIKey).must(t, 200)
	r := sb.call(http.MethodPost, configPath(cfg, "tweaks"), map[string]any{"api_key": DefaultAPIKey, "name": "t", "tunnel_type": "v2ray_ss"}, "X-API-Key", "")
	r.must(t, 201)
	// X-API-Key wins over the others.
	sb.call(http.MethodPost, configPath(cfg, "tweaks"), map[string]any{"api_key": DefaultAPIKey, "name": "t", "tunnel_type": "v2ray_ss"}, "X-API-Key", "wrong").must(t, 401)
}

func TestAuthFailures(t *testing.T) {
	sb, cfg := emptySandbox(t)
	for _, c := range []struct {
		name, method, path string
		body               any
		headers            []string
	}{
		{"no key", http.MethodGet, configsPath, nil, []string{"X-API-Key", ""}},
		{"wrong key", http.MethodGet, configsPath, nil, []string{"X-API-Key", "nope"}},
		{"wrong client key", http.MethodGet, configsPath, nil, []string{"X-API-Key", "", "X-Client-Api-Key", "nope"}},
		// The body is not read for GET and DELETE.
		{"body key on GET", http.MethodGet, configsPath, `{"api_key":"` + DefaultAPIKey + `"}`, []string{"X-API-Key", ""}},
		{"body key on DELETE", http.MethodDelete, configPath(cfg, "servers", "k"), `{"api_key":"` + DefaultAPIKey + `"}`, []string{"X-API-Key", ""}},
		{"bad body, no key", http.MethodPost, configPath(cfg, "servers"), `{"api_key":`, []string{"X-API-Key", ""}},
		{"unknown config, no key", http.MethodGet, configPath("nope", "servers"), nil, []string{"X-API-Key", ""}},
	} {
		r := sb.call(c.method, c.path, c.body, c.headers...)
		if r.status != 401 || string(r.raw) != `{"message":"Unauthenticated."}` {
			t.Errorf("%s: %d %s", c.name, r.status, r.raw)
		}
	}
}

// TestKeyScope: a key limited to some configurations lists all of them,
// works on its own, and gets 403 on the others (sync included); an unknown
// configuration is 404 for every key.
func TestKeyScope(t *testing.T) {
	sb, mine := emptySandbox(t)
	theirs := sb.AddConfig(ConfigSpec{Name: "Theirs", CloudHWIDLock: true, CloudPassword: true})
	sb.AddKey("scoped", mine)
	as := []string{"X-API-Key", "scoped"}
	if r := sb.call(http.MethodGet, configsPath, nil, as...).must(t, 200); r.num("total") != 2 {
		t.Errorf("listing: %s", r.raw)
	}
	sb.call(http.MethodGet, configPath(mine, "servers"), nil, as...).must(t, 200)
	for _, p := range []string{"resources", "servers", "tweaks", "device-ids", "passwords"} {
		r := sb.call(http.MethodGet, configPath(theirs, p), nil, as...)
		if r.status != 403 || string(r.raw) != `{"message":"This action is unauthorized."}` {
			t.Errorf("%s: %d %s", p, r.status, r.raw)
		}
	}
	sb.call(http.MethodPost, configsPath, map[string]any{"config_unique_key": theirs}, as...).must(t, 403)
	sb.call(http.MethodPost, configsPath, map[string]any{"config_unique_key": mine}, as...).must(t, 200)
	r := sb.call(http.MethodGet, configPath("no-such-config", "servers"), nil, as...).must(t, 404)
	if r.str("message") != "Configuration not found." {
		t.Errorf("404: %s", r.raw)
	}
	sb.AddKey("all")
	sb.call(http.MethodGet, configPath(theirs, "servers"), nil, "X-API-Key", "all").must(t, 200)
}

// TestRecordedRequestsHideKeys: what tests read back never holds a key.
func TestRecordedRequestsHideKeys(t *testing.T) {
	sb, cfg := emptySandbox(t)
	sb.AddKey("client-secret-key")
	sb.call(http.MethodGet, configsPath, nil, "X-API-Key", "", "X-Client-Api-Key", "client-secret-key")
	sb.call(http.MethodPost, configPath(cfg, "tweaks"), `{"api_key": "client-secret-key", "name": "secret-free", "tunnel_type": "v2ray_ss"}`, "X-API-Key", "")
	sb.call(http.MethodGet, configsPath+"?page=2", nil)
	reqs := sb.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests recorded", len(reqs))
	}
	for _, rec := range reqs {
		for k, vs := range rec.Header {
			for _, v := range vs {
				if strings.Contains(v, "client-secret-key") || strings.Contains(v, DefaultAPIKey) {
					t.Errorf("header %s holds the key", k)
				}
			}
		}
		if bytes.Contains(rec.Body, []byte("client-secret-key")) {
			t.Errorf("body holds the key: %s", rec.Body)
		}
	}
	if reqs[0].Header.Get("X-Client-Api-Key") != Redacted || reqs[2].Header.Get("X-API-Key") != Redacted {
		t.Errorf("headers not marked redacted: %v", reqs[0].Header)
	}
	if !bytes.Contains(reqs[1].Body, []byte(`"name": "secret-free"`)) || reqs[1].Method != http.MethodPost {
		t.Errorf("the rest of the body is kept as sent: %s", reqs[1].Body)
	}
	if reqs[2].Path != configsPath || reqs[2].Query != "page=2" {
		t.Errorf("path %q query %q", reqs[2].Path, reqs[2].Query)
	}
	if sb.Count(http.MethodGet, configsPath) != 2 || sb.Count("", configPath(cfg)) != 1 || sb.Count("post", "/api") != 1 {
		t.Errorf("Count: %d %d", sb.Count(http.MethodGet, configsPath), sb.Count("", configPath(cfg)))
	}
	sb.ClearRequests()
	if sb.Count("", "") != 0 {
		t.Error("ClearRequests kept requests")
	}
}
