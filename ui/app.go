package ui

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/audit"
	"tweakdash/internal/keymap"
	"tweakdash/internal/liststate"
	"tweakdash/internal/snapshot"
	"tweakdash/internal/termsafe"
	"tweakdash/model"
	"tweakdash/theme"
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
	// NoColor draws without colour (NO_COLOR was set; see theme.NoColor),
	// whatever Theme says.
	NoColor bool
	// Theme is the user's colours ([theme] in the settings); the zero
	// value is the default theme.
	Theme theme.Theme
	// Restore reopens a form from a draft at start, over its config.
	Restore *Draft
	// DraftDone is called (in the program goroutine) once the restored
	// form is saved or discarded: the draft can be deleted.
	DraftDone func()
	// EndOnKeyRefused ends the program at the first 401, so that the
	// caller can ask for a new key (a refused key leads back to the first-run
	// form, not to an error line; KeyRefused tells). An open form is left open, for the caller
	// to keep as a draft. Without it a 401 is an error line.
	EndOnKeyRefused bool
	// WarmUp does the one-time work of the first frame (see warmUp) while
	// the program waits for its first reply and frame tick.
	WarmUp bool
	// Cached is the config list an earlier run saw (package snapshot),
	// painted at once, marked cached in the header until the fresh one
	// comes; nil: none. Cache keeps what this run loads and gives back
	// what was seen of a config when it opens; nil: nothing is kept.
	Cached *snapshot.List
	Cache  Cache
	// Audit keeps a line for each write on disk (package audit), and gives
	// the journal (U) earlier sessions' writes; nil: nothing is kept.
	Audit *audit.Log
	// Prefetch is the config list request, sent before the program
	// started (PrefetchConfigs); nil: Init sends it.
	Prefetch *Prefetch
	// HostAccess is what the host may do for the user: its files, ctrl+z,
	// its clipboard. The zero value, a served session's, allows nothing.
	HostAccess HostAccess
	// Keys are the user's keys by action id, checked (keymap.Resolve);
	// an id left out keeps its defaults.
	Keys keymap.Map
	// ListOrders are how the lists were sorted when the last run ended
	// (package liststate), by resource name; OrderStore keeps each
	// change for the next start. nil: lists open in the API's order, and
	// nothing is kept.
	ListOrders map[string]liststate.Order
	OrderStore OrderStore
	// Refresh is how often w reloads the open list (the refresh
	// setting); 0 is DefaultRefresh.
	Refresh time.Duration
	// Context, when it ends, ends the dashboard's requests and timers as
	// quitting does: tweakdash serve ends a session's program from
	// outside (a dropped connection, the idle timeout), and a timer left
	// waiting would keep its goroutine for up to a minute. nil: none.
	Context context.Context
}

// paneModel is how the root meets its two panes, the config list and the
// config pane: keys, drawing, size, focus, help and what they are doing.
// Anything else a pane wants of the root it asks by returning a request
// from update or click.
type paneModel interface {
	update(tea.KeyPressMsg) (tea.Cmd, tea.Msg)
	view() string
	setSize(w, h int) // the cells inside the pane's border
	setFocused(bool)
	shortHelp() []key.Binding
	fullHelp() []key.Binding
	commands() []command // for the palette: its keys as they stand now
	busy() bool
	typing() bool
	paste(string)
	click(x, y int) (tea.Cmd, tea.Msg) // x, y inside the border
	wheel(n int)
}

var (
	_ paneModel = (*configList)(nil)
	_ paneModel = (*configPane)(nil)
)

// pane is which pane has focus.
type pane int

const (
	paneList pane = iota
	paneConfig
)

