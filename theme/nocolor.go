package theme

import (
	"strings"

	"github.com/charmbracelet/colorprofile"
)

// NoColor reports whether environ (KEY=value entries, as os.Environ returns)
// asks for no colour. Per no-color.org any non-empty NO_COLOR counts; the
// colour-profile library honours only values that parse as booleans, so
// NO_COLOR=yes would otherwise still get colours. The last entry wins, as
// with duplicate keys in os/exec.
func NoColor(environ []string) bool {
	v := ""
	for _, kv := range environ {
		if rest, ok := strings.CutPrefix(kv, "NO_COLOR="); ok {
			v = rest
		}
	}
	return v != ""
}

// ProfileOverride returns the colour profile to force on the program
// (tea.WithColorProfile) when environ asks for no colour: Ascii keeps bold
// and reverse, which the no-colour styles use for the cursor, and drops
// every colour. ok is false when the detected profile should stand.
func ProfileOverride(environ []string) (p colorprofile.Profile, ok bool) {
	if NoColor(environ) {
		return colorprofile.ASCII, true
	}
	return colorprofile.Unknown, false
}
