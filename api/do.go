package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"syscall"
	"time"
)

// call is one API request as the endpoint methods describe it.
type call struct {
	method string
	path   string // from apiPath: escaped
	body   any    // marshalled to JSON when not nil
	out    any    // where a 2xx body is decoded; nil: any JSON object or none
	empty  bool   // a 2xx with no body is fine (deletes)
}

// do sends a request, retrying as shouldRetry decides, and decodes the
// answer. Every error it returns is an *Error.
func (c *Client) do(ctx context.Context, r call) (*Response, error) {
	var payload []byte
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return nil, &Error{Message: "cannot encode the request: " + err.Error()}
		}
	}
	start := c.now()
	for attempt := 1; ; attempt++ {
		if err := c.holdAfter429(ctx, r, attempt); err != nil {
			return nil, err
		}
		began := time.Now()
		res, apiErr := c.attempt(ctx, r, payload)
		entry := RequestLog{Method: r.method, Path: r.path, Duration: time.Since(began), Attempt: attempt}
		if res != nil {
			entry.Status, entry.Rate = res.StatusCode, res.Rate
		}
		if apiErr == nil {
			c.logf(entry)
			return res, nil
		}
		entry.Err = apiErr
		if ctx.Err() != nil {
			c.logf(entry)
			return res, apiErr
		}
		o := outcome{
			method: r.method, attempt: attempt, err: apiErr.err,
			retryAfter: apiErr.RetryAfter, elapsed: c.now().Sub(start), jitter: rand.Float64(),
		}
		if apiErr.err == nil {
			o.status = apiErr.Status
		}
		retry, wait, reason := shouldRetry(o, c.retry)
		entry.RetryReason = reason
		if retry {
			entry.RetryIn = wait
		}
		c.logf(entry)
		if !retry {
			return res, apiErr
		}
		if err := c.sleep(ctx, wait); err != nil {
			return res, c.cancelled(ctx)
		}
	}
}

// attempt sends the request once and reads the whole answer.
func (c *Client) attempt(ctx context.Context, r call, payload []byte) (*Response, *Error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(actx, r.method, c.url(r.path), body)
	if err != nil {
		return nil, &Error{Message: "cannot build the request: " + scrub(err.Error(), c.key)}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.key != "" {
		req.Header.Set("X-API-Key", c.key)
	}
	gen := c.holdGeneration()
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, c.netError(ctx, err)
	}
	defer resp.Body.Close()
	now := c.now()
	res := &Response{Response: resp, Rate: parseRate(resp.Header, now)}
	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	limit := int64(maxErrorBody)
	if ok {
		limit = c.maxBody
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		e := c.netError(ctx, err)
		e.Status, e.ownText = resp.StatusCode, true // the status came, the body did not
		return res, e
	}
	if int64(len(data)) > limit {
		if ok {
			return res, &Error{Status: resp.StatusCode, Message: fmt.Sprintf("response too large (over %d MiB)", limit>>20),
				ContentType: clean(mediaType(resp.Header), c.key)}
		}
		data = data[:limit] // truncated: decodeError reports it as not JSON
	}
	if ok {
		c.noteResponse(resp.StatusCode, res.Rate, 0, now)
		if e := decodeSuccess(resp.StatusCode, resp.Header, data, r.out, r.empty, c.key); e != nil {
			return res, e
		}
		c.noteSuccess(gen)
		return res, nil
	}
	e := decodeError(resp.StatusCode, resp.Header, data, c.key, now)
	c.noteResponse(resp.StatusCode, res.Rate, e.ServerRetryAfter, now)
	return res, e
}

// holdAfter429 waits while an earlier 429 asked this client to: a wait up to
// the retry cap is slept (ending when ctx does); a longer one fails at once
// without sending anything. The first attempt of a TryNow request is sent
// regardless.
func (c *Client) holdAfter429(ctx context.Context, r call, attempt int) error {
	d, asked := c.hold(c.now())
	if d <= 0 || (attempt == 1 && triesNow(ctx)) {
		return nil
	}
	if d > c.retry.maxWait {
		e := &Error{Status: http.StatusTooManyRequests, Message: "rate limited", RetryAfter: d, ServerRetryAfter: max(asked, d)}
		c.logf(RequestLog{Method: r.method, Path: r.path, Attempt: attempt, Rate: c.Rate(), Err: e})
		return e
	}
	if err := c.sleep(ctx, d); err != nil {
		return c.cancelled(ctx)
	}
	return nil
}

// netError describes a request that got no (complete) response, on one line.
func (c *Client) netError(ctx context.Context, err error) *Error {
	if ctx.Err() != nil {
		return c.cancelled(ctx)
	}
	what := "cannot talk to"
	switch classify(err) {
	case netTimeout:
		return &Error{Message: fmt.Sprintf("request to %s timed out after %s", c.origin(), c.timeout), timedOut: true, err: err}
	case netDial:
		what = "cannot reach"
	case netConn:
		what = "lost the connection to"
	}
	return &Error{Message: scrub(fmt.Sprintf("%s %s: %s", what, c.origin(), cause(err)), c.key), err: err}
}

// cancelled is the error of a request whose context ended.
func (c *Client) cancelled(ctx context.Context) *Error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &Error{Message: fmt.Sprintf("request to %s timed out", c.origin()), timedOut: true, err: ctx.Err()}
	}
	return &Error{Message: "request cancelled", err: ctx.Err()}
}

// cause is the innermost readable reason of a transport error, without the
// URL that net/http puts around it.
func cause(err error) string {
	var (
		dnsErr *net.DNSError
		errno  syscall.Errno
	)
	switch {
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return "no such host"
		}
		return dnsErr.Err
	case errors.As(err, &errno):
		return errno.Error()
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the server closed the connection"
	}
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

func (c *Client) logf(l RequestLog) {
	if c.log != nil {
		c.log(l)
	}
}
