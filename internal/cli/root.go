// Package cli is tweakdash's command layer: one file per command
// (the dashboard, --demo, export, import, sandbox, serve and the commands
// a served user may run), each parsing its own flags and wiring the
// packages below it. main calls Main.
package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"runtime/debug"
	"strings"

	tty "github.com/charmbracelet/x/term"

	"tweakdash/api"
	"tweakdash/internal/settings"
)

// Exit statuses.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitHangUp      = 129 // 128 + SIGHUP
	exitInterrupted = 130 // 128 + SIGINT, as shells report ctrl+c
	exitTerminated  = 143 // 128 + SIGTERM
)

// errUsage marks a command-line mistake (exit status 2).
var errUsage = errors.New("usage")

// Main is the whole program, minus the process: it returns the exit
// status. stdin is the process's (the dashboard's terminal, or a key piped
// to --api-key-stdin). Nothing but --help and --version writes to stdout;
// an error is one line on stderr.
func Main(ctx context.Context, args, environ []string, stdout, stderr io.Writer) int {
	setVersion()
	name, rest := "", args
	if len(args) > 0 {
		name, rest = args[0], args[1:]
	}
	switch name {
	case "export":
		return runExport(ctx, rest, environ, processIO(stdout, stderr))
	case "import":
		return runImport(ctx, rest, environ, processIO(stdout, stderr))
	case "sandbox":
		return runSandbox(rest, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, environ, stdout, stderr)
	case "keys":
		return runKeys(rest, settings.Path(), stdout, stderr)
	}
	return runDashboard(ctx, args, environ, stdout, stderr)
}

// processIO is the process's stdin, and whether it is a terminal to ask
// on, with stdout and stderr.
func processIO(stdout, stderr io.Writer) cmdIO {
	return cmdIO{stdin: os.Stdin, tty: tty.IsTerminal(os.Stdin.Fd()), stdout: stdout, stderr: stderr}
}

// setVersion fills api.Version from the module version when the build did
// not set it with -ldflags (go install module@version does not).
func setVersion() {
	if api.Version != "dev" {
		return
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		api.Version = bi.Main.Version
	}
}

// envLookup is os.Getenv over an environment list; the last entry wins, as
// with duplicate keys in os/exec.
func envLookup(environ []string) func(string) string {
	m := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return func(k string) string { return m[k] }
}
