package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/model"
)

// script runs a command line of the command tree against url with the
// test key in the environment; outTTY says whether stdout is a terminal.
func script(t *testing.T, url string, outTTY bool, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	environ := []string{"TERM=dumb", "HTTPTWEAK_API_KEY=" + testKey, "HTTPTWEAK_BASE_URL=" + url}
	code = runCommand(context.Background(), args, environ, scriptIO{
		cmdIO:  cmdIO{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut},
		outTTY: outTTY,
	})
	if strings.Contains(out.String()+errOut.String(), testKey) {
		t.Errorf("%q printed the API key", args)
	}
	return out.String(), errOut.String(), code
}

// hostileName is a config name that would move the cursor, recolour and
// split a column if printed raw.
const hostileName = "evil\x1b[31m\tname\x9b2J\r\n"

func scriptSandbox(t *testing.T) (*apitest.Server, string, *api.Client) {
	t.Helper()
	xdgHome(t)
	sb, url, c := testSandbox(t, apitest.Options{})
	sb.AddConfig(apitest.ConfigSpec{Name: "Alpha", UniqueKey: "alpha0000key"})
	sb.AddConfig(apitest.ConfigSpec{Name: "Alpine", UniqueKey: "alpine000key"})
	sb.AddConfig(apitest.ConfigSpec{Name: hostileName, UniqueKey: "hostile00key"})
	return sb, url, c
}

func TestConfigsPipedIsTabSeparatedWithNoEscapeByte(t *testing.T) {
	_, url, _ := scriptSandbox(t)
	out, errOut, code := script(t, url, false, "configs")
	if code != exitOK || errOut != "" {
		t.Fatalf("status %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want one line per config and no header, got %q", out)
	}
	for _, l := range lines {
		if n := len(strings.Split(l, "\t")); n != 5 {
			t.Errorf("line %q has %d tab-separated fields, want 5", l, n)
		}
	}
	if strings.ContainsAny(out, "\x1b\r\u009b") {
		t.Errorf("piped output holds an escape byte: %q", out)
	}
}

func TestConfigsOnATerminalIsAnAlignedTable(t *testing.T) {
	_, url, _ := scriptSandbox(t)
	out, _, code := script(t, url, true, "configs")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != exitOK || len(lines) != 4 || !strings.HasPrefix(lines[0], "NAME ") {
		t.Fatalf("status %d, want a header and three rows:\n%s", code, out)
	}
	col := strings.Index(lines[0], "UNIQUE KEY")
	for _, l := range lines[1:] {
		if r := []rune(l); !strings.HasPrefix(string(r[col:]), "al") && !strings.HasPrefix(string(r[col:]), "hostile00key") {
			t.Errorf("the unique key is not under its header in %q", l)
		}
		if strings.ContainsAny(l, "\x1b\t") {
			t.Errorf("row %q holds an escape or a tab", l)
		}
	}
}

func TestConfigsJSONListsEveryConfigWithTheAPIsFieldNames(t *testing.T) {
	_, url, _ := scriptSandbox(t)
	out, _, code := script(t, url, false, "configs", "--json")
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != exitOK {
		t.Fatalf("status %d, not a JSON array (%v):\n%s", code, err, out)
	}
	names := map[any]any{}
	for _, c := range got {
		names[c["unique_key"]] = c["name"]
	}
	if len(got) != 3 || names["alpha0000key"] != "Alpha" || names["alpine000key"] != "Alpine" || names["hostile00key"] == nil {
		t.Errorf("want the three configs with name and unique_key, got %v", got)
	}
	if strings.ContainsAny(out, "\x1b\u009b") {
		t.Errorf("JSON holds a raw escape: %q", out)
	}
}

func TestConfigsJQPrintsStringsBare(t *testing.T) {
	_, url, _ := scriptSandbox(t)
	out, errOut, code := script(t, url, false, "configs", "--jq", `.[] | select(.name | startswith("Al")) | .unique_key`)
	if code != exitOK || out != "alpha0000key\nalpine000key\n" {
		t.Errorf("status %d, stdout %q, stderr %q", code, out, errOut)
	}
	_, errOut, code = script(t, url, false, "configs", "--jq", ".[")
	if code != exitUsage || !strings.Contains(errOut, "--jq") {
		t.Errorf("a bad --jq: status %d, stderr %q; want 2 naming --jq", code, errOut)
	}
}

