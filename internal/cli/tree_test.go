package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestTodaysCommandsAndCompletionRunUnderTheTree(t *testing.T) {
	xdgHome(t)
	out, _, code := runArgs(t, "export", "--help")
	if code != exitOK || out != exportUsage {
		t.Errorf("export --help: status %d, want its own usage, got %q", code, out)
	}
	if _, errOut, code := runArgs(t, "import", "--nope"); code != exitUsage || !strings.Contains(errOut, "tweakdash import") {
		t.Errorf("import --nope: status %d stderr %q", code, errOut)
	}
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		out, errOut, code := runArgs(t, "completion", sh)
		if code != exitOK || !strings.Contains(out, "tweakdash") || errOut != "" {
			t.Errorf("completion %s: status %d, %d bytes, stderr %q", sh, code, len(out), errOut)
		}
	}
	if _, errOut, code := runArgs(t, "no-such-command"); code != exitUsage || strings.Count(errOut, "\n") != 1 {
		t.Errorf("an unknown command: status %d, stderr %q; want 2 and one line", code, errOut)
	}
}

func TestTheAPIFlagsMayComeBeforeAScriptCommand(t *testing.T) {
	_, url, _ := scriptSandbox(t)
	var out, errOut bytes.Buffer
	code := Main(context.Background(), []string{"--base-url", url, "--read-only", "configs", "--jq", ".[0].name"},
		[]string{"HTTPTWEAK_API_KEY=" + testKey}, &out, &errOut)
	if code != exitOK || out.String() != "Alpha\n" {
		t.Errorf("status %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	if _, errOut, code := runArgs(t, "--mouse", "configs"); code != exitUsage || !strings.Contains(errOut, `"configs"`) {
		t.Errorf("--mouse configs: status %d, stderr %q; want the dashboard's usage error", code, errOut)
	}
}

func TestScriptCommandsRunOnTheDemoSandbox(t *testing.T) {
	xdgHome(t)
	out, errOut, code := runArgs(t, "--demo", "configs", "--jq", "length")
	if code != exitOK || out != "4\n" {
		t.Errorf("status %d, stdout %q, stderr %q; want the demo's four configs", code, out, errOut)
	}
}
