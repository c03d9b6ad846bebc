package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/internal/syncplan"
	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

// demoSecrets are credentials of the demo's main config: none may be
// printed, except in an export.
var demoSecrets = []string{"Vx9kq2mT", "Qm7tr44x", "Lk3wq9Zr", "OPENSSH PRIVATE KEY", "BEGIN PRIVATE KEY",
	"b831381d-6324", "tr-sample-7Hq9", "Pr0xyPass", "auth-7Hq9", testKey}

// syncCLI runs export and import in-process against a demo sandbox.
type syncCLI struct {
	t   *testing.T
	sb  *apitest.Server
	c   *api.Client
	env []string
	dir string
}

func newSyncCLI(t *testing.T) *syncCLI {
	t.Helper()
	xdgHome(t)
	sb, url, c := testSandbox(t, apitest.Options{Data: apitest.DataDemo, Seed: 1})
	return &syncCLI{t: t, sb: sb, c: c, dir: t.TempDir(),
		env: []string{"TERM=dumb", "HTTPTWEAK_BASE_URL=" + url, "HTTPTWEAK_API_KEY=" + testKey}}
}

type cmdRun struct {
	stdout, stderr string
	code           int
}

// run runs "tweakdash name args..." with stdin (a terminal when tty).
func (s *syncCLI) run(tty bool, stdin string, name string, args ...string) cmdRun {
	s.t.Helper()
	var out, errOut bytes.Buffer
	cio := cmdIO{stdin: strings.NewReader(stdin), tty: tty, stdout: &out, stderr: &errOut}
	var code int
	if name == "export" {
		code = runExport(context.Background(), args, s.env, cio)
	} else {
		code = runImport(context.Background(), args, s.env, cio)
	}
	return cmdRun{out.String(), errOut.String(), code}
}

func (s *syncCLI) path(name string) string { return filepath.Join(s.dir, name) }

// export writes the main demo config to a file and returns its path.
func (s *syncCLI) export() string {
	s.t.Helper()
	p := s.path("main.json")
	if r := s.run(false, "", "export", "SurfLink Main", "-o", p); r.code != 0 {
		s.t.Fatalf("export: %+v", r)
	}
	return p
}

// edited writes a copy of the export at from with the second server renamed
// and one server added.
func (s *syncCLI) edited(from string) string {
	s.t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		s.t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		s.t.Fatal(err)
	}
	servers := doc["servers"].([]any)
	servers[1].(map[string]any)["name"] = "Backup OpenVPN (UDP) v2"
	doc["servers"] = append(servers, map[string]any{"name": "Added SSH", "tunnel_type": "ssh", "ip_port_user_pass": "198.51.100.9:22"})
	out, _ := json.MarshalIndent(doc, "", "  ")
	p := s.path("edited.json")
	if err := os.WriteFile(p, out, 0o600); err != nil {
		s.t.Fatal(err)
	}
	return p
}

func (s *syncCLI) posts() int { return s.sb.Count(http.MethodPost, "/") }

// noSecret fails when a run printed a credential, or lines that are not
// one per error on stderr.
func noSecret(t *testing.T, r cmdRun) {
	t.Helper()
	for _, secret := range demoSecrets {
		if strings.Contains(r.stdout+r.stderr, secret) {
			t.Errorf("printed %q:\nstdout %s\nstderr %s", secret, r.stdout, r.stderr)
		}
	}
}

func TestExportWritesAPrivateFileOfTheConfigAndSaysItHoldsCredentials(t *testing.T) {
	s := newSyncCLI(t)
	p := s.path("f.json")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := s.run(false, "", "export", "SurfLink Main", "-o", p)
	if r.code != 0 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 ||
		!strings.Contains(r.stderr, "credentials") || !strings.Contains(r.stderr, "9 servers and 6 tweaks") {
		t.Fatalf("%+v", r)
	}
	assertMode(t, p, 0o600)
	data, _ := os.ReadFile(p)
	servers, _, _ := s.c.ListServers(context.Background(), apitest.DemoMainKey)
	tweaks, _, _ := s.c.ListTweaks(context.Background(), apitest.DemoMainKey)
	want, _ := syncplan.Export(apitest.DemoMainKey, servers, tweaks)
	if !bytes.Equal(data, want) {
		t.Errorf("the file is not the config's export:\n%s", data)
	}
	for _, k := range []string{apitest.DemoServerKey, apitest.DemoBackupServerKey, apitest.DemoTweakKey, "Vx9kq2mT", "OPENSSH PRIVATE KEY"} {
		if !bytes.Contains(data, []byte(k)) {
			t.Errorf("the export lacks %q", k)
		}
	}
	if entries, _ := os.ReadDir(s.dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}

	// By unique_key, to stdout: the same bytes.
	r = s.run(false, "", "export", apitest.DemoMainKey)
	if r.code != 0 || r.stdout != string(want) || !strings.Contains(r.stderr, "credentials") {
		t.Errorf("to stdout: code %d stderr %q", r.code, r.stderr)
	}
}

