package ui

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/termsafe"
	"tweakdash/model"
	"tweakdash/ui/form"
)

// configTabKeys switch tabs and lists; they reach the config pane even
// while the config list has focus.
func configTabKeys() keyTable[*configView] {
	tab := func(id string, b key.Binding, to func(*configView) tabID) action[*configView] {
		return action[*configView]{id: id, Binding: b, do: func(v *configView) (tea.Cmd, tea.Msg) { return v.switchTab(to(v)), nil }}
	}
	accessOnly := func(v *configView) string {
		if v.tab != tabAccess {
			return "[ and ] switch lists inside the Access tab (3)"
		}
		return ""
	}
	return keyTable[*configView]{
		tab("tab-servers", newKey("1", "servers", "1"), func(*configView) tabID { return tabServers }),
		tab("tab-tweaks", newKey("2", "tweaks", "2"), func(*configView) tabID { return tabTweaks }),
		tab("tab-access", newKey("3", "access", "3"), func(*configView) tabID { return tabAccess }),
		{id: "next-tab", Binding: newKey("tab", "next tab", "tab"), short: 6,
			do: func(v *configView) (tea.Cmd, tea.Msg) { return v.switchTab((v.tab + 1) % 3), nil }},
		tab("prev-tab", newKey("shift+tab", "previous tab", "shift+tab"), func(v *configView) tabID { return (v.tab + 2) % 3 }),
		{id: "device-ids", Binding: newKey("[", "device IDs", "["), off: accessOnly,
			do: func(v *configView) (tea.Cmd, tea.Msg) { return v.showList(listDeviceIDs), nil }},
		{id: "passwords", Binding: newKey("]", "passwords", "]"), off: accessOnly,
			do: func(v *configView) (tea.Cmd, tea.Msg) { return v.showList(listPasswords), nil }},
	}
}

// The rows of configViewKeys, for the help of the detail.
const (
	keyOpen = iota
	keyBack
	keyReload
	keyCopy
	keyNew
	keyEdit
	keyDelete
	keyMark
	keyMarkAll
	keyToggle
)

