package ui

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tweakdash/model"
	"tweakdash/theme"
	"tweakdash/ui/termsafe"
)

// resources is the right pane: the tabs of the open config. It keeps every
// config it has opened, so that going back to one costs no request.
type resources struct {
	st   *theme.Styles
	memo *memo // the App's; nil draws every time
	keys resourceKeys
	src  lister
	ctx  context.Context

	nextID  int
	views   map[string]*configView
	cur     *configView
	focused bool

	// Editing: wr sends writes (nil: none possible); readOnly turns them
	// off. At most one of ed, del and created is open over the pane.
	wr          writer
	readOnly    bool
	ed          *editor
	del         *deleter
	created     *createdList
	pendingEdit *pendingEdit

	width, height int
}

func newResources(ctx context.Context, st *theme.Styles, src lister) *resources {
	r := &resources{st: st, src: src, ctx: ctx, keys: defaultResourceKeys(), views: map[string]*configView{}}
	r.updateKeys()
	return r
}

// open shows cfg. The view it replaces is closed (its requests cancelled);
// a config opened before shows what was loaded then, and only what is
// missing is requested.
func (r *resources) open(cfg model.Config) tea.Cmd {
	if r.cur != nil && r.cur.cfg.UniqueKey == cfg.UniqueKey {
		return r.ensure()
	}
	r.close()
	v, ok := r.views[cfg.UniqueKey]
	if !ok {
		v = r.newView(cfg)
		r.views[cfg.UniqueKey] = v
	}
	v.ctx, v.cancel = context.WithCancel(r.ctx)
	r.cur = v
	r.resize()
	return r.ensure()
}

// close closes the shown config: its requests are cancelled, and what was
// still loading goes back to not loaded (late replies are dropped).
func (r *resources) close() {
	v := r.cur
	if v == nil {
		return
	}
	v.cancel()
	v.detail = nil
	for i := range v.loads {
		if v.loads[i].state == loading {
			v.loads[i].state = notLoaded
		}
	}
	r.cur = nil
	r.updateKeys()
}

// ensure requests the shown list if it was never loaded (or a request for
// it was cancelled).
func (r *resources) ensure() tea.Cmd {
	defer r.updateKeys()
	v := r.cur
	if v == nil {
		return nil
	}
	switch v.shown() {
	case listDeviceIDs:
		return r.fetchIfNeeded(reqDeviceIDs)
	case listPasswords:
		return r.fetchIfNeeded(reqPasswords)
	}
	return r.fetchIfNeeded(reqResources)
}

func (r *resources) fetchIfNeeded(q request) tea.Cmd {
	if r.cur.loads[q].state != notLoaded {
		return nil
	}
	return r.fetch(q)
}

// fetch sends request q for the shown config; a reply to any earlier
// request of the same kind will be dropped.
func (r *resources) fetch(q request) tea.Cmd {
	v := r.cur
	r.nextID++
	ld := &v.loads[q]
	ld.id, ld.state, ld.msg = r.nextID, loading, ""
	r.updateKeys()
	ctx, id, key := v.ctx, ld.id, v.cfg.UniqueKey
	switch q {
	case reqDeviceIDs:
		return fetchDeviceIDs(ctx, r.src, id, key)
	case reqPasswords:
		return fetchPasswords(ctx, r.src, id, key)
	case reqServers:
		return fetchServers(ctx, r.src, id, key)
	case reqTweaks:
		return fetchTweaks(ctx, r.src, id, key)
	}
	return fetchResources(ctx, r.src, id, key)
}

func (r *resources) busy() bool {
	if (r.ed != nil && r.ed.saving) || (r.del != nil && !r.del.asking) {
		return true
	}
	if r.cur == nil {
		return false
	}
	for _, l := range r.cur.loads {
		if l.state == loading {
			return true
		}
	}
	return false
}

// reload requests the shown list again (r).
func (r *resources) reload() tea.Cmd {
	v := r.cur
	if v == nil {
		return nil
	}
	v.detail = nil
	switch v.shown() {
	case listDeviceIDs:
		return r.fetch(reqDeviceIDs)
	case listPasswords:
		return r.fetch(reqPasswords)
	}
	return r.fetch(reqResources)
}

