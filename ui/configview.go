package ui

import (
	"context"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

// tabID is a tab of the config pane.
type tabID int

const (
	tabServers tabID = iota
	tabTweaks
	tabAccess
)

// listID names one of a config's four lists; the Access tab holds two.
type listID int

const (
	listServers listID = iota
	listTweaks
	listDeviceIDs
	listPasswords
)

// configView is one opened config, the model that owns its loads, lists,
// tabs, tables and detail, and takes the replies to its reads. It is kept
// when it closes, so that going back costs no request, and a write that
// finishes after it closed still lands in its lists.
type configView struct {
	*configLists
	keys    keyTable[*configView]
	tabKeys keyTable[*configView]

	tab    tabID
	access listID // listDeviceIDs or listPasswords

	detail     *detail
	detailList listID // the list the detail's row is in
	detailRow  int

	// pending is an edit waiting for its record to load.
	pending *pendingEdit

	focused       bool
	width, height int // inside the pane's border
}

func newConfigView(e *env, cfg model.Config) *configView {
	v := &configView{configLists: newConfigLists(e, cfg), access: listDeviceIDs, keys: configViewKeys(), tabKeys: configTabKeys()}
	v.onWrite = func() { v.detail = nil } // its row may be gone or changed
	return v
}

// open starts the view's reads: what was loaded before is shown as it
// was, and only what is missing is requested.
func (v *configView) open() tea.Cmd {
	if v.ctx == nil {
		v.ctx, v.cancel = context.WithCancel(v.env.ctx)
	}
	var cached tea.Cmd
	if v.stale.read == 0 {
		// What an earlier run saw, painted while the fresh lists travel;
		// read once, and not cancelled with the view (it is local).
		v.stale.read = v.env.newID()
		cached = v.env.cache.read(v.env.ctx, v.cfg.UniqueKey, v.stale.read)
	}
	return tea.Batch(v.ensure(), cached)
}

// close cancels the view's reads; what was still loading goes back to not
// loaded (late replies are dropped). Writes are the app's and go on.
func (v *configView) close() {
	if v.ctx == nil {
		return
	}
	v.cancel()
	v.ctx, v.cancel = nil, nil
	v.detail, v.pending = nil, nil
	for i := range v.loads {
		if v.loads[i].state == loading && v.loads[i].own {
			v.loads[i].state = notLoaded
		}
	}
}

// shown is the list the view shows now.
func (v *configView) shown() listID {
	switch v.tab {
	case tabServers:
		return listServers
	case tabTweaks:
		return listTweaks
	}
	return v.access
}

// listRequest is the request that fills list l.
func listRequest(l listID) request { return kindOf(l).list }

// fullRequest is the request that brings list l's full records, or
// numRequests when its list has them already.
func fullRequest(l listID) request { return kindOf(l).full }

// ensure requests the shown list if it was never loaded (or a request for
// it was cancelled).
func (v *configView) ensure() tea.Cmd {
	return v.fetchIfNeeded(listRequest(v.shown()))
}

// route takes a reply to one of the view's reads. Besides a command it
// may return a request for the root (an edit waiting for its record opens
// its form).
func (v *configView) route(msg replyMsg) (tea.Cmd, tea.Msg) {
	t := v.take(msg)
	if t.failed && v.detail != nil {
		v.detail.pending = false
	}
	if t.full >= 0 {
		v.refreshDetail(t.full)
	}
	if !t.settled {
		return t.status, nil
	}
	cmd, req := v.tryPending()
	return tea.Batch(t.status, cmd, t.save), req
}

// reveal shows the row of list l whose record is key, the filter cleared
// and the cursor on it.
func (v *configView) reveal(l listID, key string) tea.Cmd {
	cmd := v.showList(l)
	t := v.lists[l].tbl()
	t.clearFilter()
	for r := range v.lists[l].count() {
		if v.lists[l].recordKey(r) == key {
			t.selectRow(r)
		}
	}
	return cmd
}

// reload requests the shown list again (r). The user asked for it: it is
// sent even while the client holds requests after a 429.
func (v *configView) reload() tea.Cmd {
	v.detail = nil
	if !v.isOpen() {
		return nil
	}
	return v.fetchIn(api.TryNow(v.ctx), listRequest(v.shown()))
}

// selectedRow returns the row under the cursor of the shown list.
func (v *configView) selectedRow() (int, bool) {
	if v.listLoad(v.shown()).state != loaded {
		return 0, false
	}
	return v.lists[v.shown()].tbl().selected()
}

// rowsShown reports whether the shown list has rows to draw and move
// over: loaded, or painted from the snapshot while the fresh ones travel.
func (v *configView) rowsShown() bool {
	return v.listLoad(v.shown()).state == loaded || v.stale.shows(listRequest(v.shown()))
}

// switchTab shows tab t, and requests its list the first time.
func (v *configView) switchTab(t tabID) tea.Cmd {
	v.tab, v.detail, v.pending = t, nil, nil
	v.resize()
	return v.ensure()
}

// showList shows the tab of list l, and l in it.
func (v *configView) showList(l listID) tea.Cmd {
	if kindOf(l).tab == tabAccess {
		v.access = l
	}
	return v.switchTab(kindOf(l).tab)
}

// typing reports whether a filter is being typed in the shown list.
func (v *configView) typing() bool {
	return v.detail == nil && v.lists[v.shown()].tbl().typing
}

func (v *configView) paste(s string) {
	if v.detail == nil {
		v.lists[v.shown()].tbl().paste(s)
	}
}

func (v *configView) setFocused(f bool) {
	v.focused = f
	for _, l := range v.lists {
		l.tbl().focused = f
	}
}

// setSize sets the cells inside the pane's border; the lists and the
// detail take the lines under the tab line, with a one-cell margin on the
// right.
func (v *configView) setSize(w, h int) {
	v.width, v.height = w, h
	v.resize()
}

func (v *configView) resize() {
	for _, l := range v.lists {
		l.tbl().setSize(v.width-1, v.height-1)
	}
	if v.detail != nil {
		v.detail.setSize(v.width-2, v.height-1)
	}
}

// view draws the pane's inside: the tab line, then body (an overlay's
// drawing) or else the shown list, its detail, or why it is empty.
func (v *configView) view(body string) string {
	if v.width <= 0 || v.height <= 0 {
		return ""
	}
	if body == "" {
		body = v.body()
	}
	return v.tabsView() + "\n" + body
}

func (v *configView) body() string {
	st := v.env.st
	w, h := v.width, v.height-1
	ld := v.listLoad(v.shown())
	switch {
	case v.detail != nil:
		return margin(v.detail.view(), " ", " ")
	case v.rowsShown():
		return margin(v.lists[v.shown()].tbl().view(), "", " ")
	case ld.state == loading || ld.state == notLoaded:
		return block([]string{"", st.Table.Empty.Render(fit(" Loading…", w))}, w, h)
	case ld.state == refused:
		lines := []string{""}
		for _, l := range wrap(termsafe.Line(ld.msg), w-2) {
			lines = append(lines, " "+st.Status.Warn.Render(fit(l, w-1)))
		}
		return block(lines, w, h)
	}
	lines := []string{""}
	for _, l := range wrap(termsafe.Line(ld.msg), w-2) {
		lines = append(lines, " "+st.Table.Error.Render(fit(l, w-1)))
	}
	lines = append(lines, "", st.Table.Empty.Render(fit(" r to retry", w)))
	return block(lines, w, h)
}

// tabPart is one piece of the tab line; a click on it switches to tab
// (and, inside Access, to list) unless it is a separator.
type tabPart struct {
	text   string
	tab    tabID
	list   listID // for the Access tab's two lists; -1 otherwise
	active bool
	sub    bool
	sep    bool
}

// tabParts lays out the tab line: " 1 Servers (2)   2 Tweaks (1)   3
// Access ▸ IDs (31) · Passwords (5)". Counts show once a list is loaded.
func (v *configView) tabParts() []tabPart {
	count := func(l listID) string {
		n := v.lists[l].count()
		if v.stale.shows(listRequest(l)) {
			return " (" + strconv.Itoa(n) + ")"
		}
		switch v.listLoad(l).state {
		case loaded:
			return " (" + strconv.Itoa(n) + ")"
		case loading:
			return " (…)"
		case refused:
			return " (off)"
		}
		return ""
	}
	access := v.tab == tabAccess
	return []tabPart{
		{text: " ", sep: true},
		{text: "1 Servers" + count(listServers), tab: tabServers, list: -1, active: v.tab == tabServers},
		{text: "   ", sep: true},
		{text: "2 Tweaks" + count(listTweaks), tab: tabTweaks, list: -1, active: v.tab == tabTweaks},
		{text: "   ", sep: true},
		{text: "3 Access", tab: tabAccess, list: -1, active: access},
		{text: " ▸ ", sep: true},
		{text: "IDs" + count(listDeviceIDs), tab: tabAccess, list: listDeviceIDs, active: access && v.access == listDeviceIDs, sub: true},
		{text: " · ", sep: true},
		{text: "Passwords" + count(listPasswords), tab: tabAccess, list: listPasswords, active: access && v.access == listPasswords, sub: true},
	}
}

// tabsView draws the tab line, the shown list emphasised, in width cells.
func (v *configView) tabsView() string {
	ps := v.tabParts()
	key := make([]string, 0, len(ps)+1)
	marks := make([]byte, 0, len(ps))
	for _, p := range ps {
		key = append(key, p.text)
		switch {
		case p.active && p.sub:
			marks = append(marks, 's')
		case p.active:
			marks = append(marks, 'a')
		default:
			marks = append(marks, '-')
		}
	}
	key = append(key, string(marks))
	return v.env.memo.get(memoKey("tabs", v.width, false, key...), func() string { return v.drawTabs(ps) })
}

func (v *configView) drawTabs(ps []tabPart) string {
	s := v.env.st.Tab
	var b strings.Builder
	room := v.width
	for _, p := range ps {
		if room <= 0 {
			break
		}
		t := termsafe.Truncate(p.text, room)
		room -= termsafe.Width(t)
		switch {
		case p.sep:
			b.WriteString(s.Sep.Render(t))
		case p.active && p.sub:
			b.WriteString(s.SubActive.Render(t))
		case p.active:
			b.WriteString(s.Active.Render(t))
		default:
			b.WriteString(s.Inactive.Render(t))
		}
	}
	if room > 0 {
		b.WriteString(strings.Repeat(" ", room))
	}
	return b.String()
}
