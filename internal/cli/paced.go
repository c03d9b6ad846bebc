package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
)

// pacedJob sends writes one at a time as the dashboard's bulk job does:
// paced by the rate-limit headers so that it does not meet a 429, each
// request allowed to finish once sent, and stopping before the next one
// when ctx ends (ctrl+c).
type pacedJob struct {
	client   *api.Client
	maxWait  time.Duration
	progress io.Writer // progress lines; nil when stderr is not a terminal
	clock    jobClock  // nil: the real one
}

// jobClock is the time a job paces by: the real clock, or in tests the
// sandbox's, so that a wait for the next rate-limit window takes no time.
type jobClock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error { return api.Sleep(ctx, d) }

// step is one write of a job and what it is called in the report.
type step struct {
	label string
	send  sendFunc
}

// run sends steps in order and returns how many went through; it stops at
// the first failure, when ctx ends, or when the pacing wait would exceed
// maxWait (exit 6).
func (j pacedJob) run(ctx context.Context, steps []step) (int, error) {
	clock := j.clock
	if clock == nil {
		clock = realClock{}
	}
	var windowStart time.Time
	for i, s := range steps {
		if i > 0 {
			now := clock.Now()
			wait := api.PaceWait(now, windowStart, j.client.Rate(), 0)
			if wait > j.maxWait {
				return i, &exitCode{code: exitWait, err: fmt.Errorf("the rate limit's wait (%s) exceeds --max-wait %s", wait.Round(time.Second), j.maxWait)}
			}
			if wait > 0 {
				j.say("waiting %s for the rate limit", wait.Round(time.Second))
				windowStart = time.Time{}
				if err := clock.Sleep(ctx, wait); err != nil {
					return i, err
				}
			}
		}
		if err := ctx.Err(); err != nil {
			return i, err
		}
		if r := j.client.Rate(); windowStart.IsZero() || (r.Known && r.Remaining == r.Limit) {
			windowStart = clock.Now()
		}
		// Once sent, a request finishes even after ctrl+c: its result is
		// then known, and a rerun does not send it again.
		if _, err := s.send(context.WithoutCancel(ctx), j.client); err != nil {
			return i, fmt.Errorf("%s: %w", s.label, err)
		}
		j.say("%d/%d %s", i+1, len(steps), s.label)
	}
	return len(steps), nil
}

func (j pacedJob) say(format string, a ...any) {
	if j.progress != nil {
		fmt.Fprintln(j.progress, termsafe.Line(fmt.Sprintf(format, a...)))
	}
}
