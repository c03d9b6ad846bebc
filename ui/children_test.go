package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/theme"
)

func TestConfigListTakesOnlyItsLatestReply(t *testing.T) {
	st := theme.New(true, false)
	l := newConfigList(context.Background(), &st, newFake(t))
	first := l.fetch()().(configsMsg)
	second := l.fetch()().(configsMsg)
	if cmd := l.gotConfigs(first); cmd != nil || len(l.configs) != 0 {
		t.Fatal("an older reply was taken")
	}
	cmd := l.gotConfigs(second)
	if len(l.configs) != 2 || l.busy() {
		t.Fatalf("%d configs, busy %v", len(l.configs), l.busy())
	}
	if s := cmd().(statusMsg); s.kind != statusOK || s.text != "2 configs loaded" {
		t.Fatalf("status %+v", s)
	}
	if u := l.usage(); u != "configs 2/20" {
		t.Fatalf("usage %q", u)
	}
}

func TestConfigListKeys(t *testing.T) {
	st := theme.New(true, false)
	l := newConfigList(context.Background(), &st, newFake(t))
	// Before the list arrives there is nothing to open, and enter says so.
	cmd, req := l.update(keyPress("enter"))
	if req != nil {
		t.Fatalf("enter with no list asked the root for %T", req)
	}
	if s := cmd().(statusMsg); s.kind != statusWarn || !strings.Contains(s.text, "no config selected") {
		t.Fatalf("enter with no list: %+v", s)
	}
	l.gotConfigs(l.fetch()().(configsMsg))
	l.update(keyPress("j"))
	cmd, req = l.update(keyPress("l"))
	if open, ok := req.(openConfigMsg); !ok || open.cfg.UniqueKey != key13 || cmd != nil {
		t.Fatalf("l on Config 13: cmd %v, request %#v", cmd != nil, req)
	}
	cmd, _ = l.update(keyPress("r"))
	if _, ok := cmd().(configsMsg); !ok || !l.busy() {
		t.Fatal("r did not reload the list")
	}
	// While it reloads, r says so instead of sending again.
	cmd, _ = l.update(keyPress("r"))
	if s, ok := cmd().(statusMsg); !ok || s.text != "already loading" {
		t.Fatalf("r while loading: %#v", cmd())
	}
}

func TestResourcesBackClosesDetailFirst(t *testing.T) {
	f := newFake(t)
	st := theme.New(true, false)
	r := newResources(context.Background(), &st, f)
	r.setSize(80, 20)
	msg := r.open(f.configs.Configurations[0])().(resourcesMsg)
	r.gotResources(msg)
	r.update(keyPress("enter"))
	if r.cur.detail == nil {
		t.Fatal("enter did not open the detail")
	}
	if _, req := r.update(keyPress("h")); req != nil || r.cur.detail != nil {
		t.Fatalf("h in the detail: request %T, detail open %v", req, r.cur.detail != nil)
	}
	if _, req := r.update(keyPress("left")); req != (backMsg{}) {
		t.Fatalf("← on the list asked for %#v, want backMsg", req)
	}
}

func TestResourcesTabKeysLoadOnce(t *testing.T) {
	f := newFake(t)
	st := theme.New(true, false)
	r := newResources(context.Background(), &st, f)
	r.setSize(80, 20)
	r.gotResources(r.open(f.configs.Configurations[0])().(resourcesMsg))
	for _, c := range []struct {
		key  string
		want tea.Msg // the type of request sent, nil for none
		tab  tabID
		list listID
	}{
		{"2", nil, tabTweaks, listTweaks},
		{"tab", deviceIDsMsg{}, tabAccess, listDeviceIDs},
		{"]", passwordsMsg{}, tabAccess, listPasswords},
		{"[", nil, tabAccess, listDeviceIDs},
		{"shift+tab", nil, tabTweaks, listTweaks},
		{"1", nil, tabServers, listServers},
	} {
		cmd, _ := r.update(keyPress(c.key))
		var got tea.Msg
		if cmd != nil {
			got = cmd()
			switch m := got.(type) {
			case deviceIDsMsg:
				r.gotDeviceIDs(m)
				got = deviceIDsMsg{}
			case passwordsMsg:
				r.gotPasswords(m)
				got = passwordsMsg{}
			}
		}
		if typeName(got) != typeName(c.want) || r.cur.tab != c.tab || r.cur.shown() != c.list {
			t.Fatalf("%s: sent %s, tab %v list %v; want %s, %v, %v", c.key, typeName(got), r.cur.tab, r.cur.shown(), typeName(c.want), c.tab, c.list)
		}
	}
}

func typeName(m tea.Msg) string {
	if m == nil {
		return "nothing"
	}
	return fmt.Sprintf("%T", m)
}
