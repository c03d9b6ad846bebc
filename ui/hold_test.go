package ui

import (
	"net/http"
	"strings"
	"testing"

	"tweakdash/api/apitest"
)

// A 429 asking for a day holds requests for at most api.MaxHold, the
// status says so, and r tries at once instead of waiting it out.
func TestDayLongRateLimitIsCappedAndReloadTriesNow(t *testing.T) {
	sb, c, _ := sandbox(t)
	a := startOn(t, c, 120, 40)
	sb.Inject(apitest.Fault{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"86400"}}})
	msgs := press(a, "enter")
	s, _ := statusOf(msgs)
	if !strings.Contains(s.text, "the server asked to wait 24h; holding 300s (r tries now)") {
		t.Fatalf("status %q", s.text)
	}
	before := len(sb.Requests())
	press(a, "r")
	if len(sb.Requests()) != before+1 {
		t.Fatalf("r sent %d requests during the hold, want 1", len(sb.Requests())-before)
	}
	if !strings.Contains(plainView(a), "Main SSH") {
		t.Fatalf("r did not load the config:\n%s", plainView(a))
	}
}
