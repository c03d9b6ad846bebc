package api

import (
	"crypto/x509"
	"net/http"
	"sync"
	"time"
)

// newTransport is the connection pool of a Client made without
// WithHTTPClient. On a real link the TLS handshake costs one or two round
// trips before the first byte of a request, so a session should pay it
// once, however many requests it sends:
//
//   - HTTP/2 when the server offers it (ALPN): every request, concurrent
//     ones too, travels on the one connection;
//   - keep-alive otherwise: a connection goes back to the pool once its
//     reply is read to the end (do reads every body to its end), and the
//     pool keeps enough of them for the dashboard's concurrent reads;
//   - an idle connection is kept for as long as a user may look at one
//     screen before the next key; the server may close it sooner, and an
//     idempotent request on a connection found closed is resent by
//     net/http on a new one.
//
// It is the client's own, not http.DefaultTransport, which any package of
// the program could change.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ForceAttemptHTTP2 = true
	t.MaxIdleConnsPerHost = 8
	t.IdleConnTimeout = 10 * time.Minute
	return t
}

// preloadRoots loads the system's certificate roots in the background,
// once per process. Go reads them (/etc/ssl/certs: about 10 ms) when it
// verifies the first certificate, which is when the server's half of the
// first TLS handshake has just arrived: on the critical path of the first
// request. Started when the client is made, they load while the handshake
// travels.
func preloadRoots() { rootsOnce.Do(func() { go func() { _, _ = x509.SystemCertPool() }() }) }

var rootsOnce sync.Once
