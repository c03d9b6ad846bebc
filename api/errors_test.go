package api

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"tweakdash/model"
)

var errNow = time.Date(2026, 2, 24, 18, 30, 0, 0, time.UTC)

func TestDecodeError(t *testing.T) {
	long := strings.Repeat("é", 400)
	for _, tc := range []struct {
		name    string
		status  int
		ct      string
		hdr     map[string]string
		body    string
		text    string // Error()
		fields  model.FieldErrors
		general []string
		after   time.Duration
	}{
		{name: "Laravel 422", status: 422,
			body:   `{"message":"The name field is required. (and 1 more error)","errors":{"name":["The name field is required."],"tunnel_type":["The selected tunnel type is invalid."]}}`,
			text:   "The name field is required. (and 1 more error) (HTTP 422)",
			fields: model.FieldErrors{"name": {"The name field is required."}, "tunnel_type": {"The selected tunnel type is invalid."}}},
		{name: "errors as single strings, no message", status: 422, body: `{"errors":{"name":"required","note":["a","b"]}}`,
			text: "validation failed (HTTP 422)", fields: model.FieldErrors{"name": {"required"}, "note": {"a", "b"}}},
		{name: "errors as an array", status: 422, body: `{"message":"Limit reached","errors":["Device ID limit reached (50)."]}`,
			text: "Limit reached (HTTP 422)", general: []string{"Device ID limit reached (50)."}},
		{name: "errors absent", status: 422, body: `{"success":false,"message":"Cloud HWID lock is disabled for this configuration."}`,
			text: "Cloud HWID lock is disabled for this configuration. (HTTP 422)", general: []string{"Cloud HWID lock is disabled for this configuration."}},
		{name: "errors null", status: 422, body: `{"message":"m","errors":null}`, text: "m (HTTP 422)", general: []string{"m"}},
		{name: "errors of other shapes are dropped", status: 422, body: `{"message":"m","errors":{"name":{"x":1},"note":[1,true,"ok"]}}`,
			text: "m (HTTP 422)", fields: model.FieldErrors{"note": {"ok"}}},
		{name: "nested arrays", status: 422, body: `{"message":"m","errors":[["a","b"],"c",7]}`, text: "m (HTTP 422)", general: []string{"a", "b", "c"}},
		{name: "Unauthenticated", status: 401, body: `{"message":"Unauthenticated."}`, text: "Unauthenticated. (HTTP 401)", general: []string{"Unauthenticated."}},
		{name: "401 with no body", status: 401, ct: "-", body: "", text: "API key missing or invalid (HTTP 401)", general: []string{"API key missing or invalid"}},
		{name: "403 empty message", status: 403, body: `{"message":""}`, text: "this API key may not manage that configuration (HTTP 403)",
			general: []string{"this API key may not manage that configuration"}},
		{name: "404 empty message", status: 404, body: `{"message":""}`, text: "not found (HTTP 404)", general: []string{"not found"}},
		{name: "500 with debug output shows none of it", status: 500,
			body: `{"message":"Server Error","exception":"Illuminate\\Database\\QueryException","file":"/var/www/app.php","trace":[{"line":1}]}`,
			text: "Server Error (HTTP 500)", general: []string{"Server Error"}},
		{name: "503 maintenance page", status: 503, ct: "text/html; charset=UTF-8", hdr: map[string]string{"Retry-After": "60"},
			body: "<!DOCTYPE html><title>Maintenance</title>", text: "unexpected response: 503 Service Unavailable, text/html, retry in 1m0s",
			general: []string{"unexpected response: 503 Service Unavailable, text/html"}, after: time.Minute},
		{name: "429 with an HTTP date", status: 429, hdr: map[string]string{"Retry-After": "Tue, 24 Feb 2026 18:30:30 GMT"},
			body: `{"message":"Too Many Attempts."}`, text: "Too Many Attempts., retry in 30s (HTTP 429)", general: []string{"Too Many Attempts."}, after: 30 * time.Second},
		{name: "429 with a reset time only", status: 429, hdr: map[string]string{"X-RateLimit-Reset": "1771957812"},
			body: `{"message":"Too Many Attempts."}`, text: "Too Many Attempts., retry in 12s (HTTP 429)", general: []string{"Too Many Attempts."}, after: 12 * time.Second},
		{name: "message made one line", status: 422, body: `{"message":"line1\nline2\r\u001b[31m  \u0085end"}`,
			text: "line1 line2 [31m end (HTTP 422)", general: []string{"line1 line2 [31m end"}},
		{name: "HTML in a JSON message", status: 500, body: `{"message":"<html><body>oops</body></html>"}`,
			text: "server error (status 500)", general: []string{"server error (status 500)"}},
		{name: "error instead of message", status: 401, body: `{"error":"Invalid API key"}`, text: "Invalid API key (HTTP 401)", general: []string{"Invalid API key"}},
		{name: "JSON that is not an object", status: 500, body: `"oops"`, text: "server error (status 500)", general: []string{"server error (status 500)"}},
		{name: "truncated JSON", status: 422, body: `{"message":"The name field is req`, text: "unexpected response: 422 Unprocessable Entity, application/json",
			general: []string{"unexpected response: 422 Unprocessable Entity, application/json"}},
		{name: "no content type", status: 502, ct: "-", body: "Bad Gateway", text: "unexpected response: 502 Bad Gateway, no content type",
			general: []string{"unexpected response: 502 Bad Gateway, no content type"}},
		{name: "long message capped", status: 422, body: `{"message":"` + long + `"}`,
			text: strings.Repeat("é", maxMessage-1) + "… (HTTP 422)", general: []string{strings.Repeat("é", maxMessage-1) + "…"}},
		{name: "redirect without Location", status: 301, body: "", text: "the server answered with a redirect; check the API URL (HTTP 301)",
			general: []string{"the server answered with a redirect; check the API URL"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			switch tc.ct {
			case "":
				h.Set("Content-Type", "application/json")
			case "-":
			default:
				h.Set("Content-Type", tc.ct)
			}
			for k, v := range tc.hdr {
				h.Set(k, v)
			}
			e := decodeError(tc.status, h, []byte(tc.body), testKey, errNow)
			if e.Error() != tc.text {
				t.Errorf("Error() = %q\n          want %q", e.Error(), tc.text)
			}
			if got := e.FieldErrors(); !reflect.DeepEqual(got, orEmpty(tc.fields)) {
				t.Errorf("FieldErrors = %v, want %v", got, tc.fields)
			}
			if got := e.General(); !reflect.DeepEqual(got, tc.general) {
				t.Errorf("General = %q, want %q", got, tc.general)
			}
			if e.RetryAfter != tc.after || e.Status != tc.status {
				t.Errorf("RetryAfter %v, Status %d", e.RetryAfter, e.Status)
			}
		})
	}
}

