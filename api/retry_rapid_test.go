package api

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// behaviour is what the network and the server do with one attempt.
type behaviour string

// The statuses are named by their number; 429 comes with "Retry-After: 0".
const (
	b429     behaviour = "429"
	b503     behaviour = "503"
	bDial    behaviour = "dial"    // connection refused: nothing was sent
	bTimeout behaviour = "timeout" // the server read the whole request and never answered
	b500     behaviour = "500"
	b502     behaviour = "502"
	b504     behaviour = "504"
	b200     behaviour = "200"
	b201     behaviour = "201"
)

var behaviours = []behaviour{b429, b503, bDial, bTimeout, b500, b502, b504, b200, b201}

// reply is how the test server plays b (bDial never reaches it).
func (b behaviour) reply() reply {
	switch b {
	case b429:
		return reply{status: 429, body: `{"message":"Too Many Attempts."}`,
			header: map[string]string{"Content-Type": "application/json", "Retry-After": "0"}}
	case bTimeout:
		return reply{handler: blockUntilCancelled}
	case b502:
		return reply{status: 502, body: "<html>bad gateway</html>", header: map[string]string{"Content-Type": "text/html"}}
	case b504:
		return reply{status: 504}
	case b500:
		return jsonReply(500, `{"message":"Server Error"}`)
	case b503:
		return jsonReply(503, `{"message":"Service Unavailable"}`)
	case b200:
		return jsonReply(200, `{"success":true,"summary":{"servers_created":1}}`)
	}
	return jsonReply(201, `{"success":true,"summary":{"servers_created":1}}`)
}

// status is the HTTP status the caller should see after b; 0 for none.
func (b behaviour) status() int {
	n, _ := strconv.Atoi(string(b))
	return n
}

// retried is the retry rule, written out independently of
// shouldRetry: anything is re-sent when the server cannot have acted on it
// (dial error, 429); only an idempotent request after it may have.
func (b behaviour) retried(method string) bool {
	switch b {
	case b429, bDial:
		return true
	case b503, b502, b504, bTimeout:
		return method == http.MethodGet
	}
	return false
}

// scriptAt is the behaviour of attempt i: past the end of the script the
// server answers with success.
func scriptAt(script []behaviour, i int) behaviour {
	if i < len(script) {
		return script[i]
	}
	return b200
}

// scriptedDialer refuses the attempts the script marks as dial errors, with
// a real ECONNREFUSED from a port nothing listens on. Keep-alives are off, so
// each attempt dials once and the dial count is the attempt count.
type scriptedDialer struct {
	script []behaviour
	dead   string

	mu    sync.Mutex
	dials int
}

func (d *scriptedDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d.mu.Lock()
	i := d.dials
	d.dials++
	d.mu.Unlock()
	if scriptAt(d.script, i) == bDial {
		addr = d.dead
	}
	var nd net.Dialer
	return nd.DialContext(ctx, network, addr)
}

func (d *scriptedDialer) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.dials
}

// played is what one call did against a script.
type played struct {
	method   string
	attempts int
	received []received
	waits    []time.Duration
	err      error
	elapsed  time.Duration
	setupErr error
}

const attemptTimeout = 150 * time.Millisecond

