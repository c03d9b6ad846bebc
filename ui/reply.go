package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/keymap"
	"tweakdash/model"
	"tweakdash/theme"
)

// replyMsg is the one envelope every API reply travels in: the config it
// is about ("" for the config list), the id of the request that asked, the
// rate headroom the server reported, and what came back. App.Update routes
// it in one case by config and id, never by what it carries: the model
// that sent the request knows what the id asked for (and drops a reply
// that is not its latest, as gh-dash's LastFetchTaskId).
type replyMsg struct {
	config string
	id     int
	rate   api.Rate
	err    error
	body   any
}

// call is a command that runs one API call and answers with its envelope.
// Everything it needs is copied when it is made, never read from a model
// when it runs.
func call[T any](ctx context.Context, config string, id int, f func(context.Context) (T, *api.Response, error)) tea.Cmd {
	return func() tea.Msg {
		body, resp, err := f(ctx)
		return newReply(config, id, resp, err, body)
	}
}

func newReply(config string, id int, resp *api.Response, err error, body any) replyMsg {
	r := replyMsg{config: config, id: id, err: err, body: body}
	if resp != nil {
		r.rate = resp.Rate
	}
	return r
}

// lister is the part of *api.Client that browsing uses: GETs only.
type lister interface {
	ListConfigs(ctx context.Context) (*api.ConfigList, *api.Response, error)
	ListResources(ctx context.Context, configKey string) (*api.Resources, *api.Response, error)
	ListServers(ctx context.Context, configKey string) ([]model.Server, *api.Response, error)
	ListTweaks(ctx context.Context, configKey string) ([]model.Tweak, *api.Response, error)
	ListDeviceIDs(ctx context.Context, configKey string) ([]model.DeviceID, *api.Response, error)
	ListPasswords(ctx context.Context, configKey string) ([]model.Password, *api.Response, error)
}

// env is what every model of the tree reads and only App and its writer
// set: the styles, the memo of styled strings, the API, the app's context
// (reads derive theirs from it) and the request ids, unique across the
// tree so that one envelope can be routed by its id alone.
type env struct {
	st     *theme.Styles
	memo   *memo
	src    lister
	cache  *cache // the snapshot: kept after loads, read when a config opens
	orders *listOrders
	ctx    context.Context
	nextID int
	// writesOff says why no write can be made ("" when one can): a
	// read-only profile, or no client that writes.
	writesOff string
	// jobRunning: a bulk job runs; another waits for it.
	jobRunning bool
	// writes counts the writes answered: the status line says what a
	// write did, and a load that was in flight meanwhile does not cover it.
	writes int
	// base is the API's base URL, for request previews.
	base string
	// host is what the host may do for the user (Options.HostAccess).
	host HostAccess
	// now is the clock and after a timer (tea.Tick): tests run jobs and
	// their pacing in simulated time.
	now   func() time.Time
	after func(time.Duration, tea.Msg) tea.Cmd
	// pacer paces the bulk jobs: the client's, shared with every session
	// on its key (tweakdash serve), or one of the app's own.
	pacer *api.Pacer
	// keys are the user's keys in force by action id (Options.Keys).
	keys keymap.Map
}

// ticker is after's default: a message once d has passed, or nothing
// once ctx (the app's) has ended, so that no timer outlives the program.
func ticker(ctx context.Context) func(time.Duration, tea.Msg) tea.Cmd {
	return func(d time.Duration, msg tea.Msg) tea.Cmd {
		return func() tea.Msg {
			if api.Sleep(ctx, d) != nil {
				return nil
			}
			return msg
		}
	}
}

func (e *env) newID() int {
	e.nextID++
	return e.nextID
}

// setStatus returns a command that sets the status line.
func setStatus(kind statusKind, text string) tea.Cmd {
	msg := statusMsg{kind: kind, text: text, made: time.Now()}
	return func() tea.Msg { return msg }
}

// setPending returns a command that sets the status line to the words of
// a request in flight ("Reading …"), which the spinner turns beside.
func setPending(text string) tea.Cmd {
	msg := statusMsg{kind: statusInfo, text: text, made: time.Now(), pending: true}
	return func() tea.Msg { return msg }
}
