package api

import (
	"slices"
	"sync"
	"time"
)

// RateWindow is how long a rate-limit window lasts: Laravel's throttle
// counts requests in fixed windows of one minute, each opened by the first
// request after the last one ended.
const RateWindow = time.Minute

// PaceWait is how long a paced run (a bulk job, a search across configs)
// waits before its next request, from what the last reply said (r) and
// when the window it counted against opened (windowStart; zero when not
// known). While more than reserve requests are left in the window it goes
// at once; then it waits for the window to end, so that it normally never
// meets a 429 and leaves reserve requests for the user's own browsing.
// Without rate headers there is nothing to pace.
func PaceWait(now, windowStart time.Time, r Rate, reserve int) time.Duration {
	if !r.Known || r.Limit <= 0 || r.Remaining > reserve {
		return 0
	}
	return max(windowEnd(now, windowStart, r).Sub(now), 0)
}

// windowEnd is when the window r counted against ends, as PaceWait takes it.
func windowEnd(now, windowStart time.Time, r Rate) time.Time {
	switch {
	case !r.Reset.IsZero():
		return r.Reset // the server said (with a 429)
	case windowStart.IsZero():
		return now.Add(RateWindow) // the safe guess: a window that just opened
	}
	return windowStart.Add(RateWindow + paceMargin)
}

// paceMargin is added to a window's end: the server opened it when the
// request arrived, a little after it was sent, and Laravel counts the
// window in whole seconds. Without it, the first request after the wait
// could still land in the old window.
const paceMargin = time.Second

// Reserve is how many requests of each window a paced run leaves to the
// user's browsing: one in sixty, at least one. Against Laravel's default of
// 60 a minute a run goes at 59 a minute: 1,000 deletes end in the 17th
// window, as they would at the full rate.
func Reserve(limit int) int { return max(1, limit/60) }

// Pacer keeps what PaceWait needs across the replies of the paced runs
// on one key: the last rate seen, when its window opened, and the
// requests sent and not yet answered. One run may keep its own; the runs of
// every session on a key share the client's (Client.Pacer), so that they
// split its windows between them instead of each assuming the budget is
// its own. It is safe for concurrent use.
type Pacer struct {
	mu    sync.Mutex
	last  Rate
	start time.Time
	// out are the send times of the requests Go let through whose replies
	// Done has not taken yet; one older than outFor is taken as lost (its
	// run ended before its reply came).
	out []time.Time
}

// outFor is how long a request Go let through counts against the window
// without its reply: longer than any request's timeout.
const outFor = 2 * time.Minute

// Observe takes a reply's rate; sent is when its request went out. A
// window opens with the first request counted in it: when the remaining
// count goes up (or stands one below the limit) the window restarted at
// that request. A window opened before the run is taken as opened at the
// run's first request, which can only make the run wait longer, never
// meet a 429. A remaining count that goes down is the same window, however
// long ago it opened: the server has not reset it yet. A count that goes
// up for a request sent before the known window could have ended is an
// older reply of that window heard late (runs of several sessions send at
// once): the lower count stands.
func (p *Pacer) Observe(sent time.Time, r Rate) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.observe(sent, r)
}

func (p *Pacer) observe(sent time.Time, r Rate) {
	if !r.Known {
		return
	}
	switch {
	case !r.Reset.IsZero():
		p.start = r.Reset.Add(-RateWindow - paceMargin)
	case p.start.IsZero():
		p.start = sent
	case r.Remaining >= r.Limit-1, p.last.Known && r.Remaining > p.last.Remaining:
		if p.last.Known && sent.Before(windowEnd(sent, p.start, p.last)) && r.Remaining > p.last.Remaining {
			return
		}
		p.start = sent
	}
	p.last = r
}

// Wait is how long to wait before the next request at now.
func (p *Pacer) Wait(now time.Time) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.wait(now)
}

// wait counts the requests still out as spent.
func (p *Pacer) wait(now time.Time) time.Duration {
	p.out = slices.DeleteFunc(p.out, func(t time.Time) bool { return now.Sub(t) > outFor })
	r := p.last
	if r.Known && r.Remaining > 0 {
		r.Remaining = max(r.Remaining-len(p.out), 0)
	}
	return PaceWait(now, p.start, r, Reserve(r.Limit))
}

// Go is Wait for a request a run is about to send at now: when it is 0 the
// request counts as spent until Done takes its reply, so that the runs
// sharing the pacer never send together what only one of them may.
func (p *Pacer) Go(now time.Time) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if d := p.wait(now); d > 0 {
		return d
	}
	p.out = append(p.out, now)
	return 0
}

// Done takes the reply (its rate; none when no answer came) to a request
// Go let through at sent.
func (p *Pacer) Done(sent time.Time, r Rate) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if i := slices.Index(p.out, sent); i >= 0 { // not when outFor dropped it
		p.out = slices.Delete(p.out, i, i+1)
	}
	p.observe(sent, r)
}

// Estimate is how long n more requests of the run take from now, each
// answered in per, paced as Wait paces them: the ones the current window
// has room for (beyond the reserve) go at once, the rest wait for the
// windows after it, Limit less the reserve in each. Without rate headers
// it is n times per.
func (p *Pacer) Estimate(now time.Time, n int, per time.Duration) time.Duration {
	p.mu.Lock()
	r, start := p.last, p.start
	p.mu.Unlock()
	if n <= 0 {
		return 0
	}
	if !r.Known || r.Limit <= 0 {
		return time.Duration(n) * per
	}
	reserve := Reserve(r.Limit)
	perWindow := max(r.Limit-reserve, 1)
	room := max(r.Remaining-reserve, 0)
	end := windowEnd(now, start, r)
	if !now.Before(end) { // the window has turned: a fresh one opens now
		room, end = perWindow, now.Add(RateWindow+paceMargin)
	}
	if n <= room {
		return time.Duration(n) * per
	}
	n -= room
	first := max(end.Sub(now), time.Duration(room)*per)
	full := (n - 1) / perWindow // windows filled before the last
	return first + time.Duration(full)*(RateWindow+paceMargin) + time.Duration(n-full*perWindow)*per
}
