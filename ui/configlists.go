package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

// request names one of the GETs a config view makes. /resources fills the
// Servers and Tweaks tabs with their short records; the full records
// (every field, secrets included) come from /servers and /tweaks the first
// time a detail or an edit needs them.
type request int

const (
	reqResources request = iota
	reqDeviceIDs
	reqPasswords
	reqServers
	reqTweaks
	numRequests
)

// loadState is where a list's data stands.
type loadState int

const (
	notLoaded loadState = iota
	loading
	loaded
	failed
	// refused: the server answered 422 for an Access list because the
	// config's cloud toggle is off; its message is shown in the tab.
	refused
)

// load tracks one request: the id of the latest one (older replies are
// dropped) and the message of a failure.
type load struct {
	state loadState
	id    int
	msg   string
	// writes is env.writes when the request went: a write answered since
	// makes the load's count old news for the status line.
	writes int
	// own: the view sent it on its own context, which closing cancels. A
	// search's or an export's read goes on, and its answer is still taken.
	own bool
	// refreshing: the loaded list is read again after a write (see
	// configView.refresh); its rows stay shown and usable meanwhile.
	refreshing bool
	// watched: a watch's read (see reread), refreshing too so that its
	// rows stay usable, but its answer is taken as a load's.
	watched bool
}

// configLists are one config's four lists and the reads that fill them:
// the data a config view shows, kept when the view closes so that going
// back costs no request, and so that a write that finishes after it
// closed still lands in its lists.
type configLists struct {
	env *env
	cfg model.Config
	// ctx is the context of its reads, cancelled when the view closes;
	// nil while closed.
	ctx    context.Context
	cancel context.CancelFunc

	loads [numRequests]load

	// lists are the four lists by listID; the typed fields are the same
	// lists, for what needs their records (a copy, an export, a search).
	lists     [4]list
	servers   *listView[model.Server]
	tweaks    *listView[model.Tweak]
	deviceIDs *listView[model.DeviceID]
	passwords *listView[model.Password]

	// stale says which lists show rows from the snapshot, until their
	// fresh replies come.
	stale staleLists
	// onWrite is called when a write changes a list: what was shown of a
	// row may be gone.
	onWrite func()
}

func newConfigLists(e *env, cfg model.Config) *configLists {
	c := &configLists{env: e, cfg: cfg, onWrite: func() {}}
	c.servers = newListView(e.st, listServers, serverRecords)
	c.tweaks = newListView(e.st, listTweaks, tweakRecords)
	c.deviceIDs = newListView(e.st, listDeviceIDs, deviceIDRecords)
	c.passwords = newListView(e.st, listPasswords, passwordRecords)
	c.lists = [4]list{c.servers, c.tweaks, c.deviceIDs, c.passwords}
	for l, x := range c.lists {
		x.tbl().keys = x.tbl().keys.rebound(e.keys)
		e.orders.follow(kindOf(listID(l)).res.Name, x.tbl())
	}
	return c
}

func (c *configLists) isOpen() bool { return c.ctx != nil }

// listLoad is the request that fills list l.
func (c *configLists) listLoad(l listID) *load { return &c.loads[listRequest(l)] }

func (c *configLists) fetchIfNeeded(q request) tea.Cmd {
	if c.loads[q].state != notLoaded {
		return nil
	}
	return c.fetch(q)
}

// fetch sends request q; a reply to any earlier request of the same kind
// will be dropped. A closed view only marks the list to load when it opens.
func (c *configLists) fetch(q request) tea.Cmd { return c.fetchIn(c.ctx, q) }

func (c *configLists) fetchIn(ctx context.Context, q request) tea.Cmd {
	if !c.isOpen() {
		c.loads[q] = load{}
		return nil
	}
	_, cmd := c.load(ctx, q)
	c.loads[q].own = true
	return cmd
}

// reread is a watch's read of the loaded list l on ctx: its rows stay
// shown and usable while it travels (a form may open on one, and the watch
// tells the form what the read found), and its answer is a load's.
func (c *configLists) reread(ctx context.Context, l listID) tea.Cmd {
	cmd := c.fetchIn(ctx, listRequest(l))
	if ld := c.listLoad(l); cmd != nil {
		ld.state, ld.refreshing, ld.watched = loaded, true, true
	}
	return cmd
}

