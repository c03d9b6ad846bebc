package apitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// sandbox is a Server behind a real HTTP listener, with helpers that speak
// plain net/http and JSON, as an independent client would.
type sandbox struct {
	*Server
	t   *testing.T
	url string
}

func newSandbox(t *testing.T, opts Options) *sandbox {
	t.Helper()
	if opts.Now == nil {
		opts.Now = fixedClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)).now
	}
	s := New(opts)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return &sandbox{Server: s, t: t, url: ts.URL}
}

// clock is a settable clock for Options.Now, safe to move while the
// server reads it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func fixedClock(t time.Time) *clock { return &clock{t: t} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// response is a decoded answer.
type response struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any // numbers as json.Number
}

// call sends body (a string is sent as is, anything else as JSON) with the
// account's key in X-API-Key, unless headers set another auth header.
func (sb *sandbox) call(method, path string, body any, headers ...string) response {
	sb.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			sb.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, sb.url+path, rd)
	if err != nil {
		sb.t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-API-Key", DefaultAPIKey)
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	return sb.send(req)
}

func (sb *sandbox) send(req *http.Request) response {
	sb.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		sb.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		sb.t.Fatalf("%s %s: reading body: %v", req.Method, req.URL.Path, err)
	}
	r := response{status: resp.StatusCode, header: resp.Header, raw: raw}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		sb.t.Fatalf("%s %s: Content-Type %q, want application/json", req.Method, req.URL.Path, ct)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&r.body); err != nil {
		sb.t.Fatalf("%s %s: body is not a JSON object: %v\n%s", req.Method, req.URL.Path, err, raw)
	}
	return r
}

// must fails the test unless the answer has status want.
func (r response) must(t *testing.T, want int) response {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d\n%s", r.status, want, r.raw)
	}
	return r
}

// get walks a dotted path (servers.0.name) through the body.
func (r response) get(path string) any {
	var cur any = r.body
	for _, p := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

func (r response) str(path string) string {
	s, _ := r.get(path).(string)
	return s
}

func (r response) num(path string) int {
	n, _ := r.get(path).(json.Number)
	i, _ := n.Int64()
	return int(i)
}

func (r response) list(path string) []any {
	l, _ := r.get(path).([]any)
	return l
}

// fieldErrors are the messages of a 422 under key, which may hold dots.
func (r response) fieldErrors(key string) []any {
	m, _ := r.body["errors"].(map[string]any)
	l, _ := m[key].([]any)
	return l
}

// errorKeys are the keys of a 422's errors object, sorted.
func (r response) errorKeys() []string {
	m, _ := r.body["errors"].(map[string]any)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// configPath is the path of a collection under configuration key.
func configPath(key string, rest ...string) string {
	return configsPath + "/" + strings.Join(append([]string{key}, rest...), "/")
}

// emptySandbox is a sandbox with one configuration, both cloud toggles on.
func emptySandbox(t *testing.T) (*sandbox, string) {
	sb := newSandbox(t, Options{})
	key := sb.AddConfig(ConfigSpec{Name: "Test", CloudHWIDLock: true, CloudPassword: true})
	return sb, key
}

const (
	idA = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	idB = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
	idC = "0123456789ABCDEF0123456789ABCDEF"
)
