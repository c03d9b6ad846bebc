package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Response is the HTTP response of a call, its body already read and closed,
// with the rate-limit headers it carried. It is nil when no response came
// back (network errors).
type Response struct {
	*http.Response
	Rate Rate
}

// Rate is what the X-RateLimit-* headers said. Known is false when the
// response carried neither a limit nor a remaining count.
type Rate struct {
	Limit     int
	Remaining int
	Reset     time.Time // zero unless X-RateLimit-Reset was sent (Laravel sends it with 429s)
	Known     bool
}

// parseRate reads the X-RateLimit-* headers.
func parseRate(h http.Header, now time.Time) Rate {
	var r Rate
	if n, ok := headerInt(h, "X-RateLimit-Limit"); ok {
		r.Limit, r.Known = int(n), true
	}
	if n, ok := headerInt(h, "X-RateLimit-Remaining"); ok {
		r.Remaining, r.Known = int(n), true
	}
	if n, ok := headerInt(h, "X-RateLimit-Reset"); ok {
		r.Reset = resetTime(n, now)
	}
	return r
}

// resetTime reads X-RateLimit-Reset: Unix seconds (Laravel, GitHub) or, for
// small values, seconds from now (some other servers).
func resetTime(n int64, now time.Time) time.Time {
	const unixFloor = 1_000_000_000 // 2001-09-09: no delta is this large
	if n >= unixFloor {
		return time.Unix(n, 0)
	}
	return now.Add(time.Duration(n) * time.Second)
}

func headerInt(h http.Header, name string) (int64, bool) {
	v := strings.TrimSpace(h.Get(name))
	if v == "" || !allDigits(v) || len(v) > 15 {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil
}

// maxRetryAfter bounds what ParseRetryAfter returns, so that absurd values
// cannot overflow a time.Duration.
const maxRetryAfter = 365 * 24 * time.Hour

// ParseRetryAfter reads a Retry-After header value, either delay-seconds or
// an HTTP date, as a wait from now. A date in the past is a wait of 0. It
// reports false for anything else (negative or fractional numbers, garbage).
// Waits are capped at a year.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if allDigits(v) {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n > int64(maxRetryAfter/time.Second) { // only overflow fails here
			return maxRetryAfter, true
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	switch {
	case d < 0:
		return 0, true
	case d > maxRetryAfter:
		return maxRetryAfter, true
	}
	return d, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// retryAfter is how long the server asked the client to wait: Retry-After,
// or for a 429 without it, the time until X-RateLimit-Reset.
func retryAfter(status int, h http.Header, now time.Time) time.Duration {
	if d, ok := ParseRetryAfter(h.Get("Retry-After"), now); ok {
		return d
	}
	if status == http.StatusTooManyRequests {
		if n, ok := headerInt(h, "X-RateLimit-Reset"); ok {
			if d := resetTime(n, now).Sub(now); d > 0 {
				return min(d, maxRetryAfter)
			}
		}
	}
	return 0
}

// noteResponse records what a response says about the rate limit: its
// headers, and after a 429 the time before which no request is sent.
func (c *Client) noteResponse(status int, r Rate, wait time.Duration, now time.Time) {
	c.state.mu.Lock()
	defer c.state.mu.Unlock()
	if r.Known {
		c.state.rate = r
	}
	if status == http.StatusTooManyRequests && wait > 0 {
		if until := now.Add(wait); until.After(c.state.blockedUntil) {
			c.state.blockedUntil = until
		}
	}
}

// heldFor is how long requests must still wait after a 429.
func (c *Client) heldFor(now time.Time) time.Duration {
	c.state.mu.Lock()
	defer c.state.mu.Unlock()
	return c.state.blockedUntil.Sub(now)
}
