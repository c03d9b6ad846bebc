package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"tweakdash/api/apitest"
)

// In a real terminal: ctrl+a marks every device ID, d names the count, y
// deletes them all with no further key; each ID is deleted once.
func TestE2EMarkAllAndDelete(t *testing.T) {
	sb, url, c := testSandbox(t, apitest.Options{Data: apitest.DataDemo})
	list, _, err := c.ListConfigs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cfg := list.Configurations[0]
	ids, _, err := c.ListDeviceIDs(context.Background(), cfg.UniqueKey)
	if err != nil || len(ids) < 2 {
		t.Fatalf("device IDs: %v %d", err, len(ids))
	}
	n := len(ids)
	tm := startTerm(t, 120, 40, dashboardEnv(t, e2eSandbox{url: url}))
	tm.waitText(prefix(cfg.Name, 12))
	tm.press("\r")
	tm.waitOpened(cfg)
	tm.press("3")
	tm.waitText(fmt.Sprintf("IDs (%d)", n))
	tm.press("\x01") // ctrl+a
	tm.waitText(fmt.Sprintf("%d marked", n))
	sb.ClearRequests()
	tm.press("d")
	tm.waitText(fmt.Sprintf("Delete %d device IDs (", n))
	tm.press("y")
	tm.waitText(fmt.Sprintf("Deleted %d of %d device IDs", n, n))
	if got := sb.Count(http.MethodDelete, "/api/v1/configs/"); got != n {
		t.Fatalf("%d DELETEs for %d IDs", got, n)
	}
	tm.press("\r")
	tm.waitText("IDs (0)")
}

// F, then part of a device ID of another config: the result names it, and
// enter opens that config with the ID on screen.
func TestE2EFindInAnotherConfig(t *testing.T) {
	_, url, c := testSandbox(t, apitest.Options{Data: apitest.DataDemo})
	list, _, err := c.ListConfigs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	other := list.Configurations[1]
	ids, _, err := c.ListDeviceIDs(context.Background(), other.UniqueKey)
	if err != nil || len(ids) == 0 {
		t.Fatalf("device IDs of %s: %v", other.Name, err)
	}
	id := ids[len(ids)-1].DeviceID
	tm := startTerm(t, 120, 40, dashboardEnv(t, e2eSandbox{url: url}))
	tm.waitText(prefix(list.Configurations[0].Name, 12))
	tm.press("F")
	tm.waitText("Find in every config")
	tm.press(id[8:20])
	tm.waitText(other.Name+" · Device IDs · "+id, "searched")
	tm.press("\r")
	tm.waitText("┌ "+prefix(other.Name, 12), "▌"+id)
}
