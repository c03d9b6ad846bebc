package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestNewClientRefusesPlainHTTPToOtherHosts(t *testing.T) {
	for _, u := range []string{"http://httptweak.com", "http://10.0.0.1:8080", "http://localhost.example.com", "http://[::2]:80"} {
		_, err := NewClient(u, testKey)
		if err == nil || !strings.Contains(err.Error(), "refusing to send the API key over plain http to host") ||
			!strings.Contains(err.Error(), "use https") {
			t.Errorf("NewClient(%q) = %v, want a refusal", u, err)
		}
	}
	for _, u := range []string{"https://httptweak.com", "https://httptweak.com/", "http://127.0.0.1:8787",
		"http://127.9.9.9", "http://[::1]:8787", "http://localhost:8787", "http://LOCALHOST"} {
		if _, err := NewClient(u, testKey); err != nil {
			t.Errorf("NewClient(%q): %v", u, err)
		}
	}
	for _, u := range []string{"", "httptweak.com", "ftp://httptweak.com", "https://", "https://user:pw@httptweak.com", "https://h/?q=1", "ftp://user:pw@h", "http://user:pw@[::1"} {
		_, err := NewClient(u, testKey)
		if err == nil {
			t.Errorf("NewClient(%q) accepted", u)
		} else if strings.Contains(err.Error(), "pw@") {
			t.Errorf("error shows the URL's password: %v", err)
		}
	}
}

