package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Below this size nothing but a request for a larger window is drawn,
// and no key but quit is taken: nothing may open unseen.
const minWidth, minHeight = 40, 10

func (a *App) tooSmall() bool { return a.width < minWidth || a.height < minHeight }

// layout is where the panes are: the header on line 0, the panes' borders
// from line 1, the status bar last. render draws from it and the mouse
// hit-tests against it, so that the two cannot disagree.
type layout struct {
	bodyH      int // lines of the panes, borders included
	listW      int // the config list's box; 0 when not shown
	configX    int // the config pane's first column
	configW    int // the config pane's box; 0 when not shown
	listShown  bool
	configOpen bool
}

func (a *App) layout() layout {
	w := a.width
	l := layout{bodyH: max(a.height-2, 2)}
	switch {
	case a.wide():
		l.listW = listWidth(w)
		l.configX, l.configW = l.listW, w-l.listW
	case a.focus == paneConfig && a.pane.cur != nil, a.overlay != nil:
		l.configW = w
	default:
		l.listW = w
	}
	l.listShown, l.configOpen = l.listW > 0, l.configW > 0
	return l
}

func (a *App) wide() bool { return a.width >= wideMin }

// resize lays the panes out for a w×h terminal; the panes get the cells
// inside their borders.
func (a *App) resize(w, h int) {
	a.width, a.height = w, h
	bodyH := max(h-2, 2)
	if a.wide() {
		lw := listWidth(w)
		a.list.setSize(lw-2, bodyH-2)
		a.pane.setSize(w-lw-2, bodyH-2)
	} else {
		a.list.setSize(w-2, bodyH-2)
		a.pane.setSize(w-2, bodyH-2)
	}
	a.setFocus(a.focus)
}

func (a *App) render() string {
	w, h := a.width, a.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if a.tooSmall() {
		// Wrapped, not cut: the size it needs is the point of the message.
		msg := fmt.Sprintf("Window too small (%dx%d): make it at least %dx%d (q quits)", w, h, minWidth, minHeight)
		lines := wrap(msg, w)
		for i, l := range lines {
			lines[i] = a.env.st.Status.Warn.Render(fit(l, w))
		}
		return block(lines[:min(len(lines), h)], w, h)
	}
	keys, always := a.shortHelp()
	l := a.layout()
	var body string
	switch {
	case a.showHelp:
		body = box(a.env.st, a.env.memo, "Help", a.help.view(a.helpGroups(), w-2, l.bodyH-2), w, l.bodyH, true)
	case l.listShown && l.configOpen:
		body = beside(a.listBox(l.listW, l.bodyH), a.configBox(l.configW, l.bodyH))
	case l.configOpen:
		body = a.configBox(l.configW, l.bodyH)
	default:
		body = a.listBox(l.listW, l.bodyH)
	}
	return a.headerView() + "\n" + body + "\n" + a.status.view(w, a.busy(), keys, always)
}

func (a *App) listBox(w, h int) string {
	return box(a.env.st, a.env.memo, "Configs", a.list.view(), w, h, a.focus == paneList)
}

func (a *App) configBox(w, h int) string {
	return box(a.env.st, a.env.memo, a.pane.title(), a.pane.view(), w, h, a.focus == paneConfig)
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
	return a.env.memo.get(memoKey("header", a.width, rateLow(r), a.list.usage(), rate, a.cachedMark()), a.buildHeader)
}

// cachedMark is the header's mark while the config list, or the list of
// the config shown, holds rows painted from the snapshot: "cached 3m ago".
func (a *App) cachedMark() string {
	since := a.list.cachedSince
	if v := a.pane.cur; v != nil && since.IsZero() {
		since = v.stale.since[listRequest(v.shown())]
	}
	if since.IsZero() {
		return ""
	}
	return cachedMark(since, a.env.cache.clock())
}

