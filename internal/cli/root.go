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
)

// Exit statuses. 3 to 6 are the scripting commands' (configs, servers…),
// listed in their --help and the README for scripts to test.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitInvalid     = 3 // a local rule or a 422 refused the input
	exitNotFound    = 4
	exitRefused     = 5   // the key was refused or may not do this (401/403, read-only)
	exitWait        = 6   // the rate limit's wait exceeds --max-wait
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
	// The dashboard's line is flags only: it keeps its own parser, so that
	// "tweakdash --demo" and its --help stay as they were; a command name
	// goes to the command tree.
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if cmd := commandAfterFlags(args); cmd > 0 {
			// "tweakdash --profile work configs": the global flags go
			// after the command's name, where its parser reads them.
			args = append(append([]string{args[cmd]}, args[:cmd]...), args[cmd+1:]...)
		} else {
			return runDashboard(ctx, args, environ, stdout, stderr)
		}
	}
	return runCommand(ctx, args, environ, scriptIO{cmdIO: processIO(stdout, stderr), outTTY: isTerminal(stdout), errTTY: isTerminal(stderr)})
}

// scriptNouns are the commands for scripts, which take the dashboard's API
// flags before their name too.
var scriptNouns = map[string]bool{"configs": true, "resources": true, "servers": true, "tweaks": true, "device-ids": true, "passwords": true}

// commandAfterFlags is the index of a script command's name after only the
// API flags they share with the dashboard (--profile NAME, --base-url URL,
// --read-only, --api-key-stdin, --debug, --demo), or 0 when the line is the
// dashboard's.
func commandAfterFlags(args []string) int {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case !strings.HasPrefix(a, "-"):
			if scriptNouns[a] {
				return i
			}
			return 0
		case name == "profile" || name == "base-url":
			if !hasValue {
				i++ // its value
			}
		case name == "read-only" || name == "api-key-stdin" || name == "debug" || name == "demo":
		default:
			return 0
		}
	}
	return 0
}

// isTerminal reports whether w is a terminal (a table) rather than a pipe
// or a file (tab-separated).
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && tty.IsTerminal(f.Fd())
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
