package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	tty "github.com/charmbracelet/x/term"

	"tweakdash/api"
	"tweakdash/internal/safefile"
	"tweakdash/internal/settings"
	"tweakdash/internal/syncplan"
	"tweakdash/internal/termsafe"
)

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

// usageError words a flag package error for the one line on stderr, with
// the hint that the key is never a flag.
func usageError(err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok && strings.Contains(strings.ToLower(name), "key") {
		msg += "; the API key is never a flag (ps shows flags): set HTTPTWEAK_API_KEY, pipe it to --api-key-stdin or use the settings file"
	}
	return fmt.Errorf("%w: %s", errUsage, msg)
}

// cliClient resolves the settings as the dashboard does (profile, base URL,
// then the key: stdin, HTTPTWEAK_API_KEY, api_key_command, api_key) and
// returns a client; the settings' notices go to stderr, one line each.
func cliClient(ctx context.Context, name string, f apiFlags, environ []string, cio cmdIO) (*api.Client, settings.Startup, func(), error) {
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
	closeLog := func() {}
	if f.debug {
		opt, c, err := openDebugLog()
		if err != nil {
			fmt.Fprintf(cio.stderr, "tweakdash %s: debug log: %s\n", name, oneLine(err))
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

const exportUsage = `Usage: tweakdash export CONFIG [-o FILE] [--profile NAME] [--base-url URL] [--api-key-stdin]

Writes the servers and tweaks of CONFIG (its unique_key or exact name) as a
sync file: the JSON body of POST /api/v1/configs, each item with its
unique_key and every field of its tunnel type. Edit it and bring it back
with tweakdash import. The file holds credentials and private keys: -o
writes it with mode 0600; without -o it goes to stdout.

  -o, --output FILE   write to FILE (atomically, mode 0600) instead of stdout
  --profile, --base-url, --api-key-stdin, --debug   as for the dashboard
`

// runExport is "tweakdash export".
func runExport(ctx context.Context, args, environ []string, cio cmdIO) int {
	fs := flag.NewFlagSet("tweakdash export", flag.ContinueOnError)
	var af apiFlags
	af.register(fs)
	var out string
	fs.StringVar(&out, "o", "", "")
	fs.StringVar(&out, "output", "", "")
	pos, err := parseArgs(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(cio.stdout, exportUsage)
		return exitOK
	case err != nil:
		return cmdFailed(cio, "export", usageError(err))
	case len(pos) != 1:
		return cmdFailed(cio, "export", fmt.Errorf("%w: want one CONFIG (a unique_key or an exact name), got %d arguments", errUsage, len(pos)))
	}
	c, _, closeLog, err := cliClient(ctx, "export", af, environ, cio)
	if err != nil {
		return cmdFailed(cio, "export", err)
	}
	defer closeLog()
	return exportTo(ctx, c, pos[0], out, cio)
}

// exportTo writes the sync file of config, read with c, to out: a file
// (0600, only over a regular file), or stdout when out is "" or "-".
func exportTo(ctx context.Context, c *api.Client, config, out string, cio cmdIO) int {
	tg, err := loadTarget(ctx, c, config)
	if err != nil {
		return cmdFailed(cio, "export", err)
	}
	data, err := syncplan.Export(tg.Config.UniqueKey, tg.Servers, tg.Tweaks)
	if err != nil {
		return cmdFailed(cio, "export", err)
	}
	what := fmt.Sprintf("%s and %s of %s", plural(len(tg.Servers), "server"), plural(len(tg.Tweaks), "tweak"), syncplan.Quote(tg.Config.Name))
	if out == "" || out == "-" {
		if _, err := cio.stdout.Write(data); err != nil {
			return cmdFailed(cio, "export", err)
		}
		fmt.Fprintf(cio.stderr, "tweakdash export: %s: the output holds their credentials and private keys; keep it private\n", what)
		return exitOK
	}
	if err := safefile.WriteOver(out, data); err != nil {
		return cmdFailed(cio, "export", err)
	}
	fmt.Fprintf(cio.stderr, "tweakdash export: wrote %s to %s (mode 0600): it holds their credentials and private keys; keep it private\n",
		what, termsafe.Line(out))
	return exitOK
}

// cmdFailed writes err as one line and returns its exit status: 2 for a
// usage mistake, 1 otherwise.
func cmdFailed(cio cmdIO, name string, err error) int {
	if errors.Is(err, errUsage) {
		msg := strings.TrimPrefix(err.Error(), errUsage.Error()+": ")
		fmt.Fprintf(cio.stderr, "tweakdash %s: %s (see tweakdash %s --help)\n", name, termsafe.OneLine(msg), name)
		return exitUsage
	}
	fmt.Fprintf(cio.stderr, "tweakdash %s: %s\n", name, oneLine(err))
	return exitError
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// runSyncCommand runs export or import with the process's stdin, and
// whether it is a terminal to ask on.
func runSyncCommand(ctx context.Context, name string, args, environ []string, stdout, stderr io.Writer) int {
	cio := cmdIO{stdin: os.Stdin, tty: tty.IsTerminal(os.Stdin.Fd()), stdout: stdout, stderr: stderr}
	if name == "export" {
		return runExport(ctx, args, environ, cio)
	}
	return runImport(ctx, args, environ, cio)
}
