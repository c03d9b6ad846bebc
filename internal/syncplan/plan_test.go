package syncplan

import (
	"encoding/json"
	"strings"
	"testing"

	"tweakdash/model"
)

func intp(n int64) *model.Int { v := model.Int(n); return &v }

const sshPK = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA-secret-key-body\n-----END OPENSSH PRIVATE KEY-----"

// records of a small configuration: two servers, one tweak.
func sampleTarget() Target {
	return Target{
		Config: model.Config{UniqueKey: "cfg-1", Name: "Production EU", ServersCount: 2, TweaksCount: 1},
		Servers: []model.Server{
			{ID: 2, UniqueKey: "srv-b", Name: "Backup", TunnelType: model.OVPNUDP, IPPortUserPass: "vpn:Secr3tPass",
				OVPNConfig: "client\n<ca>x</ca>", Note: "Tokyo"},
			{ID: 1, UniqueKey: "srv-a", Name: "Main SSH", TunnelType: model.SSH, IPPortUserPass: "u:Secr3tPass@1.2.3.4:22",
				SSLPort: intp(443), SSHPK: sshPK, Note: "primary"},
		},
		Tweaks: []model.Tweak{{ID: 4, UniqueKey: "tw-a", Name: "Default Tweak", TunnelType: model.OVPNTCPSSH,
			Payload: "CONNECT [host_port] HTTP/1.1", SNI: "m.example.com", TLSVersion: "TLSv1.3"}},
	}
}

func exported(t *testing.T, tg Target) []byte {
	t.Helper()
	data, err := Export(tg.Config.UniqueKey, tg.Servers, tg.Tweaks)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parse(t *testing.T, data []byte) *File {
	t.Helper()
	f, err := Parse(data)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, data)
	}
	return f
}

