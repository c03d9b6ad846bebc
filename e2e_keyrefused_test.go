package main

import (
	"strings"
	"testing"
)

// A key the server refuses leads to the first-run form, which says so and
// whose key it was; a good key brings the dashboard (design §6, 401).
func TestE2ERefusedKeyLeadsToTheKeyForm(t *testing.T) {
	sb := startE2ESandbox(t)
	env := append(baseEnv(t), "HTTPTWEAK_BASE_URL="+sb.url, "HTTPTWEAK_API_KEY=revoked-key")
	tm := startTerm(t, 100, 30, env)

	screen := tm.waitText("refused the key in HTTPTWEAK_API_KEY", "was refused", "API key")
	if strings.Contains(screen, "revoked-key") {
		t.Error("the refused key was drawn on the screen")
	}
	tm.press(e2eKey + "\r")
	tm.waitText("Save the key to")
	tm.press("n")
	tm.waitText(prefix(sb.configs[0].Name, 12))
	quit(t, tm)
	assertNoKey(t, tm)
	if strings.Contains(tm.output(), "revoked-key") {
		t.Error("the refused key was written to the terminal")
	}
}
