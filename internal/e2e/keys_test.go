package e2e

import (
	"regexp"
	"testing"
)

// From outside, in a terminal: with [keys] delete = ["x"] and a clashing
// mark = ["j"], start-up names the clash and its line, j still moves, the
// palette opens a config by name, x asks to delete and help shows x.
func TestE2EKeysAndPalette(t *testing.T) {
	sb := startE2ESandbox(t)
	env := dashboardEnv(t, sb)
	writeE2ESettings(t, env, "[keys]\ndelete = [\"x\"]\nmark = [\"j\"]\n")
	tm := startTerm(t, 200, 40, env)
	first, second := sb.configs[0], sb.configs[1]
	tm.waitText(prefix(first.Name, 12), `config.toml:3: keys.mark: "j" is already down's key; default kept`)

	tm.press("j")
	tm.waitText("▌" + prefix(second.Name, 12))

	tm.press("\x10") // ctrl+p
	tm.waitText("Command palette")
	tm.press(first.Name)
	tm.waitText("▌go to config " + prefix(first.Name, 12))
	tm.press("\r")
	tm.waitOpened(first)

	tm.press("x")
	tm.waitText("Delete server", "y/N")
	tm.press("n")
	tm.waitText("Nothing deleted")

	tm.press("?")
	delX := regexp.MustCompile(`\bx +delete\b`)
	tm.waitFor("x beside delete in help", delX.MatchString)
	tm.press("?")
	quit(t, tm)
	assertNoKey(t, tm)
}
