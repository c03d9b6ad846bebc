package ui

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/ui/termsafe"
)

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
func (r *resources) tabParts() []tabPart {
	v := r.cur
	count := func(l listID, n int) string {
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
		{text: "1 Servers" + count(listServers, len(v.servers)), tab: tabServers, list: -1, active: v.tab == tabServers},
		{text: "   ", sep: true},
		{text: "2 Tweaks" + count(listTweaks, len(v.tweaks)), tab: tabTweaks, list: -1, active: v.tab == tabTweaks},
		{text: "   ", sep: true},
		{text: "3 Access", tab: tabAccess, list: -1, active: access},
		{text: " ▸ ", sep: true},
		{text: "IDs" + count(listDeviceIDs, len(v.deviceIDs)), tab: tabAccess, list: listDeviceIDs, active: access && v.access == listDeviceIDs, sub: true},
		{text: " · ", sep: true},
		{text: "Passwords" + count(listPasswords, len(v.passwords)), tab: tabAccess, list: listPasswords, active: access && v.access == listPasswords, sub: true},
	}
}

// tabsView draws the tab line, the shown list emphasised, in width cells.
func (r *resources) tabsView() string {
	ps := r.tabParts()
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
	return r.memo.get(memoKey("tabs", r.width, false, key...), func() string { return r.drawTabs(ps) })
}

func (r *resources) drawTabs(ps []tabPart) string {
	s := r.st.Tab
	var b strings.Builder
	room := r.width
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

// clickTab switches to the tab drawn at column x of the tab line.
func (r *resources) clickTab(x int) tea.Cmd {
	if r.cur == nil {
		return nil
	}
	col := 0
	for _, p := range r.tabParts() {
		w := termsafe.Width(p.text)
		if x >= col && x < col+w && !p.sep {
			if p.list >= 0 {
				r.cur.access = p.list
			}
			return r.switchTab(p.tab)
		}
		col += w
	}
	return nil
}

// clickRow selects the row drawn at line y under the tab line.
func (r *resources) clickRow(y int) {
	v := r.cur
	if v == nil || v.detail != nil || v.listLoad(v.shown()).state != loaded {
		return
	}
	v.tables[v.shown()].clickRow(y)
	r.updateKeys()
}

// wheel scrolls the shown list or detail by n lines.
func (r *resources) wheel(n int) {
	v := r.cur
	switch {
	case v == nil:
	case v.detail != nil:
		v.detail.scroll(n)
	case v.listLoad(v.shown()).state == loaded:
		v.tables[v.shown()].moveBy(n)
		r.updateKeys()
	}
}
