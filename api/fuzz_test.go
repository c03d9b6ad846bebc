package api

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func FuzzDecodeError(f *testing.F) {
	f.Add(422, []byte(`{"message":"The name field is required.","errors":{"name":["The name field is required."]}}`), "application/json", "", "")
	f.Add(422, []byte(`{"message":"x","errors":["a",["b"],{"c":1}]}`), "application/json", "", "")
	f.Add(401, []byte(`{"message":"bad key `+testKey+`","errors":{"`+testKey+`":"`+testKey+`"}}`), "application/json; k="+testKey, "", "")
	f.Add(302, []byte(""), "", "", "https://evil.example/?k="+testKey)
	f.Add(502, []byte("<html><body>Bad Gateway</body></html>"), "text/html", "", "")
	f.Add(429, []byte(`{"message":"Too Many Attempts."}`), "application/json", "Wed, 21 Oct 2015 07:28:00 GMT", "")
	f.Add(500, []byte(`{"message":"`+testKey[:10]), "application/json", "99999999999999999999", "")
	f.Fuzz(func(t *testing.T, status int, body []byte, contentType, retryAfter, location string) {
		status = 100 + (status%500+500)%500
		h := http.Header{}
		h.Set("Content-Type", contentType)
		h.Set("Retry-After", retryAfter)
		h.Set("Location", location)
		e := decodeError(status, h, body, testKey, errNow)
		checkErrorText(t, e)
		if e.Status != status || e.RetryAfter < 0 || e.RetryAfter > MaxHold || e.ServerRetryAfter < e.RetryAfter {
			t.Fatalf("status %d, RetryAfter %v, ServerRetryAfter %v", e.Status, e.RetryAfter, e.ServerRetryAfter)
		}
		_ = e.FieldErrors()
		// The success path too: whatever a 2xx holds, it decodes or is a
		// clean error, never a panic.
		if se := decodeSuccess(200+status%7, h, body, new(ConfigList), false, testKey); se != nil {
			checkErrorText(t, se)
		}
	})
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "120", " 5 ", "-1", "1.5", "+3", "", "Wed, 21 Oct 2015 07:28:00 GMT",
		"Tue, 24 Feb 2026 18:31:00 GMT", "Tuesday, 24-Feb-26 18:31:00 GMT", "Tue Feb 24 18:31:00 2026",
		"99999999999999999999999", "9223372036"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		d, ok := ParseRetryAfter(v, errNow)
		if !ok {
			if d != 0 {
				t.Fatalf("%q: not ok but %v", v, d)
			}
			return
		}
		if d < 0 || d > maxRetryAfter {
			t.Fatalf("%q: %v out of range", v, d)
		}
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 && n < 1e6 && allDigits(v) && d != time.Duration(n)*time.Second {
			t.Fatalf("%q: %v, want %ds", v, d, n)
		}
	})
}

func TestParseRetryAfter(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{"120", 2 * time.Minute, true},
		{" 5 ", 5 * time.Second, true},
		{"Tue, 24 Feb 2026 18:31:00 GMT", time.Minute, true},
		{"Tuesday, 24-Feb-26 18:31:00 GMT", time.Minute, true},
		{"Tue Feb 24 18:31:00 2026", time.Minute, true},
		{"Wed, 21 Oct 2015 07:28:00 GMT", 0, true}, // in the past: go now
		{"99999999999999999999999", maxRetryAfter, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"+3", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	} {
		got, ok := ParseRetryAfter(tc.in, errNow)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseRate(t *testing.T) {
	h := http.Header{"X-Ratelimit-Limit": {"60"}, "X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {"1771957812"}}
	if r := parseRate(h, errNow); r != (Rate{Limit: 60, Remaining: 0, Reset: time.Unix(1771957812, 0), Known: true}) {
		t.Errorf("rate %+v", r)
	}
	if r := parseRate(http.Header{"X-Ratelimit-Remaining": {"abc"}, "X-Ratelimit-Reset": {"30"}}, errNow); r.Known || !r.Reset.Equal(errNow.Add(30*time.Second)) {
		t.Errorf("rate %+v", r)
	}
}
