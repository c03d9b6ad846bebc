package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/api/apitest"
)

// jobRig is the app on a rate-limited sandbox in simulated time: the
// sandbox, the client and the app share one clock, and a job's waits
// advance it instead of sleeping (unless held, to stop a job mid-run).
type jobRig struct {
	sb      *apitest.Server
	a       *App
	clk     *skipClock
	key     string
	tooMany atomic.Int32 // 429 answers the client saw
	hold    bool         // a wait is kept in held instead of passing
	held    tea.Msg
	heldFor time.Duration // the wait the held message ends
	deletes func() int
}

// newJobRig seeds a config with n device IDs (the first half active)
// under a limit of rate requests a minute, opens its device IDs, and starts
// the clock on a fresh window.
func newJobRig(t *testing.T, rate, n int) *jobRig {
	t.Helper()
	r := &jobRig{clk: &skipClock{}}
	r.sb = apitest.New(apitest.Options{Data: apitest.DataEmpty, Rate: rate, Seed: 3, Now: r.clk.now})
	srv := httptest.NewServer(r.sb)
	t.Cleanup(srv.Close)
	c, err := api.NewClient(srv.URL, apitest.DefaultAPIKey, api.WithClock(r.clk.now, r.clk.sleep))
	if err != nil {
		t.Fatal(err)
	}
	r.key = r.sb.AddConfig(apitest.ConfigSpec{Name: "Bulk Config", CloudHWIDLock: true, CloudPassword: true})
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%032X", i+1)
	}
	ctx := context.Background()
	half := (n + 1) / 2
	for _, in := range []api.DeviceIDCreate{{IDs: ids[:half], Note: "on", IsActive: true}, {IDs: ids[half:], Note: "off"}} {
		if len(in.IDs) == 0 {
			continue
		}
		if _, _, err := c.CreateDeviceIDs(ctx, r.key, in); err != nil {
			t.Fatal(err)
		}
	}
	r.clk.advance(time.Minute) // seeding stays out of the windows under test
	r.sb.ClearRequests()
	c = c.Observe(func(l api.RequestLog) {
		if l.Status == http.StatusTooManyRequests {
			r.tooMany.Add(1)
		}
	})
	r.a = newApp(Options{Client: c, Profile: "test", Host: "sandbox"}, c)
	r.a.env.now = r.clk.now
	r.a.env.after = func(d time.Duration, msg tea.Msg) tea.Cmd {
		if r.hold {
			r.held, r.heldFor = msg, d
			return nil
		}
		return func() tea.Msg { r.clk.advance(d); return msg }
	}
	r.a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(r.a, r.a.Init())
	press(r.a, "enter", "3")
	r.deletes = func() int { return r.sb.Count(http.MethodDelete, "/api/v1/configs/") }
	return r
}

func (r *jobRig) left(t *testing.T) int {
	t.Helper()
	ids, _, err := r.clientDirect(t).ListDeviceIDs(context.Background(), r.key)
	if err != nil {
		t.Fatal(err)
	}
	return len(ids)
}

