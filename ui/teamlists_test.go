package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/model"
)

// teamRig is the dashboard as tweakdash serve runs it, other sessions'
// writes arriving as ChangedElsewhere, its timers held for the test.
type teamRig struct {
	a     *App
	f     *fakeAPI
	timer []tea.Msg
}

func newTeamRig(t *testing.T, keys ...string) *teamRig {
	r := &teamRig{f: newFake(t)}
	r.a = start(t, r.f, 120, 40)
	r.a.env.after = func(_ time.Duration, msg tea.Msg) tea.Cmd {
		r.timer = append(r.timer, msg)
		return nil
	}
	press(r.a, keys...)
	return r
}

// changed delivers a write of alice's.
func (r *teamRig) changed(c Change) {
	c.By = "alice"
	drive(r.a, func() tea.Msg { return ChangedElsewhere(c) })
}

// quiet delivers the waits for quiet that are due, oldest first, as the
// clock would.
func (r *teamRig) quiet() {
	timers := r.timer
	r.timer = nil
	for _, m := range timers {
		if q, ok := m.(teamQuietMsg); ok {
			drive(r.a, func() tea.Msg { return q })
		} else {
			r.timer = append(r.timer, m)
		}
	}
}

func (r *teamRig) reads(name string) int {
	n := 0
	for _, c := range r.f.callList() {
		if c == name {
			n++
		}
	}
	return n
}

// alice deletes a device ID: it leaves the list open here at once, and
// this session sends nothing for it.
func TestADeleteElsewhereLeavesTheListWithoutARead(t *testing.T) {
	r := newTeamRig(t, "enter", "3")
	before := len(r.f.callList())
	r.changed(Change{Config: key12, Path: "device-ids", Record: "32", Deleted: true})
	v := plainView(r.a)
	if strings.Contains(v, "BBBBBBBB") || !strings.Contains(v, "AAAAAAAA") {
		t.Fatalf("the deleted device ID is still shown, or the others went:\n%s", v)
	}
	if !strings.Contains(v, "Device IDs of Config 12: 1 deleted by alice") {
		t.Fatalf("the status does not say who deleted it:\n%s", v)
	}
	r.quiet()
	if n := len(r.f.callList()) - before; n != 0 {
		t.Fatalf("the session sent %d requests for a delete made elsewhere: %q", n, r.f.callList()[before:])
	}
}

// A run of writes elsewhere (a bulk job) has the list read once, when
// they pause; the rows it added or changed are marked, then unmarked.
func TestWritesElsewhereAreReadOnceWhenTheyPause(t *testing.T) {
	r := newTeamRig(t, "enter", "3", "j")
	before := r.reads("device-ids " + key12)
	ids := slices.Clone(r.f.deviceIDs[key12])
	ids[2].Note = "Renamed by alice"
	for i := range 3 {
		ids = append(ids, model.DeviceID{ID: model.Int(40 + i), DeviceID: strings.Repeat(string(rune('C'+i)), 32), IsActive: true})
		r.changed(Change{Config: key12, Path: "device-ids"})
	}
	r.f.deviceIDs[key12] = ids
	r.quiet()
	if n := r.reads("device-ids " + key12); n != before+1 {
		t.Fatalf("three writes elsewhere made %d reads of the list, want 1", n-before)
	}
	v := plainView(r.a)
	if !strings.Contains(v, "Device IDs of Config 12 changed by alice: 3 new, 1 changed") {
		t.Fatalf("the status does not say who changed what:\n%s", v)
	}
	if !strings.Contains(v, "+CCCCCCCC") || !strings.Contains(v, "+EEEEEEEE") || !strings.Contains(v, "~01234567") {
		t.Fatalf("the new and changed rows are not marked:\n%s", v)
	}
	for _, m := range r.timer {
		if u, ok := m.(unflagMsg); ok {
			drive(r.a, func() tea.Msg { return u })
		}
	}
	if v := plainView(r.a); strings.Contains(v, "+CCCCCCCC") || strings.Contains(v, "~01234567") {
		t.Fatalf("the marks stay after a few seconds:\n%s", v)
	}
}

// A config whose lists this session never read still shows its counts in
// the config list: a server alice adds there moves them.
func TestCountsFollowAWriteElsewhereInAConfigNotOpen(t *testing.T) {
	r := newTeamRig(t)
	if v := plainView(r.a); !strings.Contains(v, "2s 1t") {
		t.Fatalf("the fixture's counts are not shown:\n%s", v)
	}
	r12 := *r.f.resources[key12]
	r12.Servers = append(slices.Clone(r12.Servers), model.Server{Name: "Added by alice", TunnelType: "ssh", UniqueKey: "new-key"})
	r.f.resources[key12] = &r12
	r.changed(Change{Config: key12, Path: "servers"})
	r.quiet()
	if v := plainView(r.a); !strings.Contains(v, "3s 1t") {
		t.Fatalf("the counts did not follow alice's server:\n%s", v)
	}
	// A write to a config the list does not show reads nothing.
	before := len(r.f.callList())
	r.changed(Change{Config: "not-listed", Path: "servers"})
	r.quiet()
	if n := len(r.f.callList()) - before; n != 0 {
		t.Fatalf("a write to a config not listed made %d reads", n)
	}
}

// A sync elsewhere (an import, a copy) writes servers and tweaks: both
// tabs follow, and the counts with them.
func TestASyncElsewhereRereadsServersAndTweaks(t *testing.T) {
	r := newTeamRig(t, "enter")
	r12 := *r.f.resources[key12]
	r12.Tweaks = append(slices.Clone(r12.Tweaks), model.Tweak{Name: "Imported tweak", TunnelType: "ssh", UniqueKey: "t-new"})
	r.f.resources[key12] = &r12
	r.changed(Change{Config: key12})
	r.quiet()
	v := plainView(r.a)
	if !strings.Contains(v, "Servers and tweaks of Config 12 changed by alice: tweaks 1 new") {
		t.Fatalf("the status does not say what the sync changed:\n%s", v)
	}
	if !strings.Contains(v, "2s 2t") {
		t.Fatalf("the counts did not follow the sync:\n%s", v)
	}
}
