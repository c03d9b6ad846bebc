package serve

import (
	"log/slog"
	"strings"
	"testing"
	"time"
)

// A flood of refusals writes refusalBurst lines, then one per
// refusalEvery; the next line written says how many were left out.
func TestRefusalLogIsRateLimited(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	r := newRefusalLog(func() time.Time { return now })
	buf := newLogBuffer()
	log := slog.New(slog.NewTextHandler(buf, nil))
	for range 1000 {
		r.info(log, "connection dropped")
	}
	if n := strings.Count(buf.String(), "connection dropped"); n != refusalBurst {
		t.Errorf("1000 refusals at once wrote %d lines, want %d", n, refusalBurst)
	}
	now = now.Add(5 * refusalEvery)
	for range 10 {
		r.info(log, "key refused")
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if n := strings.Count(buf.String(), "key refused"); n != 5 {
		t.Errorf("10 refusals after 5 intervals wrote %d lines, want 5", n)
	}
	if first := lines[refusalBurst]; !strings.Contains(first, "refusals_not_logged=980") {
		t.Errorf("the first line after the flood %q does not count the 980 left out", first)
	}
}
