package syncplan_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/internal/syncplan"
)

// These tests run plans through the real client against the sandbox.

const key = "syncplan-test-key"

var ctx = context.Background()

func sandbox(t *testing.T) (*apitest.Server, *api.Client) {
	t.Helper()
	sb := apitest.New(apitest.Options{APIKey: key, Data: apitest.DataDemo, Seed: 1})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := api.NewClient(srv.URL, key)
	if err != nil {
		t.Fatal(err)
	}
	return sb, c
}

// target reads what an import needs: the config, its full records and the
// account's counts.
func target(t *testing.T, c *api.Client, configKey string) syncplan.Target {
	t.Helper()
	list, _, err := c.ListConfigs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := syncplan.FindConfig(list.Configurations, configKey)
	if err != nil {
		t.Fatal(err)
	}
	servers, _, err := c.ListServers(ctx, cfg.UniqueKey)
	if err != nil {
		t.Fatal(err)
	}
	tweaks, _, err := c.ListTweaks(ctx, cfg.UniqueKey)
	if err != nil {
		t.Fatal(err)
	}
	return syncplan.Target{Config: cfg, Servers: servers, Tweaks: tweaks, Limits: syncplan.AccountUsage(list.Configurations)}
}

func exportOf(t *testing.T, tg syncplan.Target) []byte {
	t.Helper()
	data, err := syncplan.Export(tg.Config.UniqueKey, tg.Servers, tg.Tweaks)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func plan(t *testing.T, data []byte, tg syncplan.Target) *syncplan.Plan {
	t.Helper()
	f, err := syncplan.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	p := syncplan.Import(f, tg)
	if len(p.Problems) > 0 {
		t.Fatal(p.Problems)
	}
	return p
}

// renameAndAdd renames the second server of an exported file and adds one.
func renameAndAdd(t *testing.T, data []byte) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	servers := doc["servers"].([]any)
	servers[1].(map[string]any)["name"] = "Backup OpenVPN (UDP) v2"
	doc["servers"] = append(servers, map[string]any{"name": "Added SSH", "tunnel_type": "ssh", "ip_port_user_pass": "198.51.100.9:22"})
	out, _ := json.Marshal(doc)
	return out
}

func send(t *testing.T, c *api.Client, p *syncplan.Plan) (*api.Mutation, error) {
	t.Helper()
	req, err := p.Request()
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := c.SyncConfig(ctx, req)
	return m, err
}

func TestExportedConfigImportsBackWithNothingToSend(t *testing.T) {
	_, c := sandbox(t)
	tg := target(t, c, apitest.DemoMainKey)
	p := plan(t, exportOf(t, tg), tg)
	if p.Changing() != 0 || p.Count("").Unchanged != len(tg.Servers)+len(tg.Tweaks) || len(p.Warnings) != 0 {
		t.Errorf("counts %+v, warnings %v", p.Count(""), p.Warnings)
	}
}

