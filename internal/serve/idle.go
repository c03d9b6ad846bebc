package serve

import "time"

// idleTimer fires when a session has had no input for the idle timeout.
// Its channel C is nil, never ready, when there is no idle timeout.
type idleTimer struct {
	after time.Duration
	timer *time.Timer
	C     <-chan time.Time
}

func newIdleTimer(after time.Duration) *idleTimer {
	t := &idleTimer{after: after}
	if after > 0 {
		t.timer = time.NewTimer(after)
		t.C = t.timer.C
	}
	return t
}

func (t *idleTimer) stop() {
	if t.timer != nil {
		t.timer.Stop()
	}
}

// idle is asked when C fires: it says whether the session has been idle
// the whole timeout, and if not sets the timer for what is left of it
// since the last input.
func (t *idleTimer) idle(lastInput time.Time) bool {
	if rest := t.after - time.Since(lastInput); rest > 0 {
		t.timer.Reset(rest)
		return false
	}
	return true
}