// selectedRow returns the row under the cursor of the shown list.
func (r *resources) selectedRow() (int, bool) {
	v := r.cur
	if v == nil || v.listLoad(v.shown()).state != loaded {
		return 0, false
	}
	return v.tables[v.shown()].selected()
}

// switchTab shows tab t, and requests its list the first time.
func (r *resources) switchTab(t tabID) tea.Cmd {
	v := r.cur
	v.tab, v.detail = t, nil
	r.resize()
	return r.ensure()
}

func (r *resources) switchAccess(l listID) tea.Cmd {
	v := r.cur
	v.access, v.detail = l, nil
	r.resize()
	return r.ensure()
}

// update handles a key while the pane has focus, or a tab key pressed
// anywhere. Besides a command it may return a request for the root
// (backMsg), handled at once.
func (r *resources) update(msg tea.KeyPressMsg) (tea.Cmd, tea.Msg) {
	defer r.updateKeys()
	v := r.cur
	if v != nil && v.detail != nil {
		if v.detail.update(msg) {
			return nil, nil
		}
	} else if v != nil && v.listLoad(v.shown()).state == loaded && v.tables[v.shown()].update(msg) {
		return nil, nil
	}
	k := &r.keys
	switch {
	case k.Servers.matches(msg):
		return r.switchTab(tabServers), nil
	case k.Tweaks.matches(msg):
		return r.switchTab(tabTweaks), nil
	case k.Access.matches(msg):
		return r.switchTab(tabAccess), nil
	case k.NextTab.matches(msg):
		return r.switchTab((v.tab + 1) % 3), nil
	case k.PrevTab.matches(msg):
		return r.switchTab((v.tab + 2) % 3), nil
	case k.PrevList.matches(msg):
		return r.switchAccess(listDeviceIDs), nil
	case k.NextList.matches(msg):
		return r.switchAccess(listPasswords), nil
	case k.Open.matches(msg):
		return r.openDetail(), nil
	case k.Back.matches(msg):
		if v != nil && v.detail != nil {
			v.detail = nil
			return nil, nil
		}
		if v != nil && v.tables[v.shown()].clearMarks() {
			return setStatus(statusInfo, "Marks cleared"), nil
		}
		return nil, backMsg{}
	case k.Reload.matches(msg):
		return r.reload(), nil
	case k.Copy.matches(msg):
		return copyCmd(r.copyNow()), nil
	case k.New.matches(msg):
		return r.newRecord(), nil
	case k.Edit.matches(msg):
		return r.editRecord(), nil
	case k.Delete.matches(msg):
		return r.askDelete(), nil
	case k.Mark.matches(msg):
		if i, ok := r.selectedRow(); ok {
			t := v.tables[v.shown()]
			t.toggleMark(i)
			t.moveBy(1)
		}
		return nil, nil
	}
	bs := r.allKeys()
	if v != nil && v.detail != nil {
		bs = append(bs, &v.detail.keys.Reveal)
	}
	if why, ok := whyBlocked(msg, bs...); ok {
		return setStatus(statusWarn, why), nil
	}
	return nil, nil
}

// copyNow is what y copies now: the detail's record, or the selected row's.
func (r *resources) copyNow() (what, value string) {
	v := r.cur
	if v == nil {
		return "", ""
	}
	if v.detail != nil {
		return v.detail.copyWhat, v.detail.copyValue
	}
	if i, ok := r.selectedRow(); ok {
		return v.copyTarget(v.shown(), i)
	}
	return "", ""
}

// isTabKey reports whether msg switches tabs: those keys reach the pane
// even while the config list has focus.
func (r *resources) isTabKey(msg tea.KeyPressMsg) bool {
	k := &r.keys
	for _, b := range []*binding{&k.Servers, &k.Tweaks, &k.Access, &k.NextTab, &k.PrevTab, &k.PrevList, &k.NextList} {
		if b.matches(msg) {
			return true
		}
		if _, ok := b.blocked(msg); ok {
			return true
		}
	}
	return false
}

