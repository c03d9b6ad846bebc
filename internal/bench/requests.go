package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/model"

	"tweakdash/internal/words"
)

// measureRequests is #6: requests per user action, counted at the
// sandbox. Every action drives the dashboard (ui.App) with the keys and
// the paste a user sends, and counts what the sandbox received from the
// first key until the dashboard is idle again: the write and any
// follow-up (a full-record fetch; the one read of the written list that
// shows the rows as the server has them, timestamps included).
func measureRequests(e benchEnv) []result {
	const n1, b1 = "6 requests: open a config", "1"
	const n2, b2 = "6 requests: paste 5,000 IDs and submit", "<= 2"
	const n3, b3 = "6 requests: create a server", "<= 2"
	job := deleteByJob()
	a, err := newRequestsApp()
	if err != nil {
		return []result{failed(n1, b1, err), failed(n2, b2, err), failed(n3, b3, err), job}
	}
	defer a.close()
	cfg := a.sb.ConfigKeys()[0]

	a.sb.ClearRequests()
	a.keys("enter")
	a.idle()
	open := a.sb.Count("", "/")
	opened := result{name: n1, ours: fmt.Sprint(open), baseline: "1", ratio: times(float64(open)), budget: b1,
		pass: open == 1, note: "driving ui.App: enter on the config list: " + a.sent(cfg)}
	if !a.shows("1 Servers") {
		err := errors.New("enter on the config list did not show the config's tabs")
		opened.pass, opened.note = false, err.Error()+"; "+opened.note
		return []result{opened, failed(n2, b2, err), failed(n3, b3, err), job}
	}
	// The server is created first, from the Servers tab the config opens
	// on; the device IDs then from the Access tab.
	srv := createServerByForm(a, cfg, n3, b3)
	paste := pasteIDsByBatchBox(a, cfg, n2, b2)
	return []result{opened, paste, srv, job}
}

// deleteByJob deletes 1,000 device IDs as a user does: 3, ctrl+a (mark
// them all), d, y; the job sends one DELETE a row. The count is DELETEs
// per row deleted; a 429 (none without a limit) would add to the budget.
func deleteByJob() result {
	const name, budget, count = "6 requests per deleted row: ctrl+a, d, y on 1,000 IDs", "1.0 + 429s", 1000
	a, err := newRequestsApp()
	if err != nil {
		return failed(name, budget, err)
	}
	defer a.close()
	cfg := a.sb.ConfigKeys()[0]
	ids := strings.Split(pastedIDs(count), "\n")
	if _, _, err := a.c.CreateDeviceIDs(context.Background(), cfg, api.DeviceIDCreate{IDs: ids, IsActive: true}); err != nil {
		return failed(name, budget, err)
	}
	a.keys("enter", "3")
	a.idle()
	a.sb.ClearRequests()
	a.keys("ctrl+a", "d")
	if !a.shows("Delete " + words.Thousands(count) + " device IDs (") {
		return a.missed(name, budget, cfg, "ctrl+a, d did not ask to delete "+words.Thousands(count)+" device IDs")
	}
	a.keys("y")
	a.idle()
	deletes := a.sb.Count("DELETE", "/")
	left, _, err := a.c.ListDeviceIDs(context.Background(), cfg)
	deleted := count - len(left)
	per := float64(deletes) / float64(max(deleted, 1))
	r := result{name: name, ours: fmt.Sprintf("%.2f", per), baseline: "1.00", ratio: fmt.Sprintf("%.2fx", per), budget: budget,
		pass: deleted == count && deletes == count, note: fmt.Sprintf("driving ui.App: %d DELETEs, %d rows deleted, no rate limit", deletes, deleted)}
	var why []string
	if err != nil {
		why = append(why, "listing device IDs: "+err.Error())
	}
	if !a.shows("Deleted " + words.Thousands(count) + " of " + words.Thousands(count) + " device IDs") {
		why = append(why, "the job's summary is not on screen")
	}
	return r.unless(why)
}

// newRequestsApp is the dashboard on its config list, against a sandbox
// with one empty config. The account's limits are raised so that the 5,000
// IDs fit: the count of requests is measured, not the plan's quota.
func newRequestsApp() (*appAt, error) {
	limits := apitest.DefaultLimits()
	limits.DeviceIDs, limits.DeviceIDsPerConfig = 100000, 100000
	return newAppList(apitest.Options{APIKey: benchKey, SeedConfigs: 1, Limits: &limits}, 120, 40)
}

