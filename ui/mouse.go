package ui

import tea "charm.land/bubbletea/v2"

// Mouse support (Options.Mouse): a click selects a row or a tab, a click
// on the selected config opens it, the wheel scrolls. Positions follow the
// layout in App.render: the header on line 0, pane borders on line 1, the
// first line inside a pane on line 2.

// hit says which pane is drawn at column x, and the column inside it.
func (a *App) hit(x int) (pane, int) {
	if a.wide() {
		lw := listWidth(a.width)
		if x < lw {
			return paneList, x - 1
		}
		return paneConfig, x - lw - 1
	}
	if a.focus == paneConfig && a.res.cur != nil {
		return paneConfig, x - 1
	}
	return paneList, x - 1
}

func (a *App) click(m tea.Mouse) tea.Cmd {
	if !a.opts.Mouse || a.showHelp || m.Button != tea.MouseLeft || a.typing() {
		return nil
	}
	y := m.Y - 2
	if y < 0 || m.Y >= a.height-2 {
		return nil
	}
	p, x := a.hit(m.X)
	if p == paneList {
		a.setFocus(paneList)
		before, had := a.list.tbl.selected()
		if !a.list.tbl.clickRow(y) {
			return nil
		}
		a.list.updateKeys()
		if now, ok := a.list.tbl.selected(); had && ok && now == before {
			if c, ok := a.list.selected(); ok {
				return a.up(nil, openConfigMsg{cfg: c})
			}
		}
		return nil
	}
	if a.res.cur == nil {
		return nil
	}
	a.setFocus(paneConfig)
	if y == 0 {
		return a.res.clickTab(x)
	}
	a.res.clickRow(y - 1)
	return nil
}

func (a *App) wheel(m tea.Mouse) {
	if !a.opts.Mouse || a.showHelp || a.res.modal() {
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
	if p, _ := a.hit(m.X); p == paneList {
		a.list.tbl.moveBy(n)
		a.list.updateKeys()
		return
	}
	a.res.wheel(n)
}
