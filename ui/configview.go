package ui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
)

// listID names one of a config's four lists; the Access tab holds two.
type listID int

const (
	listServers listID = iota
	listTweaks
	listDeviceIDs
	listPasswords
)

// configView is one opened config: the tab router over its lists. It
// holds the tabs, the sizes, the detail slot and the edit waiting for its
// record, and routes keys and replies; the lists and their reads are its
// configLists (embedded, so that the app asks the view for them), and each
// list is a listView. It is kept when it closes, so that going back costs
// no request, and a write that finishes after it closed still lands in its
// lists.
type configView struct {
	*configLists
	keys    keyTable[*configView]
	tabKeys keyTable[*configView]

	tabs

	detail     *detail
	detailList listID // the list the detail's row is in
	detailRow  int

	// pending is an edit waiting for its record to load.
	pending *pendingEdit

	focused       bool
	width, height int // inside the pane's border
}

func newConfigView(e *env, cfg model.Config) *configView {
	v := &configView{configLists: newConfigLists(e, cfg), tabs: tabs{access: listDeviceIDs}, keys: configViewKeys().rebound(e.keys), tabKeys: configTabKeys().rebound(e.keys)}
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

// switchTab shows tab t, and requests its list the first time.
func (v *configView) switchTab(t tabID) tea.Cmd {
	v.tab, v.detail, v.pending = t, nil, nil
	v.setSize(v.width, v.height)
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
	left, right := "", ""
	switch {
	case body != "": // an overlay's
	case v.detail != nil:
		body, left, right = v.detail.view(), " ", " "
	default:
		body, right = v.listBody(v.shown(), v.width, v.height-1)
	}
	// Written once: a frame is drawn for each key press (see boxed).
	tabs := v.tabs.view(v.env, v.width, v.parts(v.configLists))
	var b strings.Builder
	b.Grow(len(tabs) + 1 + marginSize(body, left, right))
	b.WriteString(tabs)
	b.WriteByte('\n')
	writeMargin(&b, body, left, right)
	return b.String()
}
