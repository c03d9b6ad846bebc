package e2e

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tweakdash/api/apitest"
)

// The real binary: export to a 0600 file; an edited file's import refuses
// without --yes when stdin is not a terminal, and asks on one, sending one
// POST after y.
// demoSecrets are credentials of the demo's main config: none may be
// printed, except in an export.
var demoSecrets = []string{"Vx9kq2mT", "Qm7tr44x", "Lk3wq9Zr", "OPENSSH PRIVATE KEY", "BEGIN PRIVATE KEY",
	"b831381d-6324", "tr-sample-7Hq9", "Pr0xyPass", "auth-7Hq9", e2eKey}

func TestE2EExportThenImportAsksOnTheTerminal(t *testing.T) {
	sb, url, _ := testSandbox(t, apitest.Options{Data: apitest.DataDemo, Seed: 1})
	env := append(baseEnv(t), "HTTPTWEAK_BASE_URL="+url, "HTTPTWEAK_API_KEY="+e2eKey)
	dir := t.TempDir()
	file := filepath.Join(dir, "f.json")

	stdout, stderr, code := runPlain(t, env, "export", "SurfLink Main", "-o", file)
	if code != 0 || stdout != "" || !strings.Contains(stderr, "(mode 0600)") {
		t.Fatalf("export: %d %q %q", code, stdout, stderr)
	}
	assertMode(t, file, 0o600)

	stdout, _, code = runPlain(t, env, "import", "SurfLink Main", file)
	if code != 0 || !strings.Contains(stdout, "Nothing to change") {
		t.Fatalf("unchanged import: %d %q", code, stdout)
	}

	data, _ := os.ReadFile(file)
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	servers := doc["servers"].([]any)
	servers[0].(map[string]any)["name"] = "Main SSH Server v2"
	doc["servers"] = append(servers, map[string]any{"name": "Frankfurt SSH", "tunnel_type": "ssh", "ip_port_user_pass": "198.51.100.7:22"})
	data, _ = json.Marshal(doc)
	edited := filepath.Join(dir, "edited.json")
	if err := os.WriteFile(edited, data, 0o600); err != nil {
		t.Fatal(err)
	}

	_, stderr, code = runPlain(t, env, "import", "SurfLink Main", edited)
	if code != exitError || !strings.Contains(stderr, "not sending without --yes") {
		t.Errorf("without a terminal: %d %q", code, stderr)
	}
	if n := sb.Count(http.MethodPost, "/"); n != 0 {
		t.Fatalf("%d POSTs before anyone said yes", n)
	}

	tm := startTerm(t, 120, 40, env, "import", "SurfLink Main", edited)
	tm.waitText(`update server "Main SSH Server v2"`, `create server "Frankfurt SSH"`, "[y/N]")
	if n := sb.Count(http.MethodPost, "/"); n != 0 {
		t.Fatalf("%d POSTs while asking", n)
	}
	tm.press("y\r")
	tm.waitText("1 created, 1 updated")
	if code := tm.wait(); code != 0 {
		t.Errorf("exit status %d", code)
	}
	if n := sb.Count(http.MethodPost, "/api/v1/configs"); n != 1 {
		t.Errorf("%d POSTs, want 1", n)
	}
	for _, secret := range demoSecrets {
		if strings.Contains(tm.output(), secret) {
			t.Errorf("the terminal was shown %q", secret)
		}
	}
}
