package cli

import (
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
