package api

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"tweakdash/model"
)

// tlsAPI is an httptest TLS server that answers every API call with an
// empty success and counts the TLS handshakes it serves and the protocol
// of each request.
type tlsAPI struct {
	srv        *httptest.Server
	handshakes atomic.Int64
	mu         sync.Mutex
	protos     map[string]int
}

func newTLSAPI(t *testing.T, http2 bool) *tlsAPI {
	t.Helper()
	a := &tlsAPI{protos: map[string]int{}}
	a.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.protos[r.Proto]++
		a.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost:
			_, _ = w.Write([]byte(`{"success":true,"servers":[{"unique_key":"new","name":"n","tunnel_type":"ssh","action":"created"}]}`))
		case r.URL.Path == "/api/v1/configs":
			_, _ = w.Write([]byte(`{"success":true,"configurations":[{"unique_key":"cfg","name":"Config"}]}`))
		default:
			_, _ = w.Write([]byte(`{"success":true,"servers":[],"tweaks":[],"device_ids":[],"passwords":[]}`))
		}
	}))
	a.srv.EnableHTTP2 = http2
	// Called once per ClientHello: once per handshake, full or resumed.
	a.srv.TLS = &tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
		a.handshakes.Add(1)
		return nil, nil
	}}
	a.srv.StartTLS()
	t.Cleanup(a.srv.Close)
	return a
}

// client is NewClient's own client for the server, trusting its test
// certificate and nothing else changed.
func (a *tlsAPI) client(t *testing.T) *Client {
	t.Helper()
	c, err := NewClient(a.srv.URL, testKey)
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := c.hc.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("the client's transport is a %T", c.hc.Transport)
	}
	pool := x509.NewCertPool()
	pool.AddCert(a.srv.Certificate())
	tr.TLSClientConfig = &tls.Config{RootCAs: pool}
	return c
}

// session is what a user does in a session: the config list, a config
// opened, its three tabs browsed, a detail's full records, one write, and
// a few reads at once.
func session(t *testing.T, c *Client, concurrent bool) {
	t.Helper()
	ctx := context.Background()
	steps := []func() error{
		func() error { _, _, err := c.ListConfigs(ctx); return err },
		func() error { _, _, err := c.ListResources(ctx, "cfg"); return err },
		func() error { _, _, err := c.ListDeviceIDs(ctx, "cfg"); return err },
		func() error { _, _, err := c.ListPasswords(ctx, "cfg"); return err },
		func() error { _, _, err := c.ListServers(ctx, "cfg"); return err },
		func() error {
			_, _, err := c.CreateServer(ctx, "cfg", model.Server{Name: "n", TunnelType: model.SSH, IPPortUserPass: "u:p@192.0.2.1:22"})
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if !concurrent {
		return
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, _, err := c.ListResources(ctx, "cfg")
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestASessionPaysOneTLSHandshakeOverHTTP2: every request of a session,
// eight at once included, goes over the one connection HTTP/2 opened.
func TestASessionPaysOneTLSHandshakeOverHTTP2(t *testing.T) {
	a := newTLSAPI(t, true)
	session(t, a.client(t), true)
	if n := a.handshakes.Load(); n != 1 {
		t.Errorf("%d TLS handshakes in one session, want 1", n)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.protos["HTTP/2.0"] == 0 || len(a.protos) != 1 {
		t.Errorf("requests by protocol: %v; want HTTP/2.0 only", a.protos)
	}
}

// TestASessionPaysOneTLSHandshakeOverHTTP11: without HTTP/2 the one
// connection is kept alive from one request to the next.
func TestASessionPaysOneTLSHandshakeOverHTTP11(t *testing.T) {
	a := newTLSAPI(t, false)
	c := a.client(t)
	session(t, c, false)
	session(t, c, false)
	if n := a.handshakes.Load(); n != 1 {
		t.Errorf("%d TLS handshakes in one session of sequential requests, want 1", n)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.protos["HTTP/1.1"] == 0 || len(a.protos) != 1 {
		t.Errorf("requests by protocol: %v; want HTTP/1.1 only", a.protos)
	}
}
