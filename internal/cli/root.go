// Package cli is tweakdash's command layer: one file per command
// (the dashboard, --demo, export, import, sandbox, serve and the commands
// a served user may run), each parsing its own flags and wiring the
// packages below it. main calls Main.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"syscall"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/drafts"
	"tweakdash/internal/settings"
	"tweakdash/internal/termsafe"
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

// Main is the whole program, minus the process: it returns the exit
// status. stdin is the process's (the dashboard's terminal, or a key piped
// to --api-key-stdin). Nothing but --help and --version writes to stdout;
// an error is one line on stderr.
func Main(ctx context.Context, args, environ []string, stdout, stderr io.Writer) int {
	setVersion()
	if len(args) > 0 && (args[0] == "export" || args[0] == "import") {
		return runSyncCommand(ctx, args[0], args[1:], environ, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "sandbox" {
		if err := runSandbox(args[1:], stdout, stderr); err != nil {
			fmt.Fprintf(stderr, "tweakdash sandbox: %s\n", oneLine(err))
			return exitError
		}
		return exitOK
	}
	if len(args) > 0 && args[0] == "serve" {
		return runServe(ctx, args[1:], environ, stdout, stderr)
	}
	f, err := parseFlags(args)
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "tweakdash: %s (see tweakdash --help)\n", strings.TrimPrefix(err.Error(), errUsage.Error()+": "))
		return exitUsage
	case f.help:
		printUsage(stdout, settings.Path(), settings.StateDir(), settings.CacheDir())
		return exitOK
	case f.version:
		fmt.Fprintf(stdout, "tweakdash %s\n", api.Version)
		return exitOK
	}

	// A hang-up (SSH drop) or a kill ends the program through its context,
	// so the terminal state is restored on the way out as on any other
	// exit. The open form is saved as a draft first, before anything that
	// could stall on a terminal that is gone.
	ds := drafts.NewSession(drafts.Store{Dir: filepath.Join(settings.StateDir(), "drafts")})
	sigCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM)
	defer signal.Stop(sigs)
	var caught atomic.Value
	go func() {
		select {
		case sig := <-sigs:
			caught.Store(sig)
			ds.Save()
			cancel()
		case <-sigCtx.Done():
		}
	}()
	// SIGTSTP from outside suspends through the program that has the
	// terminal, which gives it back first.
	sus := newSuspender()
	defer sus.close()
	go sus.run(sigCtx)
	err = dashboard(sigCtx, ds, sus, f, environ)
	if ds, ok := errors.AsType[*draftSavedError](err); ok {
		fmt.Fprintln(stderr, "tweakdash: "+ds.line)
		err = ds.err
	}
	sig, _ := caught.Load().(os.Signal)
	switch {
	case sig == syscall.SIGHUP:
		return exitHangUp // the terminal is gone: nobody to tell
	case sig == syscall.SIGTERM:
		return exitTerminated
	case err == nil:
		return exitOK
	case errors.Is(err, tea.ErrProgramPanic):
		fmt.Fprintf(stderr, "tweakdash: internal error: %s\n", oneLine(err))
		return exitError
	case errors.Is(err, tea.ErrInterrupted), errors.Is(err, tea.ErrProgramKilled), errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "tweakdash: interrupted")
		return exitInterrupted
	default:
		fmt.Fprintf(stderr, "tweakdash: %s\n", oneLine(err))
		return exitError
	}
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

// oneLine keeps an error to one safe line for stderr.
func oneLine(err error) string { return termsafe.OneLine(err.Error()) }
