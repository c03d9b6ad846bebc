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
	case wide(w):
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

// wide says whether a terminal w cells wide shows both panes side by side.
func wide(w int) bool { return w >= wideMin }

// resize lays the panes out for a w×h terminal; the panes get the cells
// inside their borders.
func (a *App) resize(w, h int) {
	a.width, a.height = w, h
	bodyH := max(h-2, 2)
	if wide(w) {
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
	listBox := func(w int) *boxed {
		return box(a.env.st, a.env.memo, "Configs", a.list.view(), w, l.bodyH, a.focus == paneList)
	}
	configBox := func(w int) *boxed {
		return box(a.env.st, a.env.memo, a.pane.title(), a.pane.view(), w, l.bodyH, a.focus == paneConfig)
	}
	var boxes []*boxed
	switch {
	case a.showHelp:
		boxes = []*boxed{box(a.env.st, a.env.memo, "Help", a.help.view(a.helpGroups(), w-2, l.bodyH-2), w, l.bodyH, true)}
	case l.listShown && l.configOpen:
		boxes = []*boxed{listBox(l.listW), configBox(l.configW)}
	case l.configOpen:
		boxes = []*boxed{configBox(l.configW)}
	default:
		boxes = []*boxed{listBox(l.listW)}
	}
	// The frame is written once, the boxes side by side line by line.
	header, status := a.header.view(w), a.status.view(w, a.busy(), keys, always)
	size := len(header) + len(status) + l.bodyH + 1
	for _, x := range boxes {
		size += x.size()
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(header)
	for range l.bodyH {
		b.WriteByte('\n')
		for _, x := range boxes {
			x.writeLine(&b)
		}
	}
	b.WriteByte('\n')
	b.WriteString(status)
	return b.String()
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
	groups := []helpGroup{{title: "Move", keys: navKeysIn(a.env.keys).all()}, {title, a.panes()[a.focus].fullHelp()}}
	return append(groups,
		helpGroup{"Tabs", a.pane.tabHelp()},
		helpGroup{"General", a.generalKeys()})
}

// generalKeys are the root's own keys; p only while a job runs, u only
// when there is a write to undo, ctrl+z only where the host allows it.
func (a *App) generalKeys() []key.Binding {
	p, u, z := a.keys.Progress, a.keys.Undo, a.keys.Suspend
	p.SetEnabled(a.writer.job != nil)
	u.SetEnabled(a.writer.journal.last() != nil)
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
