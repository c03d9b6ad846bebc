package settings

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"tweakdash/api"
	"tweakdash/internal/keymap"
	"tweakdash/internal/termsafe"
	"tweakdash/theme"
)

// DefaultBaseURL is the HTTP Tweak service.
const DefaultBaseURL = "https://httptweak.com"

// Flags is what the command line says about the settings.
type Flags struct {
	Demo     bool
	Profile  string
	BaseURL  string
	ReadOnly bool
	Mouse    bool
	NoCache  bool // --no-cache
	// KeyStdin, when set, is read for the key (--api-key-stdin): its first
	// line wins over every other source.
	KeyStdin io.Reader
	// NoKey resolves everything but the key: shell completion needs the
	// profile and base URL to find the cache, and must neither run an
	// api_key_command nor read stdin on tab.
	NoKey bool
}

// Startup is everything the flags, the environment and the settings file
// decide about a run, resolved once before anything is drawn.
type Startup struct {
	SettingsFile string
	Profile      string // the profile's name
	Label        string // safe to draw
	Color        string
	BaseURL      string // checked by api.CheckBaseURL, without a trailing slash
	Key          string
	KeySource    string // one of the KeyFrom constants; "" without a key
	ReadOnly     bool   // the profile's read_only or --read-only
	Mouse        bool
	Theme        theme.Theme // [theme]; NO_COLOR still wins
	Refresh      time.Duration
	// Cache: paint what the last run saw at once, and keep what this one
	// sees (off with --no-cache, `cache = false` or --demo).
	Cache   bool
	Notices []string
	// SavePath is where a key typed at first run may be saved; "" when the
	// settings file cannot be rewritten safely.
	SavePath string
	// Keys are the settings file's [keys], as checked.
	Keys keymap.Map
}

// Resolve applies the precedence rules to the settings file at path.
// Whatever is wrong in the settings file becomes a notice and start-up goes
// on with defaults, except a base URL that would send the key where it must
// not go: a refused --base-url, HTTPTWEAK_BASE_URL or base_url of the
// profile in use is an error, before any key is looked up. Falling back to
// the default host would send that profile's key to another service.
func Resolve(ctx context.Context, f Flags, getenv func(string) string, path string) (Startup, error) {
	return resolve(ctx, f, getenv, path, Load(path))
}

// ResolveFile is Resolve on the settings file read already as ls (from
// path): tweakdash serve resolves every profile its users name from one
// reading of the file.
func ResolveFile(ctx context.Context, f Flags, getenv func(string) string, path string, ls File) (Startup, error) {
	return resolve(ctx, f, getenv, path, ls)
}

// resolve is Resolve with the settings file at path read already, as ls.
func resolve(ctx context.Context, f Flags, getenv func(string) string, path string, ls File) (Startup, error) {
	st := Startup{SettingsFile: path, Notices: ls.Notices, Mouse: f.Mouse || ls.Mouse, SavePath: path, Keys: ls.Keys, Theme: ls.Theme, Refresh: ls.Refresh}
	if ls.broken {
		st.SavePath = ""
	}
	if f.Demo {
		// The demo uses nothing of the profiles: no key, no URL, and
		// nothing of its sandbox is worth keeping.
		return st, nil
	}
	st.Cache = !f.NoCache && !ls.NoCache

	explicit := f.Profile != "" || ls.Profile != ""
	st.Profile = cmp.Or(f.Profile, ls.Profile, defaultProfile)
	p, found := ls.Profiles[st.Profile]
	switch {
	case found:
	case explicit && !ls.exists:
		st.Notices = append(st.Notices, fmt.Sprintf("profile %q not found: there is no settings file at %s",
			termsafe.Line(st.Profile), ls.shown))
	case explicit && !ls.broken:
		known := "none"
		if names := ls.profileNames(); len(names) > 0 {
			known = strings.Join(names, ", ")
		}
		st.Notices = append(st.Notices, fmt.Sprintf("profile %q not found in %s (profiles: %s); using defaults",
			termsafe.Line(st.Profile), ls.shown, known))
	}
	if ls.holdsKey() && keyReadableByOthers(ls.mode) {
		st.Notices = append(st.Notices, keyFileRefused(ls))
	}
	st.ReadOnly = f.ReadOnly || p.ReadOnly
	st.Label = termsafe.Line(p.Label)
	st.Color = p.Color

	switch {
	case f.BaseURL != "":
		// The errors never quote the URL: it may hold a password.
		if _, err := api.CheckBaseURL(f.BaseURL); err != nil {
			return st, fmt.Errorf("--base-url: %v; nothing was sent", err)
		}
		st.BaseURL = f.BaseURL
	case getenv("HTTPTWEAK_BASE_URL") != "":
		u := getenv("HTTPTWEAK_BASE_URL")
		if _, err := api.CheckBaseURL(u); err != nil {
			return st, fmt.Errorf("HTTPTWEAK_BASE_URL: %v; nothing was sent", err)
		}
		st.BaseURL = u
	case p.refusedURL != "":
		return st, fmt.Errorf("%s: %s; nothing was sent (fix it, or give another with --base-url)", ls.shown, p.refusedURL)
	case p.BaseURL != "":
		st.BaseURL = p.BaseURL
	default:
		st.BaseURL = DefaultBaseURL
	}
	st.BaseURL = strings.TrimRight(st.BaseURL, "/")

	if f.NoKey {
		return st, nil
	}
	if f.KeyStdin != nil {
		key, err := readKeyLine(f.KeyStdin)
		if err != nil {
			return st, fmt.Errorf("--api-key-stdin: %v", err)
		}
		st.Key, st.KeySource = key, KeyFromStdin
		return st, nil
	}
	var notes []string
	st.Key, st.KeySource, notes = lookupKey(ctx, getenv, ls, p)
	st.Notices = append(st.Notices, notes...)
	return st, nil
}