// App is the dashboard's root model. Run it with tea.NewProgram(ui.New(opts)).
type App struct {
	opts       Options
	env        *env
	keyRefused bool // a 401 ended the program (Options.EndOnKeyRefused)
	keys       appKeys

	list     *configList
	pane     *configPane
	overlay  overlay // the one slot over the config pane; nil when none
	header   *header
	status   *statusBar
	help     *helpView
	showHelp bool
	focus    pane

	width, height int

	ctx    context.Context
	cancel context.CancelFunc

	// writer makes the writes and keeps what follows from them (the bulk
	// job, undo, the journal, the audit log).
	writer *writer
	watch  *watch
	// team keeps the lists in step with other sessions' writes (serve).
	team *teamLists

	drafts   draftKeeper
	restored overlay // the form reopened from Options.Restore
	// recent are the palette's commands by label, the last used first.
	recent []string
	// updateAt is when the Update running began: a screen that changes
	// in it owns the status lines decided from then on.
	updateAt time.Time
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
	st := opts.Theme.Styles(true, opts.NoColor)
	ctx, cancel := context.WithCancel(cmp.Or(opts.Context, context.Background()))
	e := &env{st: &st, memo: &memo{}, src: src, ctx: ctx, now: time.Now, after: ticker(ctx), host: opts.HostAccess, keys: opts.Keys}
	a := &App{opts: opts, env: e, keys: appKeysIn(opts.Keys), ctx: ctx, cancel: cancel}
	wr, _ := src.(writeAPI)
	e.pacer = new(api.Pacer)
	if c, ok := src.(*api.Client); ok {
		e.base, e.pacer = c.BaseURL(), c.Pacer()
	}
	switch {
	case opts.ReadOnly:
		e.writesOff = "read-only profile: writes are off"
	case wr == nil:
		e.writesOff = "no API client: writes are off"
	}
	e.cache = newCache(opts.Cache)
	e.orders = newListOrders(opts.ListOrders, opts.OrderStore)
	a.watch = &watch{env: e, every: cmp.Or(opts.Refresh, DefaultRefresh)}
	a.list = newConfigList(e)
	a.list.first = opts.Prefetch
	a.list.paintCached(opts.Cached)
	a.pane = newConfigPane(e)
	a.team = newTeamLists(e, a.pane, a.list)
	a.status = newStatusBar(e.st)
	a.status.memo = e.memo
	a.help = newHelpView(e.st)
	a.help.palette = a.keys.Palette.Help().Key
	a.header = &header{env: e, opts: &a.opts, list: a.list, pane: a.pane, status: a.status}
	a.header.labelColor, _ = theme.ParseColor(opts.Color)
	a.writer = &writer{env: e, ctx: ctx, api: wr, inFlight: map[int]inFlight{}, trail: auditTrail{log: opts.Audit, session: audit.NewSession(),
		profile: opts.Profile, host: opts.Host, now: e.now}, pane: a.pane, list: a.list, status: a.status, up: a.up,
		slot: slot{shown: func() overlay { return a.overlay }, set: a.setOverlay, close: a.closeOverlay}}
	if opts.Notice != "" {
		a.status.set(statusMsg{kind: statusWarn, text: opts.Notice})
		a.status.sticky = true
	} else {
		a.status.set(statusMsg{kind: statusInfo, text: "Loading configs from " + opts.Host + "…", pending: true})
	}
	a.resize(80, 24)
	return a
}

// Init starts the config list request at once, so that the first frame
// shows the layout with a spinner, and asks the terminal for its
// background colour.
func (a *App) Init() tea.Cmd {
	var warm tea.Cmd
	if a.opts.WarmUp {
		warm = func() tea.Msg { warmUp(); return nil }
	}
	return tea.Batch(a.list.fetch(), tea.RequestBackgroundColor, a.status.startSpinner(true), a.restore(), warm)
}

