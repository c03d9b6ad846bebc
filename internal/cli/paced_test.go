package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"tweakdash/api"
	"tweakdash/api/apitest"
)

// fakeClock is the sandbox's clock and the job's: a wait moves it on.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return nil
}

// Deleting 50 device IDs under a 40-a-minute limit waits for the next
// window instead of meeting a 429: no failure, no record deleted twice.
func TestDeleting50IDsUnderA40AMinuteLimitFinishesWithNoFailure(t *testing.T) {
	xdgHome(t)
	clk := &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	sb := apitest.New(apitest.Options{APIKey: testKey, Now: clk.Now})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := api.NewClient(srv.URL, testKey)
	if err != nil {
		t.Fatal(err)
	}
	key := sb.AddConfig(apitest.ConfigSpec{Name: "Gamma", CloudHWIDLock: true})
	ids := make([]string, 50)
	for i := range ids {
		ids[i] = fmt.Sprintf("%032X", i+1)
	}
	if _, _, err := c.CreateDeviceIDs(context.Background(), key, api.DeviceIDCreate{IDs: ids, IsActive: true}); err != nil {
		t.Fatal(err)
	}
	sb.SetRate(40)
	sb.ClearRequests()
	start := clk.Now()
	var out, errOut bytes.Buffer
	code := runCommand(context.Background(), []string{"device-ids", "delete", "Gamma", "--all", "--yes"},
		[]string{"HTTPTWEAK_API_KEY=" + testKey, "HTTPTWEAK_BASE_URL=" + srv.URL},
		scriptIO{cmdIO: cmdIO{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}, clock: clk})
	if code != exitOK || !strings.Contains(errOut.String(), "deleted 50 device IDs") {
		t.Fatalf("status %d, stderr %q", code, errOut.String())
	}
	seen := map[string]int{}
	for _, r := range sb.Requests() {
		if r.Method == "DELETE" {
			seen[r.Path]++
		}
	}
	if len(seen) != 50 {
		t.Errorf("%d distinct deletes, want 50", len(seen))
	}
	for p, n := range seen {
		if n != 1 {
			t.Errorf("%s deleted %d times", p, n)
		}
	}
	if waited := clk.Now().Sub(start); waited < time.Minute {
		t.Errorf("the job waited %s: it cannot have kept under 40 a minute", waited)
	}
	if left, _, _ := c.ListDeviceIDs(context.Background(), key); len(left) != 0 {
		t.Errorf("%d device IDs left", len(left))
	}
}
