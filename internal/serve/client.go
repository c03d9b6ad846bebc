package serve

import (
	"log/slog"
	"net/http"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
)

// sessionClient is the API client a session of user gets: its profile's
// client (the key stays on the server), observed so that every write is
// logged on log with who made it and retrying (may be nil) hears each
// attempt, and, for a read-only user, refusing every write itself: the
// dashboard's keys are off too, but the rule does not rest on them.
func sessionClient(user *User, log *slog.Logger, retrying func(api.RequestLog)) *api.Client {
	c := user.Account.Client.Observe(func(a api.RequestLog) {
		logWrite(log, a)
		if retrying != nil {
			retrying(a)
		}
	})
	if user.ReadOnly {
		c = c.ReadOnly()
	}
	return c
}

// logWrite logs a write's outcome (its last attempt): the method and path,
// the status and the result. A RequestLog never holds the API key nor a
// body, and an api.Error's text never holds the key.
func logWrite(log *slog.Logger, a api.RequestLog) {
	if a.Method == http.MethodGet || a.RetryIn > 0 {
		return
	}
	result := "ok"
	if a.Err != nil {
		result = termsafe.OneLine(a.Err.Error())
	}
	log.Info("write", "method", a.Method, "path", a.Path, "status", a.Status, "attempts", a.Attempt, "result", result)
}
