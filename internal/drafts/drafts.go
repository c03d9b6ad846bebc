// Package drafts keeps what was typed in a form that did not get sent: a
// form open when the program is killed, hung up, crashes or loses its key
// is saved (without passwords or private keys; see model.Draft) to the
// state directory, and offered back at the next start of the same profile.
// Asking the user is the caller's: the command layer and serve each ask in
// their own program.
package drafts

import (
	"strings"
	"time"

	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

// Saved is one draft file: the open form's values (no secrets; see
// model.Draft) and which profile it belongs to, so that a draft made against
// one account is never offered against another.
type Saved struct {
	Profile string    `json:"profile"`
	SavedAt time.Time `json:"saved_at"`
	model.Draft

	path string // where it was read from
}

// Question is the one-line offer made at start.
func (d Saved) Question() string {
	what := "your unsaved " + d.Noun()
	if n := strings.TrimSpace(d.Name()); n != "" {
		what += " '" + n + "'"
	}
	return termsafe.Line("Restore " + what + " in config " + d.ConfigName + "?")
}
