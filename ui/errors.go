package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
)

// describeErr words a failed call for the status bar so that a user can
// act on it: one line, the server's own words for 422, never a body. what names the
// thing asked for, e.g. `config “Config 12”`.
func describeErr(err error, what string) string {
	var ae *api.Error
	if !errors.As(err, &ae) {
		if errors.Is(err, context.DeadlineExceeded) {
			return "Timed out loading " + what
		}
		return "Could not load " + what + ": " + termsafe.Brief(err.Error())
	}
	msg := termsafe.Brief(ae.Message)
	switch {
	case ae.Status == 401:
		return "API key missing or invalid: set HTTPTWEAK_API_KEY or the profile's api_key, then restart"
	case ae.Status == 403:
		return "This key may not manage " + what
	case ae.Status == 404:
		return upperFirst(what) + " not found: reload? (r)"
	case ae.Status == 422:
		if msg == "" {
			msg = "the server refused the request"
		}
		return msg
	case ae.Status == 429:
		if ae.RetryAfter > 0 {
			return "Rate limited: try again in " + seconds(ae.RetryAfter)
		}
		return "Rate limited: try again shortly"
	case ae.Status >= 500:
		return "Server error " + strconv.Itoa(ae.Status) + " loading " + what + ": try again (r)"
	case ae.Status == 0 && ae.Timeout():
		return "Timed out loading " + what + ": r to retry"
	case ae.Status == 0:
		return "Could not reach the server: " + msg
	case ae.Status < 300:
		// A 2xx whose body broke off or was not JSON: the status says
		// nothing useful, the message says what went wrong.
		return upperFirst(msg) + " (r to retry)"
	}
	if msg == "" {
		msg = "unexpected response"
	}
	return msg + " (HTTP " + strconv.Itoa(ae.Status) + ")"
}

// keyRefused reports whether the server refused the API key (401).
func keyRefused(err error) bool {
	ae, ok := errors.AsType[*api.Error](err)
	return ok && ae.Status == 401
}

// retryStatus is the status line while the client waits to retry: why,
// and a countdown to the next attempt.
func retryStatus(a api.RequestLog) statusMsg {
	why := "Could not reach the server"
	ae, _ := errors.AsType[*api.Error](a.Err)
	switch {
	case a.Status == 429:
		why = "Rate limited"
	case a.Status >= 500:
		why = "Server error " + strconv.Itoa(a.Status)
	case a.Status != 0:
		why = "HTTP " + strconv.Itoa(a.Status)
	case ae != nil && ae.Timeout():
		why = "Timed out"
	}
	countdown := why + ": retrying in %s"
	return statusMsg{kind: statusWarn, text: fmt.Sprintf(countdown, seconds(a.RetryIn)),
		countdown: countdown, retryIn: a.RetryIn, retry: true}
}

// errStatus is the status line for a failed call. After a 429 that the
// client would not wait out, the line counts down to when the server said
// to try again.
func errStatus(err error, text string) tea.Cmd {
	msg := statusMsg{kind: statusError, text: text, made: time.Now()}
	var ae *api.Error
	if errors.As(err, &ae) && ae.Status == 429 && ae.RetryAfter > 0 {
		msg.countdown, msg.retryIn = "Rate limited: try again in %s", ae.RetryAfter
		if ae.RetryAfterCapped() {
			// A server that asks for hours would stop the session; the
			// client holds at most api.MaxHold, and r tries at once.
			msg.countdown = "Rate limited: the server asked to wait " + roughly(ae.ServerRetryAfter) +
				"; holding %s (r tries now)"
		}
		msg.text = fmt.Sprintf(msg.countdown, seconds(ae.RetryAfter))
	}
	return func() tea.Msg { return msg }
}