// load sends request q on ctx, open or not (a search across configs fills
// closed views), and returns its id.
func (c *configLists) load(ctx context.Context, q request) (int, tea.Cmd) {
	ld := &c.loads[q]
	ld.id, ld.state, ld.msg, ld.writes, ld.own, ld.refreshing, ld.watched = c.env.newID(), loading, "", c.env.writes, false, false, false
	id, key, src := ld.id, c.cfg.UniqueKey, c.env.src
	for l := range kinds {
		if k := &kinds[l]; q != reqResources && (k.list == q || k.full == q) {
			return id, k.read(ctx, src, key, id)
		}
	}
	return id, call(ctx, key, id, func(ctx context.Context) (*api.Resources, *api.Response, error) { return src.ListResources(ctx, key) })
}

// forget drops request q if id is still its latest and still loading: its
// reply will not come (the search that sent it closed).
func (c *configLists) forget(q request, id int) {
	if ld := &c.loads[q]; ld.id == id && ld.state == loading {
		*ld = load{}
	}
}

func (c *configLists) busy() bool {
	for _, l := range c.loads {
		if l.state == loading || l.refreshing {
			return true
		}
	}
	return false
}

// selectedRow returns the row under the cursor of list l.
func (c *configLists) selectedRow(l listID) (int, bool) {
	if c.listLoad(l).state != loaded {
		return 0, false
	}
	return c.lists[l].tbl().selected()
}

// rowsShown reports whether list l has rows to draw and move
// over: loaded, or painted from the snapshot while the fresh ones travel.
func (c *configLists) rowsShown(l listID) bool {
	return c.listLoad(l).state == loaded || c.stale.shows(listRequest(l))
}

// unselected says why no row is selected: the list's state, or nothing
// there to select.
func (c *configLists) unselected(l listID) string {
	if c.stale.shows(listRequest(l)) {
		return staleWhy(*c.listLoad(l))
	}
	switch c.listLoad(l).state {
	case loading, notLoaded:
		return "still loading"
	case refused:
		return "this list is off for this config: enable it in the Panel"
	case failed:
		return "the list did not load: r to retry"
	}
	if _, ok := c.selectedRow(l); ok {
		return ""
	}
	return "nothing selected"
}

// writesOff says why no write can start from list l now.
func (c *configLists) writesOff(l listID) string {
	switch ld := c.listLoad(l); {
	case c.env.writesOff != "":
		return c.env.writesOff
	case ld.state == refused:
		return "this list is off for this config: enable it in the Panel"
	case ld.state != loaded:
		return c.unselected(l)
	}
	return ""
}

// marked is the rows marked in list l.
func (c *configLists) marked(l listID) []int { return c.lists[l].tbl().marked() }

// markCount is how many rows of list l are marked: the key table
// asks it several times a frame, so it counts, it does not list.
func (c *configLists) markCount(l listID) int { return len(c.lists[l].tbl().marks) }

// listBody draws list l in w×h cells: its rows, or why there are none;
// right is the margin its lines take on the right.
func (c *configLists) listBody(l listID, w, h int) (body, right string) {
	st := c.env.st
	ld := c.listLoad(l)
	switch {
	case c.rowsShown(l):
		return c.lists[l].tbl().view(), " "
	case ld.state == loading || ld.state == notLoaded:
		return block([]string{"", st.Table.Empty.Render(fit(" Loading…", w))}, w, h), ""
	case ld.state == refused:
		lines := []string{""}
		for _, line := range wrap(termsafe.Line(ld.msg), w-2) {
			lines = append(lines, " "+st.Status.Warn.Render(fit(line, w-1)))
		}
		return block(lines, w, h), ""
	}
	lines := []string{""}
	for _, line := range wrap(termsafe.Line(ld.msg), w-2) {
		lines = append(lines, " "+st.Table.Error.Render(fit(line, w-1)))
	}
	lines = append(lines, "", st.Table.Empty.Render(fit(" r to retry", w)))
	return block(lines, w, h), ""
}
