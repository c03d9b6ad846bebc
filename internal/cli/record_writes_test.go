package cli

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"tweakdash/api/apitest"
	"tweakdash/model"
)

// posts returns the bodies of the POST requests the sandbox saw.
func posts(sb *apitest.Server) []map[string]any {
	var out []map[string]any
	for _, r := range sb.Requests() {
		if r.Method == "POST" {
			var b map[string]any
			_ = json.Unmarshal(r.Body, &b)
			out = append(out, b)
		}
	}
	return out
}

func TestServersCreateSendsExactlyTheSetFieldsAndPrintsTheRecord(t *testing.T) {
	sb, url, _ := scriptSandbox(t)
	out, errOut, code := script(t, url, false, "servers", "create", "Alpha",
		"--set", "name=edge", "--set", "tunnel_type=ssh", "--set", "ip_port_user_pass=203.0.113.10:22@surf:pw123456", "--set", "ssl_port=443", "--json")
	if code != exitOK {
		t.Fatalf("status %d, stderr %q", code, errOut)
	}
	p := posts(sb)
	if len(p) != 1 {
		t.Fatalf("%d POST requests, want 1", len(p))
	}
	if keys := slices.Sorted(maps.Keys(p[0])); !slices.Equal(keys, []string{"ip_port_user_pass", "name", "ssl_port", "tunnel_type"}) {
		t.Errorf("sent fields %v, want exactly the four set", keys)
	}
	if p[0]["ssl_port"] != float64(443) {
		t.Errorf("ssl_port sent as %#v, want the number 443", p[0]["ssl_port"])
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 || got[0]["name"] != "edge" || got[0]["unique_key"] == "" {
		t.Errorf("want the new record printed (%v):\n%s", err, out)
	}
	if strings.Contains(out, "pw123456") {
		t.Errorf("the printed record shows the password:\n%s", out)
	}
}

func TestAMissingRequiredFieldExits3NamingItAndSendsNothing(t *testing.T) {
	sb, url, _ := scriptSandbox(t)
	out, errOut, code := script(t, url, false, "servers", "create", "Alpha", "--set", "name=edge")
	if code != exitInvalid || out != "" || !strings.Contains(errOut, "tunnel_type: The tunnel type field is required.\n") {
		t.Errorf("status %d, stdout %q, stderr %q; want 3 naming tunnel_type", code, out, errOut)
	}
	if n := len(sb.Requests()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
	_, errOut, code = script(t, url, false, "tweaks", "create", "Alpha", "--set", "nmae=x", "--set", "tunnel_type=ssh")
	if code != exitInvalid || !strings.Contains(errOut, "nmae: not a field of a tweak") {
		t.Errorf("an unknown field: status %d, stderr %q; want 3 naming it", code, errOut)
	}
}

func TestA422Exits3WithTheServersFieldMessages(t *testing.T) {
	sb, url, _ := scriptSandbox(t)
	sb.Inject(apitest.Fault{Method: "POST", Status: 422,
		Body: `{"success":false,"message":"The given data was invalid.","errors":{"name":["The name has already been taken."]}}`})
	_, errOut, code := script(t, url, false, "tweaks", "create", "Alpha", "--set", "name=dup", "--set", "tunnel_type=ssh")
	if code != exitInvalid || !strings.Contains(errOut, "name: The name has already been taken.\n") {
		t.Errorf("status %d, stderr %q; want 3 with the server's message for name", code, errOut)
	}
}

func TestDryRunPrintsCurlAndSendsNothing(t *testing.T) {
	sb, url, c := scriptSandbox(t)
	out, errOut, code := script(t, url, false, "tweaks", "create", "alpha0000key", "--set", "name=t1", "--set", "tunnel_type=ssh", "--dry-run")
	if code != exitOK || !strings.HasPrefix(out, "curl -sS -X POST '"+url+"/api/v1/configs/alpha0000key/tweaks'") ||
		!strings.Contains(out, "$HTTPTWEAK_API_KEY") || !strings.Contains(out, `"name":"t1"`) {
		t.Errorf("status %d, stderr %q, stdout %q", code, errOut, out)
	}
	if n := len(posts(sb)); n != 0 {
		t.Errorf("create --dry-run sent %d POSTs", n)
	}
	if _, _, err := c.CreateTweak(context.Background(), "alpha0000key", model.Tweak{Name: "gone", TunnelType: model.SSH}); err != nil {
		t.Fatal(err)
	}
	out, _, code = script(t, url, false, "tweaks", "delete", "Alpha", "gone", "--dry-run")
	if code != exitOK || !strings.HasPrefix(out, "curl -sS -X DELETE ") {
		t.Errorf("delete --dry-run: status %d, stdout %q", code, out)
	}
	if n := sb.Count("DELETE", "/"); n != 0 {
		t.Errorf("--dry-run sent %d deletes", n)
	}
}

// A dry run prints secrets masked as the tables mask them, and says so;
// --show-secrets prints the request as it would be sent.
func TestDryRunMasksSecretsUnlessAsked(t *testing.T) {
	_, url, _ := scriptSandbox(t)
	args := []string{"servers", "create", "alpha0000key", "--set", "name=s1", "--set", "tunnel_type=ssh",
		"--set", "ip_port_user_pass=surf:Vx9kq2mT@203.0.113.10:22", "--dry-run"}
	out, errOut, code := script(t, url, false, args...)
	if code != exitOK || strings.Contains(out, "Vx9kq2mT") || !strings.Contains(out, `"ip_port_user_pass":"surf:`) || !strings.Contains(out, `@203.0.113.10:22"`) ||
		!strings.Contains(errOut, "--show-secrets") {
		t.Errorf("status %d, stderr %q, stdout %q", code, errOut, out)
	}
	out, _, code = script(t, url, false, append(args, "--show-secrets")...)
	if code != exitOK || !strings.Contains(out, `"ip_port_user_pass":"surf:Vx9kq2mT@203.0.113.10:22"`) {
		t.Errorf("--show-secrets: status %d, stdout %q", code, out)
	}
}

func TestUpdateChangesTheGivenFieldsAndKeepsTheOthers(t *testing.T) {
	_, url, c := scriptSandbox(t)
	if _, _, err := c.CreateTweak(context.Background(), "alpha0000key", model.Tweak{Name: "t1", TunnelType: model.SSH, Note: "keep me", SNI: "a.example.com"}); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := script(t, url, false, "tweaks", "update", "Alpha", "t1", "--set", "sni=b.example.com"); code != exitOK {
		t.Fatalf("status %d, stderr %q", code, errOut)
	}
	list, _, _ := c.ListTweaks(context.Background(), "alpha0000key")
	if len(list) != 1 || list[0].SNI != "b.example.com" || list[0].Note != "keep me" {
		t.Errorf("after update: %+v", list)
	}
}

func TestAWriteUnderReadOnlyExits5AndSendsNothing(t *testing.T) {
	sb, url, _ := scriptSandbox(t)
	_, errOut, code := script(t, url, false, "tweaks", "create", "Alpha", "--set", "name=t1", "--set", "tunnel_type=ssh", "--read-only")
	if code != exitRefused || len(posts(sb)) != 0 {
		t.Errorf("status %d, stderr %q, %d POSTs; want 5 and none", code, errOut, len(posts(sb)))
	}
}

// The README's recipe: a server read with get --json is created in
// another config through --from -, its secrets with it.
func TestAServerIsCopiedBetweenConfigsThroughJSON(t *testing.T) {
	_, url, c := scriptSandbox(t)
	if _, _, err := c.CreateServer(context.Background(), "alpha0000key", model.Server{Name: "edge", TunnelType: model.SSH,
		IPPortUserPass: "203.0.113.10:22@surf:hunter2pw", Note: "copied"}); err != nil {
		t.Fatal(err)
	}
	record, errOut, code := script(t, url, false, "servers", "get", "Alpha", "edge", "--show-secrets", "--jq", ".[0] | del(.unique_key)")
	if code != exitOK {
		t.Fatalf("get: status %d, stderr %q", code, errOut)
	}
	if _, errOut, code := scriptStdin(t, url, record, "servers", "create", "Alpine", "--from", "-"); code != exitOK {
		t.Fatalf("create --from -: status %d, stderr %q, input %s", code, errOut, record)
	}
	list, _, _ := c.ListServers(context.Background(), "alpine000key")
	if len(list) != 1 || list[0].Name != "edge" || list[0].IPPortUserPass != "203.0.113.10:22@surf:hunter2pw" || list[0].Note != "copied" {
		t.Errorf("Alpine's servers: %+v", list)
	}
}
