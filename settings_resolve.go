package main

import (
	"context"
	"fmt"
	"strings"

	"tweakdash/ui/termsafe"
)

// defaultBaseURL is the HTTP Tweak service.
const defaultBaseURL = "https://httptweak.com"

// startup is everything the flags, the environment and the settings file
// decide about a run, resolved once before anything is drawn.
type startup struct {
	settingsFile string
	profileName  string
	Profile
	baseURL string
	// baseURLFromFile: the URL came from the settings file, so a URL the
	// client refuses falls back to the default instead of stopping start-up.
	baseURLFromFile bool
	key             string
	keySource       string
	readOnly        bool
	mouse           bool
	notices         []string
	// savePath is where a key typed at first run may be saved; "" when the
	// settings file cannot be rewritten safely.
	savePath string
}

// resolveStartup applies the precedence rules. Only a bad --base-url or
// HTTPTWEAK_BASE_URL is an error: whatever is wrong in the settings file
// becomes a notice and start-up goes on with defaults.
func resolveStartup(ctx context.Context, f cliFlags, getenv func(string) string, path string) (startup, error) {
	ls := loadSettings(path)
	st := startup{settingsFile: path, notices: ls.notices, mouse: f.mouse || ls.Mouse, savePath: path}
	if ls.broken {
		st.savePath = ""
	}
	if f.demo {
		// The demo uses nothing of the profiles: no key, no URL.
		return st, nil
	}

	explicit := f.profile != "" || ls.Profile != ""
	st.profileName = firstNonEmpty(f.profile, ls.Profile, defaultProfile)
	p, found := ls.Profiles[st.profileName]
	switch {
	case found:
		st.Profile = p
	case explicit && !ls.exists:
		st.notices = append(st.notices, fmt.Sprintf("profile %q not found: there is no settings file at %s",
			termsafe.Line(st.profileName), ls.shown))
	case explicit && !ls.broken:
		known := "none"
		if names := ls.profileNames(); len(names) > 0 {
			known = strings.Join(names, ", ")
		}
		st.notices = append(st.notices, fmt.Sprintf("profile %q not found in %s (profiles: %s); using defaults",
			termsafe.Line(st.profileName), ls.shown, known))
	}
	if ls.holdsKey() && keyReadableByOthers(ls.mode) {
		st.notices = append(st.notices, keyFileRefused(ls))
	}
	st.readOnly = f.readOnly || st.ReadOnly
	st.Label = termsafe.Line(st.Label)

	switch {
	case f.baseURL != "":
		if err := checkBaseURL(f.baseURL); err != nil {
			return st, fmt.Errorf("--base-url %s: %v", termsafe.Line(f.baseURL), err)
		}
		st.baseURL = f.baseURL
	case getenv("HTTPTWEAK_BASE_URL") != "":
		u := getenv("HTTPTWEAK_BASE_URL")
		if err := checkBaseURL(u); err != nil {
			return st, fmt.Errorf("HTTPTWEAK_BASE_URL %s: %v", termsafe.Line(u), err)
		}
		st.baseURL = u
	case st.BaseURL != "":
		st.baseURL, st.baseURLFromFile = st.BaseURL, true
	default:
		st.baseURL = defaultBaseURL
	}
	st.baseURL = strings.TrimRight(st.baseURL, "/")

	if f.keyStdin {
		key, err := readKeyLine(keyInput)
		if err != nil {
			return st, fmt.Errorf("--api-key-stdin: %v", err)
		}
		st.key, st.keySource = key, keyFromStdin
		return st, nil
	}
	var notes []string
	st.key, st.keySource, notes = lookupKey(ctx, getenv, ls, st.Profile)
	st.notices = append(st.notices, notes...)
	return st, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
