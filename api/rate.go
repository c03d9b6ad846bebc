package api

import (
	"context"
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

// MaxHold is the longest the client holds requests after a 429, whatever
// the server asked for: one Retry-After of a day (or a server clock that is
// off) would otherwise stop every request for that long, the user's reload
// included. When the server asked for more, Error.RetryAfterCapped says so.
const MaxHold = 5 * time.Minute

type tryNowKey struct{}

// TryNow returns a context for a request the user asked for explicitly,
// such as the dashboard's reload key: a request made with it is sent at
// once even while the client holds requests after a 429, instead of
// failing or waiting. Only its first attempt skips the hold; its retries
// and every request made without it still wait. A 429 to it arms the hold
// again (for at most MaxHold); a success ends the hold. Use it for a key
// press, never for requests that repeat by themselves.
func TryNow(ctx context.Context) context.Context {
	return context.WithValue(ctx, tryNowKey{}, true)
}

func triesNow(ctx context.Context) bool {
	v, _ := ctx.Value(tryNowKey{}).(bool)
	return v
}

// noteResponse records what a response says about the rate limit: its
// headers, and after a 429 the time before which no request is sent: what
// the server asked for (asked), cut to MaxHold.
func (c *Client) noteResponse(status int, r Rate, asked time.Duration, now time.Time) {
	c.state.mu.Lock()
	defer c.state.mu.Unlock()
	if r.Known {
		c.state.rate = r
	}
	if status == http.StatusTooManyRequests && asked > 0 {
		if until := now.Add(min(asked, MaxHold)); until.After(c.state.blockedUntil) {
			c.state.blockedUntil = until
			c.state.holdGen++
		}
		if until := now.Add(asked); until.After(c.state.askedUntil) {
			c.state.askedUntil = until
		}
	}
}

// holdGeneration names the current hold; a request notes it before it is
// sent, for noteSuccess.
func (c *Client) holdGeneration() uint64 {
	c.state.mu.Lock()
	defer c.state.mu.Unlock()
	return c.state.holdGen
}

// noteSuccess ends the hold when a request sent during it (a TryNow one)
// succeeded: the server takes requests again. A success to a request sent
// before the latest 429 says nothing about it and changes nothing.
func (c *Client) noteSuccess(sentAt uint64) {
	c.state.mu.Lock()
	defer c.state.mu.Unlock()
	if sentAt == c.state.holdGen {
		c.state.blockedUntil, c.state.askedUntil = time.Time{}, time.Time{}
	}
}

// heldFor is how long requests must still wait after a 429.
func (c *Client) heldFor(now time.Time) time.Duration {
	d, _ := c.hold(now)
	return d
}

// hold is how long requests must still wait after a 429 (at most MaxHold),
// and how long the server asked them to.
func (c *Client) hold(now time.Time) (d, asked time.Duration) {
	c.state.mu.Lock()
	defer c.state.mu.Unlock()
	return c.state.blockedUntil.Sub(now), max(c.state.askedUntil.Sub(now), 0)
}
