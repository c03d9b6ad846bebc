package ui

import (
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/theme"
)

// Each key of the config view says why it cannot act in a given state,
// when pressed and in help alike.
func TestConfigViewKeyReasons(t *testing.T) {
	for _, c := range []struct {
		name  string
		setup func(*configView)
		key   string
		why   string // "" acts; hidden is silent
	}{
		{"read-only n", func(v *configView) { v.env.writesOff = "read-only profile: writes are off" }, "n", "read-only profile: writes are off"},
		{"read-only d", func(v *configView) { v.env.writesOff = "read-only profile: writes are off" }, "d", "read-only profile: writes are off"},
		{"loading e", func(v *configView) { v.loads[reqResources].state = loading }, "e", "still loading"},
		{"loading r", func(v *configView) { v.loads[reqResources].state = loading }, "r", "already loading"},
		{"failed enter", func(v *configView) { v.loads[reqResources].state = failed }, "enter", "the list did not load: r to retry"},
		{"refused n", func(v *configView) {
			v.switchTab(tabAccess)
			v.loads[reqDeviceIDs].state = refused
		}, "n", "this list is off for this config: enable it in the Panel"},
		{"detail n", func(v *configView) { v.openDetail() }, "n", "esc to close the details first"},
		{"detail enter", func(v *configView) { v.openDetail() }, "enter", "already showing the details"},
		{"empty e", func(v *configView) { v.servers.set(nil) }, "e", "nothing selected"},
		{"empty y", func(v *configView) { v.servers.set(nil) }, "y", "nothing selected"},
		{"[ outside Access", func(*configView) {}, "[", "[ and ] switch lists inside the Access tab (3)"},
		{"space on servers", func(*configView) {}, "space", ""},
		{"t on servers", func(*configView) {}, "t", hidden},
		{"space in the detail", func(v *configView) { v.openDetail() }, "space", "esc to close the details first"},
		{"job running d", func(v *configView) { v.env.jobRunning = true }, "d", "a job is still running (p shows it)"},
		{"n acts", func(*configView) {}, "n", ""},
		{"d acts", func(*configView) {}, "d", ""},
		{"y acts", func(*configView) {}, "y", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := openView(t, newFake(t))
			c.setup(v)
			msg := keyPress(c.key)
			var row *action[*configView]
			for _, tbl := range []keyTable[*configView]{v.tabKeys, v.keys} {
				for i := range tbl {
					if key.Matches(msg, tbl[i].Binding) {
						row = &tbl[i]
					}
				}
			}
			if row == nil {
				t.Fatalf("no row has %q", c.key)
			}
			if got := row.reason(v); got != c.why {
				t.Fatalf("reason %q, want %q", got, c.why)
			}
			if on := row.binding(v).Enabled(); on != (c.why == "") {
				t.Fatalf("help shows it enabled=%v", on)
			}
			cmd, _ := v.update(msg)
			switch c.why {
			case "", hidden:
				if s, ok := statusOf(runAll(cmd)); ok && s.kind == statusWarn {
					t.Fatalf("pressing it warned %q", s.text)
				}
			default:
				if s, _ := statusOf(runAll(cmd)); s.text != c.why {
					t.Fatalf("pressing it said %q", s.text)
				}
			}
		})
	}
}

// The overlay slot holds one overlay at a time, takes every key while
// open, and closes on its own request.
func TestOverlaySlot(t *testing.T) {
	_, c0, _ := sandbox(t)
	a := startOn(t, c0, 120, 40)
	press(a, "enter", "d")
	c, ok := a.overlay.(*confirm)
	if !ok {
		t.Fatalf("d opened %T", a.overlay)
	}
	// A second request to open one is refused while the slot is taken.
	a.up(nil, showMsg{o: newCreatedList(a.env.st, nil)})
	if a.overlay != c {
		t.Fatal("a second overlay replaced the open one")
	}
	// q and ? are the overlay's keys now: any key but y keeps.
	_, cmd := a.Update(keyPress("q"))
	if isQuit(cmd) || a.overlay != nil || a.showHelp {
		t.Fatalf("q quit %v, overlay %T, help %v", isQuit(cmd), a.overlay, a.showHelp)
	}
	if s, _ := statusOf(runAll(cmd)); s.text != "Nothing deleted" {
		t.Fatalf("status %q", s.text)
	}
}

// ctrl+z suspends through Bubble Tea, which gives the terminal back first,
// from anywhere: a list, a filter being typed, a form.
func TestCtrlZSuspends(t *testing.T) {
	_, c, _ := sandbox(t)
	a := startOn(t, c, 120, 40)
	for _, keys := range [][]string{nil, {"/"}, {"esc", "enter", "n"}} {
		press(a, keys...)
		_, cmd := a.Update(keyPress("ctrl+z"))
		if cmd == nil {
			t.Fatalf("after %v: ctrl+z did nothing", keys)
		}
		if _, ok := cmd().(tea.SuspendMsg); !ok {
			t.Fatalf("after %v: ctrl+z sent %T", keys, cmd())
		}
	}
}

// An overlay's key line and its keys come from one table: a job's esc
// stops it while it runs and closes its summary once it has ended, and
// each state's key line names exactly the keys that act in it.
func TestJobOverlayKeysFollowItsKeyLine(t *testing.T) {
	st := theme.New(true, false)
	items := []jobItem{{delItem: delItem{label: "a"}}, {delItem: delItem{label: "b"}}}
	j := newJob(&st, time.Now, jobDelete, "cfg", "Config", listServers, items)
	if got := helpLine(j.help()); got != "esc stop · b in the background" {
		t.Fatalf("running: key line %q", got)
	}
	if _, req := j.update(keyPress("d")); req != nil {
		t.Fatalf("d acted while the job runs: %T", req)
	}
	if _, req := j.update(keyPress("esc")); req != (jobStoppedMsg{}) || !j.ended {
		t.Fatalf("esc while running gave %T, ended %v", req, j.ended)
	}
	if got := helpLine(j.help()); got != "enter close · d resume" {
		t.Fatalf("stopped: key line %q", got)
	}
	if _, req := j.update(keyPress("esc")); req != (closeMsg{}) {
		t.Fatalf("esc after the end gave %T", req)
	}
	if _, req := j.update(keyPress("d")); req == nil {
		t.Fatal("d did not resume the rows not tried")
	}
}