func TestAConfigIsFoundByNameKeyOrUniquePrefix(t *testing.T) {
	sb, url, _ := scriptSandbox(t)
	for _, arg := range []string{"Alpha", "alpha0000key", "alph", "hostile"} {
		if _, errOut, code := script(t, url, false, "resources", arg); code != exitOK {
			t.Errorf("resources %q: status %d, stderr %q", arg, code, errOut)
		}
	}
	if n := sb.Count("GET", "/api/v1/configs/hostile00key"); n != 1 {
		t.Errorf("resources hostile read hostile00key's resources %d times, want 1", n)
	}
	out, errOut, code := script(t, url, false, "resources", "Alp")
	if code != exitUsage || out != "" || !strings.Contains(errOut, "Alpha") || !strings.Contains(errOut, "Alpine") {
		t.Errorf("an ambiguous prefix: status %d, stderr %q; want 2 listing both matches", code, errOut)
	}
	_, errOut, code = script(t, url, false, "servers", "list", "nothing-like-it")
	if code != exitNotFound || strings.Count(errOut, "\n") != 1 {
		t.Errorf("an unknown config: status %d, stderr %q; want 4 and one line", code, errOut)
	}
}

func TestARefusedKeyExits5AndANetworkErrorExits1(t *testing.T) {
	_, url, _ := scriptSandbox(t)
	var out, errOut bytes.Buffer
	code := runCommand(context.Background(), []string{"configs"},
		[]string{"HTTPTWEAK_API_KEY=wrong-key", "HTTPTWEAK_BASE_URL=" + url},
		scriptIO{cmdIO: cmdIO{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}})
	if code != exitRefused || out.Len() != 0 {
		t.Errorf("a wrong key: status %d, stdout %q, stderr %q; want 5", code, out.String(), errOut.String())
	}
	if _, errOut, code := script(t, "http://127.0.0.1:1", false, "configs"); code != exitError {
		t.Errorf("no server: status %d, stderr %q; want 1", code, errOut)
	}
}

func TestServersGetMasksSecretsUnlessAsked(t *testing.T) {
	_, url, c := scriptSandbox(t)
	port := model.Int(443)
	if _, _, err := c.CreateServer(context.Background(), "alpha0000key", model.Server{Name: "edge", TunnelType: model.SSH,
		IPPortUserPass: "203.0.113.10:22@surf:hunter2pw", SSLPort: &port}); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := script(t, url, false, "servers", "get", "Alpha", "edge", "--json")
	if code != exitOK || !strings.Contains(out, `"name": "edge"`) || strings.Contains(out, "hunter2pw") {
		t.Errorf("status %d, stderr %q: want edge with its password masked:\n%s", code, errOut, out)
	}
	out, _, _ = script(t, url, false, "servers", "get", "Alpha", "edge", "--json", "--show-secrets")
	if !strings.Contains(out, "hunter2pw") {
		t.Errorf("--show-secrets: want the password shown:\n%s", out)
	}
	if _, _, code := script(t, url, false, "servers", "get", "Alpha", "nowhere"); code != exitNotFound {
		t.Errorf("an unknown server: status %d, want 4", code)
	}
}

func TestCompletionOffersConfigNamesWithoutARequest(t *testing.T) {
	sb, url, _ := scriptSandbox(t)
	if _, errOut, code := script(t, url, false, "configs"); code != exitOK {
		t.Fatalf("configs: status %d, stderr %q", code, errOut)
	}
	before := len(sb.Requests())
	for _, args := range [][]string{{"__complete", "servers", "list", ""}, {"__complete", "resources", "Al"}} {
		out, errOut, code := script(t, url, false, args...)
		if code != exitOK || !strings.Contains(out, "Alpha\talpha0000key\n") || !strings.Contains(out, "Alpine\talpine000key\n") {
			t.Errorf("%q: status %d, stderr %q, want the cached names:\n%s", args, code, errOut, out)
		}
		if strings.ContainsAny(out, "\x1b\u009b") {
			t.Errorf("%q: a completion holds an escape: %q", args, out)
		}
	}
	if n := len(sb.Requests()) - before; n != 0 {
		t.Errorf("completion sent %d requests, want none", n)
	}
}

func TestARateLimitWaitLongerThanMaxWaitExits6(t *testing.T) {
	sb, url, _ := scriptSandbox(t)
	sb.Inject(apitest.Fault{Method: "GET", Status: 429, Times: -1, Header: http.Header{"Retry-After": {"120"}}})
	_, errOut, code := script(t, url, false, "configs", "--max-wait", "5s")
	if code != exitWait || strings.Count(errOut, "\n") != 1 {
		t.Errorf("status %d, stderr %q; want 6 and one line", code, errOut)
	}
}
