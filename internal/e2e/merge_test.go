package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"tweakdash/api/apitest"
	"tweakdash/model"
)

// A note edited in the terminal while another client changed the address
// saves with both changes and no conflict.
func TestE2ENoteEditedWhileSomeoneChangedTheAddressKeepsBoth(t *testing.T) {
	_, url, c := testSandbox(t, apitest.Options{Data: apitest.DataDemo})
	ctx := context.Background()
	list, _, err := c.ListConfigs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cfg := list.Configurations[0]
	m, _, err := c.CreateServer(ctx, cfg.UniqueKey, model.Server{Name: "Merge me", TunnelType: model.SSH, IPPortUserPass: "198.51.100.1:22"})
	if err != nil || len(m.Servers) != 1 {
		t.Fatal(err)
	}
	key := m.Servers[0].UniqueKey

	tm := startTerm(t, 100, 30, dashboardEnv(t, e2eSandbox{url: url}))
	tm.waitText(prefix(cfg.Name, 12))
	tm.press("\r")
	tm.waitText("Merge me")
	tm.press("G")
	tm.press("e")
	tm.waitText("Edit server", "198.51.100.1:22")
	tm.press("\r\r\r\r\rmy note") // past type, name, address, SSL port and key, to the note
	tm.waitText("my note")

	full, _, err := c.ListServers(ctx, cfg.UniqueKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range full {
		if s.UniqueKey == key {
			s.IPPortUserPass = "203.0.113.77:2222"
			if _, _, err := c.UpdateServer(ctx, cfg.UniqueKey, key, s); err != nil {
				t.Fatal(err)
			}
		}
	}
	tm.press("\x13")
	tm.waitText("updated (merged their change to Address / credentials)")

	full, _, err = c.ListServers(ctx, cfg.UniqueKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range full {
		if s.UniqueKey == key && (s.Note != "my note" || s.IPPortUserPass != "203.0.113.77:2222") {
			t.Fatalf("on the server: note %q, address %q; want both changes", s.Note, s.IPPortUserPass)
		}
	}
	quit(t, tm)
}

// A server created through the form shows its UPDATED time at once.
func TestE2ECreatedServerShowsItsUpdatedTime(t *testing.T) {
	_, url, c := testSandbox(t, apitest.Options{Data: apitest.DataDemo})
	list, _, err := c.ListConfigs(context.Background())
	if err != nil || len(list.Configurations) == 0 {
		t.Fatal(err)
	}
	cfg := list.Configurations[0]
	tm := startTerm(t, 100, 30, dashboardEnv(t, e2eSandbox{url: url}))
	tm.waitText(prefix(cfg.Name, 12))
	tm.press("\r")
	tm.waitOpened(cfg)
	tm.press("n")
	tm.waitText("New server", "Tunnel type")
	tm.press("\x1b[C\x1b[C\rDated SSH\r1.2.3.4:22\x13")
	tm.waitText("created")
	dated := regexp.MustCompile(`Dated SSH.*\d\d-\d\d \d\d:\d\d`)
	tm.waitFor("the new row's UPDATED time", func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			if dated.MatchString(l) {
				return true
			}
		}
		return false
	})
	quit(t, tm)
}
