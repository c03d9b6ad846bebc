package serve

import (
	"log/slog"
	"sync"
	"time"
)

// refusalLog writes the log lines of refusals through a token bucket:
// refusalBurst at once, then one per refusalEvery. Each line after a gap
// says how many were left out since the last one written.
type refusalLog struct {
	now func() time.Time

	mu         sync.Mutex
	tokens     float64
	last       time.Time
	suppressed int
}

func newRefusalLog(now func() time.Time) *refusalLog {
	return &refusalLog{now: now, tokens: refusalBurst, last: now()}
}

// info logs msg with args on l, unless the bucket is empty. A nil
// refusalLog logs every line (a session made outside Server.handle).
func (r *refusalLog) info(l *slog.Logger, msg string, args ...any) {
	if r == nil {
		l.Info(msg, args...)
		return
	}
	r.mu.Lock()
	now := r.now()
	r.tokens = min(refusalBurst, r.tokens+float64(now.Sub(r.last))/float64(refusalEvery))
	r.last = now
	if r.tokens < 1 {
		r.suppressed++
		r.mu.Unlock()
		return
	}
	r.tokens--
	left := r.suppressed
	r.suppressed = 0
	r.mu.Unlock()
	if left > 0 {
		args = append(args, "refusals_not_logged", left)
	}
	l.Info(msg, args...)
}
