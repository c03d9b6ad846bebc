package apitest

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault is a misbehaviour for the next matching requests, for tests of what
// a client does when the network or the server fails.
//
// A fault either answers in place of the API (when Status, Body or HTML is
// set) or lets the API answer, after Delay and with Header added. Truncate
// cuts the answer, whichever it is, to half its bytes while announcing its
// full length, so that the client reads a truncated JSON body and then EOF;
// the request is processed when the API answers. Reset closes the connection
// with a TCP reset after Delay, without processing the request.
type Fault struct {
	Method     string // "" matches any method
	PathPrefix string // "" matches any path
	Times      int    // how many matching requests; 0 means 1, negative means until ClearFaults

	Status      int         // answer with this status (200 when only Body or HTML is set)
	Body        string      // the answer's body; a default that fits Status when empty
	ContentType string      // the answer's Content-Type; application/json, or text/html with HTML
	Header      http.Header // added to the response, e.g. Retry-After on a 429
	Delay       time.Duration
	Truncate    bool
	Reset       bool
	HTML        bool // answer with an HTML page, as a proxy or a captive portal does
}

type pendingFault struct {
	Fault
	left int
}

// Inject queues f; faults match in the order they were injected.
func (s *Server) Inject(f Fault) {
	left := f.Times
	if left == 0 {
		left = 1
	}
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.faults = append(s.faults, &pendingFault{Fault: f, left: left})
}

// ClearFaults drops every pending fault.
func (s *Server) ClearFaults() {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.faults = nil
}

func (s *Server) takeFault(method, path string) (Fault, bool) {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	for i, f := range s.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, method) || !strings.HasPrefix(path, f.PathPrefix) {
			continue
		}
		if f.left > 0 {
			f.left--
			if f.left == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return f.Fault, true
	}
	return Fault{}, false
}

func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f Fault, body []byte, unreadable bool) {
	if f.Delay > 0 {
		// A client that gives up does not stop the server: the request is
		// still processed, only sooner, so that tests do not wait.
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	if f.Reset {
		resetConn(w)
		return
	}
	for k, vs := range f.Header {
		w.Header()[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	if f.Status == 0 && f.Body == "" && !f.HTML {
		if !f.Truncate {
			s.serve(w, r, body, unreadable)
			return
		}
		buf := &bufferedResponse{header: w.Header(), status: http.StatusOK}
		s.serve(buf, r, body, unreadable)
		writeTruncated(w, buf.status, buf.body.Bytes())
		return
	}
	status, ctype, payload := faultAnswer(f)
	w.Header().Set("Content-Type", ctype)
	if f.Truncate {
		writeTruncated(w, status, payload)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
	w.WriteHeader(status)
	_, _ = w.Write(payload)
}

// faultAnswer is what a fault sends in place of the API.
func faultAnswer(f Fault) (int, string, []byte) {
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	ctype := f.ContentType
	switch {
	case ctype != "":
	case f.HTML:
		ctype = "text/html; charset=UTF-8"
	default:
		ctype = "application/json"
	}
	body := f.Body
	switch {
	case body != "":
	case f.HTML:
		text := fmt.Sprintf("%d %s", status, http.StatusText(status))
		body = "<!DOCTYPE html>\n<html>\n<head><title>" + text + "</title></head>\n<body>\n<center><h1>" + text +
			"</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n"
	default:
		msg, _ := marshal(laravelMessage(status))
		body = `{"message":` + string(msg) + `}`
	}
	return status, ctype, []byte(body)
}

// laravelMessage is the message Laravel's handler renders for status.
func laravelMessage(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "Unauthenticated."
	case http.StatusForbidden:
		return "This action is unauthorized."
	case http.StatusTooManyRequests:
		return "Too Many Attempts."
	case http.StatusInternalServerError:
		return "Server Error"
	case http.StatusUnprocessableEntity:
		return "The given data was invalid."
	}
	return http.StatusText(status)
}

// writeTruncated announces len(body) bytes and sends half. net/http then
// closes the connection, so the client reads an unexpected EOF.
func writeTruncated(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body[:len(body)/2])
}

// resetConn drops the connection with a TCP RST (SO_LINGER 0), as a crashed
// proxy or a dropped link looks to the client.
func resetConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // not hijackable (HTTP/2): abort the stream instead
	}
	if tcp, isTCP := conn.(*net.TCPConn); isTCP {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// bufferedResponse holds the API's answer so that a fault can cut it.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) WriteHeader(status int)      { b.status = status }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }
