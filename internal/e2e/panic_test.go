package e2e

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The crash path needs a binary that crashes on demand: internal/cli's
// panic_e2e.go, built in only with this tag, panics on panicTrigger while
// the dashboard runs.
const (
	panicTag     = "tweakdash_e2e_panic"
	panicTrigger = "\x1b[24~" // F12, as xterm sends it
	panicHook    = "tweakdash/internal/cli.panicOnKey"
)

// hasSymbol reports whether the binary at path defines the function name.
func hasSymbol(t *testing.T, path, name string) bool {
	t.Helper()
	out, err := exec.Command("go", "tool", "nm", path).Output()
	if err != nil {
		t.Fatalf("go tool nm %s: %v", path, err)
	}
	return strings.Contains(string(out), " "+name+"\n")
}

// A panic with a form open: the program says it hit an internal error and
// exits 1 with the terminal restored, the form is kept as a draft without
// its secret, and the next start offers it back.
func TestE2EPanicInAFormSavesADraftRestoresTheTerminalAndTheNextStartOffersIt(t *testing.T) {
	bin := binary(t, panicTag)
	if !hasSymbol(t, bin, panicHook) || hasSymbol(t, binary(t, ""), panicHook) {
		t.Fatal("the panic trigger must be in the tagged build and only there")
	}
	sb := startE2ESandbox(t)
	env := dashboardEnv(t, sb)
	cfg := sb.configs[0]
	const secret = "PANICSECRETKEY"

	tm := startBin(t, bin, 100, 30, env)
	tm.waitText(prefix(cfg.Name, 12))
	tm.press("\r")
	tm.waitOpened(cfg)
	tm.press("n")
	tm.waitText("New server", "Tunnel type")
	// ssh, the name, the address, then past the SSL port to the key.
	tm.press("\x1b[C\x1b[C\rCrashed SSH\r5.6.7.8:22\t\t")
	tm.waitText("SSH private key")
	tm.press("\x1b[200~-----BEGIN OPENSSH PRIVATE KEY-----\n" + secret + "\n-----END OPENSSH PRIVATE KEY-----\x1b[201~")
	// The key is in the form, masked, one dot per character of each line:
	// the crash must leave it out of the draft.
	masked := "┃ " + strings.Repeat("•", len(secret)) + " "
	tm.waitFor("the masked key", func(s string) bool {
		return strings.Contains(s, "Crashed SSH") && strings.Contains(s, "5.6.7.8:22") && strings.Contains(s, masked)
	})
	tm.press(panicTrigger)

	if code := tm.wait(); code != exitError {
		t.Errorf("exit status %d after a panic, want %d", code, exitError)
	}
	if err := tm.pt.Restored(); err != nil {
		t.Error(err)
	}
	if s := tm.screen(); !strings.Contains(s, "tweakdash: internal error: ") {
		t.Errorf("the screen after the crash does not say it was an internal error:\n%s", s)
	}
	out := tm.output()
	for _, want := range []string{"tweakdash: internal error: ", "tweakdash: your new server was saved as a draft: ~/"} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr lacks %q", want)
		}
	}
	// Bubble Tea writes the panic and a stack trace on stderr before our
	// line; neither may carry the key or the form's secret.
	for _, leak := range []string{secret, e2eKey} {
		if strings.Contains(out, leak) {
			t.Errorf("the terminal was sent %q", leak)
		}
	}

	files := draftFiles(t, env)
	if len(files) != 1 {
		t.Fatalf("%d draft files after the panic, want 1", len(files))
	}
	for p, body := range files {
		for _, want := range []string{`"name": "Crashed SSH"`, `"ip_port_user_pass": "5.6.7.8:22"`, `"config_key": "` + cfg.UniqueKey + `"`} {
			if !strings.Contains(body, want) {
				t.Errorf("draft lacks %s:\n%s", want, body)
			}
		}
		for _, leak := range []string{secret, "ssh_pk", e2eKey} {
			if strings.Contains(body, leak) {
				t.Errorf("draft holds %q:\n%s", leak, body)
			}
		}
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("draft mode %v (%v), want 0600", fi.Mode().Perm(), err)
		}
	}

	// The shipped binary offers the draft back, and the trigger does nothing
	// there: the restored form is still open to save after it.
	tm = startTerm(t, 100, 30, env)
	tm.waitText("Restore your unsaved new server 'Crashed SSH' in config " + cfg.Name + "?")
	tm.press("\r") // Yes
	tm.waitText("New server", "Crashed SSH", "5.6.7.8:22")
	tm.press(panicTrigger + "\x13")
	tm.waitText("created")
	if n := len(draftFiles(t, env)); n != 0 {
		t.Errorf("%d draft files after the restored form was saved, want 0", n)
	}
	quit(t, tm)
}
