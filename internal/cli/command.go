package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"tweakdash/api"
	"tweakdash/internal/settings"
	"tweakdash/internal/syncplan"
	"tweakdash/internal/termsafe"
)

// What export and import share: their input and output, the flags that
// pick the API, the parsing of their command line, and their one-line
// failures.

// cmdIO is what a command reads and writes: stdin, whether it is a
// terminal to ask on, stdout and stderr.
type cmdIO struct {
	stdin          io.Reader
	tty            bool
	stdout, stderr io.Writer
}

// apiFlags are the flags export and import share with the dashboard: which
// profile, which API, and the key from stdin. The key itself is never a
// flag.
type apiFlags struct {
	profile, baseURL   string
	keyStdin, readOnly bool
	debug              bool
	// maxWait is the longest rate-limit wait a request sits out before it
	// fails (the scripting commands' --max-wait); 0: the client's default.
	maxWait time.Duration
}

func (f *apiFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.profile, "profile", "", "")
	fs.StringVar(&f.baseURL, "base-url", "", "")
	fs.BoolVar(&f.keyStdin, "api-key-stdin", false, "")
	fs.BoolVar(&f.readOnly, "read-only", false, "")
	fs.BoolVar(&f.debug, "debug", false, "")
}

// parseArgs parses flags placed anywhere among the arguments (import
// CONFIG FILE --dry-run) and returns the arguments that are not flags;
// after "--" everything is an argument.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard) // the caller reports errors, in one line
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" || len(rest) == 0 {
			return append(pos, rest...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// parseOptions parses a command line of flags only (the dashboard's,
// serve's, the sandbox's). help is true for --help or -h, so that the
// caller prints its usage on stdout; err is the flag package's error, or
// the argument that is not a flag, for the caller to word.
func parseOptions(fs *flag.FlagSet, args []string) (help bool, err error) {
	fs.SetOutput(io.Discard) // the caller reports errors, in one line
	switch err := fs.Parse(args); {
	case errors.Is(err, flag.ErrHelp):
		return true, nil
	case err != nil:
		return false, err
	case fs.NArg() > 0:
		return false, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return false, nil
}

// usageError words a flag package error for the one line on stderr, with
// the hint that the key is never a flag.
func usageError(err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok && strings.Contains(strings.ToLower(name), "key") {
		msg += "; the API key is never a flag (ps shows flags): set HTTPTWEAK_API_KEY, pipe it to --api-key-stdin or use the settings file"
	}
	return fmt.Errorf("%w: %s", errUsage, msg)
}

// apiClient resolves the settings as the dashboard does (profile, base URL,
// then the key: stdin, HTTPTWEAK_API_KEY, api_key_command, api_key) and
// returns a client; the settings' notices go to stderr, one line each.
func apiClient(ctx context.Context, name string, f apiFlags, environ []string, cio cmdIO) (*api.Client, settings.Startup, func(), error) {
	sf := settings.Flags{Profile: f.profile, BaseURL: f.baseURL, ReadOnly: f.readOnly}
	if f.keyStdin {
		sf.KeyStdin = cio.stdin
	}
	st, err := settings.Resolve(ctx, sf, envLookup(environ), settings.Path())
	if err != nil {
		return nil, st, nil, err
	}
	for _, n := range st.Notices {
		fmt.Fprintf(cio.stderr, "tweakdash %s: %s\n", name, termsafe.OneLine(n))
	}
	if st.Key == "" {
		return nil, st, nil, fmt.Errorf("no API key for profile %s: set HTTPTWEAK_API_KEY, pipe it to --api-key-stdin, or give the profile an api_key_command or api_key in %s",
			syncplan.Quote(st.Profile), settings.Tilde(st.SettingsFile))
	}
	var opts []api.Option
	if f.maxWait > 0 {
		opts = append(opts, api.WithRetry(3, f.maxWait))
	}
	closeLog := func() {}
	if f.debug {
		opt, c, err := openDebugLog()
		if err != nil {
			fmt.Fprintf(cio.stderr, "tweakdash %s: debug log: %s\n", name, termsafe.OneLine(err.Error()))
		} else {
			opts, closeLog = append(opts, opt), c
		}
	}
	client, err := api.NewClient(st.BaseURL, st.Key, opts...)
	if err != nil {
		closeLog()
		return nil, st, nil, err
	}
	return client, st, closeLog, nil
}

// loadTarget finds the configuration arg names (unique_key or exact name)
// and reads its full records: three GET requests.
func loadTarget(ctx context.Context, c *api.Client, arg string) (syncplan.Target, error) {
	list, _, err := c.ListConfigs(ctx)
	if err != nil {
		return syncplan.Target{}, fmt.Errorf("listing the configurations: %w", err)
	}
	cfg, err := syncplan.FindConfig(list.Configurations, arg)
	if err != nil {
		return syncplan.Target{}, err
	}
	servers, _, err := c.ListServers(ctx, cfg.UniqueKey)
	if err != nil {
		return syncplan.Target{}, fmt.Errorf("listing the servers of %s: %w", syncplan.Quote(cfg.Name), err)
	}
	tweaks, _, err := c.ListTweaks(ctx, cfg.UniqueKey)
	if err != nil {
		return syncplan.Target{}, fmt.Errorf("listing the tweaks of %s: %w", syncplan.Quote(cfg.Name), err)
	}
	return syncplan.Target{Config: cfg, Servers: servers, Tweaks: tweaks, Limits: syncplan.AccountUsage(list.Configurations)}, nil
}

// parsed ends a command whose line asked for its usage, which it prints,
// or held a mistake, which it reports: done is true, with the exit status.
func parsed(cio cmdIO, name, usage string, err error) (code int, done bool) {
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(cio.stdout, usage)
		return exitOK, true
	case err != nil:
		return cmdFailed(cio, name, usageError(err)), true
	}
	return exitOK, false
}

// cmdFailed writes err as one line and returns its exit status: 2 for a
// usage mistake, 1 otherwise.
func cmdFailed(cio cmdIO, name string, err error) int {
	if errors.Is(err, errUsage) {
		return usageFailed(cio.stderr, "tweakdash "+name, err)
	}
	fmt.Fprintf(cio.stderr, "tweakdash %s: %s\n", name, termsafe.OneLine(err.Error()))
	return exitError
}

// usageFailed writes a command-line mistake of cmd ("tweakdash serve") as
// one line that points at its --help, and returns exit status 2.
func usageFailed(w io.Writer, cmd string, err error) int {
	msg := strings.TrimPrefix(err.Error(), errUsage.Error()+": ")
	fmt.Fprintf(w, "%s: %s (see %s --help)\n", cmd, termsafe.OneLine(msg), cmd)
	return exitUsage
}
