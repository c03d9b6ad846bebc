package cli

import (
	"context"
	"crypto/rand"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/internal/drafts"
	"tweakdash/internal/settings"
)

// demoRate is the sandbox's rate limit in --demo: high enough never to get
// in the way of a person, present so that the header shows the headroom.
const demoRate = 600

// demo runs the dashboard on the sandbox, served in-process on a random
// loopback port with the demo data and a random key: nothing leaves the
// machine and nothing from the settings file but the mouse choice is used.
func demo(ctx context.Context, ds *drafts.Session, st settings.Startup, f dashboardFlags, noColor bool, popts []tea.ProgramOption, clientOpts []api.Option) error {
	key := rand.Text()
	url, stop, err := apitest.Start("127.0.0.1:0", apitest.New(apitest.Options{
		APIKey: key,
		Data:   apitest.DataDemo,
		Rate:   demoRate,
	}))
	if err != nil {
		return err
	}
	defer func() { _ = stop() }()
	client, err := api.NewClient(url, key, clientOpts...)
	if err != nil {
		return err
	}
	opts := usersOptions(st, noColor)
	opts.Client, opts.Profile, opts.Host, opts.Demo, opts.ReadOnly = client, "demo", hostOf(url), true, f.readOnly
	// The demo runs on the user's machine: their files, as the
	// dashboard's.
	opts.HostAccess = localHost()
	return runUI(ctx, ds, opts, popts)
}
