package cli

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"tweakdash/api"
	"tweakdash/api/apitest"
)

// accessSandbox is scriptSandbox with a config "Gamma" whose device-ID and
// password lists are on.
func accessSandbox(t *testing.T) (*apitest.Server, string, *api.Client) {
	t.Helper()
	sb, url, c := scriptSandbox(t)
	sb.AddConfig(apitest.ConfigSpec{Name: "Gamma", UniqueKey: "gamma0000key", CloudHWIDLock: true, CloudPassword: true})
	return sb, url, c
}

// scriptStdin is script with stdin.
func scriptStdin(t *testing.T, url, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = runCommand(context.Background(), args, []string{"HTTPTWEAK_API_KEY=" + testKey, "HTTPTWEAK_BASE_URL=" + url},
		scriptIO{cmdIO: cmdIO{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut}})
	return out.String(), errOut.String(), code
}

func hexID(i int) string { return fmt.Sprintf("%032X", i+1) }

func TestDeviceIDsAddSendsAStdinBatchInOneRequestWithDuplicatesAndBadLines(t *testing.T) {
	sb, url, c := accessSandbox(t)
	l := sb.Limits()
	l.DeviceIDs, l.DeviceIDsPerConfig = 20000, 10000
	sb.SetLimits(l)
	var in strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&in, "%s\n", strings.ToLower(hexID(i)))
	}
	in.WriteString(hexID(0) + "\n")     // line 5001: a duplicate
	in.WriteString("not-an-id\n")       // line 5002: invalid
	in.WriteString(hexID(1) + ", zz\n") // line 5003: a duplicate and an invalid one
	input := in.String()

	_, errOut, code := scriptStdin(t, url, input, "device-ids", "add", "Gamma")
	if code != exitInvalid || !strings.Contains(errOut, "line 5002: not-an-id:") || !strings.Contains(errOut, "line 5003: zz:") {
		t.Errorf("without --skip-invalid: status %d, stderr %q; want 3 naming the bad lines", code, errOut)
	}
	if n := sb.Count("POST", "/"); n != 0 {
		t.Fatalf("a refused batch sent %d POSTs", n)
	}
	_, errOut, code = scriptStdin(t, url, input, "device-ids", "add", "Gamma", "--skip-invalid")
	if code != exitOK || !strings.HasPrefix(errOut, "added 5000; duplicate 2 (line 5001, 5003); invalid 2 (line 5002, 5003)") {
		t.Errorf("--skip-invalid: status %d, stderr %q", code, errOut)
	}
	if n := sb.Count("POST", "/"); n != 1 {
		t.Errorf("%d POSTs for one batch, want 1", n)
	}
	if list, _, _ := c.ListDeviceIDs(context.Background(), "gamma0000key"); len(list) != 5000 {
		t.Errorf("%d device IDs in the config, want 5000", len(list))
	}
	_, errOut, code = scriptStdin(t, url, "", "device-ids", "add", "Gamma", hexID(0), hexID(9999))
	if code != exitOK || !strings.HasPrefix(errOut, "added 1; already present 1 (line 1)") {
		t.Errorf("IDs as arguments: status %d, stderr %q", code, errOut)
	}
}

func TestDeviceIDsListFindsAnInactiveOneWithJQ(t *testing.T) {
	_, url, _ := accessSandbox(t)
	if _, errOut, code := scriptStdin(t, url, "", "device-ids", "add", "Gamma", hexID(1), "--inactive"); code != exitOK {
		t.Fatalf("status %d, stderr %q", code, errOut)
	}
	scriptStdin(t, url, "", "device-ids", "add", "Gamma", hexID(2))
	out, errOut, code := script(t, url, false, "device-ids", "list", "Gamma", "--jq", ".[] | select(.is_active | not) | .device_id")
	if code != exitOK || out != hexID(1)+"\n" {
		t.Errorf("status %d, stdout %q, stderr %q; want the inactive ID alone", code, out, errOut)
	}
	out, _, code = script(t, url, false, "device-ids", "get", "Gamma", strings.ToLower(hexID(2)))
	if code != exitOK || !strings.Contains(out, "\t"+hexID(2)+"\tyes\t") {
		t.Errorf("get by value: status %d, stdout %q", code, out)
	}
}