// playScript makes one call (a POST: CreateServer; a GET: ListConfigs) against a
// fresh server and client that follow script.
func playScript(method string, script []behaviour, maxAttempts int, dead string) played {
	p := played{method: method}
	var replies []reply
	for _, b := range script {
		if b != bDial {
			replies = append(replies, b.reply())
		}
	}
	rec := &recorder{replies: append(replies, b200.reply())}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	dialer := &scriptedDialer{script: script, dead: dead}
	tr := &http.Transport{DialContext: dialer.DialContext, DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	clock := newFakeClock() // backoff waits are recorded, not slept
	c, err := NewClient(srv.URL, testKey, WithHTTPClient(&http.Client{Transport: tr}),
		WithClock(clock.now, clock.sleep), WithTimeout(attemptTimeout), WithRetry(maxAttempts, 10*time.Second))
	if err != nil {
		p.setupErr = err
		return p
	}
	began := time.Now()
	if method == http.MethodPost {
		_, _, p.err = c.CreateServer(context.Background(), "cfg", serverSSH())
	} else {
		_, _, p.err = c.ListConfigs(context.Background())
	}
	p.elapsed = time.Since(began)
	p.attempts, p.received, p.waits = dialer.count(), rec.requests(), clock.slept()
	return p
}

// Over any sequence of server behaviours, a POST reaches the server again
// only when the server cannot have acted on it, a GET is retried through
// every transient failure, and neither goes past the attempt limit.
func TestRetriesOverAnySequenceOfFailures(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := l.Addr().String()
	l.Close()

	rapid.Check(t, func(t *rapid.T) {
		script := rapid.SliceOfN(rapid.SampledFrom(behaviours), 1, 6).Draw(t, "script")
		maxAttempts := rapid.IntRange(1, 4).Draw(t, "maxAttempts")

		// The two calls stall independently; running them side by side
		// roughly halves the time spent in timeouts.
		results := make(chan played, 2)
		for _, m := range []string{http.MethodPost, http.MethodGet} {
			go func() { results <- playScript(m, script, maxAttempts, dead) }()
		}
		for range 2 {
			checkPlayed(t, <-results, script, maxAttempts)
		}
	})
}

func checkPlayed(t *rapid.T, p played, script []behaviour, maxAttempts int) {
	if p.setupErr != nil {
		t.Fatal(p.setupErr)
	}
	// What the retry rule predicts, attempt by attempt.
	want, wantReceived := 0, 0
	var last behaviour
	for want < maxAttempts {
		last = scriptAt(script, want)
		want++
		if last != bDial {
			wantReceived++
		}
		if !last.retried(p.method) {
			break
		}
	}

	if p.attempts > maxAttempts {
		t.Fatalf("%s: %d attempts, limit %d", p.method, p.attempts, maxAttempts)
	}
	if p.method == http.MethodPost {
		// Every attempt but the last ended where the server cannot have
		// acted; so a POST the server may have acted on is never re-sent.
		for i := 0; i < p.attempts-1; i++ {
			if b := scriptAt(script, i); b != b429 && b != bDial {
				t.Fatalf("POST re-sent after %s (attempt %d of %d)", b, i+1, p.attempts)
			}
		}
	}
	if p.attempts != want || len(p.received) != wantReceived {
		t.Fatalf("%s: %d attempts, server received %d; want %d and %d", p.method, p.attempts, len(p.received), want, wantReceived)
	}
	for _, r := range p.received {
		if r.Method != p.method || (p.method == http.MethodPost && len(r.Body) == 0) {
			t.Fatalf("server received %s with body %q", r.Method, r.Body)
		}
	}
	// Each retry goes through the client's wait, which the caller's context
	// can end.
	if len(p.waits) != p.attempts-1 {
		t.Fatalf("%s: %d waits between %d attempts", p.method, len(p.waits), p.attempts)
	}
	for _, w := range p.waits {
		if w < 0 {
			t.Fatalf("%s: waited %v before a retry", p.method, p.waits)
		}
	}
	// Only bTimeout attempts take real time; each ends at the timeout.
	if limit := time.Duration(p.attempts)*attemptTimeout + 2*time.Second; p.elapsed > limit {
		t.Fatalf("%s took %v, more than %v", p.method, p.elapsed, limit)
	}

	// The caller sees how the last attempt ended.
	if last == b200 || last == b201 {
		if p.err != nil {
			t.Fatalf("%s after %v: %v", p.method, script, p.err)
		}
		return
	}
	e, isAPI := p.err.(*Error)
	if !isAPI {
		t.Fatalf("%s: error %T %v, want *api.Error", p.method, p.err, p.err)
	}
	if e.Status != last.status() || e.Timeout() != (last == bTimeout) {
		t.Fatalf("%s ended with %s: error %q (status %d, timeout %v)", p.method, last, e.Error(), e.Status, e.Timeout())
	}
}
