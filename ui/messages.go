package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
)

// reply is what every API result carries: the id of the request that asked
// (a pane drops a reply that is not its latest, as gh-dash's
// LastFetchTaskId), the rate-limit headroom the server reported, and the
// error, if any.
type reply struct {
	id   int
	rate api.Rate
	err  error
}

// replier is implemented by every API result message, so that the root can
// read the rate headroom before routing the result to its owner.
type replier interface{ apiReply() reply }

func (r reply) apiReply() reply { return r }

// configsMsg answers GET /configs.
type configsMsg struct {
	reply
	list *api.ConfigList
}

// resourcesMsg answers GET /configs/{key}/resources.
type resourcesMsg struct {
	reply
	configKey string
	res       *api.Resources
}

// serversMsg answers GET /configs/{key}/servers: every field of every
// server, fetched the first time a server's detail is opened.
type serversMsg struct {
	reply
	configKey string
	servers   []model.Server
}

// tweaksMsg answers GET /configs/{key}/tweaks, as serversMsg.
type tweaksMsg struct {
	reply
	configKey string
	tweaks    []model.Tweak
}

// deviceIDsMsg answers GET /configs/{key}/device-ids.
type deviceIDsMsg struct {
	reply
	configKey string
	ids       []model.DeviceID
}

// passwordsMsg answers GET /configs/{key}/passwords.
type passwordsMsg struct {
	reply
	configKey string
	passwords []model.Password
}

// openConfigMsg is a child's request to the root: show cfg in the
// resource pane. Children return such requests from update; the root
// handles them at once (App.up).
type openConfigMsg struct{ cfg model.Config }

// backMsg is a child's request to the root: focus the config list again.
type backMsg struct{}

// statusKind says how a status line is drawn.
type statusKind int

const (
	statusInfo statusKind = iota
	statusOK
	statusWarn
	statusError
)

// statusMsg sets the status line. text may come from the server; the
// status bar makes it terminal-safe.
type statusMsg struct {
	kind statusKind
	text string
	// retryIn, when set, makes the line a countdown from it, drawn with
	// countdown (one %s for the seconds left).
	retryIn   time.Duration
	countdown string
	// retry marks a countdown to the client's own next attempt: the next
	// reply clears it.
	retry bool
}

// retryingMsg says the client waits before trying a request again.
type retryingMsg struct{ attempt api.RequestLog }

// Retrying is the message that tells the dashboard its client waits before
// trying a request again, so that the status line says why and counts
// down. Send it with Program.Send from the function given to the client's
// Observe, for attempts whose RetryIn is positive.
func Retrying(attempt api.RequestLog) tea.Msg { return retryingMsg{attempt} }

// countdownMsg ticks a status countdown; gen names the status line it
// belongs to, so that a tick for a replaced line is dropped.
type countdownMsg struct{ gen int }