func TestPasswordsCreateGeneratePrintsTheValuesOneALine(t *testing.T) {
	_, url, c := accessSandbox(t)
	out, errOut, code := script(t, url, false, "passwords", "create", "Gamma", "--generate", "-n", "3", "--type", "one_time")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != exitOK || len(lines) != 3 {
		t.Fatalf("status %d, stderr %q; want three values:\n%s", code, errOut, out)
	}
	list, _, _ := c.ListPasswords(context.Background(), "gamma0000key")
	have := map[string]bool{}
	for _, p := range list {
		have[p.Password] = p.Type == "one_time"
	}
	for _, l := range lines {
		if !have[l] {
			t.Errorf("printed %q, which is not a one_time password of the config", l)
		}
	}
	if _, errOut, code := script(t, url, false, "passwords", "create", "Gamma", "--generate", "-n", "9"); code != exitInvalid || !strings.HasPrefix(errOut, "count: ") {
		t.Errorf("-n 9: status %d, stderr %q; want 3 naming count", code, errOut)
	}
}

func TestAPasswordIsReadFromStdinNeverAFlag(t *testing.T) {
	_, url, c := accessSandbox(t)
	out, errOut, code := scriptStdin(t, url, "s3cret-pass\n", "passwords", "create", "Gamma", "--password-stdin", "--json")
	if code != exitOK || strings.Contains(out+errOut, "s3cret-pass") {
		t.Errorf("status %d, stderr %q, stdout %q; want it created and not printed", code, errOut, out)
	}
	if list, _, _ := c.ListPasswords(context.Background(), "gamma0000key"); len(list) != 1 || list[0].Password != "s3cret-pass" {
		t.Errorf("passwords: %+v", list)
	}
	if _, errOut, code := script(t, url, false, "passwords", "create", "Gamma", "--password", "x"); code != exitUsage {
		t.Errorf("--password: status %d, stderr %q; want 2", code, errOut)
	}
	if _, errOut, code := script(t, url, false, "passwords", "create", "Gamma"); code != exitUsage || !strings.Contains(errOut, "--password-stdin") {
		t.Errorf("no password and no terminal: status %d, stderr %q", code, errOut)
	}
}

// The README's recipe: the IDs a file lists, any case, deleted by value.
func TestDeviceIDsDeleteByValueInAnyCase(t *testing.T) {
	sb, url, c := accessSandbox(t)
	if _, errOut, code := scriptStdin(t, url, "", "device-ids", "add", "Gamma", hexID(1), hexID(2), hexID(3)); code != exitOK {
		t.Fatalf("status %d, stderr %q", code, errOut)
	}
	_, errOut, code := script(t, url, false, "device-ids", "delete", "Gamma", "--yes", strings.ToLower(hexID(1)), hexID(3))
	if code != exitOK || sb.Count("DELETE", "/") != 2 {
		t.Errorf("status %d, stderr %q, %d deletes", code, errOut, sb.Count("DELETE", "/"))
	}
	if list, _, _ := c.ListDeviceIDs(context.Background(), "gamma0000key"); len(list) != 1 || list[0].DeviceID != hexID(2) {
		t.Errorf("left: %+v", list)
	}
}

func TestDeviceIDsUpdateDeactivatesSeveralAtOnce(t *testing.T) {
	sb, url, _ := accessSandbox(t)
	if _, errOut, code := scriptStdin(t, url, "", "device-ids", "add", "Gamma", hexID(1), hexID(2), hexID(3)); code != exitOK {
		t.Fatalf("status %d, stderr %q", code, errOut)
	}
	_, errOut, code := script(t, url, false, "device-ids", "update", "Gamma", "--yes", "--set", "is_active=false", hexID(1), hexID(3))
	if code != exitOK || sb.Count("PUT", "/") != 2 {
		t.Fatalf("status %d, stderr %q, %d PUTs; want 2", code, errOut, sb.Count("PUT", "/"))
	}
	out, _, _ := script(t, url, false, "device-ids", "list", "Gamma", "--jq", ".[] | select(.is_active | not) | .device_id")
	if out != hexID(1)+"\n"+hexID(3)+"\n" {
		t.Errorf("inactive after the update: %q", out)
	}
	_, errOut, code = script(t, url, false, "passwords", "update", "Gamma", "--all", "--yes", "--set", "password=hunter22")
	if code != exitUsage || strings.Contains(errOut, "hunter22") {
		t.Errorf("--set password: status %d, stderr %q; want 2 without echoing it", code, errOut)
	}
}
