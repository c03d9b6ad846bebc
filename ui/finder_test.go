package ui

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/model"
)

// F, then part of a device ID that lives in another config: the result
// names that config, and enter opens it on that ID; the lists fetched for
// the search stay, so opening costs no request.
func TestFindLandsOnARowInAnotherConfig(t *testing.T) {
	sb, c, _ := sandbox(t)
	ctx := context.Background()
	other := sb.AddConfig(apitest.ConfigSpec{Name: "Other Config", CloudHWIDLock: true, CloudPassword: true})
	const id = "FEDCBA98765432100123456789FEDCBA"
	if _, _, err := c.CreateDeviceIDs(ctx, other, api.DeviceIDCreate{IDs: []string{id}, Note: "customer phone", IsActive: true}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.CreateServer(ctx, other, model.Server{Name: "Far SSH", TunnelType: model.SSH, IPPortUserPass: "203.0.113.9:22"}); err != nil {
		t.Fatal(err)
	}
	a := startOn(t, c, 120, 40)
	sb.ClearRequests()
	press(a, "F")
	if _, ok := a.overlay.(*finder); !ok {
		t.Fatalf("F opened %T", a.overlay)
	}
	press(a, strings.Split("8765432100", "")...)
	v := plainView(a)
	if !strings.Contains(v, "Other Config · Device IDs · "+id) || !strings.Contains(v, "every list of 3 configs searched") {
		t.Fatalf("find:\n%s", v)
	}
	if strings.Contains(v, "Locked Config · ") {
		t.Fatalf("a config without the ID matched:\n%s", v)
	}
	// Three lists for each of three configs, the locked config's Access
	// lists refused: nine GETs, none twice.
	if n := sb.Count(http.MethodGet, "/api/v1/configs/"); n != 9 {
		t.Fatalf("%d GETs for the search, want 9", n)
	}
	before := len(sb.Requests())
	press(a, "enter")
	if a.pane.cur == nil || a.pane.cur.cfg.UniqueKey != other || a.pane.cur.shown() != listDeviceIDs {
		t.Fatalf("enter did not open Other Config on its device IDs:\n%s", plainView(a))
	}
	if v := plainView(a); !strings.Contains(v, "▌"+id) {
		t.Fatalf("the ID is not under the cursor:\n%s", v)
	}
	if len(sb.Requests()) != before {
		t.Fatal("opening the found config asked again")
	}
	// A name matches too, and esc closes the search.
	press(a, "F", "F", "a", "r", "space", "s")
	if !strings.Contains(plainView(a), "Other Config · Servers · Far SSH") {
		t.Fatalf("find by name:\n%s", plainView(a))
	}
	press(a, "esc")
	if a.overlay != nil {
		t.Fatalf("esc left %T open", a.overlay)
	}
}