// createServerByForm creates an SSH server through the create form: n,
// the tunnel type chosen with →, name and address typed, ctrl+s.
func createServerByForm(a *appAt, cfg, name, budget string) result {
	const srvName, addr = "Bench SSH", "198.51.100.7:22@root:secret"
	a.idle()
	a.sb.ClearRequests()
	a.keys("n")
	if !a.shows("New server") {
		return a.missed(name, budget, cfg, "n on the Servers tab did not open the create form")
	}
	// The type is a select that → steps through in spec order.
	for range slices.Index(model.ServerTunnelTypes, model.SSH) {
		a.keys("right")
	}
	if !a.shows("SSH private key") {
		return a.missed(name, budget, cfg, "the form's tunnel type did not reach ssh")
	}
	a.keys("enter")
	a.typeText(srvName)
	a.keys("enter")
	a.typeText(addr)
	a.keys("ctrl+s")
	a.idle()
	r := a.writeCount(name, budget, cfg, "n, ssh form, ctrl+s")

	var why []string
	if !a.shows("Server “" + srvName + "” created") {
		why = append(why, "the dashboard did not say the server was created")
	}
	if a.shows("New server") {
		why = append(why, "the form is still open")
	}
	if !a.listed(srvName) {
		why = append(why, "the Servers list does not show it")
	}
	list, _, err := a.c.ListServers(context.Background(), cfg)
	if err != nil {
		why = append(why, "listing servers: "+err.Error())
	} else if !slices.ContainsFunc(list, func(s model.Server) bool {
		return s.Name == srvName && s.TunnelType == model.SSH && s.IPPortUserPass == addr
	}) {
		why = append(why, "the sandbox holds no such server")
	}
	return r.unless(why)
}

// pasteIDsByBatchBox adds 5,000 device IDs through the batch box: 3 (the
// Access tab, device IDs), n, a paste, ctrl+s. The tab's own list load
// comes before the count.
func pasteIDsByBatchBox(a *appAt, cfg, name, budget string) result {
	const count = 5000
	a.keys("3")
	a.idle()
	if !a.shows("IDs (0)") {
		return a.missed(name, budget, cfg, "3 did not show the (empty) device ID list")
	}
	a.sb.ClearRequests()
	a.keys("n")
	if !a.shows("New device ID") {
		return a.missed(name, budget, cfg, "n on the device ID list did not open the batch box")
	}
	pasted := pastedIDs(count)
	a.send(tea.PasteMsg{Content: pasted})
	a.keys("ctrl+s")
	a.idle()
	r := a.writeCount(name, budget, cfg, "batch box paste + ctrl+s")

	var why []string
	if !a.shows("✓ " + words.Thousands(count) + " device IDs added") {
		why = append(why, "the dashboard did not say "+words.Thousands(count)+" device IDs were added")
	}
	if !a.shows(fmt.Sprintf("IDs (%d)", count)) && !a.shows("IDs ("+words.Thousands(count)+")") {
		why = append(why, "the list does not count "+words.Thousands(count)+" IDs")
	}
	ids, _, err := a.c.ListDeviceIDs(context.Background(), cfg)
	if err != nil {
		why = append(why, "listing device IDs: "+err.Error())
	} else {
		held := make(map[string]bool, len(ids))
		for _, d := range ids {
			held[strings.ToUpper(d.DeviceID)] = true
		}
		missing := 0
		for _, id := range strings.Split(pasted, "\n") {
			if !held[id] {
				missing++
			}
		}
		if missing > 0 || len(ids) != count {
			why = append(why, fmt.Sprintf("the sandbox holds %d device IDs, %d of the pasted missing", len(ids), missing))
		}
	}
	return r.unless(why)
}

// sent is what the sandbox received since the last clear, the config's
// path shortened to …: "POST …/servers".
func (a *appAt) sent(cfg string) string {
	ps := a.paths()
	if len(ps) == 0 {
		return "no request"
	}
	for i, p := range ps {
		ps[i] = strings.Replace(p, "/api/v1/configs/"+cfg, "…", 1)
	}
	return strings.Join(ps, ", ")
}

// listed reports whether a row of the shown list, not the status line,
// holds s.
func (a *appAt) listed(s string) bool {
	for _, l := range strings.Split(a.screen(), "\n") {
		if strings.Contains(l, s) && !strings.Contains(l, "✓") {
			return true
		}
	}
	return false
}

// missed is a measure whose key sequence went astray: what was sent so
// far is counted, and the budget is missed.
func (a *appAt) missed(name, budget, cfg, why string) result {
	n := a.sb.Count("", "/")
	return result{name: name, ours: fmt.Sprint(n), baseline: "1", ratio: "-", budget: budget,
		note: why + " (sent: " + a.sent(cfg) + ")"}
}

// unless fails r when the dashboard did not do what the user asked: a
// count of requests for a write that did not happen means nothing.
func (r result) unless(why []string) result {
	if len(why) > 0 {
		r.pass = false
		r.note = "FAILED: " + strings.Join(why, "; ") + "; " + r.note
	}
	return r
}

// writeCount is the result of a write driven through the app: the
// requests it made, at most 2 (the write and the read of its list after
// it), against the one a curl write makes.
func (a *appAt) writeCount(name, budget, cfg, how string) result {
	n := a.sb.Count("", "/")
	return result{name: name, ours: fmt.Sprint(n), baseline: "1", ratio: times(float64(n)), budget: budget, pass: n <= 2,
		note: "driving ui.App: " + how + ": " + a.sent(cfg)}
}
