package e2e

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"tweakdash/api/apitest"
	"tweakdash/model"
)

// A server key that would run a command when pasted (it ends the shell's
// bracketed paste, then a line) is not put on the clipboard; an ordinary
// one is, byte for byte.
func TestE2ECopyPutsNothingRawOnTheClipboard(t *testing.T) {
	sb, url, c := testSandbox(t, apitest.Options{Data: apitest.DataEmpty})
	key := sb.AddConfig(apitest.ConfigSpec{Name: "Copy Config"})
	evil := "8bcb\x1b[201~\ntouch /tmp/x\n"
	ctx := context.Background()
	for _, s := range []model.Server{
		{Name: "A evil", TunnelType: model.SSH, IPPortUserPass: "203.0.113.5:22", UniqueKey: evil},
		{Name: "B plain", TunnelType: model.SSH, IPPortUserPass: "203.0.113.6:22", UniqueKey: "plain-key-1"},
	} {
		if _, _, err := c.CreateServer(ctx, key, s); err != nil {
			t.Fatal(err)
		}
	}
	tm := startTerm(t, 120, 40, dashboardEnv(t, e2eSandbox{url: url}))
	tm.waitText("Copy Config")
	tm.press("\r")
	tm.waitText("Servers (2)", "A evil")
	tm.press("y")
	tm.waitText("Not copied: the key")
	tm.press("jy")
	tm.waitText("Copied server key")
	eff := replay(tm.output(), 120, 40)
	if len(eff.clipboard) != 1 {
		t.Fatalf("clipboard writes %q, want the plain key only", eff.clipboard)
	}
	w := eff.clipboard[0] // "52;c;<base64>"
	b64 := w[strings.LastIndexByte(w, ';')+1:]
	got, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || string(got) != "plain-key-1" {
		t.Fatalf("clipboard got %q (%v), want plain-key-1", got, err)
	}
}

// Below 40x10 the screen asks for a larger window, and keys typed there
// open nothing. The proof is q: typed after the key, it quits only if the
// key opened nothing (in a form q is text, in a confirmation it answers
// No), and no draft is left.
func TestE2ETinyWindowOpensNothing(t *testing.T) {
	sb := startE2ESandbox(t)
	for _, key := range []string{"n", "d", "e", "?"} {
		env := dashboardEnv(t, sb)
		tm := startTerm(t, 120, 40, env)
		tm.waitText(prefix(sb.configs[0].Name, 12))
		tm.press("\r")
		tm.waitOpened(sb.configs[0])
		tm.resize(20, 5)
		tm.waitText("Window too")
		tm.press(key + "q")
		if code := tm.wait(); code != 0 {
			t.Fatalf("%s then q at 20x5: exit %d", key, code)
		}
		if d := draftFiles(t, env); len(d) != 0 {
			t.Fatalf("%s at 20x5 left a draft: %v", key, d)
		}
	}
}
