package api

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

var (
	errDial    = &url.Error{Op: "Post", URL: "https://h/api", Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}}
	errTimeout = &url.Error{Op: "Post", URL: "https://h/api", Err: context.DeadlineExceeded}
	errReadTO  = &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}
	errReset   = &url.Error{Op: "Post", URL: "https://h/api", Err: &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}}
	errEOF     = &url.Error{Op: "Get", URL: "https://h/api", Err: io.EOF}
	errCancel  = &url.Error{Op: "Get", URL: "https://h/api", Err: context.Canceled}
	errCert    = &url.Error{Op: "Get", URL: "https://h/api", Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}
	errOther   = errors.New("http: server gave HTTP response to HTTPS client")
)

func TestShouldRetry(t *testing.T) {
	cfg := retryConfig{maxAttempts: 3, maxWait: 10 * time.Second, maxTotal: 60 * time.Second, baseWait: 500 * time.Millisecond}
	ms := time.Millisecond
	for _, tc := range []struct {
		name string
		o    outcome
		cfg  *retryConfig
		want bool
		wait time.Duration
	}{
		{"GET 502: half the first backoff at jitter 0", outcome{method: "GET", attempt: 1, status: 502}, nil, true, 250 * ms},
		{"GET 503: second backoff, jitter 0.5", outcome{method: "GET", attempt: 2, status: 503, jitter: 0.5}, nil, true, 750 * ms},
		{"GET 504: full backoff at jitter ~1", outcome{method: "GET", attempt: 1, status: 504, jitter: 0.999999}, nil, true, 499999750},
		{"PUT 502", outcome{method: "PUT", attempt: 1, status: 502}, nil, true, 250 * ms},
		{"DELETE 503 honours Retry-After", outcome{method: "DELETE", attempt: 1, status: 503, retryAfter: 3 * time.Second}, nil, true, 3 * time.Second},
		{"GET 500 is final", outcome{method: "GET", attempt: 1, status: 500}, nil, false, 0},
		{"POST 500", outcome{method: "POST", attempt: 1, status: 500}, nil, false, 0},
		{"POST 502 may have been processed", outcome{method: "POST", attempt: 1, status: 502}, nil, false, 0},
		{"POST 503", outcome{method: "POST", attempt: 1, status: 503, retryAfter: time.Second}, nil, false, 0},
		{"POST 504", outcome{method: "POST", attempt: 1, status: 504}, nil, false, 0},
		{"POST 429 was not processed", outcome{method: "POST", attempt: 1, status: 429, retryAfter: 2 * time.Second}, nil, true, 2 * time.Second},
		{"GET 429 without Retry-After backs off", outcome{method: "GET", attempt: 1, status: 429}, nil, true, 250 * ms},
		{"429 asking for more than the cap", outcome{method: "GET", attempt: 1, status: 429, retryAfter: 11 * time.Second}, nil, false, 0},
		{"429 asking for exactly the cap", outcome{method: "GET", attempt: 1, status: 429, retryAfter: 10 * time.Second}, nil, true, 10 * time.Second},
		{"GET 401", outcome{method: "GET", attempt: 1, status: 401}, nil, false, 0},
		{"GET 403", outcome{method: "GET", attempt: 1, status: 403}, nil, false, 0},
		{"GET 404", outcome{method: "GET", attempt: 1, status: 404}, nil, false, 0},
		{"PUT 422", outcome{method: "PUT", attempt: 1, status: 422}, nil, false, 0},
		{"POST 422", outcome{method: "POST", attempt: 1, status: 422}, nil, false, 0},
		{"GET 302", outcome{method: "GET", attempt: 1, status: 302}, nil, false, 0},
		{"out of attempts", outcome{method: "GET", attempt: 3, status: 502}, nil, false, 0},
		{"out of time", outcome{method: "GET", attempt: 2, status: 503, retryAfter: 2 * time.Second, elapsed: 59 * time.Second}, nil, false, 0},
		{"just in time", outcome{method: "GET", attempt: 2, status: 503, retryAfter: 2 * time.Second, elapsed: 58 * time.Second}, nil, true, 2 * time.Second},
		{"backoff capped at maxWait", outcome{method: "GET", attempt: 10, status: 502},
			&retryConfig{maxAttempts: 20, maxWait: 10 * time.Second, maxTotal: time.Hour, baseWait: 500 * ms}, true, 5 * time.Second},
		{"one attempt means no retry", outcome{method: "GET", attempt: 1, status: 503},
			&retryConfig{maxAttempts: 1, maxWait: time.Second, maxTotal: time.Hour, baseWait: ms}, false, 0},
		{"POST dial error: nothing was sent", outcome{method: "POST", attempt: 1, err: errDial}, nil, true, 250 * ms},
		{"GET dial error", outcome{method: "GET", attempt: 2, err: errDial}, nil, true, 500 * ms},
		{"POST timeout", outcome{method: "POST", attempt: 1, err: errTimeout}, nil, false, 0},
		{"POST read timeout", outcome{method: "POST", attempt: 1, err: errReadTO}, nil, false, 0},
		{"GET timeout", outcome{method: "GET", attempt: 1, err: errTimeout}, nil, true, 250 * ms},
		{"PUT read timeout", outcome{method: "PUT", attempt: 1, err: errReadTO}, nil, true, 250 * ms},
		{"POST reset", outcome{method: "POST", attempt: 1, err: errReset}, nil, false, 0},
		{"DELETE reset", outcome{method: "DELETE", attempt: 1, err: errReset}, nil, true, 250 * ms},
		{"GET EOF", outcome{method: "GET", attempt: 1, err: errEOF}, nil, true, 250 * ms},
		{"POST EOF", outcome{method: "POST", attempt: 1, err: errEOF}, nil, false, 0},
		{"cancelled", outcome{method: "GET", attempt: 1, err: errCancel}, nil, false, 0},
		{"bad certificate", outcome{method: "GET", attempt: 1, err: errCert}, nil, false, 0},
		{"not HTTP", outcome{method: "GET", attempt: 1, err: errOther}, nil, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			if tc.cfg != nil {
				c = *tc.cfg
			}
			got, wait, reason := shouldRetry(tc.o, c)
			if got != tc.want || wait != tc.wait {
				t.Errorf("shouldRetry = %v, %v (%s); want %v, %v", got, wait, reason, tc.want, tc.wait)
			}
			if reason == "" {
				t.Error("no reason given")
			}
		})
	}
}

