package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"tweakdash/api/apitest"
)

// A 429 on the very first request is waited out and retried once, and the
// status line says so, counting down, meanwhile (design §6, 429).
func TestE2EFirst429IsRetriedAfterItsRetryAfterWithACountdown(t *testing.T) {
	sb, env := faultSandbox(t)
	sb.Inject(apitest.Fault{Method: http.MethodGet, PathPrefix: "/api/v1/configs", Status: 429,
		Header: http.Header{"Retry-After": {"2"}}})

	tm := startTerm(t, 100, 30, env)
	tm.waitText("Rate limited: retrying in 2s")
	tm.waitText("SurfLink Main")
	tm.waitFor("the retry notice gone once the list came", func(s string) bool {
		return !strings.Contains(s, "retrying") && !strings.Contains(s, "Retrying")
	})

	var at []time.Time
	for _, r := range sb.Requests() {
		if r.Method == http.MethodGet && r.Path == "/api/v1/configs" {
			at = append(at, r.At)
		}
	}
	if len(at) != 2 {
		t.Fatalf("the sandbox got GET /api/v1/configs %d times, want 2 (the 429, then one retry)", len(at))
	}
	if gap := at[1].Sub(at[0]); gap < 2*time.Second {
		t.Errorf("retried after %v, before the 2s Retry-After", gap)
	}
	quit(t, tm)
	assertNoKey(t, tm)
}