// Update routes a message: sizes, colours, global keys and the overlay are
// the root's; every reply goes to the model that asked, in one case.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	a.updateAt = time.Now()
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case replyMsg:
		a.status.setRate(msg.rate)
		a.status.endRetry()
		if a.opts.EndOnKeyRefused && keyRefused(msg.err) {
			a.keyRefused = true
			return a, tea.Quit
		}
		routed := a.route(msg) // first: the watch compares the rows the view now shows
		watched, news := a.watch.answered(msg, a.pane.cur)
		if ed, ok := a.overlay.(*editor); ok {
			ed.watchFound(news)
		}
		cmd = tea.Batch(routed, watched, a.team.answered(msg))
	case tea.WindowSizeMsg:
		a.resize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		*a.env.st = a.opts.Theme.Styles(msg.IsDark(), a.opts.NoColor)
		a.env.memo.reset()
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
	case sharedRateMsg:
		a.status.setRate(msg.rate)
	case presentMsg:
		a.header.present = msg
	case changedMsg:
		if ed, ok := a.overlay.(*editor); ok {
			ed.changedElsewhere(msg)
		}
		cmd = a.team.changed(msg)
	case teamQuietMsg:
		cmd = a.team.quiet(msg)
	case retryingMsg:
		cmd = a.status.set(retryStatus(msg.attempt))
	case jobTickMsg, exportedMsg, parsedMsg:
		cmd = a.writer.message(msg)
	case watchTickMsg:
		editing := listID(-1)
		if ed, ok := a.overlay.(*editor); ok && a.pane.cur != nil && ed.cfgKey == a.pane.cur.cfg.UniqueKey {
			editing = ed.list
		}
		cmd = a.watch.tick(msg, a.pane.cur, editing, a.status.rate)
	case unflagMsg:
		msg.unflag()
	case finderTickMsg:
		if f, ok := a.overlay.(*finder); ok && msg.gen == f.gen {
			cmd = f.next()
		}
	default:
		// The overlay's own messages: the form's submit and cancel, huh's
		// field moves and cursor blinks.
		if a.overlay != nil {
			cmd = a.up(a.overlay.update(msg))
		}
	}
	a.drafts.note(msg, a.overlay, a.pane.views)
	return a, tea.Batch(cmd, a.status.startSpinner(a.busy()))
}

// route sends a reply to the model that asked: a write to the writer, the
// config list's, or a config view's.
func (a *App) route(msg replyMsg) tea.Cmd {
	if cmd, ok := a.writer.answer(msg); ok {
		return cmd
	}
	if msg.config == "" {
		return a.list.gotConfigs(msg)
	}
	cmd := a.up(a.pane.route(msg))
	if f, ok := a.overlay.(*finder); ok {
		cmd = tea.Batch(cmd, f.answered(msg))
	}
	return tea.Batch(cmd, a.writer.readAnswered(msg))
}

// findAll opens the search across every config (F).
func findAll(e *env, list *configList, pane *configPane) (tea.Cmd, tea.Msg) {
	if list.load.state != loaded {
		return setStatus(statusWarn, "still loading the config list"), nil
	}
	f := newFinder(e, list.configs, pane.viewOf)
	return f.next(), showMsg{o: f}
}

// key handles the global keys and the overlay, and hands the rest to the
// focused pane. Tab keys reach the config pane from the list too.
func (a *App) key(msg tea.KeyPressMsg) tea.Cmd {
	a.status.sticky = false
	switch {
	case key.Matches(msg, a.keys.ForceQuit):
		return a.quit()
	case key.Matches(msg, a.keys.Suspend):
		if !a.env.host.Suspend {
			return setStatus(statusWarn, "ctrl+z: not in a served session; q quits")
		}
		return tea.Suspend
	case msg.String() == "ctrl+v" && !a.env.host.ClipboardRead:
		// A text field's ctrl+v would read the host's clipboard: the
		// terminal's own paste brings the user's.
		return setStatus(statusWarn, "ctrl+v: paste with your terminal's paste key instead")
	case a.tooSmall():
		// Nothing may open unseen: only quitting works.
		if key.Matches(msg, a.keys.Quit) {
			return a.askQuit()
		}
		return nil
	case a.overlay != nil:
		// An overlay takes every key: q, 1 or / typed into a field are
		// text, not commands.
		return a.up(a.overlay.update(msg))
	case a.showHelp:
		switch {
		case key.Matches(msg, a.keys.Quit):
			return a.askQuit()
		case key.Matches(msg, a.keys.CloseHelp):
			a.showHelp = false
		}
		return nil
	}
	if !a.typing() {
		switch {
		case key.Matches(msg, a.keys.Quit):
			return a.askQuit()
		case key.Matches(msg, a.keys.Help):
			a.showHelp = true
			return nil
		case key.Matches(msg, a.keys.Palette):
			a.openPalette()
			return nil
		case key.Matches(msg, a.keys.Progress):
			return a.writer.showJob()
		case key.Matches(msg, a.keys.Find):
			return a.up(findAll(a.env, a.list, a.pane))
		case key.Matches(msg, a.keys.Undo):
			return a.writer.askUndo(a.writer.journal.last())
		case key.Matches(msg, a.keys.Journal):
			return a.writer.showJournal()
		}
		if a.focus == paneList && a.pane.isTabKey(msg) {
			if a.pane.cur != nil {
				a.setFocus(paneConfig)
			}
			return a.up(a.pane.update(msg))
		}
	}
	return a.up(a.panes()[a.focus].update(msg))
}

