package api

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

// tooMany is a 429 asking for a wait of retryAfter ("86400": a day).
func tooMany(retryAfter string) reply {
	return reply{status: 429, body: `{"message":"Too Many Attempts."}`,
		header: map[string]string{"Retry-After": retryAfter, "Content-Type": "application/json"}}
}

// A server asking for a day holds requests for MaxHold, not a day, and the
// error says that the wait was cut.
func TestDayLongRetryAfterHoldsOnlyMaxHold(t *testing.T) {
	h := serve(t, []reply{tooMany("86400"), jsonReply(200, `{"success":true}`)})
	ctx := context.Background()

	_, _, err := h.c.ListConfigs(ctx)
	e := asError(t, err)
	if e.RetryAfter != MaxHold || e.ServerRetryAfter != 24*time.Hour || !e.RetryAfterCapped() {
		t.Errorf("RetryAfter %v, ServerRetryAfter %v, capped %v", e.RetryAfter, e.ServerRetryAfter, e.RetryAfterCapped())
	}
	if want := "Too Many Attempts., retry in 5m0s (the server asked for 24h0m0s) (HTTP 429)"; e.Error() != want {
		t.Errorf("Error() = %q\n   want %q", e.Error(), want)
	}

	// Held (longer than the retry cap, so not slept): nothing is sent, and
	// the held error says the same.
	h.clock.sleep(ctx, MaxHold-30*time.Second)
	_, _, err = h.c.ListConfigs(ctx)
	e = asError(t, err)
	if n := len(h.rec.requests()); n != 1 {
		t.Fatalf("server received %d requests during the hold, want 1", n)
	}
	if e.Status != 429 || e.RetryAfter != 30*time.Second || !e.RetryAfterCapped() ||
		e.ServerRetryAfter != 24*time.Hour-(MaxHold-30*time.Second) {
		t.Errorf("held: %q RetryAfter %v ServerRetryAfter %v", e.Error(), e.RetryAfter, e.ServerRetryAfter)
	}

	// After MaxHold the next ordinary request goes.
	h.clock.sleep(ctx, 30*time.Second)
	if _, _, err := h.c.ListConfigs(ctx); err != nil {
		t.Fatalf("after MaxHold: %v", err)
	}
	if n := len(h.rec.requests()); n != 2 {
		t.Errorf("server received %d requests, want 2", n)
	}
}

// X-RateLimit-Reset far in the future is cut the same way.
func TestFarRateLimitResetHoldsOnlyMaxHold(t *testing.T) {
	clock := newFakeClock()
	reset := strconv.FormatInt(clock.now().Add(3*time.Hour).Unix(), 10)
	h := serve(t, []reply{{status: 429, header: map[string]string{"X-RateLimit-Reset": reset}}},
		WithClock(clock.now, clock.sleep))
	_, _, err := h.c.ListConfigs(context.Background())
	e := asError(t, err)
	if e.RetryAfter != MaxHold || e.ServerRetryAfter != 3*time.Hour {
		t.Errorf("RetryAfter %v, ServerRetryAfter %v", e.RetryAfter, e.ServerRetryAfter)
	}
	if d := h.c.heldFor(clock.now()); d != MaxHold {
		t.Errorf("held for %v, want %v", d, MaxHold)
	}
}

// A wait within MaxHold is not marked as cut.
func TestShortRetryAfterIsNotCapped(t *testing.T) {
	h := serve(t, []reply{tooMany("120")})
	_, _, err := h.c.ListConfigs(context.Background())
	e := asError(t, err)
	if e.RetryAfterCapped() || e.ServerRetryAfter != 120*time.Second || strings.Contains(e.Error(), "asked") {
		t.Errorf("%q capped %v ServerRetryAfter %v", e.Error(), e.RetryAfterCapped(), e.ServerRetryAfter)
	}
}

// A request made with TryNow is sent during the hold, once; a 429 to it
// arms the (capped) hold again.
func TestTryNowIsSentDuringTheHold(t *testing.T) {
	h := serve(t, []reply{tooMany("86400"), tooMany("86400"), jsonReply(200, `{"success":true}`)})
	ctx := context.Background()
	if _, _, err := h.c.ListConfigs(ctx); err == nil {
		t.Fatal("first request: no error")
	}
	h.clock.sleep(ctx, time.Minute)

	_, _, err := h.c.ListConfigs(TryNow(ctx))
	e := asError(t, err)
	if n := len(h.rec.requests()); n != 2 {
		t.Fatalf("server received %d requests, want the try-now one too (2)", n)
	}
	if e.RetryAfter != MaxHold || !e.RetryAfterCapped() {
		t.Errorf("try-now answer: %q", e.Error())
	}
	// The hold starts again from the second 429: a full MaxHold from now.
	if d := h.c.heldFor(h.clock.now()); d != MaxHold {
		t.Errorf("held for %v after the second 429, want %v", d, MaxHold)
	}
	if _, _, err := h.c.ListConfigs(ctx); err == nil || len(h.rec.requests()) != 2 {
		t.Errorf("ordinary request during the new hold: %v, server received %d", err, len(h.rec.requests()))
	}
	h.clock.sleep(ctx, MaxHold)
	if _, _, err := h.c.ListConfigs(ctx); err != nil || len(h.rec.requests()) != 3 {
		t.Errorf("after the new hold: %v, server received %d", err, len(h.rec.requests()))
	}
}

// TryNow skips a short hold too instead of sleeping through it, and a POST
// made with it is sent at once as well.
func TestTryNowSkipsAShortHold(t *testing.T) {
	h := serve(t, []reply{tooMany("5"), jsonReply(201, `{"success":true}`)}, WithRetry(1, 10*time.Second))
	ctx := context.Background()
	if _, _, err := h.c.ListConfigs(ctx); err == nil {
		t.Fatal("no error with one attempt")
	}
	if _, _, err := h.c.CreateServer(TryNow(ctx), "cfg", serverSSH()); err != nil {
		t.Fatal(err)
	}
	if w := h.clock.slept(); len(w) != 0 {
		t.Errorf("waited %v, want no wait", w)
	}
}

// A try-now request that succeeds ends the hold: the server takes requests
// again, so the other views need not wait out the rest of MaxHold.
func TestTryNowSuccessEndsTheHold(t *testing.T) {
	h := serve(t, []reply{tooMany("86400"), jsonReply(200, `{"success":true}`)})
	ctx := context.Background()
	if _, _, err := h.c.ListConfigs(ctx); err == nil {
		t.Fatal("first request: no error")
	}
	if _, _, err := h.c.ListConfigs(TryNow(ctx)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := h.c.ListConfigs(ctx); err != nil || len(h.rec.requests()) != 3 {
		t.Errorf("after a try-now success: %v, server received %d, want 3", err, len(h.rec.requests()))
	}
}

// A success to a request sent before the 429 came back does not end the
// hold that 429 armed.
func TestEarlierSuccessKeepsTheHold(t *testing.T) {
	h := serve(t, nil)
	now := h.clock.now()
	sent := h.c.holdGeneration()
	h.c.noteResponse(429, Rate{}, time.Hour, now)
	h.c.noteSuccess(sent)
	if d := h.c.heldFor(now); d != MaxHold {
		t.Errorf("held for %v, want %v", d, MaxHold)
	}
	h.c.noteSuccess(h.c.holdGeneration())
	if d := h.c.heldFor(now); d > 0 {
		t.Errorf("held for %v after a success sent during the hold", d)
	}
}
