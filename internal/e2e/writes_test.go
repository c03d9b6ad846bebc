package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"tweakdash/api/apitest"
)

// A delete answered slowly, and the config left before the answer: the
// write is the app's, so it finishes, reports what the server did, and the
// config list shows the new count (on a narrow terminal esc closes the
// config; on a wide one another config is opened meanwhile).
func TestE2EDeleteOutlivesItsView(t *testing.T) {
	for _, c := range []struct {
		name  string
		w, h  int
		leave string
	}{
		{"narrow esc", 80, 24, "\x1b"},
		{"wide other config", 120, 40, "hj\r"}, // h is back, as esc
	} {
		t.Run(c.name, func(t *testing.T) {
			sb, url, client := testSandbox(t, apitest.Options{Data: apitest.DataDemo})
			list, _, err := client.ListConfigs(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			cfg := list.Configurations[0]
			res, _, err := client.ListResources(context.Background(), cfg.UniqueKey)
			if err != nil {
				t.Fatal(err)
			}
			gone := res.Servers[0]
			sb.Inject(apitest.Fault{Method: http.MethodDelete, Delay: 800 * time.Millisecond})
			tm := startTerm(t, c.w, c.h, dashboardEnv(t, e2eSandbox{url: url}))
			tm.waitText(prefix(cfg.Name, 12))
			tm.press("\r")
			tm.waitOpened(cfg)
			tm.press("d")
			tm.waitText("Delete server")
			tm.press("y")
			tm.press(c.leave)
			before := fmt.Sprintf("%ds %dt", int(cfg.ServersCount), int(cfg.TweaksCount))
			after := fmt.Sprintf("%ds %dt", int(cfg.ServersCount)-1, int(cfg.TweaksCount))
			// The status line is cut at 80 columns: its start says it.
			s := tm.waitText("✓ Server “"+prefix(gone.Name, 10), after)
			if strings.Contains(s, "Could not delete") || strings.Contains(s, before) {
				t.Fatalf("after the delete:\n%s", s)
			}
			if c.w >= 100 {
				// The other config is open; back to the first: the server is gone.
				tm.waitText("┌ " + prefix(list.Configurations[1].Name, 12))
				tm.press("hk\r")
				tm.waitText(fmt.Sprintf("Servers (%d)", int(cfg.ServersCount)-1))
			}
		})
	}
}
