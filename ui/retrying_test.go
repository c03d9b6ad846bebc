package ui

import (
	"strings"
	"testing"
	"time"

	"tweakdash/api"
)

// While the client waits to retry, the status line says why and counts
// down; the reply that follows ends the notice.
func TestRetryNoticeCountsDownUntilTheReply(t *testing.T) {
	f := newFake(t)
	a := start(t, f, 120, 40)
	status := func() string { lines := strings.Split(plainView(a), "\n"); return lines[len(lines)-1] }

	cases := []struct {
		attempt api.RequestLog
		want    string
	}{
		{api.RequestLog{Status: 429, RetryIn: 2 * time.Second}, "Rate limited: retrying in 2s"},
		{api.RequestLog{Status: 503, RetryIn: 500 * time.Millisecond}, "Server error 503: retrying in 1s"},
		{api.RequestLog{Err: &api.Error{Message: "connection refused"}, RetryIn: time.Second}, "Could not reach the server: retrying in 1s"},
	}
	for _, c := range cases {
		a.Update(Retrying(c.attempt))
		if !strings.Contains(status(), c.want) {
			t.Fatalf("status %q, want %q", status(), c.want)
		}
	}

	if _, tick := a.Update(Retrying(api.RequestLog{Status: 429, RetryIn: 2 * time.Second})); tick == nil {
		t.Fatal("no countdown started")
	}
	a.Update(countdownMsg{gen: a.status.gen}) // a second later
	if !strings.Contains(status(), "retrying in 1s") {
		t.Fatalf("after a second: %q", status())
	}
	_, tick := a.Update(countdownMsg{gen: a.status.gen})
	if tick != nil || !strings.Contains(status(), "Retrying…") {
		t.Fatalf("at zero: %q", status())
	}

	press(a, "r") // the reload's reply ends the notice
	if s := status(); strings.Contains(s, "etrying") {
		t.Fatalf("the notice outlived the reply: %q", s)
	}
}
