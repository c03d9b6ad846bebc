package cli

import (
	"os"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// The commands' help is the reference a script's author reads: its
// commands, flags and exit statuses are kept in goldens (go test
// ./internal/cli -run TestGoldenHelp -update rewrites them).
func TestGoldenHelp(t *testing.T) {
	xdgHome(t)
	for _, args := range [][]string{{"help"}, {"servers", "create", "--help"}, {"device-ids", "add", "--help"}} {
		t.Run(args[0]+"-"+args[len(args)-1], func(t *testing.T) {
			out, errOut, code := runArgs(t, args...)
			if code != exitOK || errOut != "" {
				t.Fatalf("%q: status %d, stderr %q", args, code, errOut)
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

// TestMain fixes the width fang lays help out in: it measures the
// process's stdout once, for the whole process, so the goldens would
// differ between a terminal and CI.
func TestMain(m *testing.M) {
	os.Setenv("__FANG_TEST_WIDTH", "100")
	os.Exit(m.Run())
}
