package api

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"
)

const defaultMaxTotal = 60 * time.Second

// retryConfig bounds retries in count and in time.
type retryConfig struct {
	maxAttempts int           // attempts in all, the first included
	maxWait     time.Duration // longest single wait; a longer Retry-After ends the request
	maxTotal    time.Duration // no attempt starts later than this after the first
	baseWait    time.Duration // first backoff; doubles with each attempt
}

func defaultRetry() retryConfig {
	return retryConfig{maxAttempts: 3, maxWait: 10 * time.Second, maxTotal: defaultMaxTotal, baseWait: 500 * time.Millisecond}
}

// outcome is what one attempt produced, as shouldRetry needs it.
type outcome struct {
	method     string
	attempt    int           // attempts made so far, 1 for the first
	status     int           // 0 when no complete response came back
	err        error         // the transport error; nil when a response was read
	retryAfter time.Duration // what Retry-After (or X-RateLimit-Reset on a 429) asked for
	elapsed    time.Duration // since the first attempt began
	jitter     float64       // in [0, 1): where the backoff falls in [d/2, d]
}

// shouldRetry decides whether a failed attempt is tried again and after how
// long. A request that the server may have acted on is retried only when
// repeating it is harmless (GET, PUT, DELETE); a POST only when the server
// cannot have acted on it: the connection was never made, or the rate
// limiter (which runs before the controller) turned it away with a 429.
func shouldRetry(o outcome, cfg retryConfig) (retry bool, wait time.Duration, reason string) {
	idempotent := o.method == http.MethodGet || o.method == http.MethodPut ||
		o.method == http.MethodDelete || o.method == http.MethodHead
	if o.err != nil {
		switch classify(o.err) {
		case netCanceled:
			return false, 0, "cancelled"
		case netFatal:
			return false, 0, "not a transient error"
		case netDial:
			reason = "could not connect"
		case netTimeout:
			if !idempotent {
				return false, 0, "timed out after sending a " + o.method + "; it may have been processed"
			}
			reason = "timed out"
		case netConn:
			if !idempotent {
				return false, 0, "connection lost after sending a " + o.method + "; it may have been processed"
			}
			reason = "connection lost"
		}
	} else {
		switch o.status {
		case http.StatusTooManyRequests:
			reason = "rate limited"
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			if !idempotent {
				return false, 0, fmt.Sprintf("status %d on a %s; it may have been processed", o.status, o.method)
			}
			reason = fmt.Sprintf("status %d", o.status)
		default:
			return false, 0, fmt.Sprintf("status %d is final", o.status)
		}
	}
	if o.attempt >= cfg.maxAttempts {
		return false, 0, fmt.Sprintf("%s; gave up after %d attempts", reason, o.attempt)
	}
	if o.retryAfter > 0 {
		if o.retryAfter > cfg.maxWait {
			return false, 0, fmt.Sprintf("%s; the server asks to wait %s, more than %s", reason, o.retryAfter, cfg.maxWait)
		}
		wait = o.retryAfter
	} else {
		d := min(cfg.baseWait<<min(o.attempt-1, 30), cfg.maxWait)
		wait = d/2 + time.Duration(o.jitter*float64(d/2))
	}
	if o.elapsed+wait > cfg.maxTotal {
		return false, 0, fmt.Sprintf("%s; out of time after %s", reason, o.elapsed.Round(time.Millisecond))
	}
	return true, wait, reason
}

// netClass sorts transport errors by what they say about the request.
type netClass int

const (
	netFatal    netClass = iota // will not get better by retrying (bad certificate, not HTTP)
	netCanceled                 // the caller gave up
	netDial                     // no connection: nothing was sent
	netTimeout                  // no answer in time: the request may have been processed
	netConn                     // the connection broke: the request may have been processed
)

func classify(err error) netClass {
	var (
		opErr      *net.OpError
		netErr     net.Error
		certErr    *tls.CertificateVerificationError
		unknownCA  x509.UnknownAuthorityError
		hostErr    x509.HostnameError
		invalidErr x509.CertificateInvalidError
		recordErr  tls.RecordHeaderError
	)
	switch {
	case errors.Is(err, context.Canceled):
		return netCanceled
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr),
		errors.As(err, &invalidErr), errors.As(err, &recordErr):
		return netFatal
	case errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect"):
		return netDial
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return netTimeout
	case errors.As(err, &opErr), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED),
		errors.Is(err, syscall.EPIPE), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return netConn
	}
	return netFatal
}