func TestExportAndImportUsageAndFailures(t *testing.T) {
	s := newSyncCLI(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"export", nil, exitUsage, "want one CONFIG"},
		{"export", []string{"a", "b"}, exitUsage, "want one CONFIG"},
		{"export", []string{"--api-key", "k", "a"}, exitUsage, "never a flag"},
		{"export", []string{"No such config"}, exitError, `no configuration has the unique_key or name "No such config"`},
		{"export", []string{"SurfLink Main", "-o", s.dir}, exitError, "is a directory"},
		{"import", []string{"SurfLink Main"}, exitUsage, "want CONFIG and FILE"},
		{"import", []string{"SurfLink Main", "f", "--bogus"}, exitUsage, "not defined: -bogus"},
		{"import", []string{"SurfLink Main", "f", "--api-key-stdin"}, exitUsage, "add --yes, or --dry-run"},
		{"import", []string{"SurfLink Main", s.path("missing.json")}, exitError, "no such file"},
	} {
		r := s.run(false, "", tc.name, tc.args...)
		if r.code != tc.code || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 ||
			!strings.HasPrefix(r.stderr, "tweakdash "+tc.name+": ") || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s %q: code %d stdout %q stderr %q", tc.name, tc.args, r.code, r.stdout, r.stderr)
		}
	}
	if n := s.posts(); n != 0 {
		t.Errorf("%d POSTs", n)
	}
	for _, name := range []string{"export", "import"} {
		if r := s.run(false, "", name, "--help"); r.code != 0 || !strings.HasPrefix(r.stdout, "Usage: tweakdash "+name) {
			t.Errorf("%s --help: %+v", name, r)
		}
	}
}

func TestImportOfAnUnchangedExportSendsNoRequest(t *testing.T) {
	s := newSyncCLI(t)
	p := s.export()
	s.sb.ClearRequests()
	r := s.run(false, "", "import", "SurfLink Main", p, "--yes")
	if r.code != 0 || !strings.Contains(r.stdout, "Nothing to change: nothing was sent.") || !strings.Contains(r.stdout, "15 unchanged") || r.stderr != "" {
		t.Errorf("%+v", r)
	}
	for _, req := range s.sb.Requests() {
		if req.Method != http.MethodGet {
			t.Errorf("sent %s %s", req.Method, req.Path)
		}
	}
}

func TestImportDryRunShowsOneUpdateAndOneCreateByNameAndSendsNothing(t *testing.T) {
	s := newSyncCLI(t)
	p := s.edited(s.export())
	r := s.run(true, "", "import", "SurfLink Main", p, "--dry-run")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("%+v", r)
	}
	for _, want := range []string{
		`update server "Backup OpenVPN (UDP) v2" (servers[1], line `,
		`name: "Backup OpenVPN (UDP)" → "Backup OpenVPN (UDP) v2"`,
		`create server "Added SSH" (servers[9], line `,
		`ip_port_user_pass: (hidden)`,
		`Plan: 1 to create, 1 to update, 14 unchanged: one POST /api/v1/configs with 2 items.`,
		"Dry run: nothing was sent.",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the plan lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Count(r.stdout, "  update ")+strings.Count(r.stdout, "  create ") != 2 {
		t.Errorf("more than two items change:\n%s", r.stdout)
	}
	noSecret(t, r)
	if n := s.posts(); n != 0 {
		t.Errorf("--dry-run sent %d POSTs", n)
	}
}