func orEmpty(f model.FieldErrors) model.FieldErrors {
	if f == nil {
		return model.FieldErrors{}
	}
	return f
}

// Error keys from wrapped bodies, sync lists and array fields map to the
// bare field; what names no field goes to General.
func TestFieldKeyMapping(t *testing.T) {
	body := `{"message":"The servers.0.name field is required. (and 5 more errors)","errors":{
		"servers.0.name":["The servers.0.name field is required."],
		"servers.1.ssh_pk":["The servers.1.ssh_pk field format is invalid."],
		"server.note":["The server.note field must not be greater than 255 characters."],
		"tweaks.0.tunnel_type":["The selected tweaks.0.tunnel_type is invalid."],
		"device_id.1":["The device_id.1 must be 32 hexadecimal characters."],
		"limit":["Server limit reached (10)."],
		"servers.2":["The servers.2 field must be an array."]}}`
	e := decodeError(422, http.Header{"Content-Type": {"application/json"}}, []byte(body), testKey, errNow)
	want := model.FieldErrors{
		"name":        {"The servers.0.name field is required."},
		"ssh_pk":      {"The servers.1.ssh_pk field format is invalid."},
		"note":        {"The server.note field must not be greater than 255 characters."},
		"tunnel_type": {"The selected tweaks.0.tunnel_type is invalid."},
		"device_id":   {"The device_id.1 must be 32 hexadecimal characters."},
	}
	if got := e.FieldErrors(); !reflect.DeepEqual(got, want) {
		t.Errorf("FieldErrors = %v", got)
	}
	if got := e.General(); !reflect.DeepEqual(got, []string{"Server limit reached (10).", "The servers.2 field must be an array."}) {
		t.Errorf("General = %q", got)
	}
	if got := e.ItemErrors("servers", 1); !reflect.DeepEqual(got, model.FieldErrors{"ssh_pk": {"The servers.1.ssh_pk field format is invalid."}}) {
		t.Errorf("ItemErrors(servers, 1) = %v", got)
	}
	if got := e.ItemErrors("tweaks", 0); len(got) != 1 || len(got["tunnel_type"]) != 1 {
		t.Errorf("ItemErrors(tweaks, 0) = %v", got)
	}
	if got := e.ItemErrors("servers", 5); len(got) != 0 {
		t.Errorf("ItemErrors(servers, 5) = %v", got)
	}
	if len(e.Fields) != 7 || e.Fields["servers.0.name"] == nil {
		t.Errorf("Fields keeps the original keys: %v", e.Fields)
	}
}

