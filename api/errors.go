package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"tweakdash/model"
)

// ErrReadOnly is behind the error of every write a read-only client
// refused (see Client.ReadOnly): errors.Is(err, api.ErrReadOnly).
var ErrReadOnly = errors.New("read-only client")

// Error is every failure of a call: an HTTP error status, a response that is
// not what the API sends, a redirect, or a network failure (Status 0). Its
// text is one line, never holds the API key, and never holds a raw body.
// Unpack it with errors.As; the UI draws Message, puts FieldErrors beside
// form fields and General in the status bar.
type Error struct {
	Status  int    // HTTP status; 0 when no response came back
	Message string // the server's message, or a per-status text when it gave none

	// Fields holds 422 messages keyed as the server sent them:
	// "name", "server.name", "servers.0.name". See ParseFieldKey,
	// FieldErrors and ItemErrors.
	Fields model.FieldErrors

	// RetryAfter is how long to wait before trying again (429, 503): what
	// the server asked for, cut to MaxHold; 0 when it did not say. After
	// a 429 the client holds ordinary requests this long (see TryNow).
	RetryAfter time.Duration
	// ServerRetryAfter is what the server asked for before the cut;
	// RetryAfterCapped reports whether it was longer than RetryAfter.
	ServerRetryAfter time.Duration

	Location    string // where a 3xx pointed
	ContentType string // the response's media type, e.g. text/html

	general  []string // messages tied to no field
	ownText  bool     // Message already names the status
	timedOut bool
	err      error // the underlying transport error, for errors.Is
}

// Error returns one line: the message, the wait (and what the server asked
// for when that was cut), and the HTTP status.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, ", retry in %s", roundUp(e.RetryAfter))
	}
	if e.RetryAfterCapped() {
		fmt.Fprintf(&b, " (the server asked for %s)", roundUp(e.ServerRetryAfter))
	}
	if e.Status != 0 && !e.ownText {
		fmt.Fprintf(&b, " (HTTP %d)", e.Status)
	}
	return b.String()
}

// RetryAfterCapped reports whether the server asked for a longer wait than
// MaxHold, so that RetryAfter is the cut wait: say "the server asked for
// 24h; trying again in 5m" rather than the bare countdown.
func (e *Error) RetryAfterCapped() bool { return e.ServerRetryAfter > e.RetryAfter }

// Unwrap returns the transport error behind a network failure, so that
// errors.Is(err, context.Canceled) works.
func (e *Error) Unwrap() error { return e.err }

// Timeout reports whether no response came in time.
func (e *Error) Timeout() bool { return e.timedOut }

// FieldErrors returns the messages for the API's own fields keyed by the
// bare field name: "name" for "name", "server.name" and "servers.3.name"
// alike. Keys that name no field are left to General. This and FormErrors
// are the one place that takes a 422 key apart: callers never strip the
// prefixes themselves.
func (e *Error) FieldErrors() model.FieldErrors {
	fields, _ := e.split(func(f string) bool { return knownFields[f] })
	return fields
}

// FormErrors is what a form for one resource shows of a 422: fields holds
// the messages for r's fields by bare key (prefixes stripped as in
// FieldErrors), general every other message once, for the top of the form
// (and Message when there is nothing else).
func (e *Error) FormErrors(r model.Resource) (fields model.FieldErrors, general []string) {
	return e.split(func(f string) bool { _, ok := r.Field(f); return ok })
}

// split sorts the messages into those about a field isField accepts, by
// bare key, and the rest; Message stands in when there are none at all.
func (e *Error) split(isField func(string) bool) (fields model.FieldErrors, general []string) {
	fields = model.FieldErrors{}
	general = append([]string(nil), e.general...)
	for _, key := range e.Fields.Keys() {
		if k := ParseFieldKey(key); k.Field != "" && isField(k.Field) {
			for _, m := range e.Fields[key] {
				fields.Add(k.Field, m)
			}
			continue
		}
		general = append(general, e.Fields[key]...)
	}
	if len(general) == 0 && len(fields) == 0 && e.Message != "" {
		general = append(general, e.Message)
	}
	return fields, general
}

// ItemErrors returns, by bare field name, the messages for one element of a
// sync request's list: ItemErrors("servers", 0) holds "servers.0.name" as
// "name".
func (e *Error) ItemErrors(list string, index int) model.FieldErrors {
	out := model.FieldErrors{}
	for _, key := range e.Fields.Keys() {
		if k := ParseFieldKey(key); k.List == list && k.Index == index && k.Field != "" {
			for _, m := range e.Fields[key] {
				out.Add(k.Field, m)
			}
		}
	}
	return out
}

// General returns the messages tied to no field of the API (limits reached,
// a cloud toggle that is off, errors sent as a list); when there are neither
// those nor field messages, it returns Message, so that a caller always has
// something to show.
func (e *Error) General() []string {
	_, general := e.split(func(f string) bool { return knownFields[f] })
	if len(general) == 0 {
		return nil
	}
	return general
}

// FieldKey is an error key taken apart: "servers.0.name" is List "servers",
// Index 0, Field "name"; "server.name" is List "server", Index -1.
type FieldKey struct {
	Key   string // as the server sent it
	List  string // "server", "tweak", "servers", "tweaks" or ""
	Index int    // the array index in the key; -1 when there is none
	Field string // the field it is about; "" when it is about a whole element
}

// ParseFieldKey takes apart an error key as Laravel writes it: a field
// ("name"), a field of a wrapped body ("server.name", "tweak.name"), a
// field of a sync list element ("servers.0.name"), or an element of an
// array field ("device_id.1").
func ParseFieldKey(key string) FieldKey {
	k := FieldKey{Key: key, Index: -1}
	segs := strings.Split(key, ".")
	switch {
	case len(segs) >= 2 && (segs[0] == "servers" || segs[0] == "tweaks") && allDigits(segs[1]):
		k.List, k.Index = segs[0], atoiCapped(segs[1])
		segs = segs[2:]
	case len(segs) >= 2 && (segs[0] == "server" || segs[0] == "tweak"):
		k.List = segs[0]
		segs = segs[1:]
	}
	if len(segs) > 0 {
		k.Field = segs[0]
		if k.Index < 0 && len(segs) > 1 && allDigits(segs[1]) {
			k.Index = atoiCapped(segs[1])
		}
	}
	return k
}

func atoiCapped(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if n > 1<<30 {
			return n
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// knownFields are the keys of every field the API documents.
var knownFields = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range []model.Resource{model.ServerResource, model.TweakResource,
		model.DeviceIDResource, model.PasswordResource, model.SyncResource} {
		for _, f := range r.Fields {
			m[f.Key] = true
		}
	}
	return m
}()

// statusText is what an error says when the server gave no message.
func statusText(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return "API key missing or invalid"
	case status == http.StatusForbidden:
		return "this API key may not manage that configuration"
	case status == http.StatusNotFound:
		return "not found"
	case status == http.StatusUnprocessableEntity:
		return "validation failed"
	case status == http.StatusTooManyRequests:
		return "rate limited"
	case status >= 500:
		return fmt.Sprintf("server error (status %d)", status)
	case http.StatusText(status) != "":
		return strings.ToLower(http.StatusText(status))
	}
	return fmt.Sprintf("unexpected status %d", status)
}

// roundUp rounds a wait up to whole seconds, so that "retry in 0s" never shows.
func roundUp(d time.Duration) time.Duration {
	if r := d % time.Second; r != 0 {
		d += time.Second - r
	}
	return d
}
