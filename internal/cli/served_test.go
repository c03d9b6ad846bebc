package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"tweakdash/api/apitest"
	"tweakdash/internal/syncplan"
)

// servedSync is tweakdash serve on the demo sandbox with alice, who may
// write, and bob, who is read-only.
type servedSync struct {
	t          *testing.T
	sb         *apitest.Server
	cmd        *serveCmdTest
	alice, bob gossh.Signer
}

func newServedSync(t *testing.T) *servedSync {
	t.Helper()
	xdgHome(t)
	sb, url, _ := testSandbox(t, apitest.Options{Data: apitest.DataDemo, Seed: 1})
	s := &servedSync{t: t, sb: sb, alice: newSigner(t), bob: newSigner(t)}
	// bob alone: his table is the file's last, for read_only to be his.
	body := serveSettings(url, map[string]gossh.Signer{"bob": s.bob}) + "read_only = true\n"
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.alice.PublicKey())))
	body = strings.Replace(body, "\n[serve.users.bob]", "\n[serve.users.alice]\nkeys = [\""+line+"\"]\n\n[serve.users.bob]", 1)
	s.cmd = startServeCmd(t, body)
	return s
}

// ssh runs command as signer with stdin, and returns its output and exit
// status.
func (s *servedSync) ssh(signer gossh.Signer, stdin []byte, command string) cmdRun {
	s.t.Helper()
	conn, err := s.cmd.dial(signer)
	if err != nil {
		s.t.Fatal(err)
	}
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		s.t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	sess.Stdin, sess.Stdout, sess.Stderr = bytes.NewReader(stdin), &out, &errOut
	err = sess.Run(command)
	code := 0
	if exit, ok := errors.AsType[*gossh.ExitError](err); ok {
		code = exit.ExitStatus()
	} else if err != nil {
		s.t.Fatalf("%s: %v (stderr %q)", command, err, errOut.String())
	}
	return cmdRun{out.String(), errOut.String(), code}
}

func (s *servedSync) posts() int { return s.sb.Count(http.MethodPost, "/") }

// renamed is the export with its second server renamed.
func renamed(t *testing.T, export string) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(export), &doc); err != nil {
		t.Fatal(err)
	}
	doc["servers"].([]any)[1].(map[string]any)["name"] = "Renamed over SSH"
	out, _ := json.Marshal(doc)
	return out
}

