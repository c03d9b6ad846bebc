package apitest

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rawDo sends a request without the JSON expectations of sandbox.call, for
// answers that are not JSON or not whole.
func (sb *sandbox) rawDo(client *http.Client, method, path, body string) (*http.Response, []byte, error) {
	req, err := http.NewRequest(method, sb.url+path, strings.NewReader(body))
	if err != nil {
		sb.t.Fatal(err)
	}
	req.Header.Set("X-API-Key", DefaultAPIKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

const tweakBody = `{"name":"t","tunnel_type":"v2ray_ss"}`

func (sb *sandbox) tweakCount(cfg string) int {
	return len(sb.call(http.MethodGet, configPath(cfg, "tweaks"), nil).must(sb.t, 200).list("tweaks"))
}

func TestFaultStatusTimesAndMatching(t *testing.T) {
	sb, cfg := emptySandbox(t)
	sb.Inject(Fault{Method: http.MethodGet, PathPrefix: configsPath, Status: 503, Times: 2})
	sb.call(http.MethodPost, configPath(cfg, "tweaks"), tweakBody).must(t, 201) // another method: untouched
	for range 2 {
		r := sb.call(http.MethodGet, configsPath, nil).must(t, 503)
		if string(r.raw) != `{"message":"Service Unavailable"}` {
			t.Errorf("503 body: %s", r.raw)
		}
	}
	sb.call(http.MethodGet, configsPath, nil).must(t, 200)

	sb.Inject(Fault{PathPrefix: configPath(cfg, "servers"), Status: 500, Times: -1})
	for range 3 {
		sb.call(http.MethodGet, configPath(cfg, "servers"), nil).must(t, 500)
	}
	sb.call(http.MethodGet, configPath(cfg, "tweaks"), nil).must(t, 200) // another path: untouched
	sb.ClearFaults()
	sb.call(http.MethodGet, configPath(cfg, "servers"), nil).must(t, 200)

	sb.Inject(Fault{Status: 429, Header: http.Header{"Retry-After": {"7"}}})
	r := sb.call(http.MethodPost, configPath(cfg, "tweaks"), tweakBody).must(t, 429)
	if r.header.Get("Retry-After") != "7" || r.str("message") != "Too Many Attempts." {
		t.Errorf("429 fault: %v %s", r.header, r.raw)
	}
	if n := sb.tweakCount(cfg); n != 1 {
		t.Errorf("a faulted request was processed: %d tweaks", n)
	}
	sb.Inject(Fault{Status: 422, Body: `{"message":"Custom.","errors":[]}`, ContentType: "application/json"})
	if r := sb.call(http.MethodGet, configsPath, nil).must(t, 422); r.str("message") != "Custom." {
		t.Errorf("custom body: %s", r.raw)
	}
	// Header on a fault that lets the API answer.
	sb.Inject(Fault{Header: http.Header{"X-Trace": {"abc"}}})
	if r := sb.call(http.MethodGet, configsPath, nil).must(t, 200); r.header.Get("X-Trace") != "abc" {
		t.Errorf("header not added")
	}
	if sb.Count(http.MethodPost, configPath(cfg, "tweaks")) != 2 {
		t.Errorf("faulted requests are counted as received: %d", sb.Count(http.MethodPost, configPath(cfg, "tweaks")))
	}
}

func TestFaultHTML(t *testing.T) {
	sb, _ := emptySandbox(t)
	sb.Inject(Fault{Status: 502, HTML: true})
	sb.Inject(Fault{HTML: true, Body: "<html><body>Please log in to the Wi-Fi</body></html>"})
	resp, body, err := sb.rawDo(http.DefaultClient, http.MethodGet, configsPath, "")
	if err != nil || resp.StatusCode != 502 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "<h1>502 Bad Gateway</h1>") {
		t.Fatalf("502 page: %v %v %s", err, resp, body)
	}
	resp, body, err = sb.rawDo(http.DefaultClient, http.MethodGet, configsPath, "")
	if err != nil || resp.StatusCode != 200 || !strings.Contains(string(body), "Wi-Fi") {
		t.Fatalf("captive portal: %v %v %s", err, resp, body)
	}
}

// TestFaultTruncate: the client reads half a body and then EOF; the request
// was processed (the response was lost, not the write).
func TestFaultTruncate(t *testing.T) {
	sb, cfg := emptySandbox(t)
	sb.Inject(Fault{Method: http.MethodPost, Truncate: true})
	resp, body, err := sb.rawDo(http.DefaultClient, http.MethodPost, configPath(cfg, "tweaks"), tweakBody)
	if !errors.Is(err, io.ErrUnexpectedEOF) || resp.StatusCode != 201 || !strings.HasPrefix(string(body), `{"success":true`) {
		t.Fatalf("got %v, %d, %q; want 201, a JSON prefix and unexpected EOF", err, resp.StatusCode, body)
	}
	if n := sb.tweakCount(cfg); n != 1 {
		t.Errorf("%d tweaks, want the truncated POST processed once", n)
	}
	sb.Inject(Fault{Status: 500, Truncate: true})
	if _, _, err := sb.rawDo(http.DefaultClient, http.MethodGet, configsPath, ""); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncated 500: %v", err)
	}
}

// TestFaultReset: the connection is reset and the request is not processed.
func TestFaultReset(t *testing.T) {
	sb, cfg := emptySandbox(t)
	sb.Inject(Fault{Method: http.MethodPost, Reset: true})
	if _, _, err := sb.rawDo(http.DefaultClient, http.MethodPost, configPath(cfg, "tweaks"), tweakBody); err == nil {
		t.Fatal("no error from a reset connection")
	}
	if n := sb.tweakCount(cfg); n != 0 || sb.Count(http.MethodPost, "") != 1 {
		t.Errorf("%d tweaks, %d POSTs received; want 0 and 1", n, sb.Count(http.MethodPost, ""))
	}
}

// TestFaultDelay: latency, and a client that times out while the server
// still processes the POST, exactly once.
func TestFaultDelay(t *testing.T) {
	sb, cfg := emptySandbox(t)
	sb.Inject(Fault{Delay: 40 * time.Millisecond})
	start := time.Now()
	if resp, _, err := sb.rawDo(http.DefaultClient, http.MethodGet, configsPath, ""); err != nil || resp.StatusCode != 200 {
		t.Fatalf("delayed GET: %v", err)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("answered after %v, want the 40ms delay", d)
	}

	sb.Inject(Fault{Method: http.MethodPost, Delay: 10 * time.Second})
	impatient := &http.Client{Timeout: 50 * time.Millisecond}
	if _, _, err := sb.rawDo(impatient, http.MethodPost, configPath(cfg, "tweaks"), tweakBody); err == nil {
		t.Fatal("the client did not time out")
	}
	deadline := time.Now().Add(5 * time.Second)
	for sb.tweakCount(cfg) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := sb.tweakCount(cfg); n != 1 || sb.Count(http.MethodPost, "") != 1 {
		t.Errorf("%d tweaks from %d POSTs; want the timed-out POST processed once", n, sb.Count(http.MethodPost, ""))
	}
}
