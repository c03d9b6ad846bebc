package apitest

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// Start serves s on addr ("127.0.0.1:0" when empty) in the background and
// returns its base URL (http://host:port) and a function that stops it. The
// server logs nothing, so that it can run under a full-screen program.
func Start(addr string, s *Server) (url string, stop func() error, err error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	var once sync.Once
	var stopErr error
	stop = func() error {
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
	return "http://" + ln.Addr().String(), stop, nil
}

// IsLoopback reports whether addr (host:port) listens only on this machine:
// a loopback IP or "localhost". An empty host means every interface.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