// A base URL with a path prefix keeps it; a trailing slash is not doubled.
func TestBaseURLPrefix(t *testing.T) {
	rec := &recorder{replies: []reply{jsonReply(200, `{"success":true}`)}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c, err := NewClient(srv.URL+"/tweak/", testKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.ListConfigs(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := rec.requests()[0].Path; got != "/tweak/api/v1/configs" {
		t.Errorf("path %q", got)
	}
	if c.BaseURL() != srv.URL+"/tweak" {
		t.Errorf("BaseURL %q", c.BaseURL())
	}
}

func TestUserAgentAndEmptyKey(t *testing.T) {
	rec := &recorder{replies: []reply{jsonReply(200, `{"success":true}`)}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c, err := NewClient(srv.URL, "", WithUserAgent("probe/1"))
	if err != nil {
		t.Fatal(err)
	}
	if c.HasKey() {
		t.Error("HasKey with no key")
	}
	c.ListConfigs(context.Background())
	k := c.WithKey("typed-key")
	if !k.HasKey() || c.HasKey() {
		t.Error("WithKey changed the original or did not set the key")
	}
	k.ListConfigs(context.Background())
	reqs := rec.requests()
	if _, sent := reqs[0].Header["X-Api-Key"]; sent {
		t.Error("an empty key was sent as a header")
	}
	if got := reqs[1].Header.Get("X-API-Key"); got != "typed-key" {
		t.Errorf("WithKey sent %q", got)
	}
	if got := reqs[0].Header.Get("User-Agent"); got != "probe/1" {
		t.Errorf("User-Agent %q", got)
	}
}

// A redirect to another host must not carry the key there; it is an error
// that names where it pointed.
func TestRedirectIsNotFollowed(t *testing.T) {
	elsewhere := &recorder{replies: []reply{jsonReply(200, `{"success":true}`)}}
	other := httptest.NewServer(elsewhere)
	defer other.Close()
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		h := serve(t, []reply{{status: status, header: map[string]string{"Location": other.URL + "/login"}}})
		_, _, err := h.c.CreateServer(context.Background(), "cfg", serverSSH())
		e := asError(t, err)
		if e.Status != status || e.Location != other.URL+"/login" || !strings.Contains(e.Error(), other.URL+"/login") {
			t.Errorf("%d: error %+v %q", status, e, e.Error())
		}
		if n := len(h.rec.requests()); n != 1 {
			t.Errorf("%d: the API received %d requests, want 1", status, n)
		}
	}
	if n := len(elsewhere.requests()); n != 0 {
		t.Errorf("the redirect target received %d requests", n)
	}
	// The caller's http.Client is copied, not changed.
	hc := &http.Client{}
	if _, err := NewClient("https://h", testKey, WithHTTPClient(hc)); err != nil || hc.CheckRedirect != nil {
		t.Errorf("WithHTTPClient changed the caller's client: %v", err)
	}
}

func TestTimeout(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	slow := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}
	h := serve(t, []reply{{handler: slow}}, WithTimeout(50*time.Millisecond))
	start := time.Now()
	_, _, err := h.c.ListConfigs(context.Background())
	e := asError(t, err)
	if !e.Timeout() || e.Status != 0 || !strings.Contains(e.Error(), "timed out after 50ms") {
		t.Errorf("error %q (timeout %v)", e.Error(), e.Timeout())
	}
	if n := len(h.rec.requests()); n != 3 {
		t.Errorf("a GET that timed out was sent %d times, want 3", n)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

// infiniteBody is a response body that never ends and counts what was read.
type infiniteBody struct {
	mu sync.Mutex
	n  int64
}

func (b *infiniteBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := range p {
		p[i] = 'x'
	}
	b.n += int64(len(p))
	return len(p), nil
}
func (b *infiniteBody) Close() error { return nil }

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A body over its limit is refused after reading little more than the
// limit; it is never cut and decoded.
func TestBodyLimits(t *testing.T) {
	for _, tc := range []struct {
		status   int
		limit    int64
		want     string
		maxBytes int64
	}{
		{500, 0, "response larger than 1 MiB (HTTP 500)", maxErrorBody + 64<<10},
		{422, 0, "response larger than 1 MiB (HTTP 422)", maxErrorBody + 64<<10},
		{200, 4096, "response larger than 4096 bytes (HTTP 200)", 4096 + 64<<10},
	} {
		body := &infiniteBody{}
		rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: tc.status, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(io.MultiReader(strings.NewReader(`{"message":"`), body)), Request: r}, nil
		})
		c, err := NewClient("https://api.test", testKey, WithHTTPClient(&http.Client{Transport: rt}), WithRetry(1, 0))
		if err != nil {
			t.Fatal(err)
		}
		if tc.limit > 0 {
			c.maxBody = tc.limit
		}
		_, _, err = c.ListConfigs(context.Background())
		e := asError(t, err)
		if e.Status != tc.status || !strings.Contains(e.Error(), tc.want) || strings.Contains(e.Error(), "xxx") {
			t.Errorf("%d: error %q", tc.status, e.Error())
		}
		if body.n > tc.maxBytes {
			t.Errorf("%d: read %d bytes, limit %d", tc.status, body.n, tc.maxBytes)
		}
	}
}

// What is not JSON, on any status, says what came back and never shows it.
func TestNotJSON(t *testing.T) {
	for _, tc := range []struct {
		status int
		ct     string
		body   string
		want   string
	}{
		{200, "text/html; charset=UTF-8", "<!DOCTYPE html><html><body>Login</body></html>", "unexpected response: 200 OK, text/html"},
		{502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>", "unexpected response: 502 Bad Gateway, text/html"},
		{200, "application/json", `{"success":true,"configurations":[{"id":1,`, "unexpected response: 200 OK, application/json"},
		{200, "application/json", `[{"id":1}]`, "unexpected response: 200 OK, application/json"},
		{200, "application/json", `{"success":true,"configurations":"none"}`, "unexpected response: 200 OK, application/json"},
		{200, "", "", "unexpected response: 200 OK, empty body"},
		{422, "text/plain", "name: required", "unexpected response: 422 Unprocessable Entity, text/plain"},
		{200, "application/json", `{"success":false,"message":"Configuration is locked."}`, "Configuration is locked. (HTTP 200)"},
	} {
		h := serve(t, []reply{{status: tc.status, body: tc.body, header: map[string]string{"Content-Type": tc.ct}}}, WithRetry(1, 0))
		out, _, err := h.c.ListConfigs(context.Background())
		if err == nil {
			t.Errorf("%d %q: success %+v", tc.status, tc.body, out)
			continue
		}
		if got := err.Error(); got != tc.want {
			t.Errorf("%d %q: error %q, want %q", tc.status, tc.body, got, tc.want)
		}
		if out != nil {
			t.Errorf("%d: a result came with the error", tc.status)
		}
	}
}

// The key is echoed back by a hostile server in every place it could be;
// no error text, field message, log line or location may hold it.
func TestKeyNeverInErrorsOrLogs(t *testing.T) {
	echo := func(w http.ResponseWriter, r *http.Request) {
		k := r.Header.Get("X-API-Key")
		w.Header().Set("Content-Type", "application/json; x="+k)
		w.Header().Set("Location", "https://evil.example/?api_key="+k)
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		json.NewEncoder(w).Encode(map[string]any{
			"message": "bad key " + k,
			"errors":  map[string]any{"name": []string{"no " + k}, k: "x", "limit": k},
		})
	}
	html := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; key="+r.Header.Get("X-API-Key"))
		w.WriteHeader(502)
		io.WriteString(w, "<html>"+r.Header.Get("X-API-Key")+"</html>")
	}
	redirect := func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://evil.example/"+r.Header.Get("X-API-Key"), http.StatusFound)
	}
	for name, fn := range map[string]http.HandlerFunc{"json": echo, "html": html, "redirect": redirect} {
		h := serve(t, []reply{{handler: fn}})
		_, _, err := h.c.CreateServer(context.Background(), "cfg", serverSSH())
		e := asError(t, err)
		noKey(t, name+" Error()", e.Error())
		noKey(t, name+" Message", e.Message)
		noKey(t, name+" Location", e.Location)
		noKey(t, name+" ContentType", e.ContentType)
		for k, msgs := range e.Fields {
			noKey(t, name+" field key", k)
			noKey(t, name+" field", strings.Join(msgs, "|"))
		}
		noKey(t, name+" General", strings.Join(e.General(), "|"))
		for _, l := range h.logLines() {
			noKey(t, name+" log", strings.Join([]string{l.Method, l.Path, l.RetryReason}, " "))
			if l.Err != nil {
				noKey(t, name+" log error", l.Err.Error())
			}
		}
	}
}

