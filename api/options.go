package api

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Option configures a Client in NewClient.
type Option func(*Client) error

// WithHTTPClient makes the client send requests through hc (its Transport,
// proxy and TLS settings). hc is copied, never changed: the copy does not
// follow redirects, because following one would send the key to wherever
// the redirect points.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("api: WithHTTPClient: nil *http.Client")
		}
		c.hc = noRedirects(hc)
		return nil
	}
}

// WithUserAgent replaces the default User-Agent, tweakdash/<Version>.
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		c.userAgent = ua
		return nil
	}
}

// WithClock replaces the clock that retries and rate-limit holds read and
// wait on; tests pass a fake one. sleep must return ctx.Err() as soon as ctx
// is done.
func WithClock(now func() time.Time, sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) error {
		if now == nil || sleep == nil {
			return errors.New("api: WithClock: now and sleep are both required")
		}
		c.now, c.sleep = now, sleep
		return nil
	}
}

// WithTimeout bounds each attempt of a request, from sending it to reading
// the whole response (default 30s).
func WithTimeout(d time.Duration) Option {
	return func(c *Client) error {
		if d <= 0 {
			return errors.New("api: WithTimeout: the timeout must be positive")
		}
		c.timeout = d
		return nil
	}
}

// WithRetry sets how many attempts a request gets in all (default 3; 1
// turns retries off) and the longest single wait between two of them
// (default 10s). A Retry-After longer than maxWait is not waited for: the
// request fails with Error.RetryAfter set. All attempts of one request end
// within max(60s, maxAttempts × maxWait) of its start.
func WithRetry(maxAttempts int, maxWait time.Duration) Option {
	return func(c *Client) error {
		if maxAttempts < 1 || maxWait < 0 {
			return errors.New("api: WithRetry: need at least 1 attempt and a wait of 0 or more")
		}
		c.retry.maxAttempts = maxAttempts
		c.retry.maxWait = maxWait
		c.retry.maxTotal = max(defaultMaxTotal, time.Duration(maxAttempts)*maxWait)
		return nil
	}
}

// WithLogger calls log after every attempt of every request (for --debug).
// A RequestLog never holds the API key. log may be called from several
// goroutines at once.
func WithLogger(log func(RequestLog)) Option {
	return func(c *Client) error {
		c.log = log
		return nil
	}
}

// RequestLog describes one attempt of one request.
type RequestLog struct {
	Method string
	Path   string // the URL path, e.g. /api/v1/configs/{key}/servers
	// Config is the key of the configuration the request reads or
	// writes: the one in its path, or a sync's config_unique_key; "" for
	// the list of configs.
	Config   string
	Status   int // 0 when no response came back
	Duration time.Duration
	Rate     Rate
	Attempt  int   // 1 for the first attempt
	Err      error // nil on success; an *Error otherwise

	// RetryIn is how long the client waits before the next attempt; zero
	// when this attempt is the last. RetryReason says why it retries or
	// stops ("status 503", "rate limited; gave up after 3 attempts").
	RetryIn     time.Duration
	RetryReason string
}

// noRedirects returns a copy of hc that hands every 3xx back to the caller.
func noRedirects(hc *http.Client) *http.Client {
	cp := *hc
	cp.CheckRedirect = refuseRedirect
	return &cp
}

// refuseRedirect hands a 3xx back to the caller rather than following it.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// WithTransportWrapper puts wrap's round tripper in front of the client's
// own connection pool (or of WithHTTPClient's transport, given before it):
// tweakdash serve shares the reads of every session on a profile this way.
// What wrap returns sees each request with its key header, so it must
// keep no request beyond the answer.
func WithTransportWrapper(wrap func(http.RoundTripper) http.RoundTripper) Option {
	return func(c *Client) error {
		next := c.hc.Transport
		if next == nil {
			next = http.DefaultTransport
		}
		cp := *c.hc
		cp.Transport = wrap(next)
		c.hc = &cp
		return nil
	}
}