func (r *resources) allKeys() []*binding {
	k := &r.keys
	return []*binding{&k.Servers, &k.Tweaks, &k.Access, &k.NextTab, &k.PrevTab, &k.PrevList, &k.NextList,
		&k.Open, &k.Back, &k.Reload, &k.Copy, &k.New, &k.Edit, &k.Delete, &k.Mark}
}

// updateKeys switches bindings on and off to match the state, so that the
// keys, the help and the status bar agree.
func (r *resources) updateKeys() {
	k := &r.keys
	v := r.cur
	open := v != nil
	const noConfig = "no config open: select one and press enter"
	for _, b := range []*binding{&k.Servers, &k.Tweaks, &k.Access, &k.NextTab, &k.PrevTab, &k.Back} {
		b.set(open, noConfig)
	}
	inAccess := open && v.tab == tabAccess
	k.PrevList.set(inAccess, "[ and ] switch lists inside the Access tab (3)")
	k.NextList.set(inAccess, "[ and ] switch lists inside the Access tab (3)")
	if !open {
		for _, b := range []*binding{&k.Open, &k.Reload, &k.Copy, &k.New, &k.Edit, &k.Delete, &k.Mark} {
			b.set(false, noConfig)
		}
		return
	}
	ld := v.listLoad(v.shown())
	k.Reload.set(ld.state != loading, "already loading")

	why := "nothing selected"
	switch ld.state {
	case loading, notLoaded:
		why = "still loading"
	case refused:
		why = "this list is off for this config: enable it in the Panel"
	case failed:
		why = "the list did not load: r to retry"
	}
	_, sel := r.selectedRow()
	k.Open.set(sel && v.detail == nil, why)
	if v.detail != nil {
		k.Open.set(false, "already showing the details")
	}
	what, val := r.copyNow()
	k.Copy.set(val != "", why)
	if what != "" && val == "" {
		k.Copy.set(false, "this "+what+" is empty")
	}
	r.updateWriteKeys(why, sel)
	switch v.shown() {
	case listDeviceIDs:
		k.Copy.SetHelp("y", "copy device ID")
	case listPasswords:
		k.Copy.SetHelp("y", "copy password")
	default:
		k.Copy.SetHelp("y", "copy key")
	}
}

// typing reports whether a filter is being typed in the shown list.
func (r *resources) typing() bool {
	v := r.cur
	return v != nil && v.detail == nil && v.tables[v.shown()].typing
}

func (r *resources) paste(s string) {
	if v := r.cur; v != nil && v.detail == nil {
		v.tables[v.shown()].paste(s)
	}
}

func (r *resources) setFocused(f bool) {
	r.focused = f
	for _, v := range r.views {
		for _, t := range v.tables {
			t.focused = f
		}
	}
}

// setSize sets the cells inside the pane's border.
func (r *resources) setSize(w, h int) {
	r.width, r.height = w, h
	r.resize()
}

// resize sizes the shown config's lists and detail: the line under the
// tab line and down, with a one-cell margin on the right.
func (r *resources) resize() {
	v := r.cur
	if v == nil {
		return
	}
	for _, t := range v.tables {
		t.setSize(r.width-1, r.height-1)
		t.focused = r.focused
	}
	if v.detail != nil {
		v.detail.setSize(r.width-2, r.height-1)
	}
	if r.ed != nil {
		r.ed.f.SetSize(r.width-2, r.height-1)
	}
}

// title is the pane's title.
func (r *resources) title() string {
	if r.cur == nil {
		return "Config"
	}
	return r.cur.cfg.Name
}

