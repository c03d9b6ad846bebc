package cli

import (
	"context"
	"crypto/rand"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/internal/drafts"
	"tweakdash/internal/settings"
	"tweakdash/ui"
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
	return runUI(ctx, ds, ui.Options{
		Client:   client,
		Profile:  "demo",
		Host:     hostOf(url),
		Demo:     true,
		ReadOnly: f.readOnly,
		Mouse:    st.Mouse,
		Keys:     st.Keys,
		Theme:    st.Theme,
		Refresh:  st.Refresh,
		Notice:   strings.Join(st.Notices, " · "),
		NoColor:  noColor,
		WarmUp:   true,
		// The demo runs on the user's machine: their files, as the
		// dashboard's.
		HostAccess: localHost(),
	}, popts)
}
