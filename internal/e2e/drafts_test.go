package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// draftFiles reads the draft files under the state directory of env.
func draftFiles(t *testing.T, env []string) map[string]string {
	t.Helper()
	dir := filepath.Join(envValue(env, "XDG_STATE_HOME"), "tweakdash", "drafts")
	names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	out := map[string]string{}
	for _, p := range names {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = string(data)
	}
	return out
}

// A hang-up with a form open saves what was typed (not the private key),
// restores the terminal, and the next start offers it back.
func TestE2EHangUpSavesTheFormAsADraftAndTheNextStartRestoresIt(t *testing.T) {
	sb := startE2ESandbox(t)
	env := dashboardEnv(t, sb)
	tm := startTerm(t, 100, 30, env)
	cfg := sb.configs[0]
	tm.waitText(prefix(cfg.Name, 12))
	tm.press("\r")
	tm.waitOpened(sb.configs[0])
	tm.press("n")
	tm.waitText("New server", "Tunnel type")
	// ssh, the name, the address, then past the SSL port to the key.
	tm.press("\x1b[C\x1b[C\rDrafted SSH\r1.2.3.4:22\t\t")
	tm.waitText("SSH private key")
	tm.press("\x1b[200~-----BEGIN OPENSSH PRIVATE KEY-----\nTOPSECRETKEY\n-----END OPENSSH PRIVATE KEY-----\x1b[201~")
	tm.waitText("1.2.3.4:22")
	if err := tm.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if code := tm.wait(); code != exitHangUp {
		t.Errorf("exit status %d after SIGHUP, want %d", code, exitHangUp)
	}
	if tm.altScreen() {
		t.Error("left on the alternate screen after a hang-up")
	}

	files := draftFiles(t, env)
	if len(files) != 1 {
		t.Fatalf("%d draft files after the hang-up, want 1", len(files))
	}
	for p, body := range files {
		for _, want := range []string{`"name": "Drafted SSH"`, `"ip_port_user_pass": "1.2.3.4:22"`, `"config_key": "` + cfg.UniqueKey + `"`} {
			if !strings.Contains(body, want) {
				t.Errorf("draft lacks %s:\n%s", want, body)
			}
		}
		for _, secret := range []string{"TOPSECRETKEY", "ssh_pk", e2eKey} {
			if strings.Contains(body, secret) {
				t.Errorf("draft holds %q:\n%s", secret, body)
			}
		}
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("draft mode %v (%v), want 0600", fi.Mode().Perm(), err)
		}
	}

	tm = startTerm(t, 100, 30, env)
	tm.waitText("Restore your unsaved new server 'Drafted SSH' in config " + cfg.Name + "?")
	tm.press("\r") // Yes
	tm.waitText("New server", "Drafted SSH", "1.2.3.4:22")
	// Saving it removes the draft.
	tm.press("\x13")
	tm.waitText("created")
	if n := len(draftFiles(t, env)); n != 0 {
		t.Errorf("%d draft files after the restored form was saved, want 0", n)
	}
	quit(t, tm)
}

// SIGTERM saves too, and exits 143; No at the next start deletes the draft.
func TestE2ETerminateSavesADraftAndNoDeletesIt(t *testing.T) {
	sb := startE2ESandbox(t)
	env := dashboardEnv(t, sb)
	tm := startTerm(t, 100, 30, env)
	tm.waitText(prefix(sb.configs[0].Name, 12))
	tm.press("\r")
	tm.waitOpened(sb.configs[0])
	tm.press("n")
	tm.waitText("New server", "Tunnel type")
	tm.press("\rKilled mid-form")
	tm.waitText("Killed mid-form")
	if err := tm.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := tm.wait(); code != exitTerminated {
		t.Errorf("exit status %d after SIGTERM, want %d", code, exitTerminated)
	}
	if tm.altScreen() {
		t.Error("left on the alternate screen after SIGTERM")
	}
	if n := len(draftFiles(t, env)); n != 1 {
		t.Fatalf("%d draft files after SIGTERM, want 1", n)
	}

	tm = startTerm(t, 100, 30, env)
	tm.waitText("Restore your unsaved new server 'Killed mid-form'")
	tm.press("n")
	tm.waitText("configs loaded") // the dashboard, past the question
	if n := len(draftFiles(t, env)); n != 0 {
		t.Errorf("%d draft files after No, want 0", n)
	}
	quit(t, tm)
}

// ctrl+c is the only way out of an open form: what was typed is kept as a
// draft, and the terminal says where.
func TestE2ECtrlCWithAChangedFormKeepsADraft(t *testing.T) {
	sb := startE2ESandbox(t)
	env := dashboardEnv(t, sb)
	tm := startTerm(t, 100, 30, env)
	tm.waitText(prefix(sb.configs[0].Name, 12))
	tm.press("\r")
	tm.waitOpened(sb.configs[0])
	tm.press("n")
	tm.waitText("New server", "Tunnel type")
	tm.press("\rLeft by ctrl+c")
	tm.waitText("Left by ctrl+c")
	tm.press("\x03")
	if code := tm.wait(); code != exitOK {
		t.Errorf("exit status %d after ctrl+c, want 0", code)
	}
	if !strings.Contains(tm.output(), "was saved as a draft") {
		t.Error("nothing said where the form went")
	}
	if n := len(draftFiles(t, env)); n != 1 {
		t.Fatalf("%d draft files after ctrl+c in a changed form, want 1", n)
	}
}

// Pasted device IDs left in a form by a hang-up come back on their own
// lines, one ID a line, not as one malformed line.
func TestE2EHangUpWithPastedDeviceIDsRestoresThemLineByLine(t *testing.T) {
	sb := startE2ESandbox(t)
	env := dashboardEnv(t, sb)
	tm := startTerm(t, 100, 30, env)
	cfg := sb.configs[0]
	tm.waitText(prefix(cfg.Name, 12))
	tm.press("\r")
	tm.waitOpened(cfg)
	tm.press("3")
	tm.waitText("DEVICE ID")
	tm.press("n")
	tm.waitText("Device IDs (paste")
	ids := []string{"0011223344556677889900AABBCCDDE1", "0011223344556677889900AABBCCDDE2", "0011223344556677889900AABBCCDDE3", "0011223344556677889900AABBCCDDE4"}
	tm.press("\x1b[200~" + strings.Join(ids, "\n") + "\x1b[201~")
	tm.waitText("4 lines: 4 new")
	if err := tm.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if code := tm.wait(); code != exitHangUp {
		t.Errorf("exit status %d after SIGHUP, want %d", code, exitHangUp)
	}

	tm = startTerm(t, 100, 30, env)
	tm.waitText("Restore your unsaved new device ID")
	tm.press("\r") // Yes
	tm.waitText("4 lines: 4 new", ids[0], ids[3])
	tm.waitFor("each ID on a line of its own", func(s string) bool {
		for i, id := range ids {
			if !strings.Contains(s, strconv.Itoa(i+1)+" "+id) {
				return false
			}
		}
		return strings.Contains(s, "4 lines: 4 new") && !strings.Contains(s, "✗ malformed")
	})
	tm.press("\x1b") // unchanged since restored: closes at once
	tm.waitFor("the form closed", func(s string) bool { return !strings.Contains(s, "Device IDs (paste") })
	quit(t, tm)
}
