package cli

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is an io.Writer that a test can read while the command writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startSandboxCmd runs the command until the test ends and returns what it
// printed once it is serving.
func startSandboxCmd(t *testing.T, args ...string) (out, errOut string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr lockedBuffer
	done := make(chan error, 1)
	go func() { done <- serveSandbox(ctx, args, &stdout, &stderr) }()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(stdout.String(), "Stop with Ctrl+C") {
		select {
		case err := <-done:
			cancel()
			t.Fatalf("the sandbox stopped: %v\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("the sandbox printed no URL:\n%s", stdout.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() { _ = stop() })
	return stdout.String(), stderr.String(), stop
}

var (
	urlLine  = regexp.MustCompile(`listening on (https?://\S+)`)
	certLine = regexp.MustCompile(`curl --cacert (\S+) `)
	keyLine  = regexp.MustCompile(`API key: (\S+)`)
)

func getConfigs(t *testing.T, url, key string) (*http.Response, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url+"/api/v1/configs", nil)
	req.Header.Set("X-API-Key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestSandboxCommandServesTheGivenKey(t *testing.T) {
	out, errOut, stop := startSandboxCmd(t, "--addr", "127.0.0.1:0", "--api-key", "try-me", "--data", "empty", "--rate", "5")
	m := urlLine.FindStringSubmatch(out)
	if m == nil || keyLine.FindStringSubmatch(out)[1] != "try-me" || errOut != "" {
		t.Fatalf("output:\n%s\nstderr: %s", out, errOut)
	}
	url := m[1]
	if !strings.Contains(out, `curl -H "X-API-Key: try-me" `+url+"/api/v1/configs") {
		t.Errorf("no curl example for %s:\n%s", url, out)
	}
	resp, body := getConfigs(t, url, "try-me")
	if resp.StatusCode != 200 || body["total"] != float64(0) || resp.Header.Get("X-RateLimit-Limit") != "5" {
		t.Errorf("empty data with rate 5: %d %v %v", resp.StatusCode, body, resp.Header)
	}
	if resp, _ := getConfigs(t, url, "other"); resp.StatusCode != 401 {
		t.Errorf("another key: %d", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if _, err := http.Get(url); err == nil {
		t.Error("still serving after the signal")
	}
}

func TestSandboxCommandDefaults(t *testing.T) {
	out, _, _ := startSandboxCmd(t, "--addr", "127.0.0.1:0")
	key := keyLine.FindStringSubmatch(out)[1]
	if !strings.HasPrefix(key, "sandbox-") || len(key) < 40 {
		t.Errorf("random key %q", key)
	}
	resp, body := getConfigs(t, urlLine.FindStringSubmatch(out)[1], key)
	if resp.StatusCode != 200 || body["total"].(float64) < 3 || resp.Header.Get("X-RateLimit-Limit") != "" {
		t.Errorf("demo data without a rate limit: %d %v", resp.StatusCode, body["total"])
	}
	out2, _, _ := startSandboxCmd(t, "--addr", "127.0.0.1:0")
	if keyLine.FindStringSubmatch(out2)[1] == key {
		t.Error("two starts drew the same key")
	}
}

func TestSandboxCommandWarnsOffLoopback(t *testing.T) {
	_, errOut, _ := startSandboxCmd(t, "--addr", ":0", "--data", "empty")
	if !strings.Contains(errOut, "warning") || !strings.Contains(errOut, "loopback") {
		t.Errorf("no warning for all interfaces: %q", errOut)
	}
}

func TestSandboxCommandUsage(t *testing.T) {
	for _, args := range [][]string{{"--data", "full"}, {"extra"}, {"--rate", "-1"}, {"--nope"}, {"--rate", "x"}, {"--latency", "-1s"}, {"--latency", "150"}} {
		var stdout, stderr bytes.Buffer
		err := serveSandbox(context.Background(), args, &stdout, &stderr)
		if !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	var stdout bytes.Buffer
	if err := serveSandbox(context.Background(), []string{"--help"}, &stdout, &stdout); err != nil || !strings.Contains(stdout.String(), "--api-key") {
		t.Errorf("--help: %v %q", err, stdout.String())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	if err := serveSandbox(ctx, []string{"--addr", "256.1.1.1:0"}, &out, &out); err == nil || errors.Is(err, errUsage) {
		t.Errorf("an address that cannot be bound: %v", err)
	}
}

func TestSandboxCommandServesTLSWithACertificateToTrust(t *testing.T) {
	out, _, stop := startSandboxCmd(t, "--addr", "127.0.0.1:0", "--api-key", "k", "--tls", "--latency", "1ms")
	url, cert := urlLine.FindStringSubmatch(out), certLine.FindStringSubmatch(out)
	if url == nil || cert == nil || !strings.HasPrefix(url[1], "https://127.0.0.1:") ||
		!strings.Contains(out, "SSL_CERT_FILE="+cert[1]+" HTTPTWEAK_API_KEY=k tweakdash --base-url "+url[1]) ||
		!strings.Contains(out, "Latency: 1ms") {
		t.Fatalf("output:\n%s", out)
	}
	pemData, err := os.ReadFile(cert[1])
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemData) {
		t.Fatalf("%s holds no certificate", cert[1])
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	req, _ := http.NewRequest(http.MethodGet, url[1]+"/api/v1/configs", nil)
	req.Header.Set("X-API-Key", "k")
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	hc.CloseIdleConnections()
	if resp.StatusCode != 200 {
		t.Errorf("status %d", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cert[1]); err == nil {
		t.Error("the certificate file is left after the sandbox stopped")
	}
}
