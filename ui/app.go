// Package ui is the dashboard: a root model (App) that owns layout, focus,
// overlays, the status bar and the global keys, and routes everything else
// to its children — the config list, the resource tabs (with their tables
// and detail view) and the help overlay — each in its own file.
package ui

import (
	"context"
	"errors"
	"image/color"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
	"tweakdash/theme"
	"tweakdash/ui/form"
	"tweakdash/ui/termsafe"
)

// Options configure the dashboard.
type Options struct {
	// Client talks to the API; browsing sends only GET requests.
	Client *api.Client

	// Profile is the settings profile's name; Label and Color (a colour
	// name such as "red", "#rrggbb" or an ANSI index; see
	// theme.ParseColor) mark it in the header so that nobody mistakes
	// production for a test account.
	Profile string
	Label   string
	Color   string
	// Host is the API host shown in the header.
	Host string
	// Demo shows the DEMO banner: the backend is the built-in sandbox.
	Demo bool
	// ReadOnly marks the session read-only (--read-only or a profile's
	// read_only): the header says so, and no write key is offered.
	ReadOnly bool
	// Mouse turns on click-to-select and wheel scrolling. Off by default so
	// that the terminal's own text selection keeps working over SSH.
	Mouse bool
	// Notice is shown in the status bar at start, e.g. what was wrong with
	// the settings file.
	Notice string
	// NoColor draws without colour (NO_COLOR was set; see theme.NoColor).
	NoColor bool
	// Restore reopens a form from a draft at start, over its config.
	Restore *Draft
	// DraftDone is called (in the program goroutine) once the restored
	// form is saved or discarded: the draft can be deleted.
	DraftDone func()
	// EndOnKeyRefused ends the program at the first 401, so that the
	// caller can ask for a new key (design §6: a 401 leads to the first-run
	// form; KeyRefused tells). An open form is left open, for the caller
	// to keep as a draft. Without it a 401 is an error line.
	EndOnKeyRefused bool
	// WarmUp does the one-time work of the first frame (see warmUp) while
	// the program waits for its first reply and frame tick.
	WarmUp bool
}

// pane is which pane has focus.
type pane int

const (
	paneList pane = iota
	paneConfig
)

// App is the dashboard's root model. Run it with tea.NewProgram(ui.New(opts)).
type App struct {
	opts       Options
	st         *theme.Styles
	memo       *memo // styled strings shared by the views, dropped on a restyle
	keyRefused bool  // a 401 ended the program (Options.EndOnKeyRefused)
	labelColor color.Color
	keys       appKeys

	list     *configList
	res      *resources
	status   *statusBar
	help     *helpView
	showHelp bool
	focus    pane

	width, height int

	ctx    context.Context
	cancel context.CancelFunc

	drafts         draftKeeper
	restored       *form.Form // the form reopened from Options.Restore
	pendingRestore *Draft     // a restored edit waiting for its record
}

// New returns the dashboard for opts.
func New(opts Options) *App {
	var src lister = noClient{}
	if opts.Client != nil {
		src = opts.Client
	}
	return newApp(opts, src)
}

// noClient answers every call with an error, so that a missing client is
// a message on screen rather than a crash.
type noClient struct{}

var errNoClient = errors.New("no API client configured")

func (noClient) ListConfigs(context.Context) (*api.ConfigList, *api.Response, error) {
	return nil, nil, errNoClient
}
func (noClient) ListResources(context.Context, string) (*api.Resources, *api.Response, error) {
	return nil, nil, errNoClient
}
func (noClient) ListServers(context.Context, string) ([]model.Server, *api.Response, error) {
	return nil, nil, errNoClient
}
func (noClient) ListTweaks(context.Context, string) ([]model.Tweak, *api.Response, error) {
	return nil, nil, errNoClient
}
func (noClient) ListDeviceIDs(context.Context, string) ([]model.DeviceID, *api.Response, error) {
	return nil, nil, errNoClient
}
func (noClient) ListPasswords(context.Context, string) ([]model.Password, *api.Response, error) {
	return nil, nil, errNoClient
}

