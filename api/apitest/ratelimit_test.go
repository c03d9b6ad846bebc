package apitest

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRateLimit(t *testing.T) {
	clk := fixedClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	sb := newSandbox(t, Options{Rate: 3, Now: clk.now})
	cfg := sb.AddConfig(ConfigSpec{Name: "x"})
	for i, want := range []string{"2", "1", "0"} {
		r := sb.call(http.MethodGet, configsPath, nil).must(t, 200)
		if r.header.Get("X-RateLimit-Limit") != "3" || r.header.Get("X-RateLimit-Remaining") != want {
			t.Fatalf("request %d: limit %q remaining %q", i, r.header.Get("X-RateLimit-Limit"), r.header.Get("X-RateLimit-Remaining"))
		}
	}
	clk.advance(20 * time.Second)
	r := sb.call(http.MethodPost, configPath(cfg, "tweaks"), `{"name":"t","tunnel_type":"v2ray_ss"}`)
	if r.status != 429 || string(r.raw) != `{"message":"Too Many Attempts."}` {
		t.Fatalf("over the limit: %d %s", r.status, r.raw)
	}
	reset := clk.now().Add(40 * time.Second).Unix()
	if r.header.Get("Retry-After") != "40" || r.header.Get("X-RateLimit-Reset") != strconv.FormatInt(reset, 10) || r.header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("429 headers: %v", r.header)
	}
	// Another key has its own window; the refused POST was not processed.
	sb.AddKey("other")
	if l := sb.call(http.MethodGet, configPath(cfg, "tweaks"), nil, "X-API-Key", "other").must(t, 200); len(l.list("tweaks")) != 0 {
		t.Errorf("the 429 was processed: %s", l.raw)
	}
	// Unauthenticated requests are throttled too, and carry the headers.
	if r := sb.call(http.MethodGet, configsPath, nil, "X-API-Key", "nope"); r.status != 401 || r.header.Get("X-RateLimit-Remaining") != "2" {
		t.Errorf("401: %d %v", r.status, r.header)
	}
	clk.advance(41 * time.Second)
	sb.call(http.MethodPost, configPath(cfg, "tweaks"), `{"name":"t","tunnel_type":"v2ray_ss"}`).must(t, 201)

	sb.SetRate(0)
	if r := sb.call(http.MethodGet, configsPath, nil).must(t, 200); r.header.Get("X-RateLimit-Limit") != "" {
		t.Errorf("rate headers without a rate limit")
	}
}
