package apitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"unicode/utf8"
)

// obj is a JSON object that keeps its keys in the order given, as PHP arrays
// do, so that responses read like the spec's examples.
type obj []kv

type kv struct {
	k string
	v any
}

// MarshalJSON writes the pairs in order.
func (o obj) MarshalJSON() ([]byte, error) { return appendJSON(nil, o) }

// appendJSON appends v as compact JSON. The types the handlers build are
// written directly (a 10,000-row list costs milliseconds, not a reflective
// encoder per value); others go through encoding/json. Strings are not
// HTML-escaped, so that an OpenVPN config's <ca> reads as sent when a user
// curls the sandbox.
func appendJSON(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendString(b, x), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case obj:
		b = append(b, '{')
		for i, p := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(appendString(b, p.k), ':')
			var err error
			if b, err = appendJSON(b, p.v); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case []obj:
		b = append(b, '[')
		for i, o := range x {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendJSON(b, o); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	}
	m, err := marshal(v)
	return append(b, m...), err
}

// appendString writes s as a JSON string as encoding/json does, minus the
// HTML escaping: invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < 0x20 || r == '\u2028' || r == '\u2029':
			b = fmt.Appendf(b, `\u%04x`, r)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}

// marshal encodes v with encoding/json, without HTML escaping.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// reply is what a handler answers: a status and a JSON body.
type reply struct {
	status int
	body   any
	header http.Header // extra response headers
}

func ok(body obj) reply      { return reply{status: http.StatusOK, body: body} }
func created(body obj) reply { return reply{status: http.StatusCreated, body: body} }

// laravel is a framework error body: only a message, as Laravel renders
// authentication, authorization and throttle failures.
func laravel(status int, msg string) reply {
	return reply{status: status, body: obj{{"message", msg}}}
}

// refusal is a business-rule failure that names no field (config not found,
// cloud toggle off, limit reached): success false and a message.
func refusal(status int, msg string) reply {
	return reply{status: status, body: obj{{"success", false}, {"message", msg}}}
}

func writeReply(w http.ResponseWriter, r reply) {
	b, err := appendJSON(nil, r.body)
	if err != nil {
		r.status, b = http.StatusInternalServerError, []byte(`{"message":"Server Error"}`)
	}
	h := w.Header()
	for k, v := range r.header {
		h[k] = v
	}
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(r.status)
	_, _ = w.Write(b)
}

// fieldErrors collects 422 messages by key in the order they were found, as
// Laravel reports rules in the order they are declared.
type fieldErrors struct {
	keys []string
	msgs map[string][]string
}

func (e *fieldErrors) add(key string, msgs ...string) {
	if e.msgs == nil {
		e.msgs = map[string][]string{}
	}
	if _, seen := e.msgs[key]; !seen {
		e.keys = append(e.keys, key)
	}
	e.msgs[key] = append(e.msgs[key], msgs...)
}

func (e *fieldErrors) empty() bool { return len(e.keys) == 0 }

// reply renders the errors in Laravel's shape: the first message plus
// "(and N more errors)", and every message by key.
func (e *fieldErrors) reply() reply {
	total := 0
	errs := make(obj, 0, len(e.keys))
	for _, k := range e.keys {
		total += len(e.msgs[k])
		errs = append(errs, kv{k, e.msgs[k]})
	}
	msg := e.msgs[e.keys[0]][0]
	switch n := total - 1; {
	case n == 1:
		msg += " (and 1 more error)"
	case n > 1:
		msg += fmt.Sprintf(" (and %d more errors)", n)
	}
	return reply{status: http.StatusUnprocessableEntity, body: obj{{"message", msg}, {"errors", errs}}}
}

// invalid is a 422 with a single message on key.
func invalid(key, msg string) reply {
	var e fieldErrors
	e.add(key, msg)
	return e.reply()
}