// ssh HOST export CONFIG writes the config's sync file to stdout; import
// --dry-run of an edited copy on stdin prints its plan and sends nothing;
// a read-only user's --yes is refused and sends nothing, a dry run is
// theirs; a writer's --yes sends one request and writes its audit line.
func TestServedExportAndImportOverTheChannel(t *testing.T) {
	s := newServedSync(t)
	exp := s.ssh(s.bob, nil, `export "SurfLink Main"`)
	if exp.code != 0 || !strings.Contains(exp.stderr, "keep it private") {
		t.Fatalf("export: %+v", exp)
	}
	file, err := syncplan.Parse([]byte(exp.stdout))
	if err != nil || file.ConfigUniqueKey != apitest.DemoMainKey || len(file.Servers) == 0 {
		t.Fatalf("the export on stdout: %v %+v\n%s", err, file, exp.stdout)
	}
	// OpenSSH sends ssh HOST export "SurfLink Main" without its quotes:
	// the words are the name all the same.
	if unquoted := s.ssh(s.bob, nil, `export SurfLink Main`); unquoted.code != 0 || unquoted.stdout != exp.stdout {
		t.Fatalf("export SurfLink Main (the quotes ssh drops): %+v", unquoted)
	}
	edited := renamed(t, exp.stdout)

	for _, who := range []gossh.Signer{s.alice, s.bob} {
		r := s.ssh(who, edited, `import SurfLink Main --dry-run`)
		if r.code != 0 || !strings.Contains(r.stdout, `update server "Renamed over SSH"`) || !strings.Contains(r.stdout, "Plan: 0 to create, 1 to update") ||
			!strings.Contains(r.stdout, "Dry run: nothing was sent.") {
			t.Errorf("dry run: %+v", r)
		}
	}
	r := s.ssh(s.bob, edited, `import "SurfLink Main" --yes`)
	if r.code != exitError || !strings.Contains(r.stderr, "your access here is read-only: import would write; --dry-run shows the plan; nothing was sent") {
		t.Errorf("read-only --yes: %+v", r)
	}
	r = s.ssh(s.alice, edited, `import "SurfLink Main"`)
	if r.code != exitError || !strings.Contains(r.stderr, "not sending without --yes") {
		t.Errorf("without --yes: %+v", r)
	}
	if n := s.posts(); n != 0 {
		t.Fatalf("%d POSTs before a writer's --yes", n)
	}
	auditPath := filepath.Join(s.cmd.state, "serve", "audit", "alice.jsonl")
	if _, err := os.Stat(auditPath); err == nil {
		t.Fatal("an audit line before any write")
	}

	r = s.ssh(s.alice, edited, `import "SurfLink Main" --yes`)
	if r.code != 0 || !strings.Contains(r.stdout, "0 created, 1 updated") {
		t.Fatalf("--yes: %+v", r)
	}
	if n := s.posts(); n != 1 {
		t.Errorf("%d POSTs after --yes, want 1", n)
	}
	log, err := os.ReadFile(auditPath)
	if err != nil || strings.Count(string(log), "\n") != 1 || !strings.Contains(string(log), `"method":"POST","path":"/api/v1/configs","result":"ok","fields":["name"]`) {
		t.Errorf("alice's audit log: %q %v", log, err)
	}
	s.cmd.waitLog(`msg="session end" .*command=import.* reason="exit 0"`)
}

// Any other command is refused with the list of those allowed; export and
// import take no host path (-o, a FILE) and no flag of the local command
// that picks a profile or writes a debug log; stdin larger than a sync
// file may be is refused. Nothing is sent, nothing is written on the host.
func TestServedCommandsReachNothingElse(t *testing.T) {
	s := newServedSync(t)
	target := filepath.Join(t.TempDir(), "written-on-the-host.json")
	for _, c := range []struct {
		command string
		code    int
		says    string
	}{
		{"ls /", 1, "the commands export and import: ssh HOST export CONFIG > file"},
		{"sh -c id", 1, "the commands export and import"},
		{`export "SurfLink Main" -o ` + target, 2, "flag provided but not defined: -o; over ssh the file is stdout"},
		{`export "SurfLink Main" --profile other`, 2, "flag provided but not defined: -profile"},
		{`import "SurfLink Main" /etc/passwd --dry-run`, 2, "want CONFIG, not a FILE; over ssh the file is stdin"},
		{`import SurfLink Main staging.json --dry-run`, 2, "want CONFIG, not a FILE; over ssh the file is stdin"},
		{`import "SurfLink Main" --debug --yes`, 2, "flag provided but not defined: -debug"},
	} {
		r := s.ssh(s.alice, nil, c.command)
		if r.code != c.code || !strings.Contains(r.stderr, c.says) || strings.Contains(r.stdout, "root") {
			t.Errorf("%s: %+v", c.command, r)
		}
	}
	if _, err := os.Stat(target); err == nil {
		t.Error("export -o wrote on the host")
	}

	big := append([]byte(`{"config_unique_key":"`+apitest.DemoMainKey+`","servers":[],"tweaks":[],"x":"`), bytes.Repeat([]byte("a"), syncplan.MaxFileSize)...)
	r := s.ssh(s.alice, append(big, `"}`...), `import "SurfLink Main" --yes`)
	if r.code != exitError || !strings.Contains(r.stderr, "stdin is larger than 8 MiB") {
		t.Errorf("oversized stdin: %+v", r)
	}
	if n := s.posts(); n != 0 {
		t.Errorf("%d POSTs", n)
	}
}
