package apitest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Network is how a started sandbox is reached: on loopback by default, or
// shaped like the network users really have, where the API is a TLS
// handshake and tens to hundreds of milliseconds away.
type Network struct {
	// TLS serves https, HTTP/2 offered, with a self-signed certificate made
	// for this run (127.0.0.1, ::1, localhost): Served.CertPEM is what to
	// trust (curl --cacert, or SSL_CERT_FILE for the dashboard).
	TLS bool
	// Latency delays every answer by this long, and every TLS handshake by
	// as much: one round trip each, as a request and a TLS 1.3 handshake
	// take. The TCP connect's round trip is not simulated.
	Latency time.Duration
}

// Served is a sandbox being served.
type Served struct {
	URL     string // http://host:port, or https:// with TLS
	CertPEM []byte // the certificate to trust; nil without TLS

	stop       func() error
	handshakes atomic.Int64
}

// Stop stops serving; requests held by a latency or a Delay fault end when
// their client does. A second call does nothing.
func (s *Served) Stop() error { return s.stop() }

// Handshakes is how many TLS handshakes the sandbox has served (full or
// resumed): what a session paid for its connections.
func (s *Served) Handshakes() int64 { return s.handshakes.Load() }

// Serve serves s on addr ("127.0.0.1:0" when empty) in the background,
// reached as n says.
func Serve(addr string, s *Server, n Network) (*Served, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	out := &Served{URL: "http://" + ln.Addr().String()}
	var h http.Handler = s
	if n.Latency > 0 {
		h = delayed(h, n.Latency)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	serve := func() error { return srv.Serve(ln) }
	if n.TLS {
		cert, certPEM, err := selfSigned()
		if err != nil {
			_ = ln.Close()
			return nil, err
		}
		out.URL, out.CertPEM = "https://"+ln.Addr().String(), certPEM
		srv.TLSConfig = &tls.Config{
			Certificates: []tls.Certificate{cert},
			GetConfigForClient: func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
				out.handshakes.Add(1)
				if n.Latency > 0 {
					wait(hello.Context(), n.Latency)
				}
				return nil, nil
			},
		}
		// ServeTLS offers HTTP/2 (h2 by ALPN), as API hosts do.
		serve = func() error { return srv.ServeTLS(ln, "", "") }
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = serve()
	}()
	var once sync.Once
	var stopErr error
	out.stop = func() error {
		once.Do(func() {
			// Requests held by a Delay fault end when their client does;
			// do not wait for them for long.
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if err := srv.Shutdown(ctx); errors.Is(err, context.DeadlineExceeded) {
				stopErr = srv.Close()
			} else {
				stopErr = err
			}
			<-done
		})
		return stopErr
	}
	return out, nil
}

// delayed answers every request d later, or not at all when the client
// gives up first.
func delayed(h http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if wait(r.Context(), d) {
			h.ServeHTTP(w, r)
		}
	})
}

// wait waits for d or until ctx is done; it reports whether d passed.
func wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// selfSigned makes a certificate for the loopback names, valid for a day,
// and its PEM (the certificate only; the key never leaves the process).
func selfSigned() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "tweakdash sandbox"},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, certPEM, nil
}