func TestParseFieldKey(t *testing.T) {
	for key, want := range map[string]FieldKey{
		"name":                 {Key: "name", Index: -1, Field: "name"},
		"server.name":          {Key: "server.name", List: "server", Index: -1, Field: "name"},
		"tweak.tls_version":    {Key: "tweak.tls_version", List: "tweak", Index: -1, Field: "tls_version"},
		"servers.0.name":       {Key: "servers.0.name", List: "servers", Index: 0, Field: "name"},
		"tweaks.12.sni":        {Key: "tweaks.12.sni", List: "tweaks", Index: 12, Field: "sni"},
		"servers.3":            {Key: "servers.3", List: "servers", Index: 3},
		"servers":              {Key: "servers", Index: -1, Field: "servers"},
		"device_id.4":          {Key: "device_id.4", Index: 4, Field: "device_id"},
		"":                     {Key: "", Index: -1},
		"servers.x.name":       {Key: "servers.x.name", Index: -1, Field: "servers"},
		"servers.99999999999.": {Key: "servers.99999999999.", List: "servers", Index: 1 << 30, Field: ""},
	} {
		got := ParseFieldKey(key)
		if key == "servers.99999999999." {
			if got.Index < 1<<30 || got.List != "servers" {
				t.Errorf("ParseFieldKey(%q) = %+v", key, got)
			}
			continue
		}
		if got != want {
			t.Errorf("ParseFieldKey(%q) = %+v, want %+v", key, got, want)
		}
	}
}

// checkErrorText holds what every *Error must keep to: one line of valid
// UTF-8, bounded, without the key.
func checkErrorText(t *testing.T, e *Error) {
	t.Helper()
	s := e.Error()
	if strings.Contains(s, testKey) {
		t.Fatalf("Error() holds the key: %q", s)
	}
	if !utf8.ValidString(s) || strings.ContainsAny(s, "\n\r\x1b\x00") || s == "" {
		t.Fatalf("Error() not one clean line: %q", s)
	}
	if n := utf8.RuneCountInString(s); n > 2*maxMessage+100 {
		t.Fatalf("Error() is %d characters", n)
	}
	for k, msgs := range e.Fields {
		for _, m := range append([]string{k}, msgs...) {
			if strings.Contains(m, testKey) {
				t.Fatalf("field holds the key: %q", m)
			}
		}
	}
	for _, m := range append(e.General(), e.Location, e.ContentType) {
		if strings.Contains(m, testKey) {
			t.Fatalf("holds the key: %q", m)
		}
	}
}

// FormErrors is all a single-resource form needs from a 422: messages for
// its own fields by bare key, whatever prefix the server put on them, and
// every other message once, for the top of the form.
func TestFormErrors(t *testing.T) {
	body := `{"message":"The name has already been taken. (and 4 more errors)","errors":{
		"tweak.name":["The name has already been taken."],
		"servers.0.sni":["The servers.0.sni field is prohibited."],
		"device_id.1":["The device_id.1 must be 32 hexadecimal characters."],
		"ip_port_user_pass":["The ip port user pass field is required."],
		"limit":["Tweak limit reached (5)."]}}`
	e := decodeError(422, http.Header{"Content-Type": {"application/json"}}, []byte(body), testKey, errNow)
	for _, tc := range []struct {
		res     model.Resource
		fields  model.FieldErrors
		general []string
	}{
		{model.TweakResource,
			model.FieldErrors{"name": {"The name has already been taken."}, "sni": {"The servers.0.sni field is prohibited."}},
			[]string{"The device_id.1 must be 32 hexadecimal characters.", "The ip port user pass field is required.", "Tweak limit reached (5)."}},
		{model.DeviceIDResource,
			model.FieldErrors{"device_id": {"The device_id.1 must be 32 hexadecimal characters."}},
			[]string{"The ip port user pass field is required.", "Tweak limit reached (5).", "The servers.0.sni field is prohibited.", "The name has already been taken."}},
	} {
		fields, general := e.FormErrors(tc.res)
		if !reflect.DeepEqual(fields, tc.fields) || !reflect.DeepEqual(general, tc.general) {
			t.Errorf("FormErrors(%s) =\n  %v\n  %q\nwant\n  %v\n  %q", tc.res.Name, fields, general, tc.fields, tc.general)
		}
	}
	// With no field messages at all, the message itself goes on top.
	e = decodeError(422, http.Header{"Content-Type": {"application/json"}}, []byte(`{"message":"Cloud HWID lock is disabled."}`), testKey, errNow)
	if fields, general := e.FormErrors(model.DeviceIDResource); len(fields) != 0 || !reflect.DeepEqual(general, []string{"Cloud HWID lock is disabled."}) {
		t.Errorf("FormErrors = %v, %q", fields, general)
	}
}