// up does what a child asked of the root at once, not through a command,
// so that keys typed ahead land in the right place.
func (a *App) up(cmd tea.Cmd, req tea.Msg) tea.Cmd {
	switch req := req.(type) {
	case openConfigMsg:
		cmd = tea.Batch(cmd, a.pane.open(req.cfg))
		a.setFocus(paneConfig)
	case backMsg:
		// On a narrow terminal the config view closes (its reads are
		// cancelled; writes go on); on a wide one it stays shown.
		if !wide(a.width) {
			a.pane.close()
		}
		a.setFocus(paneList)
	case showMsg:
		if a.overlay == nil { // one at a time: the one open stays
			a.setOverlay(req.o)
			if req.restored {
				a.restored = req.o
			}
		}
	case closeMsg:
		a.closeOverlay()
	case runMsg:
		// Run as its key or request would, once the palette is closed.
		a.closeOverlay()
		a.recent = used(a.recent, req.c.label())
		if req.c.req != nil {
			return tea.Batch(cmd, a.up(nil, req.c.req))
		}
		return tea.Batch(cmd, a.key(req.c.press))
	case watchMsg:
		cmd = tea.Batch(cmd, a.watch.toggle())
	case quitMsg:
		cmd = tea.Batch(cmd, a.quit())
	case copyAskMsg:
		if a.list.load.state != loaded {
			return tea.Batch(cmd, setStatus(statusWarn, "still loading the config list"))
		}
		a.setOverlay(newPicker(a.env.st, req, a.list.configs))
	case transferMsg:
		a.setOverlay(newPathPrompt(a.env.st, a.env.host.Files, req))
	case revealMsg:
		a.closeOverlay()
		cmd = tea.Batch(cmd, a.pane.open(req.cfg))
		a.setFocus(paneConfig)
		cmd = tea.Batch(cmd, a.pane.cur.reveal(req.list, req.key))
	default:
		// A write, a bulk job, an undo, a copy, export or import: the
		// writer's.
		cmd = tea.Batch(cmd, a.writer.request(req))
	}
	return cmd
}

// openPalette opens the command palette on the focused pane's commands
// (and the tabs', which reach the config pane from the list), the root's,
// and going to each config.
func (a *App) openPalette() {
	all := a.panes()[a.focus].commands()
	if a.focus == paneList {
		all = append(all, a.pane.tabCommands()...)
	}
	off := func(on bool, why string) string {
		if on {
			return ""
		}
		return why
	}
	k := a.keys
	all = append(all,
		globalCommand(k.Find, "find", off(a.list.load.state == loaded, "still loading the config list")),
		globalCommand(k.Journal, "journal", ""),
		globalCommand(k.Undo, "undo", off(a.writer.journal.last() != nil, "nothing to undo")),
		globalCommand(k.Progress, "progress", off(a.writer.job != nil, "no job running")),
		globalCommand(k.Help, "help", ""),
		globalCommand(k.Quit, "quit", ""))
	if a.env.host.Suspend {
		all = append(all, globalCommand(k.Suspend, "suspend", ""))
	}
	if a.list.load.state == loaded {
		all = append(all, configCommands(a.list.configs)...)
	}
	// A key two tables share (the detail's s and the view's) is one
	// command: the first, which its key reaches first.
	seen := map[string]bool{}
	all = slices.DeleteFunc(all, func(c command) bool {
		k := c.label() + "\x00" + c.key
		defer func() { seen[k] = true }()
		return seen[k]
	})
	a.setOverlay(newPalette(a.env.st, all, a.recent))
}