func newApp(opts Options, src lister) *App {
	// Dark until the terminal answers tea.RequestBackgroundColor.
	st := theme.New(true, opts.NoColor)
	ctx, cancel := context.WithCancel(context.Background())
	a := &App{opts: opts, st: &st, memo: &memo{}, keys: defaultAppKeys(), ctx: ctx, cancel: cancel}
	a.labelColor, _ = theme.ParseColor(opts.Color)
	a.list = newConfigList(ctx, a.st, src)
	a.res = newResources(ctx, a.st, src)
	a.res.memo = a.memo
	if w, ok := src.(writer); ok {
		a.res.wr = w
	}
	a.res.readOnly = opts.ReadOnly
	a.status = newStatusBar(a.st)
	a.status.memo = a.memo
	a.help = newHelpView(a.st)
	if opts.Notice != "" {
		a.status.set(statusMsg{kind: statusWarn, text: opts.Notice})
		a.status.sticky = true
	} else {
		a.status.set(statusMsg{kind: statusInfo, text: "Loading configs from " + opts.Host + "…"})
	}
	a.resize(80, 24)
	return a
}

// Init starts the config list request at once, so that the first frame
// shows the layout with a spinner, and asks the terminal for its
// background colour.
func (a *App) Init() tea.Cmd {
	var restore tea.Cmd
	if a.opts.Restore != nil {
		restore = a.restore()
	}
	var warm tea.Cmd
	if a.opts.WarmUp {
		warm = func() tea.Msg { warmUp(); return nil }
	}
	return tea.Batch(a.list.fetch(), tea.RequestBackgroundColor, a.status.startSpinner(true), restore, warm)
}

// Update routes a message: sizes, colours, global keys and overlays are
// the root's; everything else goes to the child that owns it.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if r, ok := msg.(replier); ok {
		a.status.setRate(r.apiReply().rate)
		a.status.endRetry()
		if a.opts.EndOnKeyRefused && keyRefused(r.apiReply().err) {
			a.keyRefused = true
			return a, tea.Quit
		}
	}
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.resize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		*a.st = theme.New(msg.IsDark(), a.opts.NoColor)
		a.memo.reset()
		a.status.restyle()
		a.resize(a.width, a.height) // the detail is drawn ahead in its styles
	case tea.KeyPressMsg:
		cmd = a.key(msg)
	case tea.PasteMsg:
		cmd = a.paste(msg)
	case tea.MouseClickMsg:
		cmd = a.click(msg.Mouse())
	case tea.MouseWheelMsg:
		a.wheel(msg.Mouse())
	case spinner.TickMsg:
		return a, a.status.tick(msg, a.busy())
	case statusMsg:
		cmd = a.status.set(msg)
	case countdownMsg:
		cmd = a.status.countdownTick(msg)
	case retryingMsg:
		cmd = a.status.set(retryStatus(msg.attempt))
	case configsMsg:
		cmd = a.list.gotConfigs(msg)
	case resourcesMsg:
		cmd = a.res.gotResources(msg)
	case serversMsg:
		cmd = a.res.gotServers(msg)
	case tweaksMsg:
		cmd = a.res.gotTweaks(msg)
	case deviceIDsMsg:
		cmd = a.res.gotDeviceIDs(msg)
	case passwordsMsg:
		cmd = a.res.gotPasswords(msg)
	case form.SubmitMsg:
		cmd = a.res.submit(msg)
	case form.CancelMsg:
		if a.res.ed != nil && a.res.ed.f == msg.Form {
			a.draftClosed(msg.Form)
		}
		a.res.cancelForm(msg)
	case savedMsg:
		if msg.err == nil {
			a.draftClosed(msg.form)
		}
		cmd = a.res.gotSaved(msg)
		a.syncCounts(msg.configKey)
	case deletedMsg:
		cmd = a.res.gotDeleted(msg)
		a.syncCounts(msg.configKey)
	default:
		// The form's own messages (huh's field moves, cursor blinks).
		if a.res.ed != nil {
			cmd = a.res.ed.f.Update(msg)
		}
	}
	restored := a.tryRestore()
	a.noteDraft(msg)
	return a, tea.Batch(cmd, restored, a.status.startSpinner(a.busy()))
}