func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	clock := newFakeClock()
	var logs []RequestLog
	c, err := NewClient("http://"+addr, testKey, WithClock(clock.now, clock.sleep), WithLogger(func(l RequestLog) { logs = append(logs, l) }))
	if err != nil {
		t.Fatal(err)
	}
	_, res, err := c.ListConfigs(context.Background())
	e := asError(t, err)
	if want := "cannot reach http://" + addr + ": connection refused"; e.Error() != want || e.Status != 0 || res != nil {
		t.Errorf("error %q, want %q", e.Error(), want)
	}
	if len(logs) != 3 || logs[0].RetryIn == 0 || logs[2].RetryIn != 0 {
		t.Errorf("logs %+v", logs)
	}
}

// A wait between attempts ends when the caller's context does.
func TestCancelDuringRetryWait(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &recorder{replies: []reply{{status: 503, header: map[string]string{"Retry-After": "5"}}}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c, err := NewClient(srv.URL, testKey, WithLogger(func(RequestLog) { cancel() }))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, _, err = c.ListConfigs(ctx)
	if !errors.Is(err, context.Canceled) || time.Since(start) > 2*time.Second {
		t.Errorf("error %v after %v", err, time.Since(start))
	}
	if asError(t, err).Error() != "request cancelled" {
		t.Errorf("message %q", err)
	}
}

func TestRateHeaders(t *testing.T) {
	h := serve(t, []reply{
		{status: 200, body: `{"success":true}`, header: map[string]string{"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "59"}},
		{status: 200, body: `{"success":true}`},
	})
	if h.c.Rate().Known {
		t.Error("Rate known before any response")
	}
	_, res, err := h.c.ListConfigs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := Rate{Limit: 60, Remaining: 59, Known: true}
	if res.Rate != want || h.c.Rate() != want {
		t.Errorf("rate %+v / %+v", res.Rate, h.c.Rate())
	}
	// A response without the headers keeps the last known rate.
	_, res, _ = h.c.ListConfigs(context.Background())
	if res.Rate.Known || h.c.Rate() != want {
		t.Errorf("rate %+v / %+v", res.Rate, h.c.Rate())
	}
	// Safe for concurrent use (run with -race).
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.c.ListConfigs(context.Background())
			_ = h.c.Rate()
		}()
	}
	wg.Wait()
}

// The spec's example bodies, kept verbatim in testdata, decode with every
// field and keep every key in Raw.
func TestSpecExamplesDecode(t *testing.T) {
	for name, out := range map[string]any{
		"list_configs.json": &ConfigList{}, "list_resources.json": &Resources{}, "mutation.json": &Mutation{},
		"device_ids_list.json": &DeviceIDList{}, "password_create.json": &PasswordList{},
	} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, out); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	var p PasswordList
	b, _ := os.ReadFile("testdata/password_create.json")
	json.Unmarshal(b, &p)
	if len(p.Passwords) != 1 || len(p.Passwords[0].Raw) != 10 || p.Passwords[0].CreatedAt != "2026-02-24 18:32:00" || p.ConfigUniqueKey != "2f7c1f7e...dc5a2d8b" {
		t.Errorf("password %+v", p)
	}
	var c ConfigList
	b, _ = os.ReadFile("testdata/list_configs.json")
	json.Unmarshal(b, &c)
	if c.MaxConfigurations != 20 || c.Configurations[0].ID != 12 || c.Configurations[0].UpdatedAt != "2026-02-20 09:10:00" || len(c.Configurations[0].Raw) != 7 {
		t.Errorf("configs %+v", c)
	}
}
