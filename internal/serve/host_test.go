package serve

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// A served session reaches nothing on the host: X and I open no path
// prompt (which wrote and read the server's files as its OS user, and
// whose tab listed them) and say the ssh command that does it instead;
// ctrl+z does not suspend, ctrl+v does not read the server's clipboard. The server's working directory and state
// directory are as they were.
func TestServedSessionHasNoHostFilesAndSaysWhy(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	cwd, state := dirNames(t, "."), dirNames(t, e.stateDir)
	tm := e.connect(alice, 160, 30)
	tm.loaded(e)
	tm.opened(e)
	_, port, _ := strings.Cut(e.addr, ":")
	key := e.configs[0].UniqueKey

	tm.press("X")
	tm.waitText("not in a served session: ssh -p " + port + " HOST export " + key + " > file")
	tm.press("\t\r") // tab: the next tab, never a completion; enter: no prompt to answer
	tm.press("I")
	tm.waitText("not in a served session: ssh -p " + port + " HOST import " + key + " --dry-run < file")
	tm.press("\x1a") // ctrl+z
	tm.waitText("ctrl+z: not in a served session")
	if s := tm.screen(); strings.Contains(s, "Export “") || strings.Contains(s, "Import into “") {
		t.Errorf("a path prompt opened:\n%s", s)
	}
	tm.press("?")
	tm.waitText("export: ssh … export", "import: ssh … import")
	tm.press("\x1b")
	tm.waitFor("help closed", func(s string) bool { return !strings.Contains(s, "export: ssh … export") })
	tm.press("n")
	tm.waitText("Name")
	tm.press("\x16") // ctrl+v in a text field: the server's clipboard is not read
	tm.waitText("ctrl+v: paste with your terminal's paste key")

	if now := dirNames(t, "."); !slices.Equal(now, cwd) {
		t.Errorf("the working directory changed: %v → %v", cwd, now)
	}
	if now := dirNames(t, e.stateDir); !slices.Equal(now, state) {
		t.Errorf("the state directory changed: %v → %v", state, now)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