// edit decodes a file into generic JSON, lets fn change it and encodes it.
func edit(t *testing.T, data []byte, fn func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	fn(doc)
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func server(doc map[string]any, i int) map[string]any {
	return doc["servers"].([]any)[i].(map[string]any)
}

func TestExportIsTheSyncBodyInAStableOrderWithEveryFieldOfTheType(t *testing.T) {
	tg := sampleTarget()
	data := exported(t, tg)
	want := `{
  "config_unique_key": "cfg-1",
  "servers": [
    {
      "unique_key": "srv-a",
      "name": "Main SSH",
      "tunnel_type": "ssh",
      "ip_port_user_pass": "u:Secr3tPass@1.2.3.4:22",
      "ssl_port": 443,
      "ssh_pk": "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA-secret-key-body\n-----END OPENSSH PRIVATE KEY-----",
      "note": "primary"
    },
    {
      "unique_key": "srv-b",
      "name": "Backup",
      "tunnel_type": "ovpn_udp",
      "ip_port_user_pass": "vpn:Secr3tPass",
      "ssl_port": null,
      "ovpn_config": "client\n<ca>x</ca>",
      "ovpn_pk": null,
      "note": "Tokyo"
    }
  ],
  "tweaks": [
    {
      "unique_key": "tw-a",
      "name": "Default Tweak",
      "tunnel_type": "ovpn_tcp_ssh",
      "payload": "CONNECT [host_port] HTTP/1.1",
      "sni": "m.example.com",
      "tls_version": "TLSv1.3",
      "proxy": null,
      "note": null
    }
  ]
}
`
	if string(data) != want {
		t.Errorf("export:\n%s\nwant:\n%s", data, want)
	}
	// The same records in another order give the same bytes.
	tg.Servers[0], tg.Servers[1] = tg.Servers[1], tg.Servers[0]
	if again := exported(t, tg); string(again) != string(data) {
		t.Error("the export depends on the order of the records")
	}
	empty, err := Export("k", nil, nil)
	if err != nil || string(empty) != "{\n  \"config_unique_key\": \"k\",\n  \"servers\": [],\n  \"tweaks\": []\n}\n" {
		t.Errorf("empty export %q %v", empty, err)
	}
	if _, err := Export("k", []model.Server{{Name: "no key", TunnelType: model.SSH}}, nil); err == nil || !strings.Contains(err.Error(), `"no key"`) {
		t.Errorf("a record without unique_key: %v", err)
	}
}

func TestAnExportedFileImportsBackUnchanged(t *testing.T) {
	tg := sampleTarget()
	p := Import(parse(t, exported(t, tg)), tg)
	if len(p.Problems) != 0 || len(p.Warnings) != 0 {
		t.Fatalf("problems %v warnings %v", p.Problems, p.Warnings)
	}
	if c := p.Count(""); c != (Counts{Unchanged: 3}) || p.Changing() != 0 || p.Sendable() {
		t.Errorf("counts %+v", c)
	}
	req, err := p.Request()
	if err != nil || len(req.Servers)+len(req.Tweaks) != 0 {
		t.Errorf("request %+v %v", req, err)
	}
}

func TestARenameIsAnUpdateAndANewItemACreateAndOnlyTheySend(t *testing.T) {
	tg := sampleTarget()
	data := edit(t, exported(t, tg), func(doc map[string]any) {
		server(doc, 1)["name"] = "Backup v2"
		doc["servers"] = append(doc["servers"].([]any), map[string]any{
			"name": "New SSH", "tunnel_type": "ssh", "ip_port_user_pass": "1.1.1.1:22", "ssl_port": "8443"})
	})
	p := Import(parse(t, data), tg)
	if len(p.Problems) != 0 {
		t.Fatal(p.Problems)
	}
	if c := p.Count(Servers); c != (Counts{Create: 1, Update: 1, Unchanged: 1}) {
		t.Errorf("servers %+v", c)
	}
	up := p.SentAt(Servers, 0)
	if up == nil || up.Action != Update || up.UniqueKey() != "srv-b" || len(up.Changes) != 1 ||
		up.Changes[0] != (Change{Field: "name", Old: "Backup", New: "Backup v2"}) {
		t.Fatalf("update %+v", up)
	}
	cr := p.SentAt(Servers, 1)
	if cr == nil || cr.Action != Create || cr.Name() != "New SSH" || cr.Index != 2 || cr.Line == 0 {
		t.Fatalf("create %+v", cr)
	}
	req, err := p.Request()
	if err != nil {
		t.Fatal(err)
	}
	if len(req.Servers) != 2 || len(req.Tweaks) != 0 || req.ConfigUniqueKey != "cfg-1" || req.Clear != nil {
		t.Fatalf("request %+v", req)
	}
	if s := req.Servers[0]; s.UniqueKey != "srv-b" || s.Name != "Backup v2" || s.OVPNConfig != "client\n<ca>x</ca>" {
		t.Errorf("update sent as %+v", s)
	}
	if s := req.Servers[1]; s.UniqueKey != "" || s.Name != "New SSH" || s.SSLPort == nil || *s.SSLPort != 8443 {
		t.Errorf("create sent as %+v", s)
	}
}

func TestAFieldTakenOutOfTheFileIsClearedAndATypeChangeShowsBothSides(t *testing.T) {
	tg := sampleTarget()
	data := edit(t, exported(t, tg), func(doc map[string]any) {
		delete(server(doc, 0), "note")
		server(doc, 0)["ssl_port"] = nil
		s := server(doc, 1)
		s["tunnel_type"], s["v2ray_config"] = "v2ray_vless", `{"id":"uuid-secret"}`
		delete(s, "ip_port_user_pass")
		delete(s, "ovpn_config")
		delete(s, "ssl_port")
		delete(s, "ovpn_pk")
	})
	p := Import(parse(t, data), tg)
	if len(p.Problems) != 0 {
		t.Fatal(p.Problems)
	}
	a := p.SentAt(Servers, 0)
	if a == nil || a.Name() != "Main SSH" || len(a.Changes) != 2 ||
		a.Changes[0] != (Change{Field: "ssl_port", Old: int64(443)}) || a.Changes[1] != (Change{Field: "note", Old: "primary"}) {
		t.Fatalf("cleared: %+v", a)
	}
	b := p.SentAt(Servers, 1)
	fields := []string{}
	for _, c := range b.Changes {
		fields = append(fields, c.Field)
	}
	if strings.Join(fields, ",") != "tunnel_type,ip_port_user_pass,ovpn_config,v2ray_config" {
		t.Errorf("type change fields %v", fields)
	}
	req, err := p.Request()
	if err != nil {
		t.Fatal(err)
	}
	// Only the fields the new type takes are cleared; the old type's go with it.
	if got := req.Clear; len(got) != 1 || strings.Join(got["servers.0"], ",") != "ssl_port,note" {
		t.Errorf("clear %v", got)
	}
}

func TestProblemsNameThePlaceAndTheNameAndBlockTheRequest(t *testing.T) {
	tg := sampleTarget()
	data := []byte(`{"config_unique_key": "cfg-1", "servers": [
  {"unique_key": "srv-a", "name": "Main SSH", "tunnel_type": "ssh"},
  {"unique_key": "srv-a", "name": "Copy", "tunnel_type": "ssh", "ip_port_user_pass": "1.2.3.4:22"},
  {"name": "Bad type", "tunnel_type": "ovpn_tcp_ssh"}
], "tweaks": [{"name": "", "tunnel_type": "ssh", "bug_host": "x"}]}`)
	p := Import(parse(t, data), tg)
	var got []string
	for _, pr := range p.Problems {
		got = append(got, pr.String())
	}
	want := []string{
		`servers[0] "Main SSH" (line 2): ip_port_user_pass: The ip port user pass field is required.`,
		`servers[1] "Copy" (line 3): unique_key: "srv-a" is also the key of servers[0] "Main SSH" (line 2): the sync would write both to one server`,
		`servers[2] "Bad type" (line 4): tunnel_type: The selected tunnel type is invalid.`,
		`tweaks[0] "" (line 5): bug_host: The bug host field is prohibited for tunnel type ssh.`,
		`tweaks[0] "" (line 5): name: The name field is required.`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p.Sendable() {
		t.Error("a plan with problems is sendable")
	}
	if _, err := p.Request(); err == nil {
		t.Error("a plan with problems gave a request")
	}
}

func TestWarningsFlagNamesTheTargetHasAndAFileOfAnotherConfig(t *testing.T) {
	tg := sampleTarget()
	data := []byte(`{"config_unique_key": "other-cfg", "servers": [
  {"name": "Main SSH", "tunnel_type": "ssh", "ip_port_user_pass": "1.2.3.4:22"},
  {"name": "Twin", "tunnel_type": "ssh", "ip_port_user_pass": "1.2.3.4:22"},
  {"name": "Twin", "tunnel_type": "ssh", "ip_port_user_pass": "1.2.3.4:22"}
]}`)
	p := Import(parse(t, data), tg)
	if len(p.Problems) != 0 || !p.Sendable() {
		t.Fatal(p.Problems)
	}
	var got []string
	for _, w := range p.Warnings {
		got = append(got, w.String())
	}
	want := []string{
		`the file is from another configuration (config_unique_key "other-cfg"): its items are matched to this one's by unique_key, and those it lacks are created with their keys`,
		`servers[0] "Main SSH" (line 2): name: the configuration already has a server named "Main SSH" (unique_key "srv-a"): this creates another`,
		`servers[2] "Twin" (line 4): name: servers[1] "Twin" (line 3) also creates a server named "Twin"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCopyCreatesWithoutTheSourceKeyAndFlagsNamesTheTargetHas(t *testing.T) {
	src := sampleTarget()
	tg := Target{
		Config:  model.Config{UniqueKey: "cfg-2", Name: "Beta"},
		Servers: []model.Server{{UniqueKey: "beta-1", Name: "Backup", TunnelType: model.SSH}},
	}
	p := Copy(src.Servers, src.Tweaks, tg)
	if !p.Copy || len(p.Problems) != 0 {
		t.Fatal(p.Problems)
	}
	if c := p.Count(""); c != (Counts{Create: 3}) {
		t.Errorf("counts %+v", c)
	}
	if len(p.Warnings) != 1 || p.Warnings[0].String() != `server "Backup": name: the configuration already has a server named "Backup" (unique_key "beta-1"): this creates another` {
		t.Errorf("warnings %v", p.Warnings)
	}
	if s := p.Steps[0]; s.Source != "srv-b" || s.UniqueKey() != "" || s.Sent != 0 {
		t.Errorf("first step %+v", s)
	}
	req, err := p.Request()
	if err != nil {
		t.Fatal(err)
	}
	if req.ConfigUniqueKey != "cfg-2" || len(req.Servers) != 2 || len(req.Tweaks) != 1 {
		t.Fatalf("request %+v", req)
	}
	for _, s := range req.Servers {
		if s.UniqueKey != "" {
			t.Errorf("a copy carries the source's key %q", s.UniqueKey)
		}
	}
	if s := req.Servers[1]; s.Name != "Main SSH" || s.SSHPK != sshPK || s.SSLPort == nil || *s.SSLPort != 443 {
		t.Errorf("copy of Main SSH %+v", s)
	}
	if req.Tweaks[0].UniqueKey != "" || req.Tweaks[0].Payload != "CONNECT [host_port] HTTP/1.1" {
		t.Errorf("copy of the tweak %+v", req.Tweaks[0])
	}
}

func TestKnownLimitsBlockAndUnknownOnesAreLeftToTheServer(t *testing.T) {
	src := sampleTarget()
	tg := Target{Config: model.Config{UniqueKey: "cfg-2"}, Servers: []model.Server{{UniqueKey: "x", Name: "x", TunnelType: model.SSH}}}

	tg.Limits = AccountUsage([]model.Config{{ServersCount: 3, TweaksCount: 1}, {ServersCount: 1}})
	p := Copy(src.Servers, src.Tweaks, tg)
	if len(p.Problems) != 0 {
		t.Errorf("limits not known, yet: %v", p.Problems)
	}
	u := p.Usage[0]
	if u.List != Servers || u.Config != 1 || u.ConfigAfter != 3 || *u.Account != 4 || *u.AccountAfter != 6 || u.Max != 0 {
		t.Errorf("usage %+v", u)
	}

	tg.Limits.MaxServers, tg.Limits.MaxTweaks = 5, 2
	p = Copy(src.Servers, src.Tweaks, tg)
	if len(p.Problems) != 1 || p.Problems[0].String() != "servers: the account's server limit is 5 and 4 are used: this adds 2" {
		t.Errorf("over the server limit: %v", p.Problems)
	}
	tg.Limits.MaxServers = 6
	if p = Copy(src.Servers, src.Tweaks, tg); len(p.Problems) != 0 {
		t.Errorf("exactly at the limit: %v", p.Problems)
	}
	// Updates add nothing: a file that only renames passes a full account.
	tg2 := sampleTarget()
	tg2.Limits = Limits{MaxServers: 2, UsedServers: 2, MaxTweaks: 1, UsedTweaks: 1, Counted: true}
	data := edit(t, exported(t, tg2), func(doc map[string]any) { server(doc, 0)["name"] = "Renamed" })
	if p := Import(parse(t, data), tg2); len(p.Problems) != 0 || p.Changing() != 1 {
		t.Errorf("a rename in a full account: %v", p.Problems)
	}
}

func TestPrintedAndJSONPlansHoldNoSecret(t *testing.T) {
	tg := sampleTarget()
	data := edit(t, exported(t, tg), func(doc map[string]any) {
		server(doc, 0)["ssh_pk"] = "-----BEGIN OPENSSH PRIVATE KEY-----\nNEW-secret-body\n-----END OPENSSH PRIVATE KEY-----"
		server(doc, 0)["ip_port_user_pass"] = "u:N3wSecretPass@1.2.3.4:22"
		doc["servers"] = append(doc["servers"].([]any), map[string]any{
			"name": "New", "tunnel_type": "v2ray_vless", "v2ray_config": `{"id":"uuid-Secret-1"}`})
	})
	p := Import(parse(t, data), tg)
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Secr3tPass", "N3wSecretPass", "secret-body", "uuid-Secret-1", "<ca>"} {
		if strings.Contains(string(out), secret) {
			t.Errorf("the JSON plan holds %q: %s", secret, out)
		}
	}
	for _, want := range []string{`"field":"ssh_pk","old":"(hidden)","new":"(hidden)","hidden":true`, `"action":"create"`, `"name":"New"`, `"sent":1`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the JSON plan lacks %s: %s", want, out)
		}
	}
}

func TestFindConfigByKeyThenExactName(t *testing.T) {
	cs := []model.Config{{UniqueKey: "k1", Name: "Production EU"}, {UniqueKey: "k2", Name: "Beta"}, {UniqueKey: "k3", Name: "Beta"}, {UniqueKey: "Beta2", Name: "k1"}}
	if c, err := FindConfig(cs, "k1"); err != nil || c.UniqueKey != "k1" {
		t.Errorf("by key: %+v %v", c, err)
	}
	if c, err := FindConfig(cs, "Production EU"); err != nil || c.UniqueKey != "k1" {
		t.Errorf("by name: %+v %v", c, err)
	}
	if _, err := FindConfig(cs, "production eu"); err == nil {
		t.Error("a name is matched exactly, not folded")
	}
	if _, err := FindConfig(cs, "Beta"); err == nil || !strings.Contains(err.Error(), `"k2", "k3"`) {
		t.Errorf("two configs of one name: %v", err)
	}
}

func TestDescribeQuotesCutsAndHides(t *testing.T) {
	long := strings.Repeat("é", 70)
	for _, tc := range []struct {
		a    Action
		c    Change
		want string
	}{
		{Update, Change{Field: "name", Old: "A", New: "B\x1b[2J"}, `"A" → "B\x1b[2J"`},
		{Update, Change{Field: "note", Old: "x"}, `"x" → (none)`},
		{Update, Change{Field: "ssl_port", Old: int64(443), New: int64(8443)}, `443 → 8443`},
		{Create, Change{Field: "note", New: long}, `"` + strings.Repeat("é", 59) + `…"`},
		{Create, Change{Field: "ssh_pk", New: "k", Hidden: true}, "(hidden)"},
		{Update, Change{Field: "ssh_pk", New: "k", Hidden: true}, "set (hidden)"},
		{Update, Change{Field: "ssh_pk", Old: "k", Hidden: true}, "cleared (hidden)"},
		{Update, Change{Field: "ssh_pk", Old: "k", New: "j", Hidden: true}, "changed (hidden)"},
		{Update, Change{Field: "note", Old: "a", New: "b\u202e"}, `"a" → "b\u202e"`},
	} {
		if got := tc.c.Describe(tc.a); got != tc.want {
			t.Errorf("%s %+v: %s, want %s", tc.a, tc.c, got, tc.want)
		}
	}
}
