package ui

import (
	"strconv"
	"strings"

	"tweakdash/internal/termsafe"
	"tweakdash/theme"
)

// tabID is a tab of the config pane.
type tabID int

const (
	tabServers tabID = iota
	tabTweaks
	tabAccess
)

// tabs are the config pane's tabs: the one shown, and the list shown in
// the Access tab.
type tabs struct {
	tab    tabID
	access listID // listDeviceIDs or listPasswords
}

// shown is the list the view shows now.
func (ts *tabs) shown() listID {
	if ts.tab == tabAccess {
		return ts.access
	}
	for l := range kinds {
		if kinds[l].tab == ts.tab {
			return listID(l)
		}
	}
	return listServers
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

// parts lays out the tab line: " 1 Servers (2)   2 Tweaks (1)   3
// Access ▸ IDs (31) · Passwords (5)". Counts show once a list is loaded.
func (ts *tabs) parts(c *configLists) []tabPart {
	count := func(l listID) string {
		n := c.lists[l].count()
		if c.stale.shows(listRequest(l)) {
			return " (" + strconv.Itoa(n) + ")"
		}
		switch c.listLoad(l).state {
		case loaded:
			return " (" + strconv.Itoa(n) + ")"
		case loading:
			return " (…)"
		case refused:
			return " (off)"
		}
		return ""
	}
	access := ts.tab == tabAccess
	return []tabPart{
		{text: " ", sep: true},
		{text: "1 Servers" + count(listServers), tab: tabServers, list: -1, active: ts.tab == tabServers},
		{text: "   ", sep: true},
		{text: "2 Tweaks" + count(listTweaks), tab: tabTweaks, list: -1, active: ts.tab == tabTweaks},
		{text: "   ", sep: true},
		{text: "3 Access", tab: tabAccess, list: -1, active: access},
		{text: " ▸ ", sep: true},
		{text: "IDs" + count(listDeviceIDs), tab: tabAccess, list: listDeviceIDs, active: access && ts.access == listDeviceIDs, sub: true},
		{text: " · ", sep: true},
		{text: "Passwords" + count(listPasswords), tab: tabAccess, list: listPasswords, active: access && ts.access == listPasswords, sub: true},
	}
}

// view draws the tab line, the shown list emphasised, in width cells.
func (ts *tabs) view(e *env, width int, ps []tabPart) string {
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
	return e.memo.get(memoKey("tabs", width, false, key...), func() string { return drawTabs(e.st, width, ps) })
}

func drawTabs(st *theme.Styles, width int, ps []tabPart) string {
	s := st.Tab
	var b strings.Builder
	room := width
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
