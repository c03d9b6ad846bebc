package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tweakdash/api/apitest"
)

// TestE2EStartsFromTheSnapshotWhileTheAPIIsSlow is the acceptance
// from outside: after one earlier run, a start against an API that takes
// 2.5 s per reply shows the config list marked cached while the reply is
// held, then the fresh list without the mark. Nothing the server holds as
// a secret, and not the key, is in the cache directory, whose files are
// all 0600 in a 0700 directory.
func TestE2EStartsFromTheSnapshotWhileTheAPIIsSlow(t *testing.T) {
	sb, url, c := testSandbox(t, apitest.Options{Data: apitest.DataDemo})
	ctx := context.Background()
	list, _, err := c.ListConfigs(ctx)
	if err != nil || len(list.Configurations) < 2 {
		t.Fatalf("sandbox configs: %v", err)
	}
	first := list.Configurations[0]
	env := append(baseEnv(t), "HTTPTWEAK_BASE_URL="+url, "HTTPTWEAK_API_KEY="+e2eKey)

	// The earlier run: the list, the first config's servers and device IDs.
	tm := startTerm(t, 120, 40, env)
	tm.waitText(prefix(first.Name, 12), prefix(list.Configurations[1].Name, 12))
	tm.press("\r")
	res, _, err := c.ListResources(ctx, first.UniqueKey)
	if err != nil || len(res.Servers) == 0 {
		t.Fatalf("resources: %v", err)
	}
	tm.waitText(prefix(res.Servers[0].Name, 12))
	tm.press("3")
	ids, _, err := c.ListDeviceIDs(ctx, first.UniqueKey)
	if err != nil || len(ids) == 0 {
		t.Fatalf("device IDs: %v", err)
	}
	tm.waitText(prefix(ids[0].DeviceID, 12))
	// The full records (secrets) are read too: a detail of a server.
	tm.press("1")
	tm.press("\r")
	tm.waitText("Server · ")
	quit(t, tm)

	// The API now takes 2.5 s per reply.
	sb.ClearRequests()
	sb.Inject(apitest.Fault{Delay: 2500 * time.Millisecond, Times: -1})
	tm = startTerm(t, 120, 40, env)
	screen := tm.waitText(prefix(first.Name, 12), "cached ")
	if n := len(sb.Requests()); n > 1 {
		t.Errorf("%d requests before the cached list was drawn, want at most the one held", n)
	}
	if !strings.Contains(screen, "configs ") {
		t.Errorf("the cached list shows no account usage:\n%s", screen)
	}
	// Opened while the fresh reply is held: the cached servers.
	tm.press("\r")
	tm.waitText(prefix(res.Servers[0].Name, 12), "cached ")
	tm.press("e")
	tm.waitText("cached: waiting for the fresh list")
	tm.waitFor("the fresh lists, unmarked", func(s string) bool {
		return !strings.Contains(s, "cached") && strings.Contains(s, prefix(res.Servers[0].Name, 12)) && strings.Contains(s, "1 Servers (")
	})
	sb.ClearFaults()
	quit(t, tm)
	assertNoKey(t, tm)

	// On disk: private files holding no secret.
	dir := filepath.Join(envValue(env, "XDG_CACHE_HOME"), "tweakdash")
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("%s: %v, want a 0700 directory", dir, err)
	}
	var secrets []string
	servers, _, err := c.ListServers(ctx, first.UniqueKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range servers {
		secrets = append(secrets, s.IPPortUserPass, s.SSHPK, s.OVPNConfig, s.OVPNPK, s.V2RayConfig)
	}
	for _, cfg := range list.Configurations {
		if pws, _, err := c.ListPasswords(ctx, cfg.UniqueKey); err == nil {
			for _, p := range pws {
				secrets = append(secrets, p.Password)
			}
		}
	}
	secrets = append(secrets, e2eKey)
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) < 2 {
		t.Fatalf("the cache holds %d files (%v), want the list and a config", len(entries), err)
	}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || fi.Mode() != 0o600 {
			t.Errorf("%s: %v, want a regular 0600 file", e.Name(), fi.Mode())
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if len(s) >= 6 && strings.Contains(string(data), s) {
				t.Errorf("%s holds a secret: %.12q…", e.Name(), s)
			}
		}
	}
}

// TestE2EDamagedSnapshotIsIgnoredWithANotice: a snapshot that cannot be
// read costs nothing but a line; --no-cache reads and writes none.
func TestE2EDamagedSnapshotIsIgnoredWithANotice(t *testing.T) {
	sb := startE2ESandbox(t)
	env := dashboardEnv(t, sb)
	dir := filepath.Join(envValue(env, "XDG_CACHE_HOME"), "tweakdash")

	tm := startTerm(t, 120, 40, env, "--no-cache")
	tm.waitText(prefix(sb.configs[0].Name, 12))
	quit(t, tm)
	if _, err := os.Stat(dir); err == nil {
		t.Fatal("--no-cache wrote a snapshot")
	}

	tm = startTerm(t, 120, 40, env)
	tm.waitText(prefix(sb.configs[0].Name, 12))
	quit(t, tm)
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != 1 {
		t.Fatalf("after a run: %v, want the list's snapshot", files)
	}
	if err := os.WriteFile(files[0], []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	tm = startTerm(t, 120, 40, env)
	tm.waitText("snapshot ignored", "damaged", prefix(sb.configs[0].Name, 12))
	quit(t, tm)
}
