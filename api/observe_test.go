package api

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Observe sees every attempt, with the wait before the next, alongside
// the logger; the original client keeps only its logger.
func TestObserveSeesEachAttemptBesideTheLogger(t *testing.T) {
	h := serve(t, []reply{{status: 503}, {status: 200, body: `{"success":true,"configurations":[]}`}})
	var mu sync.Mutex
	var seen []RequestLog
	c := h.c.Observe(func(l RequestLog) { mu.Lock(); seen = append(seen, l); mu.Unlock() })
	if _, _, err := c.ListConfigs(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0].Status != 503 || seen[0].RetryIn <= 0 || seen[1].Status != 200 || seen[1].RetryIn != 0 {
		t.Fatalf("observed %+v", seen)
	}
	if n := len(h.logLines()); n != 2 {
		t.Fatalf("the logger saw %d attempts, want 2: Observe must not replace it", n)
	}
	if _, _, err := h.c.ListConfigs(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 {
		t.Fatal("the original client called the observer of its copy")
	}
}

// Each attempt's log names the config it is about, so that a server of
// many sessions can tell the others which config a write changed: the key
// in the path, unescaped, or a sync's config_unique_key.
func TestLogNamesTheConfig(t *testing.T) {
	h := serve(t, []reply{
		{status: 200, body: `{"success":true,"configurations":[]}`},
		{status: 200, body: `{"success":true,"servers":[]}`},
		{status: 200, body: `{"success":true}`},
	})
	var seen []RequestLog
	c := h.c.Observe(func(l RequestLog) { seen = append(seen, l) })
	ctx := context.Background()
	if _, _, err := c.ListConfigs(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.ListServers(ctx, "k/ 1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.SyncConfig(ctx, SyncRequest{ConfigUniqueKey: "target-key"}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range seen {
		got = append(got, l.Config)
	}
	if want := []string{"", "k/ 1", "target-key"}; !slices.Equal(got, want) {
		t.Fatalf("logs name the configs %q, want %q", got, want)
	}
}

// The copies of a client for the sessions on one key share its pacer, so
// that their bulk jobs split the key's windows; another key's client has a
// pacer of its own.
func TestCopiesOfAClientShareItsPacer(t *testing.T) {
	h := serve(t, nil)
	c := h.c
	if c.Observe(func(RequestLog) {}).Pacer() != c.Pacer() || c.ReadOnly().Pacer() != c.Pacer() {
		t.Fatal("a copy of the client paces its runs on its own")
	}
	if c.WithKey("another").Pacer() == c.Pacer() {
		t.Fatal("a client of another key shares the pacer")
	}
}

// A batch's answer is read only as far as its count: the records after it
// (5,000 for a script's batch) are not decoded, nor even scanned. A
// failure in the envelope is still an error, and an answer without a count
// means every ID was added.
func TestAddDeviceIDsReadsOnlyTheCount(t *testing.T) {
	h := serve(t, []reply{
		{status: 201, body: `{"success":true,"message":"ok","added_count":2,"device_ids":[{"id":1},` + strings.Repeat(`{"id":2},`, 1000) + `{"id":3}]}`},
		{status: 201, body: `{"success":true,"message":"ok","added_count":2,"device_ids":[not json at all`},
		{status: 200, body: `{"success":false,"message":"Device ID limit reached"}`},
		{status: 201, body: `{"success":true,"message":"ok","device_ids":[]}`},
	})
	in := DeviceIDCreate{IDs: []string{"A", "B", "C"}}
	ctx := context.Background()
	for i, want := range []int{2, 2} {
		if n, _, err := h.c.AddDeviceIDs(ctx, "k", in); err != nil || n != want {
			t.Fatalf("answer %d: %d, %v; want %d", i, n, err, want)
		}
	}
	if _, _, err := h.c.AddDeviceIDs(ctx, "k", in); err == nil || !strings.Contains(err.Error(), "limit reached") {
		t.Fatalf("success false: %v", err)
	}
	if n, _, err := h.c.AddDeviceIDs(ctx, "k", in); err != nil || n != 3 {
		t.Fatalf("no count: %d, %v; want 3", n, err)
	}
}