// key handles the global keys and the overlays, and hands the rest to the
// focused pane. Tab keys reach the resource pane from the list too.
func (a *App) key(msg tea.KeyPressMsg) tea.Cmd {
	a.status.sticky = false
	if a.keys.ForceQuit.matches(msg) {
		return a.quit()
	}
	// An open form or confirm takes every key: q, 1 or / typed into a
	// field are text, not commands.
	if a.res.modal() {
		return a.res.modalKey(msg)
	}
	if a.showHelp {
		switch {
		case a.keys.Quit.matches(msg):
			return a.quit()
		case a.keys.CloseHelp.matches(msg):
			a.showHelp = false
		}
		return nil
	}
	if !a.typing() {
		switch {
		case a.keys.Quit.matches(msg):
			return a.quit()
		case a.keys.Help.matches(msg):
			a.showHelp = true
			return nil
		}
		if a.focus == paneList && a.res.isTabKey(msg) {
			if a.res.cur != nil {
				a.setFocus(paneConfig)
			}
			return a.up(a.res.update(msg))
		}
	}
	if a.focus == paneList {
		return a.up(a.list.update(msg))
	}
	return a.up(a.res.update(msg))
}

// up does what a child asked of the root (open a config, go back) at once,
// not through a command, so that keys typed ahead land in the right pane.
func (a *App) up(cmd tea.Cmd, req tea.Msg) tea.Cmd {
	switch req := req.(type) {
	case openConfigMsg:
		cmd = tea.Batch(cmd, a.res.open(req.cfg))
		a.setFocus(paneConfig)
	case backMsg:
		a.back()
	}
	return cmd
}

// syncCounts copies a config's server and tweak counts from its view, the
// freshest account of them after a write, to the config list.
func (a *App) syncCounts(configKey string) {
	if v := a.res.views[configKey]; v != nil && v.loads[reqResources].state == loaded {
		a.list.setCounts(configKey, len(v.servers), len(v.tweaks))
	}
}

func (a *App) quit() tea.Cmd {
	a.cancel()
	return tea.Quit
}

// back returns focus to the config list. On a narrow terminal the config
// view closes (its requests are cancelled); on a wide one it stays shown.
func (a *App) back() {
	if !a.wide() {
		a.res.close()
	}
	a.setFocus(paneList)
}

func (a *App) paste(msg tea.PasteMsg) tea.Cmd {
	switch {
	case a.res.ed != nil:
		return a.res.ed.f.Update(msg)
	case a.showHelp || a.res.modal():
		return nil
	case a.focus == paneList:
		a.list.tbl.paste(msg.Content)
	default:
		a.res.paste(msg.Content)
	}
	return nil
}

func (a *App) typing() bool {
	if a.res.modal() {
		return true
	}
	if a.focus == paneList {
		return a.list.typing()
	}
	return a.res.typing()
}

func (a *App) busy() bool { return a.list.busy() || a.res.busy() }

func (a *App) setFocus(p pane) {
	a.focus = p
	a.list.tbl.focused = p == paneList
	a.res.setFocused(p == paneConfig)
}

func (a *App) wide() bool { return a.width >= wideMin }

// resize lays the panes out for a w×h terminal.
func (a *App) resize(w, h int) {
	a.width, a.height = w, h
	bodyH := max(h-2, 2)
	if a.wide() {
		lw := listWidth(w)
		a.list.tbl.setSize(lw-3, bodyH-2)
		a.res.setSize(w-lw-2, bodyH-2)
	} else {
		a.list.tbl.setSize(w-3, bodyH-2)
		a.res.setSize(w-2, bodyH-2)
	}
	a.setFocus(a.focus)
}

// View draws the header, the panes (side by side when wide, one at a time
// when narrow) or the help overlay, and the status bar. Every line is at
// most as wide as the terminal.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = "tweakdash · " + termsafe.Line(a.opts.Profile)
	if a.opts.Mouse {
		v.MouseMode = tea.MouseModeCellMotion
	}
	return v
}

// KeyRefused reports whether the program ended because the server refused
// the API key (Options.EndOnKeyRefused).
func (a *App) KeyRefused() bool { return a.keyRefused }