// configViewKeys are the view's own keys, in the help's order; short
// places them in the status bar.
func configViewKeys() keyTable[*configView] {
	// bulkOff says why d or t cannot act now: writes are off, a job runs, or
	// there is nothing to act on (no detail, no mark, no row).
	bulkOff := func(v *configView) string {
		switch {
		case v.writesOff(v.shown()) != "":
			return v.writesOff(v.shown())
		case v.env.jobRunning:
			return "a job is still running (p shows it)"
		case v.detail != nil || v.markCount(v.shown()) > 0:
			return ""
		}
		return v.unselected(v.shown())
	}

	// markOff says why rows cannot be marked now; one is for space, which
	// needs a row under the cursor.
	markOff := func(v *configView, one bool) string {
		if why := v.writesOff(v.shown()); why != "" {
			return why
		}
		if v.detail != nil {
			return "esc to close the details first"
		}
		if _, sel := v.selectedRow(v.shown()); one && !sel {
			return v.unselected(v.shown())
		}
		return ""
	}
	return keyTable[*configView]{
		{id: "open", Binding: newKey("enter", "details", "enter", "right", "l"), short: 5,
			off: func(v *configView) string {
				if v.detail != nil {
					return "already showing the details"
				}
				return v.unselected(v.shown())
			},
			do: func(v *configView) (tea.Cmd, tea.Msg) { return v.openDetail(), nil }},
		{id: "back", Binding: newKey("esc", "back", "esc", "left", "h"), do: (*configView).back},
		{id: "reload", Binding: newKey("r", "reload", "r"),
			off: func(v *configView) string {
				if v.listLoad(v.shown()).state == loading {
					return "already loading"
				}
				return ""
			},
			do: func(v *configView) (tea.Cmd, tea.Msg) { return v.reload(), nil }},
		{id: "copy", Binding: newKey("y", "copy", "y"), short: 7,
			off: func(v *configView) string {
				what, val := v.copyNow()
				switch {
				case val != "":
					return ""
				case what != "":
					return "this " + what + " is empty"
				}
				return v.unselected(v.shown())
			},
			desc: func(v *configView) string { return "copy " + kindOf(v.shown()).copyWhat },
			do:   func(v *configView) (tea.Cmd, tea.Msg) { return copyCmd(v.copyNow()), nil }},
		{id: "new", Binding: newKey("n", "new", "n"), short: 1,
			off: func(v *configView) string {
				if why := v.writesOff(v.shown()); why != "" {
					return why
				}
				if v.detail != nil {
					return "esc to close the details first"
				}
				return ""
			},
			do: func(v *configView) (tea.Cmd, tea.Msg) {
				l := v.shown()
				return v.openForm(l, model.Create, "New "+noun(l)+" · "+v.cfg.Name, kindOf(l).fresh(), "", 0, false)
			}},
		{id: "edit", Binding: newKey("e", "edit", "e"), short: 2,
			off: func(v *configView) string {
				if why := v.writesOff(v.shown()); why != "" {
					return why
				}
				if v.detail != nil {
					return ""
				}
				return v.unselected(v.shown())
			},
			do: func(v *configView) (tea.Cmd, tea.Msg) {
				// A server or tweak is edited from its full record, fetched
				// first when it is not cached.
				l, i, ok := v.target()
				if !ok {
					return nil, nil
				}
				return v.await(v.lists[l].editOf(i))
			}},
		{id: "delete", Binding: newKey("d", "delete", "d", "delete"), short: 3,
			off: bulkOff,
			desc: func(v *configView) string {
				if v.markCount(v.shown()) > 0 {
					return "delete marked"
				}
				return "delete"
			},
			do: func(v *configView) (tea.Cmd, tea.Msg) { return v.rows().ask(jobDelete) }},
		{id: "mark", Binding: newKey("space", "mark", "space"), short: 4,
			off: func(v *configView) string { return markOff(v, true) },
			do: func(v *configView) (tea.Cmd, tea.Msg) {
				i, _ := v.selectedRow(v.shown())
				t := v.lists[v.shown()].tbl()
				t.toggleMark(i)
				t.moveBy(1)
				return nil, nil
			}},
		{id: "mark-all", Binding: newKey("ctrl+a", "mark all", "ctrl+a"),
			off: func(v *configView) string { return markOff(v, false) },
			desc: func(v *configView) string {
				if n := v.markCount(v.shown()); n > 0 && n >= v.lists[v.shown()].tbl().shown() {
					return "clear marks"
				}
				return "mark all shown"
			},
			do: func(v *configView) (tea.Cmd, tea.Msg) { v.lists[v.shown()].tbl().markShown(); return nil, nil }},
		{id: "toggle", Binding: newKey("t", "activate/deactivate", "t"), short: 8,
			off: func(v *configView) string {
				if !kindOf(v.shown()).toggles {
					return hidden // nothing to switch on or off in these tabs
				}
				return bulkOff(v)
			},
			do: func(v *configView) (tea.Cmd, tea.Msg) { return v.rows().askToggle() }},
		{id: "copy-to", Binding: newKey("c", "copy to config", "c"),
			off: func(v *configView) string {
				if !kindOf(v.shown()).syncs {
					return hidden // the sync carries servers and tweaks only
				}
				if why := v.writesOff(v.shown()); why != "" {
					return why
				}
				if v.detail != nil || v.markCount(v.shown()) > 0 {
					return ""
				}
				return v.unselected(v.shown())
			},
			do: func(v *configView) (tea.Cmd, tea.Msg) {
				b := v.rows()
				keys := make([]string, len(b.rows))
				for i, r := range b.rows {
					keys[i] = v.lists[b.l].recordKey(r)
				}
				return nil, copyAskMsg{from: v.cfg, list: b.l, keys: keys}
			}},
		// Without the host's files (a served session) X and I stay in help
		// and say what does the same from the user's side.
		{id: "export", Binding: newKey("X", "export to a file", "X"),
			desc: func(v *configView) string { return v.env.host.transferHelp(true) },
			do:   func(v *configView) (tea.Cmd, tea.Msg) { return askTransfer(v.env.host, v.cfg, true) }},
		{id: "import", Binding: newKey("I", "import a file", "I"),
			off: func(v *configView) string {
				if v.env.host.Files == nil {
					return "" // it points to ssh HOST import, whose dry run read-only users have too
				}
				return v.env.writesOff
			},
			desc: func(v *configView) string { return v.env.host.transferHelp(false) },
			do:   func(v *configView) (tea.Cmd, tea.Msg) { return askTransfer(v.env.host, v.cfg, false) }},
		// s is the detail's (it takes it first); on a list it says where
		// it works.
		{id: "reveal", Binding: newKey("s", "reveal secrets", "s"),
			off: func(v *configView) string {
				if v.shown() == listPasswords {
					return "s reveals a password in its details: enter on the row first"
				}
				return "s reveals secrets in the details: enter on a row first"
			}},
		// The watch is the root's: it outlives the view, and reads the
		// rate headroom and the overlay, which the view does not see.
		{id: "watch", Binding: newKey("w", "watch the list", "w"),
			do: func(*configView) (tea.Cmd, tea.Msg) { return nil, watchMsg{} }},
	}
}