// clientDirect reads the sandbox without counting against its limit: the
// limiter keys on the API key, this one has none that counts (the sandbox
// reads the state directly).
func (r *jobRig) clientDirect(t *testing.T) *api.Client {
	t.Helper()
	r.clk.advance(time.Minute)
	srv := httptest.NewServer(r.sb)
	t.Cleanup(srv.Close)
	c, err := api.NewClient(srv.URL, apitest.DefaultAPIKey, api.WithClock(r.clk.now, r.clk.sleep))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// 100 deletes under 30 requests a minute finish with no key press after
// y, with at most one 429, each ID deleted once.
func TestBulkDeleteIsPacedUnderTheRateLimit(t *testing.T) {
	r := newJobRig(t, 30, 100)
	start := r.clk.now()
	press(r.a, "ctrl+a")
	if v := plainView(r.a); !strings.Contains(v, "100 marked") {
		t.Fatalf("ctrl+a:\n%s", v)
	}
	press(r.a, "d")
	if v := plainView(r.a); !strings.Contains(v, "Delete 100 device IDs (00000000000000000000000000000001, ") {
		t.Fatalf("the confirmation does not name the count and the first rows:\n%s", v)
	}
	press(r.a, "y")
	took := r.clk.now().Sub(start)
	t.Logf("100 deletes under 30/min: %v simulated, %d DELETEs, %d 429s", took.Round(time.Second), r.deletes(), r.tooMany.Load())
	if v := plainView(r.a); !strings.Contains(v, "Deleted 100 of 100 device IDs") {
		t.Fatalf("after the job:\n%s", v)
	}
	if n := r.deletes(); n != 100 {
		t.Fatalf("%d DELETEs for 100 rows", n)
	}
	if n := r.tooMany.Load(); n > 1 {
		t.Fatalf("%d answers were 429", n)
	}
	if n := r.left(t); n != 0 {
		t.Fatalf("%d device IDs left on the server", n)
	}
	// 100 rows at 29 a window (one kept for browsing), the first window
	// shared with the loads: the fourth window ends it.
	if took > 3*time.Minute+10*time.Second {
		t.Fatalf("took %v of simulated time", took)
	}
}

// esc while the job waits for the rate limit stops it; what was not tried
// stays marked, the count says so, and d y finishes the rest.
func TestBulkDeleteStopsOnEscAndResumes(t *testing.T) {
	r := newJobRig(t, 10, 30)
	r.hold = true
	press(r.a, "ctrl+a", "d", "y") // runs until the first wait for the limit
	if r.held == nil {
		t.Fatal("the job did not wait for the rate limit")
	}
	sent := r.deletes()
	press(r.a, "esc")
	v := plainView(r.a)
	left := 30 - sent
	want := fmt.Sprintf("Deleted %d of 30 device IDs; %d not tried (still marked)", sent, left)
	if !strings.Contains(v, want) {
		t.Fatalf("after esc, want %q:\n%s", want, v)
	}
	r.a.Update(r.held) // the stopped job's tick changes nothing
	if r.deletes() != sent {
		t.Fatal("a row was sent after esc")
	}
	press(r.a, "enter") // close the summary
	if v := plainView(r.a); !strings.Contains(v, fmt.Sprintf("%d marked", left)) {
		t.Fatalf("want %d marked:\n%s", left, v)
	}
	r.hold = false
	press(r.a, "d")
	if !strings.Contains(plainView(r.a), fmt.Sprintf("Delete %d device IDs (", left)) {
		t.Fatalf("d after esc:\n%s", plainView(r.a))
	}
	press(r.a, "y")
	// The first part's re-read of the list took a request of the window:
	// a DELETE refused with 429 was not processed, and went again.
	if n := r.left(t); n != 0 || r.deletes()-int(r.tooMany.Load()) != 30 {
		t.Fatalf("after resuming: %d left, %d DELETEs (%d refused with 429)", n, r.deletes(), r.tooMany.Load())
	}
}

// A row someone else deleted meanwhile (a 404) counts as done.
func TestBulkDeleteCountsAGoneRowAsDone(t *testing.T) {
	r := newJobRig(t, 600, 5)
	v := r.a.pane.cur
	id := int64(v.deviceIDs.items[2].ID)
	if _, err := r.clientDirect(t).DeleteDeviceID(context.Background(), r.key, id); err != nil {
		t.Fatal(err)
	}
	press(r.a, "ctrl+a", "d", "y")
	if s := plainView(r.a); !strings.Contains(s, "Deleted 5 of 5 device IDs") {
		t.Fatalf("after the job:\n%s", s)
	}
	if len(v.deviceIDs.items) != 0 || len(v.marked(v.shown())) != 0 {
		t.Fatalf("%d left in the list, %d marked", len(v.deviceIDs.items), len(v.marked(v.shown())))
	}
}

// t on rows that are all active deactivates them; on a mix it asks which
// way, and a makes them all active.
func TestToggleActivatesAndDeactivates(t *testing.T) {
	r := newJobRig(t, 600, 4)
	v := r.a.pane.cur
	press(r.a, "ctrl+a", "t")
	if s := plainView(r.a); !strings.Contains(s, "Of 4 device IDs, 2 active and 2 not") {
		t.Fatalf("t on a mix:\n%s", s)
	}
	press(r.a, "a")
	if s := plainView(r.a); !strings.Contains(s, "Activated 2 of 2 device IDs; 2 already active, skipped") {
		t.Fatalf("after a:\n%s", s)
	}
	for _, d := range v.deviceIDs.items {
		if !d.IsActive {
			t.Fatalf("%s still inactive", d.DeviceID)
		}
	}
	if len(v.marked(v.shown())) != 0 {
		t.Fatalf("%d rows still marked after they were done", len(v.marked(v.shown())))
	}
	press(r.a, "enter", "g", "t")
	if s := plainView(r.a); !strings.Contains(s, "Deactivate device ID "+v.deviceIDs.items[0].DeviceID+"? y/N") {
		t.Fatalf("t on one active row:\n%s", s)
	}
	press(r.a, "y")
	ids, _, _ := r.clientDirect(t).ListDeviceIDs(context.Background(), r.key)
	if ids[0].IsActive || !ids[1].IsActive {
		t.Fatalf("on the server: %+v", ids[:2])
	}
}

// A job goes on while the user browses; the status bar shows its progress
// and q asks before quitting.
func TestJobRunsInTheBackground(t *testing.T) {
	r := newJobRig(t, 10, 20)
	r.hold = true
	press(r.a, "ctrl+a", "d", "y", "b")
	if r.a.overlay != nil || r.a.writer.job == nil {
		t.Fatalf("b: overlay %T, job %v", r.a.overlay, r.a.writer.job != nil)
	}
	press(r.a, "1") // browse
	if !strings.Contains(r.a.status.text, "in the background (p shows it)") {
		t.Fatalf("status %q", r.a.status.text)
	}
	press(r.a, "p")
	if r.a.overlay != r.a.writer.job {
		t.Fatalf("p showed %T", r.a.overlay)
	}
	press(r.a, "b")
	_, cmd := r.a.Update(keyPress("q"))
	if isQuit(cmd) || !strings.Contains(plainView(r.a), "A job is running") {
		t.Fatalf("q during a job:\n%s", plainView(r.a))
	}
	press(r.a, "n") // keep going
	r.hold = false
	_, cmd = r.a.Update(r.held)
	drive(r.a, cmd)
	if r.a.writer.job != nil || !strings.Contains(r.a.status.text, "Deleted 20 of 20 device IDs") {
		t.Fatalf("status after the job: %q", r.a.status.text)
	}
}

// t over a mix, answered x (deactivate), sends requests only for the
// rows that are active: the others are already as wanted, and the
// confirmation and summary say how many were skipped.
func TestToggleSkipsRowsAlreadyInTheWantedState(t *testing.T) {
	r := newJobRig(t, 600, 20) // 10 active, 10 not
	puts := func() int { return r.sb.Count(http.MethodPut, "/api/v1/configs/") }
	press(r.a, "ctrl+a", "t")
	if s := plainView(r.a); !strings.Contains(s, "activate the 10 or deactivate the 10?") || !strings.Contains(s, "x deactivate 10") {
		t.Fatalf("the question does not count what each answer sends:\n%s", s)
	}
	press(r.a, "x")
	if n := puts(); n != 10 {
		t.Fatalf("%d PUTs to deactivate 10 active device IDs", n)
	}
	if s := plainView(r.a); !strings.Contains(s, "Deactivated 10 of 10 device IDs; 10 already inactive, skipped") {
		t.Fatalf("summary:\n%s", s)
	}
	if n := len(r.a.pane.cur.marked(r.a.pane.cur.shown())); n != 0 {
		t.Fatalf("%d rows still marked", n)
	}
	for _, d := range r.a.pane.cur.deviceIDs.items {
		if d.IsActive {
			t.Fatalf("%s still active", d.DeviceID)
		}
	}
}

// A delete of two marked rows reports in the status line, as a single
// delete does: no progress screen to dismiss, the next key browses.
func TestTwoRowJobNeedsNothingDismissed(t *testing.T) {
	r := newJobRig(t, 600, 3)
	press(r.a, "space", "space", "d", "y")
	if r.a.overlay != nil {
		t.Fatalf("after y, %T is left on screen:\n%s", r.a.overlay, plainView(r.a))
	}
	if !strings.Contains(r.a.status.text, "Deleted 2 of 2 device IDs") || r.deletes() != 2 {
		t.Fatalf("status %q, %d DELETEs", r.a.status.text, r.deletes())
	}
	press(r.a, "enter") // the next key is the list's: the detail of the row left
	if r.a.pane.cur.detail == nil {
		t.Fatalf("enter after the job did not open the detail:\n%s", plainView(r.a))
	}
}

// A stopped job's summary offers d: it sends the rows not tried, with no
// second confirmation and no summary to close first.
func TestStoppedJobResumesWithD(t *testing.T) {
	r := newJobRig(t, 10, 30)
	r.hold = true
	press(r.a, "ctrl+a", "d", "y")
	press(r.a, "esc")
	if v := plainView(r.a); !strings.Contains(v, "d resume") {
		t.Fatalf("the stopped job's summary offers no resume:\n%s", v)
	}
	r.hold = false
	press(r.a, "d")
	// A DELETE refused with 429 (the list's read at the stop spent one of
	// the 10) was not processed, and went again.
	if n := r.left(t); n != 0 || r.deletes()-int(r.tooMany.Load()) != 30 {
		t.Fatalf("after d: %d left, %d DELETEs (%d refused with 429)", n, r.deletes(), r.tooMany.Load())
	}
	if v := plainView(r.a); !strings.Contains(v, "Deleted") || strings.Contains(v, "not tried") {
		t.Fatalf("after the resumed job:\n%s", v)
	}
}

// While a job waits for the rate limit, its time left counts that wait and
// the windows the rows left still need (9 a minute under a limit of 10,
// one kept for browsing), as the header's budget says, not the pace of the
// rows sent so far.
func TestJobEstimateCountsTheRateLimitBudget(t *testing.T) {
	r := newJobRig(t, 10, 30)
	r.hold = true
	press(r.a, "ctrl+a", "d", "y") // runs until the budget is spent
	j := r.a.writer.job
	if j == nil || r.held == nil {
		t.Fatal("the job did not wait for the rate limit")
	}
	now := r.clk.now()
	wait, left := j.waitTill.Sub(now), j.left()
	least := wait + time.Duration((left+8)/9-1)*time.Minute
	est := j.estimate(now)
	if est < least {
		t.Fatalf("%d rows left, next in %v: estimate %v, want at least %v", left, wait, est, least)
	}
	if v := plainView(r.a); !strings.Contains(v, "rate limit: next in "+roughly(wait)+" · about "+roughly(est)+" left") {
		t.Fatalf("the progress line does not give the wait and the time left:\n%s", v)
	}
}

// In the background, the status line counts a rate-limit wait down: the
// job ticks every second, not once at the end of the wait.
func TestBackgroundJobCountsItsWaitDown(t *testing.T) {
	r := newJobRig(t, 10, 30)
	r.hold = true
	press(r.a, "ctrl+a", "d", "y", "b")
	if r.held == nil || r.heldFor > time.Second {
		t.Fatalf("the wait's first tick comes after %v", r.heldFor)
	}
	before := r.a.writer.job.waitTill.Sub(r.clk.now())
	if before <= 2*time.Second {
		t.Fatalf("a wait of %v is too short to count down", before)
	}
	for range 2 {
		r.clk.advance(r.heldFor)
		_, cmd := r.a.Update(r.held)
		drive(r.a, cmd)
	}
	want := "next in " + roughly(r.a.writer.job.waitTill.Sub(r.clk.now()))
	if !strings.Contains(r.a.status.text, want) || strings.Contains(r.a.status.text, "next in "+roughly(before)) {
		t.Fatalf("after 2s of a %v wait, status %q, want %q", before, r.a.status.text, want)
	}
}

// A wait's countdown in the status line does not cover a line the user
// got meanwhile: it counts down only while the line is still the job's.
func TestBackgroundCountdownLeavesTheUsersLine(t *testing.T) {
	r := newJobRig(t, 10, 30)
	r.hold = true
	press(r.a, "ctrl+a", "d", "y", "b")
	tick := func() {
		r.clk.advance(r.heldFor)
		_, cmd := r.a.Update(r.held)
		drive(r.a, cmd)
	}
	tick()
	if !strings.Contains(r.a.status.text, "next in") {
		t.Fatalf("status %q", r.a.status.text)
	}
	press(r.a, "U") // the journal: empty so far
	press(r.a, "u")
	line := r.a.status.text
	if line != "No write in this session yet" {
		t.Fatalf("u in the journal did not set a line: %q", line)
	}
	tick()
	if r.a.status.text != line {
		t.Fatalf("the countdown covered %q with %q", line, r.a.status.text)
	}
}

// A job paces itself by the key's pacer, which the other sessions on the
// key share (tweakdash serve): when their jobs have spent the window, it
// waits for the next one instead of sending.
func TestAJobLeavesTheWindowOtherSessionsSpent(t *testing.T) {
	r := newJobRig(t, 30, 10)
	// Another session's job on the key, through a copy of the client.
	other := r.a.opts.Client.Observe(func(api.RequestLog) {}).Pacer()
	other.Observe(r.clk.now(), api.Rate{Limit: 30, Remaining: 1, Known: true})
	r.hold = true
	press(r.a, "ctrl+a", "d", "y")
	if n := r.deletes(); n != 0 {
		t.Fatalf("the job sent %d deletes into a window the other sessions spent", n)
	}
	if r.heldFor <= 0 {
		t.Fatal("the job does not wait for the next window")
	}
}
