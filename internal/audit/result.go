package audit

import (
	"context"
	"errors"
	"strconv"

	"tweakdash/api"
)

// Result is a write's result as the log keeps it (Entry.Result): "ok",
// "error 422", "error: timed out"... never the server's words, which may
// echo a value.
func Result(err error) string {
	ae, ok := errors.AsType[*api.Error](err)
	switch {
	case err == nil:
		return "ok"
	case ok && ae.Status > 0:
		return "error " + strconv.Itoa(ae.Status)
	case ok && ae.Timeout():
		return "error: timed out"
	case errors.Is(err, context.Canceled):
		return "error: cancelled"
	}
	return "error: not answered"
}