func TestARenameAndANewServerGoInOneRequestWithJustThoseTwo(t *testing.T) {
	sb, c := sandbox(t)
	tg := target(t, c, "SurfLink Main")
	edited := renameAndAdd(t, exportOf(t, tg))
	p := plan(t, edited, tg)
	if got := p.Count(""); got != (syncplan.Counts{Create: 1, Update: 1, Unchanged: len(tg.Servers) + len(tg.Tweaks) - 1}) {
		t.Fatalf("counts %+v", got)
	}
	sb.ClearRequests()
	m, err := send(t, c, p)
	if err != nil {
		t.Fatal(err)
	}
	reqs := sb.Requests()
	if len(reqs) != 1 || reqs[0].Method != http.MethodPost || reqs[0].Path != "/api/v1/configs" {
		t.Fatalf("requests %+v", reqs)
	}
	var body struct {
		Servers []map[string]any `json:"servers"`
		Tweaks  []map[string]any `json:"tweaks"`
	}
	if err := json.Unmarshal(reqs[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if len(body.Servers) != 2 || len(body.Tweaks) != 0 ||
		body.Servers[0]["unique_key"] != apitest.DemoBackupServerKey || body.Servers[0]["name"] != "Backup OpenVPN (UDP) v2" ||
		body.Servers[1]["unique_key"] != nil || body.Servers[1]["name"] != "Added SSH" {
		t.Errorf("body %s", reqs[0].Body)
	}
	if s := m.Summary; s.ServersCreated != 1 || s.ServersUpdated != 1 || s.TweaksCreated != 0 || s.TweaksUpdated != 0 {
		t.Errorf("summary %+v", s)
	}
	// The config is now what the file says: planned again, nothing changes
	// but the one create, which has no key to match (it would be created again).
	again := plan(t, edited, target(t, c, apitest.DemoMainKey))
	if got := again.Count(""); got.Update != 0 || got.Create != 1 {
		t.Errorf("after the sync: %+v", got)
	}
	if len(again.Warnings) != 1 || !strings.Contains(again.Warnings[0].String(), `already has a server named "Added SSH"`) {
		t.Errorf("warnings %v", again.Warnings)
	}
}

func TestAFieldTakenOutOfTheFileIsClearedByTheSync(t *testing.T) {
	_, c := sandbox(t)
	tg := target(t, c, apitest.DemoMainKey)
	var doc map[string]any
	if err := json.Unmarshal(exportOf(t, tg), &doc); err != nil {
		t.Fatal(err)
	}
	first := doc["servers"].([]any)[0].(map[string]any)
	delete(first, "note")
	data, _ := json.Marshal(doc)
	p := plan(t, data, tg)
	if p.Changing() != 1 {
		t.Fatalf("counts %+v", p.Count(""))
	}
	if _, err := send(t, c, p); err != nil {
		t.Fatal(err)
	}
	after := target(t, c, apitest.DemoMainKey)
	s := after.Servers[0]
	if s.UniqueKey != apitest.DemoServerKey || s.Note != "" || s.SSLPort == nil || *s.SSLPort != 443 || s.IPPortUserPass == "" {
		t.Errorf("after the sync %+v", s)
	}
	if p := plan(t, data, after); p.Changing() != 0 {
		t.Errorf("the file still changes %+v", p.Count(""))
	}
}

// A 422 on servers.0.name and servers.1.name is reported against the items
// sent first and second (the rename, then the new one), not against the
// file's servers[0] and servers[1].
func TestA422IsReportedAgainstTheItemsSent(t *testing.T) {
	sb, c := sandbox(t)
	tg := target(t, c, apitest.DemoMainKey)
	p := plan(t, renameAndAdd(t, exportOf(t, tg)), tg)
	sb.Inject(apitest.Fault{Method: http.MethodPost, PathPrefix: "/api/v1/configs", Status: http.StatusUnprocessableEntity,
		Body: `{"message": "The servers.0.name has already been taken. (and 1 more error)", "errors": {
			"servers.0.name": ["The servers.0.name has already been taken."],
			"servers.1.name": ["The servers.1.name may not contain that word."]}}`})
	_, err := send(t, c, p)
	var e *api.Error
	if !errors.As(err, &e) || e.Status != http.StatusUnprocessableEntity {
		t.Fatalf("error %v", err)
	}
	items, general := p.Explain(err)
	if len(general) != 0 || len(items) != 2 {
		t.Fatalf("items %v general %v", items, general)
	}
	n := len(tg.Servers)
	for i, want := range []struct {
		index int
		name  string
		msg   string
	}{{1, "Backup OpenVPN (UDP) v2", "has already been taken"}, {n, "Added SSH", "may not contain that word"}} {
		it := items[i]
		line := it.String()
		if it.Index != want.index || it.Name != want.name || it.Sent != i || it.Field != "name" || !strings.Contains(line, want.msg) ||
			!strings.HasPrefix(line, "servers["+itoa(want.index)+`] "`+want.name+`" (line `) || !strings.Contains(line, "sent as servers."+itoa(i)+"): name: ") {
			t.Errorf("item %d: %s (%+v)", i, line, it)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// The sandbox refuses a sync past the account's limit as a whole: the
// update that came with the create is not applied either.
func TestARefusedSyncChangesNothing(t *testing.T) {
	sb, c := sandbox(t)
	tg := target(t, c, apitest.DemoMainKey)
	l := sb.Limits()
	l.Servers = tg.Limits.UsedServers
	sb.SetLimits(l)
	p := plan(t, renameAndAdd(t, exportOf(t, tg)), tg)
	if !p.Sendable() {
		t.Fatal("the limit is not known to the plan, so it is the server's to refuse")
	}
	_, err := send(t, c, p)
	items, general := p.Explain(err)
	if len(items) != 0 || len(general) != 1 || !strings.Contains(general[0], "limit reached") {
		t.Fatalf("items %v general %v", items, general)
	}
	after := target(t, c, apitest.DemoMainKey)
	if after.Servers[1].Name != "Backup OpenVPN (UDP)" || len(after.Servers) != len(tg.Servers) {
		t.Errorf("the refused sync changed the config: %+v", after.Servers[1])
	}
	// Told the limit, the plan refuses before sending.
	tg.Limits.MaxServers = l.Servers
	f, err := syncplan.Parse(renameAndAdd(t, exportOf(t, tg)))
	if err != nil {
		t.Fatal(err)
	}
	if p := syncplan.Import(f, tg); p.Sendable() || p.Problems.Error() != fmt.Sprintf("servers: the account's server limit is %d and %d are used: this adds 1", l.Servers, l.Servers) {
		t.Errorf("problems %v", p.Problems)
	}
}

func TestCopyServersToAnotherConfigInOneRequest(t *testing.T) {
	sb, c := sandbox(t)
	src := target(t, c, apitest.DemoMainKey)
	dst := target(t, c, apitest.DemoBetaKey)
	p := syncplan.Copy(src.Servers[:2], src.Tweaks[:1], dst)
	if len(p.Problems) != 0 || p.Count("") != (syncplan.Counts{Create: 3}) {
		t.Fatalf("problems %v counts %+v", p.Problems, p.Count(""))
	}
	sb.ClearRequests()
	m, err := send(t, c, p)
	if err != nil {
		t.Fatal(err)
	}
	if n := sb.Count("", "/"); n != 1 || m.Summary.ServersCreated != 2 || m.Summary.TweaksCreated != 1 {
		t.Errorf("%d requests, summary %+v", n, m.Summary)
	}
	after := target(t, c, apitest.DemoBetaKey)
	if len(after.Servers) != len(dst.Servers)+2 {
		t.Fatalf("beta servers %d", len(after.Servers))
	}
	got := after.Servers[len(dst.Servers)]
	want := src.Servers[0]
	if got.UniqueKey == want.UniqueKey || got.Name != want.Name || got.IPPortUserPass != want.IPPortUserPass || got.Note != want.Note {
		t.Errorf("copy %+v\nof %+v", got, want)
	}
	if again := target(t, c, apitest.DemoMainKey); len(again.Servers) != len(src.Servers) {
		t.Error("the source changed")
	}
	// Copied again, every name is flagged.
	if p := syncplan.Copy(src.Servers[:2], nil, after); len(p.Warnings) != 2 {
		t.Errorf("warnings %v", p.Warnings)
	}
}