// view draws the pane's inside: the tab line, then the shown list, its
// detail, or why it is empty.
func (r *resources) view() string {
	if r.width <= 0 || r.height <= 0 {
		return ""
	}
	v := r.cur
	if v == nil {
		return block([]string{"", r.st.Table.Empty.Render(fit(" Select a config and press enter.", r.width))}, r.width, r.height)
	}
	var body string
	ld := v.listLoad(v.shown())
	switch {
	case r.ed != nil:
		body = block(safeFormLines(r.ed.f.View(), r.width-1), r.width-1, r.height-1)
		body = margin(body, " ", "")
	case r.del != nil && r.del.asking:
		body = r.confirmView()
	case r.created != nil:
		body = r.createdView()
	case v.detail != nil:
		body = margin(v.detail.view(), " ", " ")
	case ld.state == loaded:
		body = margin(v.tables[v.shown()].view(), "", " ")
	case ld.state == loading || ld.state == notLoaded:
		body = block([]string{"", r.st.Table.Empty.Render(fit(" Loading…", r.width))}, r.width, r.height-1)
	case ld.state == refused:
		lines := []string{""}
		for _, l := range wrap(termsafe.Line(ld.msg), r.width-2) {
			lines = append(lines, " "+r.st.Status.Warn.Render(fit(l, r.width-1)))
		}
		body = block(lines, r.width, r.height-1)
	default:
		lines := []string{""}
		for _, l := range wrap(termsafe.Line(ld.msg), r.width-2) {
			lines = append(lines, " "+r.st.Table.Error.Render(fit(l, r.width-1)))
		}
		lines = append(lines, "", r.st.Table.Empty.Render(fit(" r to retry", r.width)))
		body = block(lines, r.width, r.height-1)
	}
	return r.tabsView() + "\n" + body
}

func (r *resources) shortHelp() []key.Binding {
	if r.modal() {
		return nil // the form and the overlays draw their own key help
	}
	v := r.cur
	if v != nil && v.detail == nil && v.tables[v.shown()].typing {
		t := v.tables[v.shown()]
		return bindings(&t.fk.Accept, &t.fk.Clear)
	}
	if v != nil && v.detail != nil {
		return bindings(&v.detail.keys.Reveal, &r.keys.Edit, &r.keys.Delete, &r.keys.Copy, &r.keys.Back)
	}
	k := &r.keys
	return bindings(&k.New, &k.Edit, &k.Delete, &k.Mark, &k.Open, &k.NextTab, &k.Copy)
}

func (r *resources) fullHelp() []key.Binding {
	k := &r.keys
	bs := []*binding{&k.Open, &k.Back, &k.Reload, &k.Copy, &k.New, &k.Edit, &k.Delete, &k.Mark}
	if v := r.cur; v != nil && v.detail != nil {
		bs = append(bs, &v.detail.keys.Reveal)
	} else if v != nil {
		t := v.tables[v.shown()]
		bs = append(bs, &t.fk.Filter, &t.fk.Clear)
	}
	return bindings(bs...)
}

func (r *resources) tabHelp() []key.Binding {
	k := &r.keys
	return bindings(&k.Servers, &k.Tweaks, &k.Access, &k.NextTab, &k.PrevTab, &k.PrevList, &k.NextList)
}

// shortKey shortens a unique key for a column: "8bcb3c4f…".
func shortKey(k string) string { return termsafe.Truncate(k, 9) }

// shortTime shows "2026-02-20 09:10:00" (or an ISO 8601 time) as
// "02-20 09:10"; anything else is shown as sent.
func shortTime(s string) string {
	if len(s) >= 16 && s[4] == '-' && s[7] == '-' && (s[10] == ' ' || s[10] == 'T') && s[13] == ':' {
		return s[5:10] + " " + s[11:16]
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// plural spells a count: "1 server", "2 servers".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// safeFormLines splits a form's view into lines that are safe to draw and
// fit w. Its inputs hold values from the server (an edit is prefilled), and
// the text inputs drop C0 and C1 controls but keep bidi controls and line
// separators, which would reorder or break the screen: those are escaped as
// termsafe.Line escapes them. Our own styling is ASCII, so it is untouched.
func safeFormLines(view string, w int) []string {
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		if strings.IndexFunc(l, unsafeInStyled) >= 0 {
			var b strings.Builder
			for _, c := range l {
				if unsafeInStyled(c) {
					b.WriteString(termsafe.Line(string(c)))
				} else {
					b.WriteRune(c)
				}
			}
			l = b.String()
		}
		lines[i] = ansi.Truncate(l, w, "…")
	}
	return lines
}

// unsafeInStyled reports whether c, found in styled text, is a control that
// termsafe.Line would escape. ESC and the other C0 controls are left alone:
// our styling is made of them.
func unsafeInStyled(c rune) bool {
	return c >= 0x80 && termsafe.Line(string(c)) != string(c)
}
