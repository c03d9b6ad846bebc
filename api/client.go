// Package api is a typed client for the HTTP Tweak Client API: one method per
// endpoint, typed errors (*Error), rate-limit information and safe retries.
package api

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"
)

const (
	defaultTimeout = 30 * time.Second
	// maxErrorBody bounds an error response, as go-github does: enough for
	// any message, not enough to exhaust memory.
	maxErrorBody = 1 << 20
	// maxSuccessBody bounds a successful response once decoded (gzip
	// undone): a config with 1,000 device IDs and 100 servers with
	// OpenVPN configs is a few MiB.
	maxSuccessBody = 32 << 20
)

// Client talks to one API host with one key. It is safe for concurrent use.
type Client struct {
	base      *url.URL
	key       string
	hc        *http.Client
	userAgent string
	timeout   time.Duration
	retry     retryConfig
	now       func() time.Time
	sleep     func(ctx context.Context, d time.Duration) error
	log       func(RequestLog)
	maxBody   int64 // success-body limit; a field so tests can lower it
	readOnly  bool  // every write is refused before it is sent (see ReadOnly)

	state *state
}

// state is what responses teach the client: the latest rate-limit headers and,
// after a 429, when requests may be sent again.
type state struct {
	mu           sync.Mutex
	rate         Rate
	blockedUntil time.Time // no request is sent before this: at most MaxHold after the 429
	askedUntil   time.Time // what the 429 asked for, for the error text
	holdGen      uint64    // counts the 429s that moved blockedUntil
	pacer        Pacer     // the paced runs' (Pacer)
}

// NewClient returns a client for the API at baseURL (for example
// https://httptweak.com) that sends apiKey as X-API-Key.
//
// The key travels only over https, or over plain http to a loopback host
// (127.0.0.0/8, ::1, localhost) such as the sandbox; any other http URL is
// refused. apiKey may be empty (the first-run screen asks for one later):
// requests then get 401 until a client made with WithKey is used.
func NewClient(baseURL, apiKey string, opts ...Option) (*Client, error) {
	base, err := CheckBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:      base,
		key:       apiKey,
		hc:        &http.Client{Transport: newTransport(), CheckRedirect: refuseRedirect},
		userAgent: "tweakdash/" + Version,
		timeout:   defaultTimeout,
		retry:     defaultRetry(),
		now:       time.Now,
		sleep:     Sleep,
		maxBody:   maxSuccessBody,
		state:     &state{},
	}
	for _, opt := range opts {
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	if base.Scheme == "https" {
		preloadRoots()
	}
	return c, nil
}

// WithKey returns a client like c that sends key instead: the first-run form
// checks a typed key with c.WithKey(typed).ListConfigs(ctx) before saving it.
// c is not changed. The new client starts with no rate-limit state.
func (c *Client) WithKey(key string) *Client {
	cp := *c
	cp.key = key
	cp.state = &state{}
	return &cp
}

// Observe returns a copy of c that also calls f after every attempt of
// every request, with what WithLogger's function gets (never the key): the
// dashboard uses it to say "retrying in 3s" while the client waits. The
// copy shares c's rate-limit state.
func (c *Client) Observe(f func(RequestLog)) *Client {
	cp := *c
	if prev := c.log; prev != nil {
		cp.log = func(l RequestLog) { prev(l); f(l) }
	} else {
		cp.log = f
	}
	return &cp
}

// ReadOnly returns a copy of c that refuses every write (any method but
// GET) before anything is sent, with an *Error that wraps ErrReadOnly; the
// observers and the logger still see the refused call. It is the guard
// below the UI: a read-only session of tweakdash serve gets such a client,
// so a write that got past the UI's disabled keys is refused here. No
// method of the copy, nor of a copy of it, turns writes back on. The copy
// shares c's rate-limit state.
func (c *Client) ReadOnly() *Client {
	cp := *c
	cp.readOnly = true
	return &cp
}

// Pacer is the pacer of the paced runs on this client's key: the copies
// of a client (Observe, ReadOnly) share it, as they share the rate-limit
// state, so that the bulk jobs of every session on a key split its windows.
func (c *Client) Pacer() *Pacer { return &c.state.pacer }

// HasKey reports whether the client has an API key to send.
func (c *Client) HasKey() bool { return c.key != "" }

// BaseURL returns the API's base URL, without a trailing slash.
func (c *Client) BaseURL() string { return c.base.String() }

// Rate returns the rate-limit headers of the latest response that carried
// them; Known is false until one has.
func (c *Client) Rate() Rate {
	c.state.mu.Lock()
	defer c.state.mu.Unlock()
	return c.state.rate
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// path joins escaped segments under /api/v1: path("configs", key, "servers").
func apiPath(segments ...string) string {
	var b strings.Builder
	b.WriteString("/api/v1")
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

func (c *Client) url(path string) string {
	return c.base.String() + path
}

// origin is scheme://host of the API, for messages.
func (c *Client) origin() string {
	return c.base.Scheme + "://" + c.base.Host
}

// Sleep waits for d or until ctx is done, whichever comes first, and
// says which: nil, or ctx's error. It is the client's wait before a retry;
// callers that pace requests wait the same way.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