// update handles a key while the pane has focus, or a tab key pressed
// anywhere. Besides a command it may return a request for the root.
func (v *configView) update(msg tea.KeyPressMsg) (tea.Cmd, tea.Msg) {
	if v.detail != nil {
		if cmd, ok := v.detail.update(msg); ok {
			return cmd, nil
		}
	} else if v.rowsShown(v.shown()) {
		if cmd, ok := v.lists[v.shown()].tbl().update(msg); ok {
			return cmd, nil
		}
	}
	for _, t := range []keyTable[*configView]{v.tabKeys, v.keys} {
		if cmd, req, ok := t.press(v, msg); ok {
			return cmd, req
		}
	}
	return nil, nil
}

// back closes the detail, or clears the marks, or else asks the root to
// focus the config list.
func (v *configView) back() (tea.Cmd, tea.Msg) {
	if v.detail != nil {
		v.detail = nil
		return nil, nil
	}
	if v.lists[v.shown()].tbl().clearMarks() {
		return setStatus(statusInfo, "Marks cleared"), nil
	}
	return nil, backMsg{}
}

// copyNow is what y copies now: the detail's record, or the selected row's.
func (v *configView) copyNow() (what, value string) {
	if v.detail != nil {
		return v.detail.copyWhat, v.detail.copyValue
	}
	if i, ok := v.selectedRow(v.shown()); ok {
		return v.lists[v.shown()].copyTarget(i)
	}
	return "", ""
}

// openDetail shows every field of the selected row. For a server or a
// tweak, the full record is requested the first time (the list has only
// names and keys); the detail shows what is known until it arrives.
func (v *configView) openDetail() tea.Cmd {
	i, _ := v.selectedRow(v.shown())
	v.detailList, v.detailRow = v.shown(), i
	v.detail = newDetail(v.env.st, "", nil)
	v.detail.keys = v.detail.keys.rebound(v.env.keys)
	v.refreshDetail(v.detailList)
	v.setSize(v.width, v.height)
	if q := fullRequest(v.detailList); q != numRequests {
		return v.fetchIfNeeded(q)
	}
	return nil
}

// refreshDetail fills the open detail from the best record there is, when
// it shows a row of list l.
func (v *configView) refreshDetail(l listID) {
	d := v.detail
	if d == nil || v.detailList != l {
		return
	}
	pending := false
	if q := fullRequest(l); q != numRequests {
		pending = v.loads[q].state == loading || v.loads[q].state == notLoaded
	}
	title, raw := v.lists[l].detailOf(v.detailRow)
	d.setFields(title, detailFields(resourceOf(l), raw))
	d.pending = pending
	d.copyWhat, d.copyValue = v.lists[l].copyTarget(v.detailRow)
}

