package serve

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"tweakdash/api/apitest"
)

// scrape reads the server's metrics as Prometheus would.
func (e *testEnv) scrape() string {
	e.t.Helper()
	rec := httptest.NewRecorder()
	e.srv.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

// The metrics say how many sessions each user has open, what was refused
// and why, how many requests the API got by status, its 429s, and the
// key's shared headroom.
func TestMetricsNamesAndValues(t *testing.T) {
	alice, bob, carol := newTestUser(t, "alice", false), newTestUser(t, "bob", true), newTestUser(t, "carol", false)
	e := startServer(t, []testUser{alice, bob, carol}, nil)
	e.sandbox.SetRate(600)
	a1, a2, b := e.connect(alice, 100, 30), e.connect(alice, 100, 30), e.connect(bob, 100, 30)
	a1.loaded(e)
	a2.loaded(e)
	b.loaded(e)
	if _, err := e.dial(newSigner(t)); err == nil {
		t.Fatal("a stranger's key got in")
	}
	e.sandbox.Inject(apitest.Fault{Method: http.MethodGet, PathPrefix: "/api/v1/configs/" + e.configs[0].UniqueKey,
		Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"40"}}})
	a1.press("\r")
	a1.waitText("Rate limited")

	out := e.scrape()
	ok := e.sandbox.Count("", "") - 1 - 1 // less the test's own read and the 429
	_, r, err := e.api.ListConfigs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`tweakdash_serve_sessions{user="alice"} 2`,
		`tweakdash_serve_sessions{user="bob"} 1`,
		`tweakdash_serve_sessions{user="carol"} 0`,
		`tweakdash_serve_refused_total{reason="key refused"} 1`,
		fmt.Sprintf(`tweakdash_api_requests_total{profile="default",status="200"} %d`, ok),
		`tweakdash_api_requests_total{profile="default",status="429"} 1`,
		`tweakdash_api_rate_limited_total{profile="default"} 1`,
		`tweakdash_api_rate_limit{profile="default"} 600`,
		// The 429 came from a fault that sent no rate headers: the
		// headroom is the last real answer's, one more than the test's.
		fmt.Sprintf(`tweakdash_api_rate_remaining{profile="default"} %d`, r.Rate.Remaining+1),
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("the metrics lack %s", want)
		}
	}
	if t.Failed() {
		t.Logf("metrics:\n%s", out)
	}
}
