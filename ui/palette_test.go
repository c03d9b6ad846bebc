package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/keymap"
)

var ctrlP = tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl}

// paletteOf is the open palette, or nil.
func paletteOf(a *App) *palette {
	p, _ := a.overlay.(*palette)
	return p
}

// Part of an action's name and enter do what its key does: delete asks
// to delete the server under the cursor. The entry shows the key in force.
func TestPaletteRunsAnActionAsItsKeyWould(t *testing.T) {
	a := keysApp(t, keymap.Map{"delete": {"x"}})
	press(a, "enter", "1", "g")
	a.Update(ctrlP)
	if paletteOf(a) == nil {
		t.Fatalf("ctrl+p opened no palette:\n%s", plainView(a))
	}
	typeText(a, "delete")
	v := plainView(a)
	if !strings.Contains(v, "▌delete") || !strings.Contains(strings.SplitAfter(v, "▌delete")[1], " x ") {
		t.Fatalf("delete is not first, with x beside it:\n%s", v)
	}
	press(a, "enter")
	if _, ok := a.overlay.(*confirm); !ok || !strings.Contains(plainView(a), "Delete server “Main SSH”") {
		t.Fatalf("enter on delete did not ask to delete:\n%s", plainView(a))
	}
}

// A disabled action shows why beside its name; enter says so and runs
// nothing, the palette staying open.
func TestPaletteShowsADisabledActionsReasonAndDoesNotRunIt(t *testing.T) {
	a := keysApp(t, nil)
	press(a, "enter")
	press(a, ":")
	typeText(a, "device IDs")
	if v := plainView(a); !strings.Contains(v, "go to device IDs · device-ids — [ and ] switch lists inside the Access tab") {
		t.Fatalf("the disabled entry does not say why:\n%s", v)
	}
	press(a, "enter")
	p := paletteOf(a)
	if p == nil || !strings.Contains(plainView(a), "go to device IDs: [ and ] switch lists inside the Access tab") {
		t.Fatalf("enter on a disabled entry closed the palette or said nothing:\n%s", plainView(a))
	}
	if a.pane.cur.tab != tabServers {
		t.Fatalf("the disabled action ran: tab %v", a.pane.cur.tab)
	}
}

// ctrl+p, a config's name and enter open that config.
func TestPaletteGoesToAConfigByName(t *testing.T) {
	a := keysApp(t, nil)
	a.Update(ctrlP)
	typeText(a, "Production")
	press(a, "enter")
	if a.overlay != nil || a.pane.cur == nil || a.pane.cur.cfg.Name != "Production" || a.focus != paneConfig {
		t.Fatalf("Production is not open:\n%s", plainView(a))
	}
}

// The command used last comes first the next time the palette opens.
func TestPaletteListsTheLastUsedFirst(t *testing.T) {
	a := keysApp(t, nil)
	a.Update(ctrlP)
	first := paletteOf(a).all[paletteOf(a).shown[0]].label()
	typeText(a, "reload")
	press(a, "enter")
	a.Update(ctrlP)
	p := paletteOf(a)
	if got := p.all[p.shown[0]].label(); got != "reload reload" || got == first {
		t.Fatalf("first entry %q after running reload (before: %q)", got, first)
	}
}

// : typed into a filter is text, not the palette.
func TestColonInAFilterIsText(t *testing.T) {
	a := keysApp(t, nil)
	press(a, "/", ":")
	if a.overlay != nil || a.list.tbl.query.String() != ":" {
		t.Fatalf("overlay %T, filter %q", a.overlay, a.list.tbl.query.String())
	}
}

// With the config list focused and a config shown beside it, the palette
// offers that config's tabs (their keys reach it from the list) but not
// its list's actions, which the list's keys would not run.
func TestPaletteFromTheConfigListOffersTabsNotTheViewsActions(t *testing.T) {
	a := keysApp(t, nil)
	press(a, "enter", "esc")
	if a.focus != paneList || a.pane.cur == nil {
		t.Fatalf("focus %v, shown %v: want the list focused beside an open config", a.focus, a.pane.cur)
	}
	a.Update(ctrlP)
	var labels []string
	for _, i := range paletteOf(a).shown {
		labels = append(labels, paletteOf(a).all[i].label())
	}
	got := strings.Join(labels, "|")
	if !strings.Contains(got, "go to tab tweaks tab-tweaks") || !strings.Contains(got, "open config open") {
		t.Errorf("the tabs or the list's own keys are missing: %s", got)
	}
	if strings.Contains(got, "details open") || strings.Contains(got, "mark all shown") {
		t.Errorf("the shown config's list actions are offered from the config list: %s", got)
	}
	typeText(a, "tweaks")
	press(a, "enter")
	if a.pane.cur.tab != tabTweaks {
		t.Fatalf("the tweaks tab command did not switch tabs: %v", a.pane.cur.tab)
	}
}

func TestKeyMsgOfSpellsEveryKeyItIsGiven(t *testing.T) {
	for _, k := range []string{"x", "G", ":", "/", "[", "enter", "esc", "space", "tab", "shift+tab", "ctrl+p", "ctrl+a", "alt+x", "pgdown", "f2", "delete", "up"} {
		m, ok := keyMsgOf(k)
		if !ok || m.String() != k {
			t.Errorf("keyMsgOf(%q) = %q, %v", k, m.String(), ok)
		}
	}
	if _, ok := keyMsgOf("hyper+x"); ok {
		t.Error("hyper+x spelled")
	}
}