func (a *App) render() string {
	w, h := a.width, a.height
	if w <= 0 || h <= 0 {
		return ""
	}
	keys, always := a.shortHelp()
	switch h {
	case 1:
		return a.headerView()
	case 2:
		return a.headerView() + "\n" + a.status.view(w, a.busy(), keys, always)
	}
	bodyH := h - 2
	var body string
	switch {
	case a.showHelp:
		body = box(a.st, a.memo, "Help", a.help.view(a.helpGroups(), w-2, bodyH-2), w, bodyH, true)
	case a.wide():
		lw := listWidth(w)
		body = beside(a.listBox(lw, bodyH), a.configBox(w-lw, bodyH))
	case a.focus == paneConfig && a.res.cur != nil:
		body = a.configBox(w, bodyH)
	default:
		body = a.listBox(w, bodyH)
	}
	return a.headerView() + "\n" + body + "\n" + a.status.view(w, a.busy(), keys, always)
}

func (a *App) listBox(w, h int) string {
	return box(a.st, a.memo, "Configs", margin(a.list.tbl.view(), "", " "), w, h, a.focus == paneList)
}

func (a *App) configBox(w, h int) string {
	return box(a.st, a.memo, a.res.title(), a.res.view(), w, h, a.focus == paneConfig)
}

// headerView is the top line: app, profile (label in its colour), DEMO
// and read-only marks and host on the left; account usage and rate
// headroom on the right.
func (a *App) headerView() string {
	// Everything else in the header is fixed for the App's life.
	r := a.status.rate
	rate := ""
	if r.Known {
		rate = rateText(r)
	}
	return a.memo.get(memoKey("header", a.width, rateLow(r), a.list.usage(), rate), a.buildHeader)
}

func (a *App) buildHeader() string {
	hs := a.st.Header
	sep := headerPart{" · ", hs.Sep}
	var right []headerPart
	if u := a.list.usage(); u != "" {
		right = append(right, headerPart{u, hs.Text})
	}
	if r := a.status.rate; r.Known {
		if len(right) > 0 {
			right = append(right, sep)
		}
		st := hs.Rate
		if rateLow(r) {
			st = hs.RateLow
		}
		right = append(right, headerPart{rateText(r), st})
	}
	right = append(right, headerPart{" ", hs.Text})
	rs, rw := parts(right, a.width/2)

	left := []headerPart{{" ", hs.Text}, {"tweakdash", hs.App}}
	if p := a.opts.Profile; p != "" {
		left = append(left, sep, headerPart{p, hs.Text})
	}
	if l := a.opts.Label; l != "" {
		left = append(left, headerPart{" ", hs.Text}, headerPart{" " + l + " ", a.st.Badge(a.labelColor)})
	}
	if a.opts.Demo {
		left = append(left, headerPart{" ", hs.Text}, headerPart{" DEMO ", hs.Demo})
	}
	if a.opts.ReadOnly {
		left = append(left, headerPart{" ", hs.Text}, headerPart{"read-only", hs.ReadOnly})
	}
	// The host comes last: on a narrow terminal it is what gets cut, not
	// the marks that tell production from a test account.
	if a.opts.Host != "" {
		left = append(left, sep, headerPart{a.opts.Host, hs.Text})
	}
	ls, lw := parts(left, a.width-rw-1)
	pad := a.width - lw - rw
	if pad < 0 {
		pad = 0
	}
	return ls + spaces(pad) + rs
}

// shortHelp is the status bar's key help: the focused pane's, and ours,
// which are always shown.
func (a *App) shortHelp() (keys, always []key.Binding) {
	if a.showHelp {
		return nil, bindings(&a.keys.CloseHelp, &a.keys.Quit)
	}
	if a.focus == paneList {
		keys = a.list.shortHelp()
	} else {
		keys = a.res.shortHelp()
	}
	if a.typing() {
		return keys, nil
	}
	return keys, bindings(&a.keys.Help, &a.keys.Quit)
}

// helpGroups are the help overlay's columns, from the live bindings.
func (a *App) helpGroups() []helpGroup {
	nav := defaultNavKeys()
	groups := []helpGroup{{title: "Move", keys: bindings(nav.all()...)}}
	if a.focus == paneList {
		groups = append(groups, helpGroup{"Config list", a.list.fullHelp()})
	} else {
		groups = append(groups, helpGroup{"Config", a.res.fullHelp()})
	}
	groups = append(groups,
		helpGroup{"Tabs", a.res.tabHelp()},
		helpGroup{"General", bindings(&a.keys.Help, &a.keys.Quit, &a.keys.ForceQuit)})
	return groups
}

func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}