func TestImportYesSendsOnePostWithJustTheTwoItems(t *testing.T) {
	s := newSyncCLI(t)
	p := s.edited(s.export())
	s.sb.ClearRequests()
	r := s.run(false, "", "import", "SurfLink Main", p, "--yes")
	if r.code != 0 || r.stderr != "" ||
		!strings.Contains(r.stdout, `Sent to "SurfLink Main": 1 created, 1 updated (servers: 1 created, 1 updated; tweaks: 0 created, 0 updated).`) {
		t.Fatalf("%+v", r)
	}
	noSecret(t, r)
	var posts []apitest.Recorded
	for _, req := range s.sb.Requests() {
		if req.Method != http.MethodGet {
			posts = append(posts, req)
		}
	}
	if len(posts) != 1 || posts[0].Path != "/api/v1/configs" {
		t.Fatalf("writes %+v", posts)
	}
	var body struct {
		Key     string           `json:"config_unique_key"`
		Servers []map[string]any `json:"servers"`
		Tweaks  []map[string]any `json:"tweaks"`
	}
	if err := json.Unmarshal(posts[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Key != apitest.DemoMainKey || len(body.Servers) != 2 || len(body.Tweaks) != 0 ||
		body.Servers[0]["name"] != "Backup OpenVPN (UDP) v2" || body.Servers[1]["name"] != "Added SSH" {
		t.Errorf("body %s", posts[0].Body)
	}
}

func TestImportAsksOnATerminalAndRefusesWithoutOne(t *testing.T) {
	s := newSyncCLI(t)
	p := s.edited(s.export())

	r := s.run(false, "y\n", "import", "SurfLink Main", p)
	if r.code != exitError || !strings.Contains(r.stderr, "not sending without --yes: stdin is not a terminal") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("no terminal: %+v", r)
	}
	r = s.run(true, "n\n", "import", "SurfLink Main", p)
	if r.code != exitError || !strings.Contains(r.stderr, `Send 1 create and 1 update to "SurfLink Main" in one request? [y/N] `) ||
		!strings.HasSuffix(r.stderr, "tweakdash import: not sent\n") {
		t.Errorf("answered n: %+v", r)
	}
	r = s.run(true, "", "import", "SurfLink Main", p)
	if r.code != exitError {
		t.Errorf("no answer (EOF): %+v", r)
	}
	if n := s.posts(); n != 0 {
		t.Fatalf("%d POSTs before a yes", n)
	}
	r = s.run(true, "y\n", "import", "SurfLink Main", p)
	if r.code != 0 || !strings.Contains(r.stdout, "1 created, 1 updated") {
		t.Errorf("answered y: %+v", r)
	}
	if n := s.posts(); n != 1 {
		t.Errorf("%d POSTs after a yes", n)
	}
}

// The server refuses servers.0.name and servers.1.name: the report names
// the items sent first and second, the rename and the new server, which are
// servers[1] and servers[9] of the file.
func TestImport422NamesTheItemsSentFirstAndSecond(t *testing.T) {
	s := newSyncCLI(t)
	p := s.edited(s.export())
	s.sb.Inject(apitest.Fault{Method: http.MethodPost, PathPrefix: "/api/v1/configs", Status: http.StatusUnprocessableEntity,
		Body: `{"message": "The servers.0.name has already been taken. (and 1 more error)", "errors": {
			"servers.0.name": ["The servers.0.name has already been taken."],
			"servers.1.name": ["The servers.1.name is reserved."]}}`})
	r := s.run(false, "", "import", "SurfLink Main", p, "--yes")
	if r.code != exitError {
		t.Fatalf("%+v", r)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("stderr:\n%s", r.stderr)
	}
	for i, want := range []string{
		`tweakdash import: servers[1] "Backup OpenVPN (UDP) v2" (line `,
		`tweakdash import: servers[9] "Added SSH" (line `,
	} {
		sent := "sent as servers." + string(rune('0'+i)) + "): name: "
		if !strings.HasPrefix(lines[i], want) || !strings.Contains(lines[i], sent) {
			t.Errorf("line %d: %s\nwant %s… %s…", i, lines[i], want, sent)
		}
	}
	if !strings.Contains(lines[2], "nothing was applied") {
		t.Errorf("last line %s", lines[2])
	}
	noSecret(t, r)

	// The same with --json: the rejected items are in the document.
	s.sb.Inject(apitest.Fault{Method: http.MethodPost, PathPrefix: "/api/v1/configs", Status: http.StatusUnprocessableEntity,
		Body: `{"message": "x", "errors": {"servers.1.name": ["The servers.1.name is reserved."]}}`})
	r = s.run(false, "", "import", "SurfLink Main", p, "--yes", "--json")
	var res struct {
		Sent     bool
		Rejected []syncplan.Problem
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != exitError || res.Sent ||
		len(res.Rejected) != 1 || res.Rejected[0].Name != "Added SSH" || res.Rejected[0].Sent != 1 || res.Rejected[0].Index != 9 {
		t.Errorf("--json: %v %+v %s", err, res, r.stdout)
	}
}

func TestImportJSONPrintsThePlanOrTheResult(t *testing.T) {
	s := newSyncCLI(t)
	p := s.edited(s.export())
	r := s.run(false, "", "import", "SurfLink Main", p, "--dry-run", "--json")
	var res struct {
		Plan struct {
			Counts map[string]syncplan.Counts
			Steps  []json.RawMessage
		}
		Sent    bool
		Summary *api.Summary
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != 0 || r.stderr != "" {
		t.Fatalf("%v %+v", err, r)
	}
	if res.Sent || res.Summary != nil || res.Plan.Counts["servers"] != (syncplan.Counts{Create: 1, Update: 1, Unchanged: 8}) || len(res.Plan.Steps) != 16 {
		t.Errorf("dry run: sent %v summary %v counts %v, %d steps", res.Sent, res.Summary, res.Plan.Counts, len(res.Plan.Steps))
	}
	noSecret(t, r)

	r = s.run(false, "", "import", "SurfLink Main", p, "--yes", "--json")
	res.Summary = nil
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != 0 || !res.Sent ||
		res.Summary == nil || res.Summary.ServersCreated != 1 || res.Summary.ServersUpdated != 1 {
		t.Errorf("sent: %v %+v %+v", err, r, res)
	}
	noSecret(t, r)
}

func TestImportOfABadFileSendsNothingAndNamesEachProblem(t *testing.T) {
	s := newSyncCLI(t)
	p := s.path("bad.json")
	os.WriteFile(p, []byte(`{"servers": [{"name": "A", "tunnel_type": "ssh", "colour": 1}, {"name": "B", "tunnel_type": "nope", "id": 4}]}`), 0o600)
	s.sb.ClearRequests()
	r := s.run(false, "", "import", "SurfLink Main", p, "--yes")
	want := "tweakdash import: " + p + `: servers[0] "A" (line 1): unknown field "colour"` + "\n" +
		"tweakdash import: " + p + `: servers[1] "B" (line 1): id is not part of a sync file: the API refuses it (use unique_key)` + "\n" +
		"tweakdash import: nothing was sent\n"
	if r.code != exitError || r.stderr != want || r.stdout != "" {
		t.Errorf("shape: %+v\nwant %s", r, want)
	}
	if n := len(s.sb.Requests()); n != 0 {
		t.Errorf("a bad file cost %d requests", n)
	}

	os.WriteFile(p, []byte(`{"servers": [{"name": "A", "tunnel_type": "ssh"}, {"name": "B", "tunnel_type": "nope"}]}`), 0o600)
	r = s.run(false, "", "import", "SurfLink Main", p, "--yes")
	if r.code != exitError || !strings.Contains(r.stderr, `servers[0] "A" (line 1): ip_port_user_pass: The ip port user pass field is required.`) ||
		!strings.Contains(r.stderr, `servers[1] "B" (line 1): tunnel_type: The selected tunnel type is invalid.`) ||
		!strings.HasSuffix(r.stderr, "2 problems in the plan: nothing was sent\n") {
		t.Errorf("rules: %+v", r)
	}
	if n := s.posts(); n != 0 {
		t.Errorf("%d POSTs", n)
	}
}

// The sandbox refuses a sync past the server limit whole: the rename that
// came with the create is not applied, and the exit status says so.
func TestImportRefusedByTheServerChangesNothing(t *testing.T) {
	s := newSyncCLI(t)
	p := s.edited(s.export())
	l := s.sb.Limits()
	l.Servers = 12 // the demo account's servers: no room for one more
	s.sb.SetLimits(l)
	r := s.run(false, "", "import", "SurfLink Main", p, "--yes")
	if r.code != exitError || !strings.Contains(r.stderr, "limit reached") || !strings.Contains(r.stderr, "nothing was applied") {
		t.Errorf("%+v", r)
	}
	servers, _, err := s.c.ListServers(context.Background(), apitest.DemoMainKey)
	if err != nil || len(servers) != 9 || servers[1].Name != "Backup OpenVPN (UDP)" {
		t.Errorf("after the refusal: %v %d %q", err, len(servers), servers[1].Name)
	}
}

func TestImportOnAReadOnlyProfileOnlyPreviews(t *testing.T) {
	s := newSyncCLI(t)
	p := s.edited(s.export())
	r := s.run(false, "", "import", "SurfLink Main", p, "--yes", "--read-only")
	if r.code != exitError || !strings.Contains(r.stderr, "read-only") {
		t.Errorf("%+v", r)
	}
	if r := s.run(false, "", "import", "SurfLink Main", p, "--dry-run", "--read-only"); r.code != 0 {
		t.Errorf("dry run: %+v", r)
	}
	if n := s.posts(); n != 0 {
		t.Errorf("%d POSTs", n)
	}
}

// A server named with DEL, a one-rune CSI (U+009B) and U+202E reaches
// export's stdout escaped: the terminal acts on none of them, and the JSON
// decodes to the same name.
func TestExportToStdoutKeepsTerminalControlsOut(t *testing.T) {
	s := newSyncCLI(t)
	name := "Paris\x7f\u009b2J\u202egnp.exe"
	if _, _, err := s.c.CreateServer(context.Background(), apitest.DemoMainKey, model.Server{Name: name, TunnelType: model.SSH,
		IPPortUserPass: "203.0.113.5:22"}); err != nil {
		t.Fatal(err)
	}
	r := s.run(false, "", "export", apitest.DemoMainKey)
	if r.code != 0 {
		t.Fatalf("export: %+v", r)
	}
	for _, c := range r.stdout {
		if c != '\n' && termsafe.Acts(c) {
			t.Errorf("stdout holds %U raw", c)
		}
	}
	var doc struct {
		Servers []struct{ Name string } `json:"servers"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sv := range doc.Servers {
		found = found || sv.Name == name
	}
	if !found {
		t.Errorf("no server decodes to %q in %s", name, r.stdout)
	}
}

// export -o onto a FIFO, a socket or a link to a FIFO is refused with a
// clear error, sends nothing to it and leaves it as it was (renaming over
// /dev/null as root replaced it with a file of credentials).
func TestExportRefusesATargetThatIsNotARegularFile(t *testing.T) {
	s := newSyncCLI(t)
	fifo := s.path("fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := s.path("sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	link := s.path("link")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path, kind string
		mode       os.FileMode
	}{{fifo, "a FIFO", os.ModeNamedPipe}, {sock, "a socket", os.ModeSocket}, {link, "a FIFO", os.ModeSymlink}} {
		r := s.run(false, "", "export", "SurfLink Main", "-o", c.path)
		if r.code != exitError || !strings.Contains(r.stderr, c.path+" is not a regular file ("+c.kind+"): nothing written") {
			t.Errorf("-o %s: %+v", c.path, r)
		}
		fi, err := os.Lstat(c.path)
		if err != nil || fi.Mode().Type() != c.mode {
			t.Errorf("%s is now %v (%v)", c.path, fi.Mode(), err)
		}
	}
	entries, _ := os.ReadDir(s.dir)
	if len(entries) != 3 {
		t.Errorf("the directory holds %d entries, want the 3 it had", len(entries))
	}
}

// A mistyped config is not found: export and import list the nearest
// names, closest first, and suggest the closest; nothing is sent.
func TestUnknownConfigListsTheNearestNames(t *testing.T) {
	s := newSyncCLI(t)
	p := s.export()
	for _, args := range [][]string{{"export", "Surflink Mian"}, {"import", "Surflink Mian", p, "--yes"}} {
		r := s.run(false, "", args[0], args[1:]...)
		if r.code != exitError || !strings.Contains(r.stderr, `no configuration has the unique_key or name "Surflink Mian"`) ||
			!strings.Contains(r.stderr, `nearest: "SurfLink Main", "SurfLink Beta", `) || !strings.Contains(r.stderr, `did you mean "SurfLink Main"?`) {
			t.Errorf("%s: %+v", args[0], r)
		}
	}
	if n := s.posts(); n != 0 {
		t.Errorf("%d POSTs", n)
	}
}