// The backoff stays within [d/2, d] of the doubling step for any jitter.
func TestBackoffJitterBounds(t *testing.T) {
	cfg := defaultRetry()
	cfg.maxAttempts = 10
	for attempt := 1; attempt < 8; attempt++ {
		step := min(cfg.baseWait<<(attempt-1), cfg.maxWait)
		for _, j := range []float64{0, 0.25, 0.5, 0.999} {
			_, wait, _ := shouldRetry(outcome{method: "GET", attempt: attempt, status: 503, jitter: j}, cfg)
			if wait < step/2 || wait > step {
				t.Errorf("attempt %d jitter %v: wait %v outside [%v, %v]", attempt, j, wait, step/2, step)
			}
		}
	}
}

// resetConn answers by resetting the connection after reading the request.
func resetConn(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetLinger(0) // close with RST, not FIN
	}
	conn.Close()
}

func blockUntilCancelled(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

// Count what the server received: a POST that may have reached the server
// is never sent twice; a GET is retried.
func TestPostIsNeverResentAfterItMayHaveBeenProcessed(t *testing.T) {
	faults := map[string]struct {
		reply
		want string // what the error says
	}{
		"timeout": {reply{handler: blockUntilCancelled}, "timed out after 100ms"},
		"500":     {jsonReply(500, `{"message":"Server Error"}`), "Server Error (HTTP 500)"},
		"502":     {reply{status: 502, body: "<html>bad gateway</html>", header: map[string]string{"Content-Type": "text/html"}}, "unexpected response: 502 Bad Gateway, text/html"},
		"503":     {jsonReply(503, `{"message":"Service Unavailable"}`), "Service Unavailable (HTTP 503)"},
		"504":     {reply{status: 504}, "server error (status 504)"},
		"reset":   {reply{handler: resetConn}, "lost the connection to http://127.0.0.1:"},
	}
	for name, f := range faults {
		fault := f.reply
		t.Run(name, func(t *testing.T) {
			h := serve(t, []reply{fault}, WithTimeout(100*time.Millisecond))
			_, _, err := h.c.CreateServer(context.Background(), "cfg", serverSSH())
			if e := asError(t, err); !strings.Contains(e.Error(), f.want) || strings.Contains(e.Error(), "\n") {
				t.Errorf("error %q, want it to say %q", e.Error(), f.want)
			}
			if n := len(h.rec.requests()); n != 1 {
				t.Errorf("POST received %d times, want 1", n)
			}
			if name == "500" {
				return // a 500 is final for every method
			}
			h = serve(t, []reply{fault}, WithTimeout(100*time.Millisecond))
			_, _, err = h.c.ListConfigs(context.Background())
			asError(t, err)
			if n := len(h.rec.requests()); n != 3 {
				t.Errorf("GET received %d times, want 3", n)
			}
		})
	}
}

func TestPostRetriedAfter429(t *testing.T) {
	h := serve(t, []reply{
		{status: 429, body: `{"message":"Too Many Attempts."}`, header: map[string]string{"Retry-After": "7", "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0"}},
		jsonReply(201, `{"success":true,"summary":{"servers_created":1}}`),
	})
	m, _, err := h.c.CreateServer(context.Background(), "cfg", serverSSH())
	if err != nil {
		t.Fatal(err)
	}
	if m.Summary.ServersCreated != 1 || len(h.rec.requests()) != 2 {
		t.Errorf("result %+v after %d requests", m, len(h.rec.requests()))
	}
	if w := h.clock.slept(); len(w) != 1 || w[0] != 7*time.Second {
		t.Errorf("waited %v, want [7s]", w)
	}
	logs := h.logLines()
	if len(logs) != 2 || logs[0].Status != 429 || logs[0].RetryIn != 7*time.Second || logs[0].Rate.Remaining != 0 ||
		logs[1].Attempt != 2 || logs[1].Err != nil {
		t.Errorf("logs %+v", logs)
	}
}

// With no Retry-After, a 429 waits until X-RateLimit-Reset.
func TestRetryUntilRateLimitReset(t *testing.T) {
	clock := newFakeClock()
	reset := strconv.FormatInt(clock.now().Add(4*time.Second).Unix(), 10)
	h := serve(t, []reply{
		{status: 429, header: map[string]string{"X-RateLimit-Reset": reset}},
		jsonReply(200, `{"success":true}`),
	}, WithClock(clock.now, clock.sleep))
	if _, _, err := h.c.ListConfigs(context.Background()); err != nil {
		t.Fatal(err)
	}
	if w := clock.slept(); len(w) != 1 || w[0] != 4*time.Second {
		t.Errorf("waited %v, want [4s]", w)
	}
}

// A POST whose connection could not be made is sent once it can be.
func TestPostRetriedAfterDialError(t *testing.T) {
	rec := &recorder{replies: []reply{jsonReply(201, `{"success":true}`)}}
	srv := newServer(t, rec)
	calls := 0
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		calls++
		if calls == 1 {
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
		}
		return http.DefaultTransport.RoundTrip(r)
	})
	clock := newFakeClock()
	c, err := NewClient(srv.URL, testKey, WithHTTPClient(&http.Client{Transport: rt}), WithClock(clock.now, clock.sleep))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.CreateServer(context.Background(), "cfg", serverSSH()); err != nil {
		t.Fatal(err)
	}
	if n := len(rec.requests()); calls != 2 || n != 1 {
		t.Errorf("%d attempts, server received %d", calls, n)
	}
}

