package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"tweakdash/api/apitest"
)

// A person creates an ssh server through the form, sees it listed, and
// deletes it, in the real binary in a terminal; the sandbox counts what
// arrived.
func TestE2ECreateListAndDeleteAServer(t *testing.T) {
	s, url, c := testSandbox(t, apitest.Options{Data: apitest.DataDemo})
	list, _, err := c.ListConfigs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cfg := list.Configurations[0]

	tm := startTerm(t, 100, 30, dashboardEnv(t, e2eSandbox{url: url}))
	tm.waitText(prefix(cfg.Name, 12))
	tm.press("\r")
	tm.waitOpened(cfg)
	tm.press("n")
	tm.waitText("New server", "Tunnel type")
	// Right twice: ovpn_tcp → ovpn_udp → ssh; then the fields, typed in
	// one burst as a paste of keys over SSH would arrive.
	tm.press("\x1b[C\x1b[C\rE2E SSH\r1.2.3.4:22@user:pass\x13")
	tm.waitText("E2E SSH", "created")

	posts := 0
	for _, r := range s.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/servers") {
			posts++
			var body map[string]any
			if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
				t.Fatalf("POST body %q: %v", r.Body, err)
			}
			want := map[string]any{"name": "E2E SSH", "tunnel_type": "ssh", "ip_port_user_pass": "1.2.3.4:22@user:pass"}
			if len(body) != len(want) {
				t.Errorf("POST body = %v, want only %v", body, want)
			}
			for k, v := range want {
				if body[k] != v {
					t.Errorf("POST body[%s] = %v, want %v", k, body[k], v)
				}
			}
		}
	}
	if posts != 1 {
		t.Fatalf("the sandbox received %d POSTs to /servers, want 1", posts)
	}

	tm.press("G") // the new server is the last row
	tm.press("d")
	tm.waitText("Delete server “E2E SSH”?")
	tm.press("y")
	tm.waitText("deleted")
	if n := s.Count("DELETE", "/api/v1/configs/"+cfg.UniqueKey+"/servers/"); n != 1 {
		t.Fatalf("the sandbox received %d DELETEs, want 1", n)
	}
	res, _, err := c.ListResources(context.Background(), cfg.UniqueKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, sv := range res.Servers {
		if sv.Name == "E2E SSH" {
			t.Fatal("the server is still there after the delete")
		}
	}
	quit(t, tm)
	assertNoKey(t, tm)
}