// target is the row e and d act on: the detail's, or the selected one.
func (v *configView) target() (listID, int, bool) {
	if v.detail != nil {
		return v.detailList, v.detailRow, true
	}
	i, ok := v.selectedRow(v.shown())
	return v.shown(), i, ok
}

// pendingEdit is an edit waiting for the record it edits: a server's or
// tweak's full record (from /servers or /tweaks), or, for an edit reopened
// from a draft, the list itself. The draft's values go over the record's.
type pendingEdit struct {
	list   listID
	key    string // server or tweak
	id     int64  // device ID or password
	title  string
	values model.Values
	draft  bool
}

// await opens p's form now if its record is there, else once it loads.
func (v *configView) await(p *pendingEdit) (tea.Cmd, tea.Msg) {
	v.pending = p
	cmd, req := v.tryPending()
	if v.pending != nil {
		cmd = tea.Batch(cmd, setPending("Loading the "+noun(p.list)+" to edit…"))
	}
	return cmd, req
}

// tryPending opens the waiting edit's form once its record is there, asks
// for what is missing, or gives up saying why.
func (v *configView) tryPending() (tea.Cmd, tea.Msg) {
	p := v.pending
	if p == nil {
		return nil, nil
	}
	gone := "That " + noun(p.list) + " is gone: reload? (r)"
	unloaded := ""
	if p.draft {
		gone = "The " + noun(p.list) + " of your draft is gone: the draft is kept"
		unloaded = "Could not load the " + noun(p.list) + " of your draft: the draft is kept"
	}
	giveUp := func(why string) (tea.Cmd, tea.Msg) {
		v.pending = nil
		if why == "" {
			return nil, nil // the failed load said why already
		}
		return setStatus(statusWarn, why), nil
	}
	switch v.listLoad(p.list).state {
	case notLoaded, loading:
		return nil, nil
	case failed, refused:
		return giveUp(unloaded)
	}
	var rec model.Values
	switch q := fullRequest(p.list); {
	case q != numRequests && v.loads[q].state == notLoaded:
		return v.fetch(q), nil
	case q != numRequests && v.loads[q].state == loading:
		return nil, nil
	case q != numRequests && v.loads[q].state != loaded:
		return giveUp(unloaded)
	default:
		rec = v.lists[p.list].current(p)
	}
	if rec == nil {
		return giveUp(gone)
	}
	v.pending = nil
	orig := maps.Clone(rec) // the record as the form opens on it, for the conflict check
	for k, val := range p.values {
		rec[k] = val
	}
	cmd, req := v.openForm(p.list, model.Update, p.title, rec, p.key, p.id, p.draft)
	if e, ok := req.(showMsg).o.(*editor); ok {
		e.orig = orig
	}
	return tea.Batch(setStatus(statusInfo, ""), cmd), req
}

// restore reopens a draft's form: a create at once, an edit once the
// record it edits has loaded (its secret fields come from the record, not
// the draft).
func (v *configView) restore(d *Draft) (tea.Cmd, tea.Msg) {
	l, ok := listOfResource(d.Resource)
	if !ok {
		return nil, nil
	}
	var cmds []tea.Cmd
	if l != listServers {
		cmds = append(cmds, v.showList(l))
	}
	// A draft is read from disk: its values get what typing would have let
	// in, so that the form shows what it would send.
	op := model.Create
	if d.Op == "update" {
		op = model.Update
	}
	vals := form.Clean(resourceOf(l), op, d.Values)
	if op == model.Create {
		cmd, req := v.openForm(l, model.Create, d.Title, vals, "", 0, true)
		return tea.Batch(append(cmds, cmd)...), req
	}
	cmd, req := v.await(&pendingEdit{list: l, key: d.RecordKey, id: d.RecordID, title: d.Title, values: vals, draft: true})
	return tea.Batch(append(cmds, cmd)...), req
}