// A wait longer than the cap is not made: the error carries it, and later
// requests are held back without reaching the server until it has passed.
func TestLongRetryAfterStopsAndHolds(t *testing.T) {
	h := serve(t, []reply{
		{status: 429, body: `{"message":"Too Many Attempts."}`, header: map[string]string{"Retry-After": "120", "Content-Type": "application/json"}},
		jsonReply(200, `{"success":true}`),
	})
	_, _, err := h.c.ListConfigs(context.Background())
	e := asError(t, err)
	if e.Status != 429 || e.RetryAfter != 120*time.Second || e.Error() != "Too Many Attempts., retry in 2m0s (HTTP 429)" {
		t.Errorf("error %q %+v", e.Error(), e)
	}
	_, _, err = h.c.CreateServer(context.Background(), "cfg", serverSSH())
	e = asError(t, err)
	if e.Status != 429 || e.RetryAfter != 120*time.Second || len(h.rec.requests()) != 1 {
		t.Errorf("held request: %q, server received %d", e.Error(), len(h.rec.requests()))
	}
	h.clock.sleep(context.Background(), 121*time.Second)
	if _, _, err := h.c.ListConfigs(context.Background()); err != nil || len(h.rec.requests()) != 2 {
		t.Errorf("after the wait: %v, server received %d", err, len(h.rec.requests()))
	}
}

// A short hold after a 429 is waited out before the next request is sent.
func TestShortHoldIsWaited(t *testing.T) {
	h := serve(t, []reply{
		{status: 429, header: map[string]string{"Retry-After": "5"}},
		jsonReply(200, `{"success":true}`),
	}, WithRetry(1, 10*time.Second))
	if _, _, err := h.c.ListConfigs(context.Background()); err == nil {
		t.Fatal("no error with one attempt")
	}
	if _, _, err := h.c.ListConfigs(context.Background()); err != nil {
		t.Fatal(err)
	}
	if w := h.clock.slept(); len(w) != 1 || w[0] != 5*time.Second {
		t.Errorf("waited %v, want [5s]", w)
	}
	// A cancelled context ends the hold at once.
	h.c.noteResponse(429, Rate{}, 5*time.Second, h.clock.now())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := h.c.ListConfigs(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v", err)
	}
}

func TestBackoffWithFakeClock(t *testing.T) {
	h := serve(t, []reply{{status: 502}, {status: 503}, jsonReply(200, `{"success":true}`)})
	if _, _, err := h.c.ListConfigs(context.Background()); err != nil {
		t.Fatal(err)
	}
	w := h.clock.slept()
	if len(w) != 2 || w[0] < 250*time.Millisecond || w[0] > 500*time.Millisecond || w[1] < 500*time.Millisecond || w[1] > time.Second {
		t.Errorf("waited %v", w)
	}
}
