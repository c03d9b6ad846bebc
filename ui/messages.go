package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
)

// openConfigMsg is a child's request to the root: show cfg in the
// resource pane. Children return such requests from update; the root
// handles them at once (App.up).
type openConfigMsg struct{ cfg model.Config }

// backMsg is a child's request to the root: focus the config list again.
type backMsg struct{}

// showMsg is a child's request to the root: open o in the overlay slot.
// restored marks the form reopened from a draft (Options.Restore).
type showMsg struct {
	o        overlay
	restored bool
}

// closeMsg is an overlay's request to the root: close it.
type closeMsg struct{}

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
	// pending marks the words of a request still in flight: the spinner
	// turns beside them, and beside nothing else.
	pending bool
	// made is when the line was decided (in Update, in program order).
	// Lines travel as commands, which run concurrently: one decided
	// earlier but delivered later must not cover a newer one (a load's
	// count over a save's "created"). It also says which screen the line
	// belongs to: the one shown then (see statusBar.screenChanged).
	made time.Time
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
