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
	"net/url"
	"strings"
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
	if c.readOnly && r.method != http.MethodGet {
		e := &Error{Message: "read-only: writes are off, nothing was sent", err: ErrReadOnly}
		c.logf(r, RequestLog{Attempt: 1, Err: e})
		return nil, e
	}
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
		entry := RequestLog{Duration: time.Since(began), Attempt: attempt}
		if res != nil {
			entry.Status, entry.Rate = res.StatusCode, res.Rate
		}
		if apiErr == nil {
			c.logf(r, entry)
			return res, nil
		}
		entry.Err = apiErr
		if ctx.Err() != nil {
			c.logf(r, entry)
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
		c.logf(r, entry)
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
	data, tooLarge, err := readBody(resp.Body, resp.ContentLength, limit)
	if err != nil {
		e := c.netError(ctx, err)
		e.Status, e.ownText = resp.StatusCode, true // the status came, the body did not
		return res, e
	}
	if tooLarge {
		// Refused rather than cut: a cut body would decode as something
		// else. The headers still count: a 429 still holds requests.
		e := decodeError(resp.StatusCode, resp.Header, nil, c.key, now)
		if resp.StatusCode < 300 || resp.StatusCode >= 400 {
			e.Message, e.ownText = "response larger than "+sizeText(limit), false
		}
		c.noteResponse(resp.StatusCode, res.Rate, e.ServerRetryAfter, now)
		return res, e
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

// Chunk sizes for readBody: small first, for the usual small body.
const (
	firstChunk = 16 << 10
	maxChunk   = 1 << 20
)

// readBody reads a response body of declared length size (-1 when unknown,
// as when the transport is undoing gzip) and stops with tooLarge as soon as
// it holds more than limit bytes. The limit is on the decoded body, so a
// small gzip bomb is refused after limit bytes. It fills chunks of growing
// size and joins them once: a refusal costs about limit bytes and a body
// about twice its size, where io.ReadAll's append growth costs several times
// a large body.
func readBody(r io.Reader, size, limit int64) (data []byte, tooLarge bool, err error) {
	if size > limit {
		return nil, true, nil
	}
	next := int64(firstChunk)
	if size >= 0 {
		next = size + 1 // the whole body, and one byte more to meet its end
	}
	var (
		chunks [][]byte
		total  int64
	)
	for {
		buf := make([]byte, min(next, limit+1-total))
		n, err := fill(r, buf)
		if n > 0 {
			chunks = append(chunks, buf[:n])
			total += int64(n)
		}
		if total > limit {
			return nil, true, nil
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false, err
		}
		next = min(next*2, maxChunk)
	}
	if len(chunks) == 1 {
		return chunks[0], false, nil
	}
	return bytes.Join(chunks, nil), false, nil
}

// fill reads from r until buf is full or r fails; err is io.EOF at the end.
func fill(r io.Reader, buf []byte) (n int, err error) {
	for n < len(buf) && err == nil {
		var m int
		m, err = r.Read(buf[n:])
		n += m
	}
	return n, err
}

// sizeText names a body limit: "32 MiB" (or "4096 bytes", the small limits
// that tests set).
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
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
		c.logf(r, RequestLog{Attempt: attempt, Rate: c.Rate(), Err: e})
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

// logf hands the log of an attempt of r to the logger, naming r.
func (c *Client) logf(r call, l RequestLog) {
	if c.log != nil {
		l.Method, l.Path, l.Config = r.method, r.path, r.config()
		c.log(l)
	}
}

// config is the key of the configuration r reads or writes: the one in
// its path, or a sync's config_unique_key; "" for the list of configs.
func (r call) config() string {
	rest, ok := strings.CutPrefix(r.path, apiPath("configs")+"/")
	if !ok {
		if body, ok := r.body.(map[string]any); ok && r.path == apiPath("configs") {
			key, _ := body["config_unique_key"].(string)
			return key
		}
		return ""
	}
	key, _, _ := strings.Cut(rest, "/")
	if u, err := url.PathUnescape(key); err == nil {
		return u
	}
	return key
}

// listOf reads one of a config's lists (GET configs/KEY/coll) into its
// body B and returns the records rows finds there.
func listOf[B, T any](ctx context.Context, c *Client, configKey, coll string, rows func(*B) []T) ([]T, *Response, error) {
	out := new(B)
	res, err := c.do(ctx, call{method: http.MethodGet, path: apiPath("configs", configKey, coll), out: out})
	if err != nil {
		return nil, res, err
	}
	return rows(out), res, nil
}
