package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/audit"
	"tweakdash/internal/drafts"
	"tweakdash/internal/hostfiles"
	"tweakdash/internal/liststate"
	"tweakdash/internal/settings"
	"tweakdash/internal/snapshot"
	"tweakdash/internal/termsafe"
	"tweakdash/theme"
	"tweakdash/ui"
)

// runDashboard is "tweakdash [flags]": the dashboard, until the user
// quits or a signal ends it.
func runDashboard(ctx context.Context, args, environ []string, stdout, stderr io.Writer) int {
	f, err := parseFlags(args)
	switch {
	case err != nil:
		return usageFailed(stderr, "tweakdash", err)
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
		fmt.Fprintf(stderr, "tweakdash: internal error: %s\n", termsafe.OneLine(err.Error()))
		return exitError
	case errors.Is(err, tea.ErrInterrupted), errors.Is(err, tea.ErrProgramKilled), errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "tweakdash: interrupted")
		return exitInterrupted
	default:
		fmt.Fprintf(stderr, "tweakdash: %s\n", termsafe.OneLine(err.Error()))
		return exitError
	}
}

// localHost is what the host does for the local dashboard: its user's
// own files (export, import), ctrl+z and the clipboard. A served session
// gets none of it (package serve).
func localHost() ui.HostAccess {
	return ui.HostAccess{Files: hostfiles.Files{}, Suspend: true, ClipboardRead: true}
}

// dashboard resolves the settings, finds or asks for a key, and runs the UI;
// ds saves the form left open when it ends early, and sus suspends
// whichever program has the terminal on SIGTSTP.
func dashboard(ctx context.Context, ds *drafts.Session, sus *suspender, f dashboardFlags, environ []string) error {
	getenv := envLookup(environ)
	st, err := settings.Resolve(ctx, f.settings(), getenv, settings.Path())
	if err != nil {
		return err
	}
	noColor := theme.NoColor(environ)
	// 120 fps: the renderer flushes on its ticker only, so the first frame
	// waits for one tick; at the default 60 that is up to 17 ms of start-up.
	popts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithEnvironment(environ), tea.WithFPS(120), sus.option(uiFilter())}
	if p, ok := theme.ProfileOverride(environ); ok {
		popts = append(popts, tea.WithColorProfile(p))
	}

	var clientOpts []api.Option
	if f.debug {
		logOpt, closeLog, err := openDebugLog()
		if err != nil {
			st.Notices = append(st.Notices, "debug log: "+termsafe.OneLine(err.Error()))
		} else {
			defer closeLog()
			clientOpts = append(clientOpts, logOpt)
		}
	}

	if f.demo {
		return demo(ctx, ds, st, f, noColor, popts, clientOpts)
	}

	client, err := api.NewClient(st.BaseURL, st.Key, clientOpts...)
	if err != nil {
		return err
	}

	// How the lists were sorted when the last run ended, and where each
	// new order is kept.
	orders := &liststate.Store{Path: filepath.Join(settings.StateDir(), "lists.json")}
	kept, err := orders.Load()
	if err != nil {
		st.Notices = append(st.Notices, "list order ignored: "+termsafe.OneLine(err.Error()))
	}

	// A refused key (401, at start or later) leads back to the first-run
	// form; an open form goes to a draft on the way and is offered back
	// when the dashboard returns.
	refused := ""
	for {
		if st.Key == "" || refused != "" {
			if client, err = askKey(ctx, &st, client, refused, noColor, popts); err != nil {
				return err
			}
			refused = ""
		}

		opts := usersOptions(st, noColor)
		opts.Client, opts.Profile, opts.Label, opts.Color = client, st.Profile, st.Label, st.Color
		opts.Host, opts.ReadOnly, opts.EndOnKeyRefused = hostOf(st.BaseURL), st.ReadOnly, true
		opts.Audit = audit.Open(filepath.Join(settings.StateDir(), "audit.jsonl"))
		opts.HostAccess = localHost()
		opts.ListOrders = kept
		opts.OrderStore = orders
		if st.Cache {
			// What the last run saw, painted at once; what this one
			// sees, kept. Never a secret (package snapshot).
			store := snapshot.New(settings.CacheDir(), st.Profile, st.BaseURL)
			cached, err := store.List()
			if err != nil {
				opts.Notice = strings.TrimPrefix(opts.Notice+" · snapshot ignored: "+termsafe.OneLine(err.Error()), " · ")
			}
			opts.Cached, opts.Cache = cached, store
		}
		err := runUI(ctx, ds, opts, popts)
		if !errors.Is(err, errKeyRefused) {
			return err
		}
		refused = keyRefusedNotice(st.KeySource)
		if ds, ok := errors.AsType[*draftSavedError](err); ok {
			refused += " · " + ds.line
		}
		st.KeySource = ""
	}
}

