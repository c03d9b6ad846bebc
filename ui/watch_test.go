package ui

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
)

// watchRig is the dashboard on the device IDs of Config 12 with its
// timers held: the test delivers each when it wants.
type watchRig struct {
	a     *App
	f     *fakeAPI
	timer []tea.Msg
	every []time.Duration
}

func newWatchRig(t *testing.T) *watchRig {
	r := &watchRig{f: newFake(t)}
	r.a = start(t, r.f, 120, 40, func(o *Options) { o.Refresh = 45 * time.Second })
	r.a.env.after = func(d time.Duration, msg tea.Msg) tea.Cmd {
		r.timer, r.every = append(r.timer, msg), append(r.every, d)
		return nil
	}
	press(r.a, "enter", "3")
	return r
}

// fire delivers the newest pending watch turn.
func (r *watchRig) fire(t *testing.T) {
	t.Helper()
	for i := len(r.timer) - 1; i >= 0; i-- {
		if m, ok := r.timer[i].(watchTickMsg); ok {
			r.timer = slices.Delete(r.timer, i, i+1)
			drive(r.a, func() tea.Msg { return m })
			return
		}
	}
	t.Fatal("no watch turn is pending")
}

func (r *watchRig) deviceIDReads() int {
	n := 0
	for _, c := range r.f.callList() {
		if c == "device-ids "+key12 {
			n++
		}
	}
	return n
}

func TestWatchMarksRowsChangedBehindItsBack(t *testing.T) {
	r := newWatchRig(t)
	press(r.a, "w")
	if len(r.every) == 0 || r.every[len(r.every)-1] != 45*time.Second {
		t.Fatalf("the watch waits %v, want the refresh setting (45s)", r.every)
	}
	// Another client adds a device ID, changes a note and deletes one.
	ids := slices.Clone(r.f.deviceIDs[key12])
	ids[0].Note = "Renamed elsewhere"
	ids = append(ids[:2], model.DeviceID{ID: 40, DeviceID: "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", IsActive: true})
	r.f.deviceIDs[key12] = ids

	press(r.a, "j") // off the first row, which shows the cursor, not a mark
	r.fire(t)
	v := plainView(r.a)
	if !strings.Contains(v, "1 new, 1 changed, 1 gone") {
		t.Fatalf("the status does not say what changed:\n%s", v)
	}
	if !strings.Contains(v, "+CCCCCCCC") || !strings.Contains(v, "~AAAAAAAA") || strings.Contains(v, "0123456789ABCDEF") {
		t.Fatalf("the new and changed rows are not marked, or the gone one is still shown:\n%s", v)
	}
	// The marks go after a few seconds.
	for _, m := range r.timer {
		if u, ok := m.(unflagMsg); ok {
			drive(r.a, func() tea.Msg { return u })
		}
	}
	if v := plainView(r.a); strings.Contains(v, "+CCCCCCCC") || strings.Contains(v, "~AAAAAAAA") {
		t.Fatalf("the marks stay:\n%s", v)
	}
}

func TestWatchPausesBelowAFifthOfTheRateLimit(t *testing.T) {
	r := newWatchRig(t)
	r.f.rate = api.Rate{Limit: 60, Remaining: 11, Known: true}
	press(r.a, "r") // a reply that brings the low headroom
	press(r.a, "w")
	before := r.deviceIDReads()
	r.fire(t)
	if n := r.deviceIDReads(); n != before {
		t.Fatalf("the watch read the list %d times with 11/60 left", n-before)
	}
	if v := plainView(r.a); !strings.Contains(v, "watch paused") {
		t.Fatalf("the pause is not said:\n%s", v)
	}
	// Headroom back: the next turn reads again.
	r.f.rate = api.Rate{Limit: 60, Remaining: 40, Known: true}
	r.a.status.setRate(r.f.rate)
	r.fire(t)
	if n := r.deviceIDReads(); n != before+1 {
		t.Fatalf("after the headroom came back the watch read %d times, want 1", n-before)
	}
}

func TestWatchSendsNothingWhileAFormIsOpenOnTheList(t *testing.T) {
	sb, c, _ := sandbox(t)
	r := &watchRig{}
	r.a = newApp(Options{Client: c, Profile: "test", Host: "sandbox"}, c)
	r.a.env.after = func(d time.Duration, msg tea.Msg) tea.Cmd {
		r.timer, r.every = append(r.timer, msg), append(r.every, d)
		return nil
	}
	r.a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(r.a, r.a.Init())
	press(r.a, "enter", "3", "w", "n") // the new device ID form
	if editing(r.a) == nil {
		t.Fatalf("n opened %T, want the form", r.a.overlay)
	}
	before := sb.Count(http.MethodGet, "/api/v1/")
	r.fire(t)
	r.fire(t)
	if n := sb.Count(http.MethodGet, "/api/v1/"); n != before {
		t.Fatalf("the watch sent %d reads under an open form", n-before)
	}
	press(r.a, "esc") // the form closes: the next turn reads
	r.fire(t)
	if n := sb.Count(http.MethodGet, "/api/v1/"); n != before+1 {
		t.Fatalf("with the form closed the watch sent %d reads, want 1", n-before)
	}
}

func TestWatchOffStopsItsTurns(t *testing.T) {
	r := newWatchRig(t)
	press(r.a, "w", "w")
	before := r.deviceIDReads()
	r.fire(t) // the turn scheduled while it was on
	if n := r.deviceIDReads(); n != before {
		t.Fatalf("a watch turned off still read the list")
	}
	if v := plainView(r.a); !strings.Contains(v, "watch off") {
		t.Fatalf("turning the watch off is not said:\n%s", v)
	}
}
