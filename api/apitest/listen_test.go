package apitest

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestStartServesAndStops(t *testing.T) {
	url, stop, err := Start("", New(Options{Data: DataDemo, APIKey: "k"}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("url %q, want loopback", url)
	}
	req, _ := http.NewRequest(http.MethodGet, url+configsPath, nil)
	req.Header.Set("X-API-Key", "k")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "SurfLink Main") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Errorf("a second stop: %v", err)
	}
	if _, err := http.Get(url + configsPath); err == nil {
		t.Error("still serving after stop")
	}
	if _, _, err := Start("256.0.0.1:0", New(Options{})); err == nil {
		t.Error("Start accepted a bad address")
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8787": true, "localhost:1": true, "[::1]:80": true, "127.1.2.3:0": true,
		":8787": false, "0.0.0.0:8787": false, "192.168.1.2:80": false, "example.com:80": false, "nonsense": false,
	} {
		if got := IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v", addr, got)
		}
	}
}

// TestServeOverTLS: the sandbox serves https with a certificate the caller
// can trust from CertPEM, offers HTTP/2, and counts its handshakes.
func TestServeOverTLS(t *testing.T) {
	sv, err := Serve("", New(Options{Data: DataDemo, APIKey: "k"}), Network{TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sv.Stop()
	if !strings.HasPrefix(sv.URL, "https://127.0.0.1:") {
		t.Errorf("url %q, want https on loopback", sv.URL)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(sv.CertPEM) {
		t.Fatalf("CertPEM holds no certificate: %q", sv.CertPEM)
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}}
	for range 3 {
		req, _ := http.NewRequest(http.MethodGet, sv.URL+configsPath, nil)
		req.Header.Set("X-API-Key", "k")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.ProtoMajor != 2 || !strings.Contains(string(body), "SurfLink Main") {
			t.Fatalf("%s %d %s", resp.Proto, resp.StatusCode, body)
		}
	}
	if n := sv.Handshakes(); n != 1 {
		t.Errorf("%d handshakes for three requests on one connection, want 1", n)
	}
	// A client that does not trust the certificate gets nothing.
	if _, err := http.Get(sv.URL + configsPath); err == nil {
		t.Error("a client without the certificate was answered")
	}
	hc.CloseIdleConnections() // else Stop waits a second for it after GOAWAY
	if err := sv.Stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
}

// TestLatencyHoldsEveryAnswer: with an hour of latency nothing is answered
// (or even processed) before a client gives up, and Stop does not wait for
// the held request.
func TestLatencyHoldsEveryAnswer(t *testing.T) {
	sb := New(Options{Data: DataDemo, APIKey: "k"})
	sv, err := Serve("", sb, Network{Latency: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Timeout: 50 * time.Millisecond}
	req, _ := http.NewRequest(http.MethodGet, sv.URL+configsPath, nil)
	req.Header.Set("X-API-Key", "k")
	if resp, err := hc.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("answered %d despite the latency", resp.StatusCode)
	}
	if n := len(sb.Requests()); n != 0 {
		t.Errorf("%d requests processed, want none", n)
	}
	if err := sv.Stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
}