func (a *App) buildHeader() string {
	hs := a.env.st.Header
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
		left = append(left, headerPart{" ", hs.Text}, headerPart{" " + l + " ", a.env.st.Badge(a.labelColor)})
	}
	if a.opts.Demo {
		left = append(left, headerPart{" ", hs.Text}, headerPart{" DEMO ", hs.Demo})
	}
	if a.opts.ReadOnly {
		left = append(left, headerPart{" ", hs.Text}, headerPart{"read-only", hs.ReadOnly})
	}
	if m := a.cachedMark(); m != "" {
		left = append(left, headerPart{" ", hs.Text}, headerPart{m, hs.Cached})
	}
	// The host comes last: on a narrow terminal it is what gets cut, not
	// the marks that tell production from a test account.
	if a.opts.Host != "" {
		left = append(left, sep, headerPart{a.opts.Host, hs.Text})
	}
	ls, lw := parts(left, a.width-rw-1)
	return ls + strings.Repeat(" ", max(a.width-lw-rw, 0)) + rs
}

// shortHelp is the status bar's key help: the focused pane's, and ours,
// which are always shown. An overlay draws its own.
func (a *App) shortHelp() (keys, always []key.Binding) {
	switch {
	case a.showHelp:
		return nil, []key.Binding{a.keys.CloseHelp, a.keys.Quit}
	case a.overlay != nil:
		return nil, nil
	}
	keys = a.panes()[a.focus].shortHelp()
	if a.typing() {
		return keys, nil
	}
	return keys, []key.Binding{a.keys.Help, a.keys.Quit}
}

// helpGroups are the help overlay's columns, from the live bindings.
func (a *App) helpGroups() []helpGroup {
	title := [2]string{paneList: "Config list", paneConfig: "Config"}[a.focus]
	groups := []helpGroup{{title: "Move", keys: defaultNavKeys().all()}, {title, a.panes()[a.focus].fullHelp()}}
	return append(groups,
		helpGroup{"Tabs", a.pane.tabHelp()},
		helpGroup{"General", a.generalKeys()})
}

// generalKeys are the root's own keys; p only while a job runs, u only
// when there is a write to undo, ctrl+z only where the host allows it.
func (a *App) generalKeys() []key.Binding {
	p, u, z := a.keys.Progress, a.keys.Undo, a.keys.Suspend
	p.SetEnabled(a.w.job != nil)
	u.SetEnabled(a.w.journal.last() != nil)
	z.SetEnabled(a.env.host.Suspend)
	return []key.Binding{a.keys.Find, p, u, a.keys.Journal, a.keys.Help, a.keys.Quit, a.keys.ForceQuit, z}
}

// Mouse support (Options.Mouse): a click selects a row or a tab, a click
// on the selected config opens it, the wheel scrolls.

// hit says which pane is drawn at column x, and the column inside it.
func (a *App) hit(x int) (pane, int) {
	l := a.layout()
	if l.listShown && x < l.listW {
		return paneList, x - 1
	}
	if l.configOpen {
		return paneConfig, x - l.configX - 1
	}
	return paneList, x - 1
}

// firstRow is the screen line of a pane's first line inside its border.
const firstRow = 2

func (a *App) click(m tea.Mouse) tea.Cmd {
	if !a.opts.Mouse || a.showHelp || m.Button != tea.MouseLeft || a.typing() || a.tooSmall() {
		return nil
	}
	y := m.Y - firstRow
	if y < 0 || m.Y >= firstRow+a.layout().bodyH-2 {
		return nil
	}
	p, x := a.hit(m.X)
	if p == paneConfig && a.pane.cur == nil {
		return nil
	}
	a.setFocus(p)
	return a.up(a.panes()[p].click(x, y))
}

func (a *App) wheel(m tea.Mouse) {
	if !a.opts.Mouse || a.showHelp || a.overlay != nil || a.tooSmall() {
		return
	}
	n := 0
	switch m.Button {
	case tea.MouseWheelUp:
		n = -3
	case tea.MouseWheelDown:
		n = 3
	default:
		return
	}
	p, _ := a.hit(m.X)
	a.panes()[p].wheel(n)
}
