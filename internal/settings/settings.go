// Package settings decides what a run of tweakdash uses: it reads the
// settings file ($XDG_CONFIG_HOME/tweakdash/config.toml) leniently, picks the
// profile, the API's base URL and the API key (from stdin, the environment,
// an api_key_command or the file, in that order), and saves a key typed at
// first run; it also reads what tweakdash serve serves, and to whom
// ([serve]). A settings file with an error never blocks start-up: whatever
// is wrong becomes a notice, and the values it concerns are left out.
package settings

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/adrg/xdg"

	"tweakdash/internal/keymap"
	"tweakdash/internal/termsafe"
	"tweakdash/theme"
)

// appDir names the directory under the XDG config and state homes.
const appDir = "tweakdash"

// defaultProfile is used when neither --profile nor the settings file names one.
const defaultProfile = "default"

// Profile is one [profiles.NAME] table of the settings file.
type Profile struct {
	BaseURL       string `toml:"base_url,omitempty"`
	APIKey        string `toml:"api_key,omitempty"`
	APIKeyCommand string `toml:"api_key_command,omitempty"`
	ReadOnly      bool   `toml:"read_only,omitempty"`
	Label         string `toml:"label,omitempty"`
	Color         string `toml:"color,omitempty"`

	// refusedURL says why the base_url the file gives was refused ("" when
	// it was not): a run of this profile is then an error.
	refusedURL string
}

// Settings is what the settings file says, after every bad value was dropped.
type Settings struct {
	Profile string // the profile used without --profile; "" means "default"
	Mouse   bool
	// NoCache is `cache = false`: no snapshot for instant start is read
	// or kept (see CacheDir).
	NoCache  bool
	Profiles map[string]Profile
	Serve    Serve // [serve], for tweakdash serve
	// Keys are [keys] as checked: the keys in force by action id.
	Keys keymap.Map
	// Theme is [theme]: the dashboard's colours.
	Theme theme.Theme
	// Refresh is how often a watched list reloads (refresh = "30s"); 0
	// is the dashboard's default.
	Refresh time.Duration
}

// Path is where the settings file lives. It is only computed, never
// created: reading, --help and a missing file must leave the disk alone.
func Path() string {
	return filepath.Join(xdg.ConfigHome, appDir, "config.toml")
}

// StateDir holds drafts and the debug log.
func StateDir() string {
	return filepath.Join(xdg.StateHome, appDir)
}

// CacheDir holds the snapshot that the next start paints at once: what
// was last seen of each profile's configs, never a secret (package
// snapshot).
func CacheDir() string {
	return filepath.Join(xdg.CacheHome, appDir)
}

// Tilde shortens a path under the home directory to ~/..., for messages
// in a status bar that has little room (and still works in a shell).
func Tilde(path string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" || home == "/" {
		return path
	}
	if rest, ok := strings.CutPrefix(path, strings.TrimRight(home, "/")+"/"); ok {
		return "~/" + rest
	}
	return path
}

// holdsKey reports whether any profile of the file stores an API key.
func (s Settings) holdsKey() bool {
	for _, p := range s.Profiles {
		if p.APIKey != "" {
			return true
		}
	}
	return false
}

// profileNames lists the profiles in a stable order, for messages.
func (s Settings) profileNames() []string {
	names := make([]string, 0, len(s.Profiles))
	for n := range s.Profiles {
		names = append(names, termsafe.Line(n))
	}
	slices.Sort(names)
	return names
}