// openForm asks the root to open a form over the view for list l.
func (v *configView) openForm(l listID, op model.Op, title string, vals model.Values, key string, id int64, draft bool) (tea.Cmd, tea.Msg) {
	var existing map[string]bool
	if l == listDeviceIDs && op == model.Create {
		existing = make(map[string]bool, len(v.deviceIDs.items))
		for _, d := range v.deviceIDs.items {
			existing[strings.ToUpper(d.DeviceID)] = true
		}
	}
	v.detail = nil
	e := newEditor(v.env.st, v.env.keys, v.env.base, editTarget{cfgKey: v.cfg.UniqueKey, cfgName: v.cfg.Name, list: l, op: op, key: key, id: id},
		title, vals, existing, v.width-2, v.height-1)
	return e.f.Init(), showMsg{o: e, restored: draft}
}

// rows are the rows d, t and c act on: the marked rows of the shown list,
// or else the detail's or the selected row.
func (v *configView) rows() bulk {
	b := bulk{configLists: v.configLists}
	l, i, ok := v.target()
	b.l = l
	if m := v.marked(v.shown()); v.detail == nil && len(m) > 0 {
		b.rows = m
	} else if ok {
		b.rows = []int{i}
	}
	return b
}

// shortHelp is the view's share of the status bar; while a filter is
// typed, the filter's keys.
func (v *configView) shortHelp() []key.Binding {
	if v.typing() {
		return v.lists[v.shown()].tbl().filterHelp()[keyAccept:]
	}
	if v.detail != nil {
		k := v.keys
		return []key.Binding{v.detail.revealKey(), k[keyEdit].binding(v), k[keyDelete].binding(v), k[keyCopy].binding(v), k[keyBack].binding(v)}
	}
	return byRank(v, v.keys, v.tabKeys)
}

// fullHelp is the view's keys for the help overlay.
func (v *configView) fullHelp() []key.Binding {
	bs := v.keys.help(v)
	if v.detail != nil {
		return append(bs, v.detail.revealKey())
	}
	t := v.lists[v.shown()].tbl()
	return append(bs, t.keys[keyFilter].binding(t), t.keys[keyClear].binding(t), t.keys[keySort].binding(t), t.keys[keyReverse].binding(t))
}

// byRank merges the status-bar keys of tables by their places.
func byRank[M any](m M, tables ...keyTable[M]) []key.Binding {
	var rows []*action[M]
	for _, t := range tables {
		for i := range t {
			if t[i].short > 0 {
				rows = append(rows, &t[i])
			}
		}
	}
	slices.SortFunc(rows, func(a, b *action[M]) int { return cmp.Compare(a.short, b.short) })
	out := make([]key.Binding, 0, len(rows))
	for _, a := range rows {
		out = append(out, a.binding(m))
	}
	return out
}

// clickTab switches to the tab drawn at column x of the tab line.
func (v *configView) clickTab(x int) tea.Cmd {
	col := 0
	for _, p := range v.parts(v.configLists) {
		w := termsafe.Width(p.text)
		if x >= col && x < col+w && !p.sep {
			if p.list >= 0 {
				v.access = p.list
			}
			return v.switchTab(p.tab)
		}
		col += w
	}
	return nil
}

// clickRow selects the row drawn at line y under the tab line.
func (v *configView) clickRow(y int) {
	if v.detail == nil && v.rowsShown(v.shown()) {
		v.lists[v.shown()].tbl().clickRow(y)
	}
}

// wheel scrolls the shown list or detail by n lines.
func (v *configView) wheel(n int) {
	switch {
	case v.detail != nil:
		v.detail.scroll(n)
	case v.rowsShown(v.shown()):
		v.lists[v.shown()].tbl().moveBy(n)
	}
}
