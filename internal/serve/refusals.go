package serve

import (
	"log/slog"
	"maps"
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
	// counts are the refusals by reason (or by msg when none is given),
	// logged or not, for the metrics.
	counts map[string]int64
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
	if r.counts == nil {
		r.counts = map[string]int64{}
	}
	r.counts[reasonOf(msg, args)]++
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

// reasonOf is a refusal's "reason" argument, or its message without one.
// Both are fixed texts, so the metrics' labels stay few.
func reasonOf(msg string, args []any) string {
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok && k == "reason" {
			if v, ok := args[i+1].(string); ok {
				return v
			}
		}
	}
	return msg
}

// byReason copies the counts.
func (r *refusalLog) byReason() map[string]int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.counts)
}
