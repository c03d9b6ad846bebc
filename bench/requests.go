package main

import (
	"context"
	"fmt"
	"strings"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/model"
)

// measureRequests is #6: requests per action, counted at the sandbox.
// Opening a config drives the dashboard (enter on the first config). The
// two writes go through the api.Client calls the dashboard's save command
// makes (CreateDeviceIDs, CreateServer), plus the follow-up the dashboard
// sends after the reply: a device ID list refetch only when the create
// reply holds no records (ui/edit.go savedDeviceIDs), none for a server
// (the mutation reply is applied to the list).
func measureRequests(e benchEnv) []result {
	const n1, b1 = "6 requests: open a config", "1"
	const n2, b2 = "6 requests: paste 5,000 IDs and submit", "1"
	const n3, b3 = "6 requests: create a server", "<= 2"
	// The account's limits are raised so that the 5,000 IDs fit: the
	// count of requests is measured, not the plan's quota.
	limits := apitest.DefaultLimits()
	limits.DeviceIDs, limits.DeviceIDsPerConfig = 100000, 100000
	a, err := newAppList(apitest.Options{APIKey: benchKey, SeedConfigs: 1, Limits: &limits}, 120, 40)
	if err != nil {
		return []result{failed(n1, b1, err), failed(n2, b2, err), failed(n3, b3, err)}
	}
	defer a.close()
	ctx := context.Background()

	a.sb.ClearRequests()
	a.keys("enter")
	open := a.sb.Count("", "/")
	opened := fmt.Sprintf("%d (%s)", open, strings.Join(a.paths(), ", "))

	cl, _, err := a.c.ListConfigs(ctx)
	if err != nil || len(cl.Configurations) == 0 {
		return []result{{name: n1, ours: fmt.Sprint(open), baseline: "1", ratio: "-", budget: b1, pass: open == 1, note: opened},
			failed(n2, b2, fmt.Errorf("listing configs: %v", err)), failed(n3, b3, fmt.Errorf("listing configs: %v", err))}
	}
	cfg := cl.Configurations[0].UniqueKey

	a.sb.ClearRequests()
	ids := strings.Split(pastedIDs(5000), "\n")
	got, _, err := a.c.CreateDeviceIDs(ctx, cfg, api.DeviceIDCreate{IDs: ids, IsActive: true})
	var paste result
	if err != nil {
		paste = failed(n2, b2, err)
	} else {
		n := a.sb.Count("", "/")
		if len(got.DeviceIDs) == 0 {
			n++ // the dashboard refetches the list
		}
		paste = result{name: n2, ours: fmt.Sprint(n), baseline: "1", ratio: times(float64(n)), budget: b2, pass: n == 1,
			note: fmt.Sprintf("via api.Client.CreateDeviceIDs; reply held %d records", len(got.DeviceIDs))}
	}

	a.sb.ClearRequests()
	var srv result
	_, _, err = a.c.CreateServer(ctx, cfg, model.Server{Name: "bench", TunnelType: model.SSH, IPPortUserPass: "10.0.0.1:22"})
	if err != nil {
		srv = failed(n3, b3, err)
	} else {
		n := a.sb.Count("", "/")
		srv = result{name: n3, ours: fmt.Sprint(n), baseline: "1", ratio: times(float64(n)), budget: b3, pass: n <= 2,
			note: "via api.Client.CreateServer; the dashboard applies the reply"}
	}
	return []result{{name: n1, ours: fmt.Sprint(open), baseline: "1", ratio: times(float64(open)), budget: b1,
		pass: open == 1, note: "driving ui.App: " + opened}, paste, srv}
}
