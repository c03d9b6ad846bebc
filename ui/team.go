package ui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
)

// What other sessions on the same API key tell this one (tweakdash serve
// sends these; the dashboard never learns of the other sessions but by
// them).

// sharedRateMsg is the key's headroom as another session's reply left it.
type sharedRateMsg struct{ rate api.Rate }

// SharedRate tells the dashboard the key's rate-limit headers from a reply
// another session on the key got, so that its header shows the headroom
// they all share.
func SharedRate(r api.Rate) tea.Msg { return sharedRateMsg{r} }

// HeldElsewhere tells the dashboard that a request of user (a name from
// the server's settings) on the same key was refused with a 429, so that
// its own requests wait for wait too: the status line says so and counts
// down.
func HeldElsewhere(user string, wait time.Duration) tea.Msg {
	countdown := "Rate limited: the key is held for %s (a request of " + strings.ReplaceAll(user, "%", "%%") + "'s hit the limit)"
	return statusMsg{kind: statusWarn, text: fmt.Sprintf(countdown, seconds(wait)), countdown: countdown, retryIn: wait}
}