// runUI offers the drafts left by an earlier run, then runs the dashboard
// until the user quits. A form open when the program ends other than by a
// save or a discard (ctrl+c, a recovered panic; signals are handled in
// run) is saved as a draft by ds (nil: no drafts).
func runUI(ctx context.Context, ds *drafts.Session, opts ui.Options, popts []tea.ProgramOption) error {
	d, notices, err := offerDrafts(ctx, ds, opts.Profile, popts)
	if err != nil {
		return err
	}
	if len(notices) > 0 {
		opts.Notice = strings.Join(append(notices, opts.Notice), " · ")
		opts.Notice = strings.TrimSuffix(opts.Notice, " · ")
	}
	if d != nil {
		opts.Restore = &d.Draft
		opts.DraftDone = ds.Done
	}
	// The client tells the dashboard when it waits to retry, so that the
	// status line can say why and count down (a 429's Retry-After).
	var retries retryRelay
	if opts.Client != nil {
		opts.Client = opts.Client.Observe(retries.heard)
		// The config list request travels while Bubble Tea sets the
		// terminal up, rather than after.
		opts.Prefetch = ui.PrefetchConfigs(ctx, opts.Client)
	}
	app := ui.New(opts)
	ds.Watch(app, d)
	p := tea.NewProgram(app, popts...)
	retries.start(p)
	_, err = p.Run()
	app.SaveSnapshot()
	if err == nil && app.KeyRefused() {
		err = errKeyRefused
	}
	if ctx.Err() == nil { // a signal saved the draft already
		if line := ds.Save(); line != "" {
			err = &draftSavedError{err: err, line: line}
		}
	}
	return err
}

// retryRelay passes the client's waits before a retry to the program. The
// config list is asked for before the program exists (the prefetch), so a
// 429 can come first: its wait is kept and told once the program starts,
// not dropped, which left the user two seconds of spinner with no reason.
type retryRelay struct {
	mu      sync.Mutex
	p       *tea.Program
	pending *api.RequestLog
}

func (r *retryRelay) heard(a api.RequestLog) {
	if a.RetryIn <= 0 {
		return
	}
	r.mu.Lock()
	p := r.p
	if p == nil {
		r.pending = &a
	}
	r.mu.Unlock()
	if p != nil {
		p.Send(ui.Retrying(a))
	}
}

// start sets the program, and tells it a wait heard before it; Send
// waits for the program to run, so it is sent on a goroutine of its own.
func (r *retryRelay) start(p *tea.Program) {
	r.mu.Lock()
	r.p = p
	pending := r.pending
	r.mu.Unlock()
	if pending != nil {
		go p.Send(ui.Retrying(*pending))
	}
}

// draftSavedError carries how the dashboard ended (err, possibly nil) and
// the line that tells, on stderr, where the open form went.
type draftSavedError struct {
	err  error
	line string
}

func (e *draftSavedError) Error() string { return e.line }
func (e *draftSavedError) Unwrap() error { return e.err }

// hostOf is what the header shows of a base URL.
func hostOf(base string) string {
	if u, err := url.Parse(base); err == nil && u.Host != "" {
		return u.Host
	}
	return base
}

// usersOptions are the dashboard's options that come from its user's
// settings and terminal, the same for the demo: mouse, keys, theme,
// refresh, the settings' notices and colour.
func usersOptions(st settings.Startup, noColor bool) ui.Options {
	return ui.Options{Mouse: st.Mouse, Keys: st.Keys, Theme: st.Theme, Refresh: st.Refresh,
		Notice: strings.Join(st.Notices, " · "), NoColor: noColor, WarmUp: true}
}
