package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/ui"
)

// appAt is the dashboard, in process, at w×h against a sandbox seeded with
// one config holding ids device IDs, showing that config's Access tab: what
// a user pays for a key there is Update plus View on this App.
type appAt struct {
	app  *ui.App
	c    *api.Client
	sb   *apitest.Server
	stop func() error
}

func newAppAt(ids, w, h int) (*appAt, error) {
	x, err := newAppList(apitest.Options{APIKey: benchKey, SeedConfigs: 1, SeedDeviceIDs: ids}, w, h)
	if err != nil {
		return nil, err
	}
	x.keys("enter", "3")
	if ids > 0 && !x.shows(fmt.Sprintf("%d", ids)) && !x.shows(thousands(ids)) {
		x.close()
		return nil, fmt.Errorf("the Access tab with %d device IDs did not load", ids)
	}
	return x, nil
}

// newAppList is the dashboard showing its config list, against a sandbox
// made with opts (its APIKey must be benchKey).
func newAppList(opts apitest.Options, w, h int) (*appAt, error) {
	sb := apitest.New(opts)
	url, stop, err := apitest.Start("", sb)
	if err != nil {
		return nil, err
	}
	c, err := api.NewClient(url, benchKey)
	if err != nil {
		_ = stop()
		return nil, err
	}
	a := ui.New(ui.Options{Client: c, Profile: "bench", Host: "127.0.0.1"})
	x := &appAt{app: a, c: c, sb: sb, stop: stop}
	x.send(tea.WindowSizeMsg{Width: w, Height: h})
	x.drive(a.Init())
	if !x.shows("Bench 00001") {
		_ = stop()
		return nil, fmt.Errorf("the config list did not load")
	}
	return x, nil
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// paths are the requests the sandbox received since the last clear.
func (x *appAt) paths() []string {
	var ps []string
	for _, r := range x.sb.Requests() {
		ps = append(ps, r.Method+" "+r.Path)
	}
	return ps
}

func (x *appAt) close() { _ = x.stop() }

func (x *appAt) shows(s string) bool { return strings.Contains(x.app.View().Content, s) }

// send delivers one message and everything that follows from it.
func (x *appAt) send(msg tea.Msg) {
	_, cmd := x.app.Update(msg)
	x.drive(cmd)
}

func (x *appAt) keys(ks ...string) {
	for _, k := range ks {
		x.send(key(k))
	}
}

// drive runs cmd and what follows, feeding each message back. Spinner
// ticks and other commands that wait are dropped, as in ui's own tests.
func (x *appAt) drive(cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	// A bound, so that a re-arming timer (a countdown) cannot loop forever.
	for steps := 0; len(queue) > 0 && steps < 500; steps++ {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := runQuick(c).(type) {
		case nil, spinner.TickMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			_, next := x.app.Update(msg)
			queue = append(queue, next)
		}
	}
}

// runQuick runs c, giving up on commands that sleep (ticks, countdowns).
func runQuick(c tea.Cmd) tea.Msg {
	ch := make(chan tea.Msg, 1)
	go func() { ch <- c() }()
	select {
	case msg := <-ch:
		return msg
	case <-time.After(time.Second):
		return nil
	}
}

// key is the message a terminal sends for a key as Bubble Tea spells it.
func key(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// rows are the sandbox's device IDs as table cells, for the baselines.
func (x *appAt) rows() ([][]string, error) {
	ctx := context.Background()
	cl, _, err := x.c.ListConfigs(ctx)
	if err != nil {
		return nil, err
	}
	if len(cl.Configurations) == 0 {
		return nil, fmt.Errorf("no config in the sandbox")
	}
	ids, _, err := x.c.ListDeviceIDs(ctx, cl.Configurations[0].UniqueKey)
	if err != nil {
		return nil, err
	}
	rows := make([][]string, len(ids))
	for i, d := range ids {
		rows[i] = []string{d.DeviceID, d.Note, yesNo(bool(d.IsActive)), yesNo(bool(d.DeleteAfterUsed)), d.UpdatedAt}
	}
	return rows, nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
