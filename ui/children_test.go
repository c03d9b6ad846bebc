package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"tweakdash/api"
	"tweakdash/theme"
)

func TestConfigListTakesOnlyItsLatestReply(t *testing.T) {
	l := newConfigList(testEnv(newFake(t)))
	first := l.fetch()().(replyMsg)
	second := l.fetch()().(replyMsg)
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
	l := newConfigList(testEnv(newFake(t)))
	// Before the list arrives there is nothing to open, and enter says so.
	cmd, req := l.update(keyPress("enter"))
	if req != nil {
		t.Fatalf("enter with no list asked the root for %T", req)
	}
	if s := cmd().(statusMsg); s.kind != statusWarn || !strings.Contains(s.text, "no config selected") {
		t.Fatalf("enter with no list: %+v", s)
	}
	l.gotConfigs(l.fetch()().(replyMsg))
	l.update(keyPress("j"))
	cmd, req = l.update(keyPress("l"))
	if open, ok := req.(openConfigMsg); !ok || open.cfg.UniqueKey != key13 || cmd != nil {
		t.Fatalf("l on Config 13: cmd %v, request %#v", cmd != nil, req)
	}
	cmd, _ = l.update(keyPress("r"))
	if _, ok := cmd().(replyMsg); !ok || !l.busy() {
		t.Fatal("r did not reload the list")
	}
	// While it reloads, r says so instead of sending again.
	cmd, _ = l.update(keyPress("r"))
	if s, ok := cmd().(statusMsg); !ok || s.text != "already loading" {
		t.Fatalf("r while loading: %#v", cmd())
	}
}

// openView opens f's first config in a view of its own, its list loaded.
func openView(t *testing.T, f *fakeAPI) *configView {
	t.Helper()
	v := newConfigView(testEnv(f), f.configs.Configurations[0])
	v.setSize(80, 20)
	v.route(v.open()().(replyMsg))
	return v
}

func TestConfigViewBackClosesDetailFirst(t *testing.T) {
	v := openView(t, newFake(t))
	v.update(keyPress("enter"))
	if v.detail == nil {
		t.Fatal("enter did not open the detail")
	}
	if _, req := v.update(keyPress("h")); req != nil || v.detail != nil {
		t.Fatalf("h in the detail: request %T, detail open %v", req, v.detail != nil)
	}
	if _, req := v.update(keyPress("left")); req != (backMsg{}) {
		t.Fatalf("← on the list asked for %#v, want backMsg", req)
	}
}

func TestConfigViewTabKeysLoadOnce(t *testing.T) {
	v := openView(t, newFake(t))
	for _, c := range []struct {
		key  string
		want string // the list read, "" for none
		tab  tabID
		list listID
	}{
		{"2", "", tabTweaks, listTweaks},
		{"tab", "[]model.DeviceID", tabAccess, listDeviceIDs},
		{"]", "[]model.Password", tabAccess, listPasswords},
		{"[", "", tabAccess, listDeviceIDs},
		{"shift+tab", "", tabTweaks, listTweaks},
		{"1", "", tabServers, listServers},
	} {
		cmd, _ := v.update(keyPress(c.key))
		got := ""
		if cmd != nil {
			m := cmd().(replyMsg)
			v.route(m)
			got = fmt.Sprintf("%T", m.body)
		}
		if got != c.want || v.tab != c.tab || v.shown() != c.list {
			t.Fatalf("%s: read %q, tab %v list %v; want %q, %v, %v", c.key, got, v.tab, v.shown(), c.want, c.tab, c.list)
		}
	}
}

// testEnv is the environment of a tree on f, outside an App.
func testEnv(f *fakeAPI) *env {
	st := theme.New(true, false)
	return &env{st: &st, memo: &memo{}, src: f, ctx: context.Background(), now: time.Now, after: ticker(context.Background()), pacer: new(api.Pacer)}
}
