package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"tweakdash/api"
	"tweakdash/internal/safefile"
	"tweakdash/internal/settings"
	"tweakdash/internal/termsafe"
)

// openDebugLog opens the state directory's debug.log (mode 0600, appended
// to, in a 0700 directory) and returns the client option that writes one
// line per request attempt: method, path, status, duration, rate headroom,
// retry. The client never hands the key to the logger.
func openDebugLog() (api.Option, func(), error) {
	dir := settings.StateDir()
	if err := safefile.MakeDir(dir); err != nil {
		return nil, nil, err
	}
	f, err := safefile.OpenAppend(filepath.Join(dir, "debug.log"))
	if err != nil {
		return nil, nil, err
	}
	var mu sync.Mutex
	write := func(line string) {
		mu.Lock()
		defer mu.Unlock()
		_, _ = fmt.Fprintln(f, time.Now().Format("2006-01-02T15:04:05.000Z07:00")+" "+line)
	}
	write(fmt.Sprintf("tweakdash %s started", api.Version))
	return api.WithLogger(func(r api.RequestLog) { write(formatRequestLog(r)) }), func() { _ = f.Close() }, nil
}

// formatRequestLog is one line of the debug log.
func formatRequestLog(r api.RequestLog) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s status=%d duration=%s attempt=%d", r.Method, r.Path, r.Status, r.Duration.Round(time.Millisecond), r.Attempt)
	if r.Rate.Known {
		fmt.Fprintf(&b, " rate=%d/%d", r.Rate.Remaining, r.Rate.Limit)
	}
	if r.Err != nil {
		fmt.Fprintf(&b, " error=%q", termsafe.OneLine(r.Err.Error()))
	}
	if r.RetryIn > 0 {
		fmt.Fprintf(&b, " retry_in=%s reason=%q", r.RetryIn.Round(time.Millisecond), r.RetryReason)
	}
	return b.String()
}
