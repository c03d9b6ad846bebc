package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"tweakdash/api"
	"tweakdash/internal/settings"
	"tweakdash/internal/termsafe"
)

// scriptIO is a command's input and output, and whether stdout is a
// terminal: a table there, tab-separated text in a pipe.
type scriptIO struct {
	cmdIO
	outTTY, errTTY bool
	clock          jobClock // what paced jobs wait by; nil: the real clock
}

// exitCode carries a command's exit status out of cobra; err, when set, is
// the one line to print (nil when the command already printed its own).
type exitCode struct {
	code int
	err  error
}

func (e *exitCode) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitCode) Unwrap() error { return e.err }

// done turns a legacy command's status into cobra's error.
func done(code int) error {
	if code == exitOK {
		return nil
	}
	return &exitCode{code: code}
}

const exitCodesHelp = `Exit status: 0 done; 1 API or network error; 2 usage; 3 invalid input
(a local rule or a 422: each field's message on stderr as "field: message");
4 not found; 5 key refused or not allowed (401/403, --read-only); 6 the rate
limit's wait exceeds --max-wait.`

// newRoot is the command tree: the dashboard's own line (flags only) is
// parsed by runDashboard; export, import, sandbox and serve keep their own
// parsers (DisableFlagParsing), so their flags and messages are as before.
func newRoot(ctx context.Context, environ []string, sio scriptIO) *cobra.Command {
	root := &cobra.Command{
		Use:   "tweakdash",
		Short: "A terminal dashboard and scripting CLI for the HTTP Tweak Client API",
		Long: "tweakdash alone opens the dashboard (tweakdash --help for its flags).\n" +
			"The commands below read and write the API from the shell.\n\n" + exitCodesHelp,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(sio.stdout)
	root.SetErr(sio.stderr)
	root.SetIn(sio.stdin)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })
	legacy := func(use, short string, run func(args []string) int) *cobra.Command {
		return &cobra.Command{Use: use, Short: short, DisableFlagParsing: true,
			RunE: func(_ *cobra.Command, args []string) error { return done(run(args)) }}
	}
	root.AddCommand(
		legacy("export CONFIG [-o FILE]", "Write a config's servers and tweaks as a sync file",
			func(args []string) int { return runExport(ctx, args, environ, sio.cmdIO) }),
		legacy("import CONFIG FILE", "Bring a sync file back into a config",
			func(args []string) int { return runImport(ctx, args, environ, sio.cmdIO) }),
		legacy("sandbox", "Serve a local sandbox of the API",
			func(args []string) int { return runSandbox(args, sio.stdout, sio.stderr) }),
		legacy("serve", "Serve the dashboard over SSH",
			func(args []string) int { return runServe(ctx, args, environ, sio.stdout, sio.stderr) }),
		legacy("keys", "Print the action ids and the keys in force",
			func(args []string) int { return runKeys(args, settings.Path(), sio.stdout, sio.stderr) }),
	)
	for _, c := range scriptCommands(ctx, environ, sio) {
		root.AddCommand(c)
	}
	return root
}

// treeOnly are the names cobra and fang answer without a command of
// their own in the tree: help, the completion scripts' callback, the man
// page.
var treeOnly = map[string]bool{"help": true, cobra.ShellCompRequestCmd: true, cobra.ShellCompNoDescRequestCmd: true, "man": true}

// runCommand runs the command tree on args and returns the exit status.
// A line that names no command of the tree is the dashboard's (it reports
// the unexpected argument as it always has).
func runCommand(ctx context.Context, args, environ []string, sio scriptIO) int {
	root := newRoot(ctx, environ, sio)
	root.InitDefaultCompletionCmd()
	if c, _, err := root.Find(args); (err != nil || c == root) && !treeOnly[args[0]] {
		return runDashboard(ctx, args, environ, sio.stdout, sio.stderr)
	}
	root.SetArgs(args)
	err := fang.Execute(ctx, root,
		fang.WithVersion(api.Version),
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) { printFailure(w, root, args, err) }))
	return statusOf(err)
}

// printFailure writes err as one line naming the command, or nothing when
// the command printed its own failure.
func printFailure(w io.Writer, root *cobra.Command, args []string, err error) {
	var ec *exitCode
	if errors.As(err, &ec) && ec.err == nil {
		return
	}
	name := "tweakdash"
	if c, _, ferr := root.Find(args); ferr == nil && c != root {
		name = c.CommandPath()
	}
	msg := strings.TrimPrefix(err.Error(), errUsage.Error()+": ")
	if statusOf(err) == exitUsage {
		fmt.Fprintf(w, "%s: %s (see %s --help)\n", name, termsafe.OneLine(msg), name)
		return
	}
	fmt.Fprintf(w, "%s: %s\n", name, termsafe.OneLine(msg))
}

// statusOf maps a command's error to its exit status.
func statusOf(err error) int {
	var ec *exitCode
	var ae *api.Error
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ec):
		return ec.code
	case errors.Is(err, errUsage), strings.HasPrefix(err.Error(), "unknown command"),
		strings.HasPrefix(err.Error(), "accepts "), strings.HasPrefix(err.Error(), "requires "):
		return exitUsage
	case errors.Is(err, api.ErrReadOnly):
		return exitRefused
	case errors.As(err, &ae):
		switch ae.Status {
		case 401, 403:
			return exitRefused
		case 404:
			return exitNotFound
		case 422:
			return exitInvalid
		case 429:
			// The client sits out a wait up to --max-wait: one left
			// is longer.
			return exitWait
		}
	}
	return exitError
}
