package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"tweakdash/internal/settings"
)

// dashboardFlags holds the command line. There is deliberately no flag for the API
// key: ps and shell history show flags.
type dashboardFlags struct {
	demo     bool
	baseURL  string
	profile  string
	readOnly bool
	mouse    bool
	noCache  bool
	debug    bool
	version  bool
	help     bool
	// keyStdin reads the key from stdin's first line (a pipe from a
	// password manager), as docker login --password-stdin does.
	keyStdin bool
}

// settings is what the flags say about the settings; --api-key-stdin
// reads the process's stdin.
func (f dashboardFlags) settings() settings.Flags {
	sf := settings.Flags{Demo: f.demo, Profile: f.profile, BaseURL: f.baseURL, ReadOnly: f.readOnly, Mouse: f.mouse, NoCache: f.noCache}
	if f.keyStdin {
		sf.KeyStdin = os.Stdin
	}
	return sf
}

// parseFlags reads args (without the program name). --help and -h set help
// rather than failing, so that the caller prints the usage on stdout.
func parseFlags(args []string) (dashboardFlags, error) {
	var f dashboardFlags
	fs := flag.NewFlagSet("tweakdash", flag.ContinueOnError)
	fs.BoolVar(&f.demo, "demo", false, "")
	fs.StringVar(&f.baseURL, "base-url", "", "")
	fs.StringVar(&f.profile, "profile", "", "")
	fs.BoolVar(&f.readOnly, "read-only", false, "")
	fs.BoolVar(&f.mouse, "mouse", false, "")
	fs.BoolVar(&f.noCache, "no-cache", false, "")
	fs.BoolVar(&f.debug, "debug", false, "")
	fs.BoolVar(&f.keyStdin, "api-key-stdin", false, "")
	fs.BoolVar(&f.version, "version", false, "")
	fs.BoolVar(&f.help, "help", false, "")
	fs.BoolVar(&f.help, "h", false, "")
	switch help, err := parseOptions(fs, args); {
	case err != nil:
		return f, usageError(err)
	case help:
		f.help = true
		return f, nil
	}
	if f.demo && f.keyStdin {
		return f, fmt.Errorf("%w: --demo runs on the built-in sandbox and needs no key", errUsage)
	}
	if f.demo && (f.baseURL != "" || f.profile != "") {
		return f, fmt.Errorf("%w: --demo runs on the built-in sandbox; --base-url and --profile do not apply", errUsage)
	}
	if strings.TrimSpace(f.profile) != f.profile {
		return f, fmt.Errorf("%w: --profile %q has surrounding spaces", errUsage, f.profile)
	}
	return f, nil
}

// printUsage writes the help text, with the resolved settings and state
// paths so that nobody has to guess where XDG put them.
func printUsage(w io.Writer, settings, state, cache string) {
	fmt.Fprintf(w, `tweakdash — a terminal dashboard for the HTTP Tweak Client API

Usage:
  tweakdash [flags]             the dashboard, profile "default"
  tweakdash --demo              the dashboard on the built-in sandbox with sample data;
                                nothing leaves the machine, no key needed
  tweakdash export CONFIG [-o FILE]
                                a config's servers and tweaks as a sync file (JSON, 0600)
  tweakdash import CONFIG FILE [--dry-run] [--yes] [--json]
                                preview, then one sync request with what changes
                                (see tweakdash import --help)
  tweakdash sandbox [--addr 127.0.0.1:8787] [--api-key KEY] [--data demo|empty] [--rate N]
                                run the sandbox API server alone (for curl or scripts);
                                its --api-key is the key the sandbox accepts
                                (see tweakdash sandbox --help)
  tweakdash serve [--addr ADDR] [--host-key PATH]
                                the dashboard as an SSH app for a team ([serve] in the
                                settings; see tweakdash serve --help)
  tweakdash keys                the action ids and the keys in force ([keys] in the
                                settings rebinds them)

Flags:
  --demo              use the built-in sandbox
  --profile NAME      use [profiles.NAME] of the settings file
  --base-url URL      the API's address (default https://httptweak.com)
  --read-only         disable every key that would change something
  --mouse             click to select rows and tabs, wheel to scroll
                      (off by default so that the terminal's own selection works)
  --no-cache          neither show the list the last run saw while the fresh one
                      loads, nor keep what this run sees (also: cache = false)
  --debug             log every request (method, path, status, time; never the key)
                      to the state directory's debug.log
  --api-key-stdin     read the API key from the first line of stdin, e.g.
                      pass show httptweak | tweakdash --api-key-stdin
  --version           print the version and exit
  -h, --help          print this help and exit

The API key (first match wins; there is no flag for it, as ps shows flags):
  1. stdin, with --api-key-stdin
  2. the HTTPTWEAK_API_KEY environment variable
  3. the profile's api_key_command (run with sh -c; the first line it prints)
  4. the profile's api_key
  With none, tweakdash asks for the key, checks it and offers to save it.
  A key the server refuses (401) brings that form back.

Drafts: a form open when the program is killed, hung up, crashes or loses
its key is saved (passwords and private keys left out) and offered back at
the next start.

The base URL: --base-url, then HTTPTWEAK_BASE_URL, then the profile's base_url.

Files:
  settings  %s
  state     %s  (drafts, debug.log)
  cache     %s  (what the last run saw, painted at start; never a secret)
`, settings, state, cache)
}
