package e2e

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tweakdash/api/apitest"
)

// d y on a server, then u y, in the real binary: one POST makes it again
// with the same unique_key and fields, the list shows it, U lists both
// writes, and the audit log in the state directory has a line for each.
func TestE2EDeleteThenUndoCreatesTheServerAgain(t *testing.T) {
	s, url, c := testSandbox(t, apitest.Options{Data: apitest.DataDemo})
	ctx := context.Background()
	list, _, err := c.ListConfigs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cfg := list.Configurations[0]
	servers, _, err := c.ListServers(ctx, cfg.UniqueKey)
	if err != nil || len(servers) == 0 {
		t.Fatalf("servers: %v", err)
	}
	before := servers[0]

	env := dashboardEnv(t, e2eSandbox{url: url})
	tm := startTerm(t, 120, 32, env)
	tm.waitText(prefix(cfg.Name, 12))
	tm.press("\r")
	tm.waitOpened(cfg)
	tm.press("d")
	tm.waitText("Delete server “" + before.Name + "”?")
	tm.press("y")
	tm.waitText("deleted")
	s.ClearRequests()
	tm.press("u")
	tm.waitText("Undo: re-create server", "? y/N")
	tm.press("y")
	tm.waitText("✓ Undone")

	var posts []apitest.Recorded
	for _, r := range s.Requests() {
		if r.Method == "POST" {
			posts = append(posts, r)
		}
	}
	if len(posts) != 1 || !strings.HasSuffix(posts[0].Path, "/servers") {
		t.Fatalf("the undo sent %d POSTs, want one to /servers", len(posts))
	}
	var body map[string]any
	if err := json.Unmarshal(posts[0].Body, &body); err != nil || body["unique_key"] != before.UniqueKey {
		t.Fatalf("the POST body %s does not carry the unique_key %s", posts[0].Body, before.UniqueKey)
	}
	servers, _, err = c.ListServers(ctx, cfg.UniqueKey)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sv := range servers {
		found = found || sv.UniqueKey == before.UniqueKey && maps.Equal(sv.Values(), before.Values())
	}
	if !found {
		t.Fatalf("%s is not back with every field", before.Name)
	}

	tm.press("U")
	tm.waitText("Journal of writes", "Delete server “"+before.Name+"”", "undone")
	tm.press("\x1b")
	tm.waitFor("the journal closed", func(screen string) bool { return !strings.Contains(screen, "Journal of writes") })
	quit(t, tm)

	logPath := filepath.Join(envValue(env, "XDG_STATE_HOME"), "tweakdash", "audit.jsonl")
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n != 2 {
		t.Fatalf("the audit log has %d lines, want 2 (the delete, the undo):\n%s", n, data)
	}
	if strings.Contains(string(data), e2eKey) {
		t.Fatal("the audit log holds the API key")
	}
	assertNoKey(t, tm)
}
