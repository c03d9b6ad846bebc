package apitest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// Redacted replaces API keys in recorded requests.
const Redacted = "REDACTED"

// Recorded is a request as the sandbox received it, for tests that count or
// inspect what a client sent. API keys are replaced by Redacted.
type Recorded struct {
	Method string
	Path   string // the URL path, without the query
	Query  string
	Header http.Header
	Body   []byte
	At     time.Time
}

// secretHeaders are the request headers that carry a key.
var secretHeaders = []string{"X-API-Key", "X-Client-Api-Key", "Authorization"}

func (s *Server) record(r *http.Request, body []byte) {
	rec := Recorded{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), At: s.now()}
	var secrets []string
	for _, h := range secretHeaders {
		for i, v := range rec.Header.Values(h) {
			if v = strings.TrimSpace(v); v != "" {
				secrets = append(secrets, v)
			}
			rec.Header[http.CanonicalHeaderKey(h)][i] = Redacted
		}
	}
	var in struct {
		APIKey any `json:"api_key"`
	}
	if json.Unmarshal(body, &in) == nil {
		if k, isString := in.APIKey.(string); isString && strings.TrimSpace(k) != "" {
			secrets = append(secrets, k)
		}
	}
	rec.Body = append([]byte(nil), body...)
	for _, k := range secrets {
		// Whole JSON strings only, so that a short test key does not
		// mangle the rest of the body.
		quoted, _ := marshal(k)
		rec.Body = bytes.ReplaceAll(rec.Body, quoted, []byte(`"`+Redacted+`"`))
	}
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.log = append(s.log, rec)
}

// Requests returns every request received so far, oldest first.
func (s *Server) Requests() []Recorded {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	return append([]Recorded(nil), s.log...)
}

// Count returns how many requests were received with method ("" for any)
// and a path that starts with pathPrefix.
func (s *Server) Count(method, pathPrefix string) int {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	n := 0
	for _, r := range s.log {
		if (method == "" || strings.EqualFold(r.Method, method)) && strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}

// ClearRequests forgets the requests received so far.
func (s *Server) ClearRequests() {
	s.hmu.Lock()
	defer s.hmu.Unlock()
	s.log = nil
}
