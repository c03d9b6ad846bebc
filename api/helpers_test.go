package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKey is long and unlike any other text, so that a leak is found by
// strings.Contains.
const testKey = "tk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0"

// received is one request as the test server saw it.
type received struct {
	Method string
	Path   string // escaped, as sent
	Header http.Header
	Body   []byte
}

// recorder is a test server that records what it receives and answers with
// the next reply (the last one repeats).
type recorder struct {
	mu      sync.Mutex
	got     []received
	replies []reply
}

type reply struct {
	status  int
	body    string
	header  map[string]string
	handler http.HandlerFunc // when set, answers instead
}

func jsonReply(status int, body string) reply {
	return reply{status: status, body: body, header: map[string]string{"Content-Type": "application/json"}}
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.got = append(rec.got, received{Method: r.Method, Path: r.URL.EscapedPath(), Header: r.Header.Clone(), Body: body})
	n := len(rec.got)
	rp := rec.replies[min(n, len(rec.replies))-1]
	rec.mu.Unlock()
	if rp.handler != nil {
		rp.handler(w, r)
		return
	}
	for k, v := range rp.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(rp.status)
	io.WriteString(w, rp.body)
}

func (rec *recorder) requests() []received {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]received(nil), rec.got...)
}

// fakeClock advances only when the client sleeps; it records every wait.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 2, 24, 18, 30, 0, 0, time.UTC)}
}

func (f *fakeClock) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waits = append(f.waits, d)
	f.t = f.t.Add(d)
	return nil
}

func (f *fakeClock) slept() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

// serve starts a test server answering with replies and a client for it on
// a fake clock; the client's log lines are collected.
type harness struct {
	rec   *recorder
	srv   *httptest.Server
	c     *Client
	clock *fakeClock
	logMu sync.Mutex
	logs  []RequestLog
}

func serve(t *testing.T, replies []reply, opts ...Option) *harness {
	t.Helper()
	h := &harness{rec: &recorder{replies: replies}, clock: newFakeClock()}
	h.srv = httptest.NewServer(h.rec)
	t.Cleanup(h.srv.Close)
	base := []Option{
		WithClock(h.clock.now, h.clock.sleep),
		WithLogger(func(l RequestLog) { h.logMu.Lock(); h.logs = append(h.logs, l); h.logMu.Unlock() }),
	}
	c, err := NewClient(h.srv.URL, testKey, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	h.c = c
	return h
}

func (h *harness) logLines() []RequestLog {
	h.logMu.Lock()
	defer h.logMu.Unlock()
	return append([]RequestLog(nil), h.logs...)
}

// sameJSON reports whether a and b hold the same JSON value (keys in any
// order, null distinct from absent).
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("not JSON: %q: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("not JSON: %q: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// asError unpacks an *Error or fails the test.
func asError(t *testing.T, err error) *Error {
	t.Helper()
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("error %T %v, want *api.Error", err, err)
	}
	return e
}

// noKey fails when s holds the test key.
func noKey(t *testing.T, where, s string) {
	t.Helper()
	if strings.Contains(s, testKey) {
		t.Errorf("%s holds the API key: %q", where, s)
	}
}

func newServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
