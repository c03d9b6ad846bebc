package api

import (
	"slices"
	"testing"
	"time"
)

func TestPaceWait(t *testing.T) {
	t0 := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	rate := func(limit, left int) Rate { return Rate{Limit: limit, Remaining: left, Known: true} }
	for _, c := range []struct {
		name    string
		now     time.Time
		start   time.Time
		r       Rate
		reserve int
		want    time.Duration
	}{
		{"no headers: nothing to pace", t0, t0, Rate{}, 1, 0},
		{"plenty left", t0.Add(10 * time.Second), t0, rate(60, 30), 1, 0},
		{"one more than the reserve", t0.Add(10 * time.Second), t0, rate(60, 2), 1, 0},
		{"down to the reserve: wait for the window and a second", t0.Add(10 * time.Second), t0, rate(60, 1), 1, 51 * time.Second},
		{"spent", t0.Add(59 * time.Second), t0, rate(60, 0), 1, 2 * time.Second},
		{"window over", t0.Add(62 * time.Second), t0, rate(60, 0), 1, 0},
		{"server said when (429)", t0.Add(10 * time.Second), t0, Rate{Limit: 60, Remaining: 0, Known: true, Reset: t0.Add(30 * time.Second)}, 1, 20 * time.Second},
		{"window start unknown: a whole window", t0, time.Time{}, rate(60, 0), 1, time.Minute},
		{"bigger reserve", t0.Add(30 * time.Second), t0, rate(600, 10), 10, 31 * time.Second},
	} {
		if got := PaceWait(c.now, c.start, c.r, c.reserve); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// fixedWindow is Laravel's throttle in simulated time: limit requests per
// window, the window opened by its first request.
type fixedWindow struct {
	limit int
	hits  int
	reset time.Time
}

func (w *fixedWindow) hit(now time.Time) (Rate, bool) {
	if w.reset.IsZero() || !now.Before(w.reset) {
		w.hits, w.reset = 0, now.Add(RateWindow)
	}
	if w.hits >= w.limit {
		return Rate{Limit: w.limit, Remaining: 0, Reset: w.reset, Known: true}, false
	}
	w.hits++
	return Rate{Limit: w.limit, Remaining: w.limit - w.hits, Known: true}, true
}

// run paces n requests of latency each against the window, after the
// window already counted used requests, and returns how long they took and
// how many met a 429.
func run(n, used int, w *fixedWindow, latency time.Duration) (time.Duration, int) {
	t0 := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	now := t0
	for range used {
		w.hit(now)
		now = now.Add(latency)
	}
	var p Pacer
	start, done, refused := now, 0, 0
	for done < n {
		now = now.Add(p.Wait(now))
		sent := now
		r, ok := w.hit(now)
		now = now.Add(latency)
		p.Observe(sent, r)
		if ok {
			done++
		} else {
			refused++
			now = r.Reset // a 429: wait its Retry-After
		}
	}
	return now.Sub(start), refused
}

// 1,000 deletes under 60 a minute end within 1.05 times the least time the
// limit allows (16 full windows, then the last 40), with no 429. After the
// user's browsing used part of the first window the reserve can cost the
// run one more window: no 429 still, and at most 1.1 times.
func TestPacedRunsMeetNo429AndLoseLittleTime(t *testing.T) {
	const latency = 50 * time.Millisecond
	for _, c := range []struct {
		n, limit, used int
		bound          float64
	}{
		{1000, 60, 0, 1.05}, {5000, 600, 0, 1.05}, {100, 30, 0, 1.05},
		{1000, 60, 12, 1.1}, {100, 30, 3, 1.1}, {50, 40, 3, 1.1},
	} {
		took, refused := run(c.n, c.used, &fixedWindow{limit: c.limit}, latency)
		windows := (c.n + c.used - 1) / c.limit // full windows before the last
		least := time.Duration(windows)*RateWindow + time.Duration((c.n+c.used)-windows*c.limit)*latency
		if refused != 0 {
			t.Errorf("%d under %d/min: %d answers were 429", c.n, c.limit, refused)
		}
		t.Logf("%d under %d/min after %d used: %v, %.3fx the least %v, %d 429s", c.n, c.limit, c.used, took.Round(time.Second), float64(took)/float64(least), least.Round(time.Second), refused)
		if ratio := float64(took) / float64(least); ratio > c.bound {
			t.Errorf("%d under %d/min (%d used): took %v, %.3fx the least %v", c.n, c.limit, c.used, took, ratio, least)
		}
	}
}

// The estimate of what is left agrees with the run: at every reply of a
// paced run, Estimate for the rows left is within 3% (or 2s) of the time
// they then take, whether the window has room or is spent.
func TestEstimateAgreesWithThePacedRun(t *testing.T) {
	const latency = 50 * time.Millisecond
	for _, c := range []struct{ n, limit, used int }{{226, 60, 0}, {226, 60, 40}, {100, 30, 3}, {20, 600, 590}} {
		t0 := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
		w := &fixedWindow{limit: c.limit}
		now := t0
		for range c.used {
			w.hit(now)
			now = now.Add(latency)
		}
		var p Pacer
		type guess struct {
			at   time.Time
			left int
			est  time.Duration
		}
		var guesses []guess
		done := 0
		for done < c.n {
			now = now.Add(p.Wait(now))
			sent := now
			r, ok := w.hit(now)
			now = now.Add(latency)
			p.Observe(sent, r)
			if !ok {
				now = r.Reset
				continue
			}
			done++
			guesses = append(guesses, guess{now, c.n - done, p.Estimate(now, c.n-done, latency)})
		}
		var worst time.Duration
		for _, g := range guesses {
			took := now.Sub(g.at)
			diff := (g.est - took).Abs()
			worst = max(worst, diff)
			if diff > 2*time.Second && float64(diff) > 0.03*float64(took) {
				t.Errorf("%d under %d/min after %d used: with %d left, estimate %v, took %v", c.n, c.limit, c.used, g.left, g.est, took)
				break
			}
		}
		t.Logf("%d under %d/min after %d used: first estimate %v, took %v; off by %v at worst", c.n, c.limit, c.used,
			guesses[0].est.Round(time.Second), now.Sub(guesses[0].at).Round(time.Second), worst.Round(10*time.Millisecond))
	}
}

// runs paces k runs of n requests each against one window, all at once,
// each reply taking latency. With shared, the runs share one pacer (Go,
// Done), as the sessions of tweakdash serve on one key do; without, each
// keeps its own. It returns when each run ended and how many answers were
// 429.
func runs(k, n int, w *fixedWindow, latency time.Duration, shared bool) (ends []time.Duration, refused int) {
	t0 := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	type runner struct {
		p                     *Pacer
		next, replyAt, sentAt time.Time
		inFlight, ok          bool
		rate                  Rate
		done                  int
	}
	one := new(Pacer)
	rs := make([]*runner, k)
	for i := range rs {
		rs[i] = &runner{next: t0.Add(time.Duration(i) * time.Millisecond), p: new(Pacer)}
		if shared {
			rs[i].p = one
		}
	}
	for {
		var r *runner
		var at time.Time
		for _, x := range rs {
			t := x.next
			if x.inFlight {
				t = x.replyAt
			}
			if x.done < n && (r == nil || t.Before(at)) {
				r, at = x, t
			}
		}
		if r == nil {
			return ends, refused
		}
		if !r.inFlight {
			if d := r.p.Go(at); d > 0 {
				r.next = at.Add(d)
				continue
			}
			r.rate, r.ok = w.hit(at)
			r.sentAt, r.replyAt, r.inFlight = at, at.Add(latency), true
			continue
		}
		r.inFlight = false
		r.p.Done(r.sentAt, r.rate)
		r.next = at
		if r.ok {
			r.done++
		} else {
			refused++
			r.next = r.rate.Reset
		}
		if r.done == n {
			ends = append(ends, at.Sub(t0))
		}
	}
}

// Bulk jobs of three sessions on one key share its windows: with one
// pacer they meet no 429 and end within a window of each other, in about
// the time the limit allows for all their rows together.
func TestRunsOfSessionsOnOneKeyShareItsWindows(t *testing.T) {
	const k, n, limit = 3, 200, 60
	for _, shared := range []bool{false, true} {
		ends, refused := runs(k, n, &fixedWindow{limit: limit}, 50*time.Millisecond, shared)
		t.Logf("shared %v: ends %v, %d 429s", shared, ends, refused)
		if !shared {
			continue
		}
		if refused != 0 {
			t.Errorf("%d answers were 429", refused)
		}
		if spread := slices.Max(ends) - slices.Min(ends); spread > RateWindow+paceMargin {
			t.Errorf("the runs ended %v apart: one took the windows of the others", spread)
		}
		least := time.Duration(k*n/limit) * RateWindow
		if last := slices.Max(ends); last > least+2*(RateWindow+paceMargin) {
			t.Errorf("the last run ended after %v; the limit allows all %d rows in %v", last, k*n, least)
		}
	}
}
