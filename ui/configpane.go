package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/model"
)

// configPane is the right pane: the shown config's view, and every config
// opened before, kept so that going back to one costs no request and a
// write that lands after it closed still updates it.
type configPane struct {
	env     *env
	views   map[string]*configView
	cur     *configView
	focused bool
	// tabs answers the tab keys while no config is open.
	tabs keyTable[*configView]
	// cover is the App's overlay, drawn under the tab line instead of the
	// list while it is open.
	cover overlay

	width, height int
}

func newConfigPane(e *env) *configPane {
	return &configPane{env: e, views: map[string]*configView{}, tabs: configTabKeys().rebound(e.keys)}
}

// noConfig is why the pane's keys do nothing before a config is open.
const noConfig = "no config open: select one and press enter"

// open shows cfg; the view it replaces closes (its reads are cancelled).
func (p *configPane) open(cfg model.Config) tea.Cmd {
	if p.cur != nil && p.cur.cfg.UniqueKey == cfg.UniqueKey {
		return p.cur.ensure()
	}
	p.close()
	v := p.viewOf(cfg)
	p.cur = v
	v.setSize(p.width, p.height)
	v.setFocused(p.focused)
	return v.open()
}

// viewOf is cfg's view, made (not opened) the first time it is asked for.
func (p *configPane) viewOf(cfg model.Config) *configView {
	v, ok := p.views[cfg.UniqueKey]
	if !ok {
		v = newConfigView(p.env, cfg)
		p.views[cfg.UniqueKey] = v
	}
	return v
}

// close closes the shown config's view.
func (p *configPane) close() {
	if p.cur != nil {
		p.cur.close()
		p.cur = nil
	}
}

// route takes a reply to a view's read; a view that closed drops it.
func (p *configPane) route(msg replyMsg) (tea.Cmd, tea.Msg) {
	if v := p.views[msg.config]; v != nil {
		return v.route(msg)
	}
	return nil, nil
}

// update handles a key while the pane has focus, or a tab key pressed
// anywhere.
func (p *configPane) update(msg tea.KeyPressMsg) (tea.Cmd, tea.Msg) {
	if p.cur == nil {
		if p.tabs.has(msg) {
			return setStatus(statusWarn, noConfig), nil
		}
		return nil, nil
	}
	return p.cur.update(msg)
}

// isTabKey reports whether msg switches tabs: those keys reach the pane
// even while the config list has focus.
func (p *configPane) isTabKey(msg tea.KeyPressMsg) bool { return p.tabs.has(msg) }

func (p *configPane) busy() bool { return p.cur != nil && p.cur.busy() }

func (p *configPane) typing() bool { return p.cur != nil && p.cur.typing() }

func (p *configPane) paste(s string) {
	if p.cur != nil {
		p.cur.paste(s)
	}
}

func (p *configPane) setFocused(f bool) {
	p.focused = f
	if p.cur != nil {
		p.cur.setFocused(f)
	}
}

// setSize sets the cells inside the pane's border.
func (p *configPane) setSize(w, h int) {
	p.width, p.height = w, h
	if p.cur != nil {
		p.cur.setSize(w, h)
	}
}

// title is the pane's title.
func (p *configPane) title() string {
	if p.cur == nil {
		return "Config"
	}
	return p.cur.cfg.Name
}

// view draws the pane's inside; the cover, when open, is drawn under the
// tab line instead of the list.
func (p *configPane) view() string {
	if p.width <= 0 || p.height <= 0 {
		return ""
	}
	if p.cur == nil {
		if p.cover != nil { // a search across configs
			return p.cover.view(p.width, p.height)
		}
		return block([]string{"", p.env.st.Table.Empty.Render(fit(" Select a config and press enter.", p.width))}, p.width, p.height)
	}
	body := ""
	if p.cover != nil {
		body = p.cover.view(p.width, p.height-1)
	}
	return p.cur.view(body)
}

func (p *configPane) shortHelp() []key.Binding {
	if p.cur == nil {
		return nil
	}
	return p.cur.shortHelp()
}

// commands are the shown config's keys for the palette: the tabs, the
// detail's or the list's filter, then the view's.
func (p *configPane) commands() []command {
	v := p.cur
	if v == nil {
		return nil
	}
	out := p.tabCommands()
	if v.detail != nil {
		out = append(out, commandsOf(v.detail, v.detail.keys)...)
	} else if t := v.lists[v.shown()].tbl(); v.rowsShown(v.shown()) {
		out = append(out, commandsOf(t, t.keys[:keyFilter+1])...)
	}
	return append(out, commandsOf(v, v.keys)...)
}

// tabCommands are the tab keys for the palette, which reach the shown
// config from the config list too; none while no config is shown.
func (p *configPane) tabCommands() []command {
	if p.cur == nil {
		return nil
	}
	cs := commandsOf(p.cur, p.cur.tabKeys)
	for i, c := range cs {
		switch {
		case strings.HasPrefix(c.id, "tab-"):
			cs[i].name = "go to tab " + c.name
		case c.id == "device-ids" || c.id == "passwords":
			cs[i].name = "go to " + c.name
		}
	}
	return cs
}

func (p *configPane) fullHelp() []key.Binding {
	if p.cur == nil {
		return nil
	}
	return p.cur.fullHelp()
}

// click acts on line y, column x inside the pane: the tab line switches
// tabs, a row is selected.
func (p *configPane) click(x, y int) (tea.Cmd, tea.Msg) {
	switch {
	case p.cur == nil:
		return nil, nil
	case y == 0:
		return p.cur.clickTab(x), nil
	}
	p.cur.clickRow(y - 1)
	return nil, nil
}

func (p *configPane) wheel(n int) {
	if p.cur != nil {
		p.cur.wheel(n)
	}
}

// tabHelp is the tab keys as they stand.
func (p *configPane) tabHelp() []key.Binding {
	if p.cur == nil {
		bs := make([]key.Binding, len(p.tabs))
		for i := range p.tabs {
			bs[i] = p.tabs[i].Binding
			bs[i].SetEnabled(false)
		}
		return bs
	}
	return p.cur.tabKeys.help(p.cur)
}
