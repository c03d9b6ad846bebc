package serve

import (
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"net/http"
	"sync"
	"time"

	"tweakdash/api"
)

// sharedReadTTL is how long a read's answer serves the other sessions on a
// profile: long enough for a team opening one config together to cost one
// request, short enough that nobody reads an old list for long. A write on
// the profile ends it at once.
const sharedReadTTL = 2 * time.Second

// maxSharedRead bounds the body kept for sharing; a bigger answer is
// passed on to its one reader and not kept.
const maxSharedRead = 32 << 20

// sharedReads is the round tripper in front of a profile's connection
// pool: a GET that another session on the profile has in flight, or got an
// answer to less than sharedReadTTL ago, is answered from that request
// instead of a new one. Any other method starts a new generation, at its
// start and at its end, so that no read that may have begun before a write
// answers one asked after it.
type sharedReads struct {
	next http.RoundTripper
	now  func() time.Time
	ttl  time.Duration
	// sent hears the status of every request that reached the API (0
	// when no answer came), for the metrics; it may be nil.
	sent func(status int)

	mu      sync.Mutex
	gen     uint64
	flights map[readKey]*readFlight
}

// readKey names a read: the URL and the key sent (one profile has one, but
// the key in the name means a mix-up can never share across keys).
type readKey struct {
	gen       uint64
	url, auth string
}

// readFlight is one request and, once done, its answer.
type readFlight struct {
	done   chan struct{}
	status int
	header http.Header
	body   []byte
	err    error
	at     time.Time // when the answer came
}

// errTooLargeToShare is what the readers of an answer over maxSharedRead
// get: the client refuses a body that large anyway.
var errTooLargeToShare = errors.New("response larger than 32 MiB")

// accountClient is the API client of a profile: its reads shared by every
// session on it (sharedReads) and its rate-limit state too, since each
// session's client is a copy of it.
// Every request it sends is counted in counts.
func accountClient(baseURL, key string, counts *apiCounts) (*api.Client, error) {
	return api.NewClient(baseURL, key, api.WithTransportWrapper(func(next http.RoundTripper) http.RoundTripper {
		s := newSharedReads(next)
		s.sent = counts.add
		return s
	}))
}

func newSharedReads(next http.RoundTripper) *sharedReads {
	return &sharedReads{next: next, now: time.Now, ttl: sharedReadTTL, flights: map[readKey]*readFlight{}}
}

func (s *sharedReads) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet || req.Body != nil && req.Body != http.NoBody {
		s.newGeneration()
		defer s.newGeneration()
		return s.send(req)
	}
	f, lead := s.flight(req)
	if lead {
		s.fetch(req, f)
	}
	select {
	case <-f.done:
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	if f.err != nil {
		return nil, f.err
	}
	return &http.Response{
		Status: http.StatusText(f.status), StatusCode: f.status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: f.header.Clone(), Body: io.NopCloser(bytes.NewReader(f.body)), ContentLength: int64(len(f.body)), Request: req,
	}, nil
}

// flight finds the read req can share, or starts one (lead is then true).
func (s *sharedReads) flight(req *http.Request) (f *readFlight, lead bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for k, old := range s.flights {
		if k.gen != s.gen || isDone(old) && now.Sub(old.at) >= s.ttl {
			delete(s.flights, k)
		}
	}
	k := readKey{gen: s.gen, url: req.URL.String(), auth: req.Header.Get("X-API-Key")}
	if f := s.flights[k]; f != nil {
		return f, false
	}
	f = &readFlight{done: make(chan struct{})}
	s.flights[k] = f
	return f, true
}

// fetch sends the read for everyone waiting on f. It runs to its end even
// if the session that started it leaves, since others may be waiting; the
// client's per-attempt timeout still bounds it.
func (s *sharedReads) fetch(req *http.Request, f *readFlight) {
	defer close(f.done)
	ctx := context.WithoutCancel(req.Context())
	if d, ok := req.Context().Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d)
		defer cancel()
	}
	resp, err := s.send(req.WithContext(ctx))
	if err != nil {
		f.err = err
		s.forget(f)
		return
	}
	defer resp.Body.Close()
	f.body, f.err = io.ReadAll(io.LimitReader(resp.Body, maxSharedRead+1))
	f.status, f.header, f.at = resp.StatusCode, resp.Header, s.now()
	if f.err != nil || len(f.body) > maxSharedRead || resp.StatusCode < 200 || resp.StatusCode >= 300 {
		// Those waiting now share it; nobody later does.
		if len(f.body) > maxSharedRead {
			f.err = errTooLargeToShare
		}
		s.forget(f)
	}
}

// send sends req to the API and counts it.
func (s *sharedReads) send(req *http.Request) (*http.Response, error) {
	resp, err := s.next.RoundTrip(req)
	if s.sent != nil {
		status := 0
		if err == nil {
			status = resp.StatusCode
		}
		s.sent(status)
	}
	return resp, err
}

// apiCounts are the requests a profile's client sent, by status.
type apiCounts struct {
	mu       sync.Mutex
	byStatus map[int]int64
}

func (c *apiCounts) add(status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byStatus == nil {
		c.byStatus = map[int]int64{}
	}
	c.byStatus[status]++
}

func (c *apiCounts) snapshot() map[int]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.byStatus)
}

// forget stops later reads from sharing f.
func (s *sharedReads) forget(f *readFlight) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range s.flights {
		if v == f {
			delete(s.flights, k)
		}
	}
}

func (s *sharedReads) newGeneration() {
	s.mu.Lock()
	s.gen++
	clear(s.flights)
	s.mu.Unlock()
}

func isDone(f *readFlight) bool {
	select {
	case <-f.done:
		return true
	default:
		return false
	}
}
