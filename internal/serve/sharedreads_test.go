package serve

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// A read answered less than the TTL ago answers the next one; a write on
// the profile, or the TTL passing, makes the next read a request again,
// so nobody reads a list from before a write they could know of.
func TestSharedReadsNeverOutliveAWriteOrTheTTL(t *testing.T) {
	var gets, version atomic.Int64
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			gets.Add(1)
		} else {
			version.Add(1)
		}
		_, _ = w.Write([]byte{byte('0' + version.Load())})
	}))
	defer hs.Close()
	now := time.Unix(1_800_000_000, 0)
	s := newSharedReads(http.DefaultTransport)
	s.now = func() time.Time { return now }
	do := func(method string) string {
		t.Helper()
		req, _ := http.NewRequestWithContext(context.Background(), method, hs.URL+"/list", nil)
		resp, err := s.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b := make([]byte, 8)
		n, _ := resp.Body.Read(b)
		return string(b[:n])
	}
	if first, second := do(http.MethodGet), do(http.MethodGet); first != "0" || second != "0" || gets.Load() != 1 {
		t.Fatalf("two reads within the TTL made %d requests; want 1", gets.Load())
	}
	do(http.MethodDelete)
	if got := do(http.MethodGet); got != "1" || gets.Load() != 2 {
		t.Errorf("the read after a write answered %q from %d requests; want the new list from a request of its own", got, gets.Load())
	}
	now = now.Add(sharedReadTTL)
	do(http.MethodGet)
	if gets.Load() != 3 {
		t.Errorf("a read after the TTL was not sent (%d requests)", gets.Load())
	}
}
