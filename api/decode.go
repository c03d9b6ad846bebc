package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tweakdash/model"
)

// maxMessage bounds one message, in characters: a status line, not a page.
const maxMessage = 300

// decodeError turns an error response into an *Error. It reads the Laravel
// shape {"message": "...", "errors": {...}} leniently, falls back to a
// per-status text, says what came back when the body is not JSON, and
// removes key from every string it keeps.
func decodeError(status int, h http.Header, body []byte, key string, now time.Time) *Error {
	asked := retryAfter(status, h, now)
	e := &Error{
		Status:           status,
		ContentType:      clean(mediaType(h), key),
		RetryAfter:       min(asked, MaxHold),
		ServerRetryAfter: asked,
	}
	if status >= 300 && status < 400 {
		e.Location = clean(h.Get("Location"), key)
		if e.Location == "" {
			e.Message = "the server answered with a redirect; check the API URL"
		} else {
			e.Message = "the server redirected to " + e.Location + "; check the API URL"
		}
		return e
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && !json.Valid(trimmed) {
		e.Message, e.ownText = unexpected(status, e.ContentType), true
		return e
	}
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var env struct {
			Message json.RawMessage `json:"message"`
			Error   json.RawMessage `json:"error"`
			Errors  json.RawMessage `json:"errors"`
		}
		if json.Unmarshal(trimmed, &env) == nil {
			e.Message = clean(jsonString(env.Message), key)
			if e.Message == "" {
				e.Message = clean(jsonString(env.Error), key)
			}
			e.Fields, e.general = decodeErrors(env.Errors, key)
		}
	}
	if e.Message == "" || looksLikeHTML(e.Message) {
		e.Message = statusText(status)
		e.ownText = status >= 500 // "server error (status 502)" names it already
	}
	return e
}

// decodeErrors reads "errors" as an object (values: a list of strings or one
// string), as an array (PHP sends one when the keys are 0, 1, …), or not at
// all. Values of any other shape are dropped.
func decodeErrors(raw json.RawMessage, key string) (model.FieldErrors, []string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, nil
	}
	switch raw[0] {
	case '{':
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return nil, nil
		}
		fields := model.FieldErrors{}
		for k, v := range obj {
			name := clean(k, key)
			for _, m := range messages(v, key) {
				fields.Add(name, m)
			}
		}
		if len(fields) == 0 {
			return nil, nil
		}
		return fields, nil
	case '[':
		return nil, messages(raw, key)
	}
	return nil, nil
}

// messages reads a string or a list of strings (nested lists flattened once).
func messages(raw json.RawMessage, key string) []string {
	if s := clean(jsonString(raw), key); s != "" {
		return []string{s}
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil
	}
	var out []string
	for _, item := range list {
		if s := clean(jsonString(item), key); s != "" {
			out = append(out, s)
			continue
		}
		var inner []json.RawMessage
		if json.Unmarshal(item, &inner) == nil {
			for _, x := range inner {
				if s := clean(jsonString(x), key); s != "" {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

func jsonString(raw json.RawMessage) string {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// unexpected says what came back instead of JSON, without showing it.
func unexpected(status int, contentType string) string {
	if contentType == "" {
		contentType = "no content type"
	}
	return fmt.Sprintf("unexpected response: %d %s, %s", status, http.StatusText(status), contentType)
}

// decodeSuccess decodes a 2xx body into out. A body that is not JSON (a
// JSON object when out is set) is an error, as is "success": false. An empty
// body is accepted only when empty is true or the status is 204.
func decodeSuccess(status int, h http.Header, body []byte, out any, empty bool, key string) *Error {
	ct := clean(mediaType(h), key)
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		if empty || status == http.StatusNoContent {
			return nil
		}
		return &Error{Status: status, Message: unexpected(status, "empty body"), ownText: true, ContentType: ct}
	}
	bad := &Error{Status: status, Message: unexpected(status, ct), ownText: true, ContentType: ct}
	if trimmed[0] != '{' {
		if out != nil || !json.Valid(trimmed) {
			return bad
		}
		return nil
	}
	var success, message json.RawMessage
	if !readFields(trimmed, fields{"success": &success, "message": &message}) {
		return bad
	}
	switch string(bytes.TrimSpace(success)) {
	case "false", "0", `"0"`, `"false"`:
		msg := clean(jsonString(message), key)
		if msg == "" || looksLikeHTML(msg) {
			msg = "the server reported a failure"
		}
		return &Error{Status: status, Message: msg, ContentType: ct}
	}
	// Unmarshal checks the whole body before it decodes; without out,
	// Valid does. A caller that wants only some fields is not made to
	// read the rest.
	switch out := out.(type) {
	case nil:
		if !json.Valid(trimmed) {
			return bad
		}
	case fields:
		if !readFields(trimmed, out) {
			return bad
		}
	default:
		if json.Unmarshal(trimmed, out) != nil {
			return bad
		}
	}
	return nil
}

// fields are top-level fields of an answer, by name, to be read by
// readFields.
type fields map[string]*json.RawMessage

// readFields reads the object's top-level fields that want names (in any
// case, as Unmarshal matches them) token by token, and stops once it has
// them all. The API puts its envelope ("success", "message", a count)
// before the records, and reading a whole answer for them made a batch of
// 5,000 device IDs cost a client 20 ms more than curl.
func readFields(body []byte, want fields) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	left := len(want)
	for left > 0 && dec.More() {
		t, err := dec.Token()
		if err != nil {
			return false
		}
		name, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return false
		}
		for k, dst := range want {
			if *dst == nil && strings.EqualFold(name, k) {
				*dst = v
				left--
				break
			}
		}
	}
	return true
}

func mediaType(h http.Header) string {
	ct := h.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	return ct
}

// clean makes a server string fit for one line of an error: key replaced,
// valid UTF-8, control characters and runs of white space turned into one
// space, at most maxMessage characters. (The UI still sanitises what it
// draws; this only keeps errors to one readable line.)
func clean(s, key string) string {
	if s == "" {
		return ""
	}
	s = scrub(strings.ToValidUTF8(s, "\uFFFD"), key)
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxMessage {
		s = string([]rune(s)[:maxMessage-1]) + "…"
	}
	return scrub(s, key)
}

// scrub replaces every occurrence of the key with ***.
func scrub(s, key string) string {
	if key == "" {
		return s
	}
	return strings.ReplaceAll(s, key, "***")
}

func looksLikeHTML(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "<html") || strings.Contains(l, "<!doctype") ||
		strings.Contains(l, "<body") || strings.Contains(l, "<head")
}
