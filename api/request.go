package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"tweakdash/model"
)

// Request is a write exactly as the client would send it: method, the
// escaped path under the base URL, and the JSON body (nil for a delete).
// The write methods build their requests with the functions below, so a
// preview built with them is the request that saving sends.
type Request struct {
	Method string
	Path   string
	Body   map[string]any
}

// JSON is the body as sent (encoding/json orders the keys), indented when
// indent is set; "" without a body.
func (r Request) JSON(indent bool) string {
	if r.Body == nil {
		return ""
	}
	var b []byte
	if indent {
		b, _ = json.MarshalIndent(r.Body, "", "  ")
	} else {
		b, _ = json.Marshal(r.Body)
	}
	return string(b)
}

// Curl is a command that sends the request with curl against baseURL. The
// key is read from $HTTPTWEAK_API_KEY when the command runs: it is never in
// the command. The body goes in single quotes with every character outside
// printable ASCII written as a JSON escape, so that the command is one line
// that a shell cannot read as anything but data.
func (r Request) Curl(baseURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -sS -X %s %s -H \"X-API-Key: $HTTPTWEAK_API_KEY\" -H 'Accept: application/json'",
		r.Method, shellQuote(strings.TrimRight(baseURL, "/")+r.Path))
	if r.Body != nil {
		b.WriteString(" -H 'Content-Type: application/json' --data-raw ")
		b.WriteString(shellQuote(asciiJSON(r.JSON(false))))
	}
	return b.String()
}

// shellQuote puts s in single quotes; a quote inside ends the quoted part,
// is escaped with a backslash, and opens a new one.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// asciiJSON writes every rune of a JSON text outside printable ASCII as a
// \uXXXX escape (a surrogate pair above U+FFFF); the JSON means the same.
// Only strings hold such runes, and there the escape is valid.
func asciiJSON(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r > 0xffff:
			r -= 0x10000
			fmt.Fprintf(&b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// URL is the full address of a request's path on this client's API.
func (c *Client) URL(path string) string { return c.url(path) }

// The builders of every write.

func CreateServerRequest(configKey string, s model.Server) Request {
	return Request{http.MethodPost, apiPath("configs", configKey, "servers"), model.Body(model.ServerResource, s.Values(), model.Create)}
}

func UpdateServerRequest(configKey, serverKey string, s model.Server) Request {
	return Request{http.MethodPut, apiPath("configs", configKey, "servers", serverKey), model.Body(model.ServerResource, s.Values(), model.Update)}
}

func DeleteServerRequest(configKey, serverKey string) Request {
	return Request{Method: http.MethodDelete, Path: apiPath("configs", configKey, "servers", serverKey)}
}

func CreateTweakRequest(configKey string, t model.Tweak) Request {
	return Request{http.MethodPost, apiPath("configs", configKey, "tweaks"), model.Body(model.TweakResource, t.Values(), model.Create)}
}

func UpdateTweakRequest(configKey, tweakKey string, t model.Tweak) Request {
	return Request{http.MethodPut, apiPath("configs", configKey, "tweaks", tweakKey), model.Body(model.TweakResource, t.Values(), model.Update)}
}

func DeleteTweakRequest(configKey, tweakKey string) Request {
	return Request{Method: http.MethodDelete, Path: apiPath("configs", configKey, "tweaks", tweakKey)}
}

func CreateDeviceIDsRequest(configKey string, in DeviceIDCreate) Request {
	body := model.Body(model.DeviceIDResource, model.Values{
		"device_id":         strings.Join(in.IDs, "\n"),
		"note":              in.Note,
		"is_active":         in.IsActive,
		"delete_after_used": in.DeleteAfterUsed,
	}, model.Create)
	return Request{http.MethodPost, apiPath("configs", configKey, "device-ids"), body}
}

func UpdateDeviceIDRequest(configKey string, id int64, d model.DeviceID) Request {
	body := model.Body(model.DeviceIDResource, d.Values(), model.Update)
	if body["device_id"] == nil {
		delete(body, "device_id")
	}
	return Request{http.MethodPut, apiPath("configs", configKey, "device-ids", strconv.FormatInt(id, 10)), body}
}

func DeleteDeviceIDRequest(configKey string, id int64) Request {
	return Request{Method: http.MethodDelete, Path: apiPath("configs", configKey, "device-ids", strconv.FormatInt(id, 10))}
}

func CreatePasswordsRequest(configKey string, in PasswordCreate) Request {
	body := passwordBody(in.Type, in.Note, in.IsActive, in.DeleteAfterUsed)
	if in.GenerateMultiple {
		body["generate_multiple"] = true
		if in.Count > 0 {
			body["count"] = in.Count
		}
	} else if in.Password != "" {
		body["password"] = in.Password
	}
	if strings.TrimSpace(in.Note) == "" {
		delete(body, "note") // a create leaves out what is empty
	}
	return Request{http.MethodPost, apiPath("configs", configKey, "passwords"), body}
}

func UpdatePasswordRequest(configKey string, id int64, p model.Password) Request {
	body := passwordBody(p.Type, p.Note, bool(p.IsActive), bool(p.DeleteAfterUsed))
	if p.Password != "" {
		body["password"] = p.Password
	}
	return Request{http.MethodPut, apiPath("configs", configKey, "passwords", strconv.FormatInt(id, 10)), body}
}

func DeletePasswordRequest(configKey string, id int64) Request {
	return Request{Method: http.MethodDelete, Path: apiPath("configs", configKey, "passwords", strconv.FormatInt(id, 10))}
}