// closeOverlay empties the slot. A form reopened from a draft closes
// saved or discarded: either way the draft can go.
func (a *App) closeOverlay() {
	if a.overlay != nil && a.overlay == a.restored {
		a.restored = nil
		if a.opts.DraftDone != nil {
			a.opts.DraftDone()
		}
	}
	a.setOverlay(nil)
}

// setOverlay fills or empties the slot; the config pane draws it.
func (a *App) setOverlay(o overlay) {
	if o == a.overlay {
		return
	}
	if c, ok := o.(*confirm); ok {
		// A confirm is made in many places, none with the keys at hand.
		c.keys = c.keys.rebound(a.env.keys)
	}
	a.overlay = o
	a.pane.cover = o
	a.status.screenChanged(a.updateAt)
}

// panes are the two panes by which has focus.
func (a *App) panes() [2]paneModel { return [2]paneModel{paneList: a.list, paneConfig: a.pane} }

// restore reopens Options.Restore's form over its config.
func (a *App) restore() tea.Cmd {
	d := a.opts.Restore
	if d == nil || d.ConfigKey == "" {
		return nil
	}
	if _, ok := listOfResource(d.Resource); !ok {
		return nil
	}
	cmd := a.pane.open(model.Config{UniqueKey: d.ConfigKey, Name: d.ConfigName})
	a.setFocus(paneConfig)
	return tea.Batch(cmd, a.up(a.pane.cur.restore(d)))
}

func (a *App) quit() tea.Cmd {
	a.cancel()
	return tea.Quit
}

// quitMsg is the answer yes to "quit with a job running?".
type quitMsg struct{}

// askQuit quits, or asks first while a bulk job runs: quitting would leave
// its rows half done.
func (a *App) askQuit() tea.Cmd {
	j := a.writer.job
	if j == nil {
		return a.quit()
	}
	a.setOverlay(newConfirm(a.env.st, "A job is running ("+j.progressText(a.env.now())+"): quit anyway? y/N",
		"quit", quitMsg{}, "The job goes on"))
	return nil
}

func (a *App) paste(msg tea.PasteMsg) tea.Cmd {
	switch {
	case a.tooSmall():
		return nil
	case a.overlay != nil:
		return a.up(a.overlay.update(msg))
	case a.showHelp:
		return nil
	}
	a.panes()[a.focus].paste(msg.Content)
	return nil
}

func (a *App) typing() bool {
	return a.overlay != nil || a.panes()[a.focus].typing()
}

// SaveSnapshot keeps for the next start what the program saw but ended
// before keeping (q as the list came in), after the writes under way:
// call it once the program has ended.
func (a *App) SaveSnapshot() {
	if c := a.env.cache; c != nil {
		c.saves.flush()
	}
}

func (a *App) busy() bool { return a.list.busy() || a.pane.busy() || a.writer.busy() }

func (a *App) setFocus(p pane) {
	a.focus = p
	a.list.setFocused(p == paneList)
	a.pane.setFocused(p == paneConfig)
}

// Draft returns the open form's values, without secrets, as of the last
// keystroke; false when no form is open. Safe to call from any goroutine.
func (a *App) Draft() (Draft, bool) { return a.drafts.get() }

// KeyRefused reports whether the program ended because the server refused
// the API key (Options.EndOnKeyRefused).
func (a *App) KeyRefused() bool { return a.keyRefused }

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
