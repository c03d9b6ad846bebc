package apitest

import (
	"io"
	"net/http"
	"strings"
	"testing"
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
