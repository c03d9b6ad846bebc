package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"tweakdash/model"
)

// gzipped compresses s; a long run of one byte shrinks about a thousandfold.
func gzipped(t *testing.T, parts ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		if _, err := zw.Write([]byte(p)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// serveGzip answers every request with status and the compressed body,
// marked Content-Encoding: gzip, which Go's transport undoes by itself
// because it asked for gzip.
func serveGzip(t *testing.T, status int, body []byte) *Client {
	t.Helper()
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Errorf("request without Accept-Encoding: gzip: the transport will not decode")
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(status)
		w.Write(body)
	}))
	c, err := NewClient(srv.URL, testKey, WithRetry(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// allocated returns the bytes f allocated (the whole process's, so the
// test server's work is counted too).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A small gzip body that expands beyond the cap is refused once the cap is
// read, with an error that says so, having cost about the cap in memory.
func TestGzipBombIsRefusedAtTheCap(t *testing.T) {
	const expanded = 100 << 20 // more than any cap, old or new
	for _, tc := range []struct {
		name   string
		status int
		limit  int64
		want   string
	}{
		{"success", 200, maxSuccessBody, "response larger than 32 MiB (HTTP 200)"},
		{"error", 500, maxErrorBody, "response larger than 1 MiB (HTTP 500)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bomb := gzipped(t, `{"message":"`, strings.Repeat("a", expanded), `"}`)
			c := serveGzip(t, tc.status, bomb)
			var err error
			n := allocated(func() { _, _, err = c.ListConfigs(context.Background()) })
			e := asError(t, err)
			if e.Status != tc.status || e.Error() != tc.want {
				t.Errorf("error %q, want %q", e.Error(), tc.want)
			}
			t.Logf("%d KiB of gzip expanding to %d MiB: %.1f MiB allocated (cap %d MiB)",
				len(bomb)>>10, expanded>>20, float64(n)/(1<<20), tc.limit>>20)
			if n > uint64(3*tc.limit) {
				t.Errorf("allocated %d MiB refusing it, want under 3 × %d MiB", n>>20, tc.limit>>20)
			}
		})
	}
}

// A large but legitimate body (a config with thousands of device IDs),
// gzipped, still decodes, without io.ReadAll's five-fold growth.
func TestLargeGzipBodyDecodes(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"success":true,"device_ids":[`)
	for i := range 20000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":1,"device_id":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","note":"` + strings.Repeat("n", 200) + `","is_active":true}`)
	}
	b.WriteString(`]}`)
	body := b.String()
	c := serveGzip(t, 200, gzipped(t, body))
	var (
		out []model.DeviceID
		err error
	)
	n := allocated(func() { out, _, err = c.ListDeviceIDs(context.Background(), "cfg") })
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 20000 {
		t.Errorf("%d device IDs", len(out))
	}
	t.Logf("%.1f MiB body: %.1f MiB allocated reading and decoding it", float64(len(body))/(1<<20), float64(n)/(1<<20))
}

// A body that declares a length beyond the cap is refused without reading it.
func TestDeclaredLengthBeyondTheCapIsNotRead(t *testing.T) {
	body := &infiniteBody{}
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			ContentLength: maxSuccessBody + 1, Body: body, Request: r}, nil
	})
	c, err := NewClient("https://api.test", testKey, WithHTTPClient(&http.Client{Transport: rt}), WithRetry(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.ListConfigs(context.Background())
	if e := asError(t, err); e.Error() != "response larger than 32 MiB (HTTP 200)" || body.n != 0 {
		t.Errorf("error %q after reading %d bytes", e.Error(), body.n)
	}
}

// A 429 whose body is too large still holds requests as its headers ask.
func TestOversized429StillHolds(t *testing.T) {
	h := serve(t, []reply{{status: 429, body: strings.Repeat("x", maxErrorBody+1), header: map[string]string{"Retry-After": "60"}}})
	_, _, err := h.c.ListConfigs(context.Background())
	e := asError(t, err)
	if e.Error() != "response larger than 1 MiB, retry in 1m0s (HTTP 429)" || h.c.heldFor(h.clock.now()) != time.Minute {
		t.Errorf("error %q, held for %v", e.Error(), h.c.heldFor(h.clock.now()))
	}
}
