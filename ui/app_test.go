package ui

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

func TestOpeningAConfigIsOneRequest(t *testing.T) {
	f := newFake(t)
	a := start(t, f, 120, 40)
	if got := f.callList(); !slices.Equal(got, []string{"configs"}) {
		t.Fatalf("start sent %v", got)
	}
	press(a, "enter")
	if got := f.callList()[1:]; !slices.Equal(got, []string{"resources " + key12}) {
		t.Fatalf("opening a config sent %v, want one /resources", got)
	}
	// Servers and tweaks come with it; moving and switching between them
	// sends nothing.
	press(a, "j", "2", "1", "tab", "shift+tab")
	if n := len(f.callList()); n != 2 {
		t.Fatalf("browsing loaded tabs sent %v", f.callList()[2:])
	}
}

func TestAccessListsLoadOnFirstShowAndAreCached(t *testing.T) {
	f := newFake(t)
	a := start(t, f, 120, 40)
	press(a, "enter", "3")
	press(a, "]", "[", "]", "1", "3")
	want := []string{"configs", "resources " + key12, "device-ids " + key12, "passwords " + key12}
	if got := f.callList(); !slices.Equal(got, want) {
		t.Fatalf("calls %v, want %v", got, want)
	}
	// Another config and back: nothing is asked again until r.
	press(a, "esc", "j", "enter", "esc", "k", "enter", "3")
	want = append(want, "resources "+key13)
	if got := f.callList(); !slices.Equal(got, want) {
		t.Fatalf("calls %v, want %v", got, want)
	}
	press(a, "r")
	want = append(want, "passwords "+key12)
	if got := f.callList(); !slices.Equal(got, want) {
		t.Fatalf("r sent %v, want %v", got[len(got)-1:], want[len(want)-1:])
	}
}

func TestStaleReplyIsDropped(t *testing.T) {
	f := newFake(t)
	a := start(t, f, 120, 40)
	// Config 12, then 13, then 12 again, faster than the server answers:
	// the first answer for 12 arrives after the second was asked.
	send := func(k string) tea.Cmd {
		_, cmd := a.Update(keyPress(k))
		return cmd
	}
	open := func() replyMsg { return findMsg[replyMsg](t, send("enter")) }
	first := open()
	press(a, "esc", "j")
	open()
	press(a, "esc", "k")
	second := open()
	if first.id >= second.id || first.config != key12 || second.config != key12 {
		t.Fatalf("requests %+v then %+v", first, second)
	}
	stale := *first.body.(*api.Resources)
	stale.Servers = stale.Servers[:1]
	first.body = &stale
	a.Update(first)
	if a.pane.cur.loads[reqResources].state != loading {
		t.Fatal("the stale reply was taken")
	}
	a.Update(second)
	if n := a.pane.cur.lists[listServers].tbl().total(); n != 2 {
		t.Fatalf("%d servers shown, want the 2 of the latest reply", n)
	}
	// A stale reply that arrives after the latest one changes nothing.
	a.Update(first)
	if n := a.pane.cur.lists[listServers].tbl().total(); n != 2 {
		t.Fatalf("a late stale reply replaced the list: %d servers", n)
	}
}

// findMsg runs cmd (and batches inside it) and returns the first message
// of type M.
func findMsg[M tea.Msg](t *testing.T, cmd tea.Cmd) M {
	t.Helper()
	for _, msg := range runAll(cmd) {
		if m, ok := msg.(M); ok {
			return m
		}
	}
	var zero M
	t.Fatalf("no %T", zero)
	return zero
}

func TestReplyForAClosedViewIsDropped(t *testing.T) {
	f := newFake(t)
	a := start(t, f, 80, 24) // narrow: esc closes the config view
	_, cmd := a.Update(keyPress("enter"))
	pending := findMsg[replyMsg](t, cmd)
	ctx := a.pane.views[key12].ctx
	press(a, "esc")
	if ctx.Err() == nil {
		t.Fatal("closing the view did not cancel its requests")
	}
	a.Update(pending)
	if a.pane.views[key12].loads[reqResources].state != notLoaded {
		t.Fatal("a reply for a closed view was taken")
	}
	// Opening it again asks again.
	press(a, "enter")
	if got := f.callList(); got[len(got)-1] != "resources "+key12 {
		t.Fatalf("reopening sent %v", got)
	}
	if !strings.Contains(plainView(a), "Main SSH Server v2") {
		t.Fatal("reopened config does not show its servers")
	}
}

func TestWideBackKeepsTheViewOpen(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	press(a, "enter", "esc")
	if a.focus != paneList || a.pane.cur == nil || a.pane.cur.ctx.Err() != nil {
		t.Fatal("esc on a wide terminal should only move focus back to the list")
	}
	// A tab key from the list goes to the config and focuses it.
	press(a, "2")
	if a.focus != paneConfig || a.pane.cur.tab != tabTweaks {
		t.Fatalf("2 from the list: focus %v tab %v", a.focus, a.pane.cur.tab)
	}
}

func TestNarrowStacksPanes(t *testing.T) {
	a := start(t, newFake(t), 80, 24)
	v := plainView(a)
	if !strings.Contains(v, "┌ Configs") || strings.Contains(v, "Select a config") {
		t.Fatalf("narrow start should show only the list:\n%s", v)
	}
	press(a, "enter")
	v = plainView(a)
	if strings.Contains(v, "┌ Configs") || !strings.Contains(v, "┌ Config 12") {
		t.Fatalf("enter should show the config full width:\n%s", v)
	}
	press(a, "esc")
	if v = plainView(a); !strings.Contains(v, "┌ Configs") {
		t.Fatalf("esc should go back to the list:\n%s", v)
	}
}

func TestCloudToggleOffShowsServerMessageInTab(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	msgs := press(a, "j", "enter", "3")
	if s, ok := statusOf(msgs); ok && s.kind == statusError {
		t.Fatalf("a 422 on an Access list became an error toast: %q", s.text)
	}
	v := plainView(a)
	for _, want := range []string{"Cloud HWID lock is disabled for this configuration", "Enable it in the Panel", "IDs (off)"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	// Keys that need a row say why.
	msgs = press(a, "enter")
	if s, _ := statusOf(msgs); !strings.Contains(s.text, "enable it in the Panel") {
		t.Fatalf("enter on a refused list says %q", s.text)
	}
}

func TestErrorsGoToTheStatusLine(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&api.Error{Status: 401, Message: "Unauthenticated."}, "API key missing or invalid"},
		{&api.Error{Status: 403, Message: "This action is unauthorized."}, "This key may not manage config “Config 12”"},
		{&api.Error{Status: 404, Message: ""}, "Config “Config 12” not found: reload? (r)"},
		{&api.Error{Status: 500, Message: "Server Error"}, "Server error 500"},
		{&api.Error{Status: 429, Message: "Too Many Attempts.", RetryAfter: 12500 * time.Millisecond}, "Rate limited: try again in 13s"},
		{&api.Error{Status: 429, Message: "Too Many Attempts."}, "Rate limited: try again shortly"},
		{&api.Error{Status: 422, Message: "The name field is required."}, "The name field is required."},
		{context.DeadlineExceeded, "Timed out loading config “Config 12”"},
		// A 2xx whose body broke off: the status is no explanation.
		{&api.Error{Status: 200, Message: "lost the connection"}, "Lost the connection (r to retry)"},
	} {
		t.Run(c.want, func(t *testing.T) {
			f := newFake(t)
			f.errs["resources "+key12] = c.err
			a := start(t, f, 120, 40)
			s, _ := statusOf(press(a, "enter"))
			if s.kind != statusError || !strings.Contains(s.text, c.want) {
				t.Fatalf("status %v %q, want error %q", s.kind, s.text, c.want)
			}
			if last := strings.Split(plainView(a), "\n")[39]; !strings.Contains(last, c.want) {
				t.Fatalf("status line %q", last)
			}
		})
	}
}

func TestDisabledKeysSayWhy(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	cases := []struct {
		keys []string
		want string
	}{
		{[]string{"2"}, "no config open"},
		{[]string{"enter", "["}, "inside the Access tab"},
		{[]string{"enter", "enter", "j", "j", "j", "j", "j", "j", "enter"}, "already showing the details"},
		{[]string{"esc", "2", "enter", "s"}, "nothing secret here"},
	}
	for _, c := range cases {
		s, ok := statusOf(press(a, c.keys...))
		if !ok || s.kind != statusWarn || !strings.Contains(s.text, c.want) {
			t.Errorf("%v: status %q, want it to say %q", c.keys, s.text, c.want)
		}
	}
}

func TestHelpShowsOnlyLiveKeys(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	press(a, "?")
	v := plainView(a)
	if !strings.Contains(v, "open config") || strings.Contains(v, "next tab") || strings.Contains(v, "passwords") {
		t.Fatalf("help before a config is open:\n%s", v)
	}
	press(a, "esc", "enter", "3", "?")
	v = plainView(a)
	for _, want := range []string{"next tab", "device IDs", "passwords", "copy device ID", "quit now"} {
		if !strings.Contains(v, want) {
			t.Errorf("help in Access lacks %q", want)
		}
	}
	if strings.Contains(v, "clear filter") {
		t.Error("help offers to clear a filter that is not set")
	}
	press(a, "?")
	if a.showHelp {
		t.Fatal("? did not close help")
	}
}

func TestQuitKeys(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	press(a, "/")
	if _, cmd := a.Update(keyPress("q")); isQuit(cmd) {
		t.Fatal("q quit while typing a filter")
	}
	if got := a.list.tbl.query.String(); got != "q" {
		t.Fatalf("q while typing should be text, query %q", got)
	}
	if _, cmd := a.Update(keyPress("ctrl+c")); !isQuit(cmd) {
		t.Fatal("ctrl+c did not quit while typing")
	}
	if a.ctx.Err() == nil {
		t.Fatal("quitting did not cancel requests")
	}
	b := start(t, newFake(t), 120, 40)
	if _, cmd := b.Update(keyPress("q")); !isQuit(cmd) {
		t.Fatal("q did not quit")
	}
}

func TestCopyUsesOSC52WithTheRawValue(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	press(a, "enter", "3", "j")
	_, cmd := a.Update(keyPress("y"))
	if got := clipboardOf(t, cmd); got != "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" {
		t.Fatalf("copied %q", got)
	}
	// A password is masked in the list but copied in the clear.
	press(a, "]")
	_, cmd = a.Update(keyPress("y"))
	if got := clipboardOf(t, cmd); got != "Secret123" {
		t.Fatalf("copied %q", got)
	}
	press(a, "1", "enter")
	_, cmd = a.Update(keyPress("y"))
	if got := clipboardOf(t, cmd); got != "8bcb3c4f-1e2d-4c5b-9a8f-7e6d7b6c4a12" {
		t.Fatalf("copied %q from the detail", got)
	}
}

// clipboardOf returns what cmd writes to the clipboard with OSC 52.
func clipboardOf(t *testing.T, cmd tea.Cmd) string {
	t.Helper()
	for _, msg := range runAll(cmd) {
		if want := reflect.TypeOf(tea.SetClipboard("")()); reflect.TypeOf(msg) == want {
			return reflect.ValueOf(msg).String()
		}
	}
	t.Fatal("no clipboard write")
	return ""
}

func TestRateHeadroomInHeader(t *testing.T) {
	f := newFake(t)
	f.rate = api.Rate{Limit: 60, Remaining: 58, Known: true}
	a := start(t, f, 120, 40)
	if head := strings.Split(plainView(a), "\n")[0]; !strings.Contains(head, "configs 2/20 · rate 58/60") {
		t.Fatalf("header %q", head)
	}
	f.rate = api.Rate{Limit: 60, Remaining: 3, Known: true}
	press(a, "r")
	if last := strings.Split(plainView(a), "\n")[39]; !strings.Contains(last, "rate 3/60") {
		t.Fatalf("low headroom not in the status line: %q", last)
	}
}

func TestNoticeStaysUntilAKeyIsPressed(t *testing.T) {
	a := start(t, newFake(t), 120, 40, func(o *Options) { o.Notice = "config.toml: line 3: unknown key" })
	if last := strings.Split(plainView(a), "\n")[39]; !strings.Contains(last, "config.toml: line 3") {
		t.Fatalf("notice replaced at start: %q", last)
	}
	press(a, "enter")
	if last := strings.Split(plainView(a), "\n")[39]; strings.Contains(last, "config.toml") {
		t.Fatalf("notice still shown after a key: %q", last)
	}
}

func TestBackgroundColorPicksTheme(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	if !a.env.st.Dark {
		t.Fatal("the default should be dark until the terminal answers")
	}
	a.Update(tea.BackgroundColorMsg{Color: lightGrey{}})
	if a.env.st.Dark {
		t.Fatal("a light background kept the dark theme")
	}
}

type lightGrey struct{}

func (lightGrey) RGBA() (r, g, b, a uint32) { return 0xeeee, 0xeeee, 0xeeee, 0xffff }

func TestFirstFrameShowsSpinnerAtOnce(t *testing.T) {
	a := newApp(Options{Profile: "default", Host: "httptweak.com"}, newFake(t))
	init := a.Init()
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	v := plainView(a)
	if !strings.Contains(v, "Loading configs from httptweak.com") || !a.busy() {
		t.Fatalf("first frame:\n%s", v)
	}
	if init == nil {
		t.Fatal("Init does not start the config list request")
	}
	if !a.View().AltScreen {
		t.Fatal("the dashboard should use the alt screen")
	}
}

func TestMouse(t *testing.T) {
	off := start(t, newFake(t), 120, 40)
	off.Update(tea.MouseClickMsg{X: 5, Y: 4, Button: tea.MouseLeft})
	if i, _ := off.list.tbl.selected(); i != 0 || off.View().MouseMode != tea.MouseModeNone {
		t.Fatal("mouse acted though Options.Mouse is off")
	}

	a := start(t, newFake(t), 120, 40, func(o *Options) { o.Mouse = true })
	if a.View().MouseMode != tea.MouseModeCellMotion {
		t.Fatal("mouse mode not requested")
	}
	// Line 0 header, 1 border, 2 filter line, 3 Config 12, 4 Config 13.
	click := func(x, y int) {
		_, cmd := a.Update(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
		drive(a, cmd)
	}
	click(5, 4)
	if c, _ := a.list.selected(); c.Name != "Config 13" || a.pane.cur != nil {
		t.Fatalf("click selected %q", c.Name)
	}
	click(5, 3)
	click(5, 3) // a click on the selected config opens it
	if a.pane.cur == nil || a.pane.cur.cfg.Name != "Config 12" {
		t.Fatal("second click did not open the config")
	}
	lw := listWidth(120)
	click(lw+1+termsafe.Width(" 1 Servers (2)   "), 2) // the "2 Tweaks" tab
	if a.pane.cur.tab != tabTweaks {
		t.Fatalf("tab click: tab %v", a.pane.cur.tab)
	}
	click(lw+1+termsafe.Width(" 1 Servers (2)   2 Tweaks (1)   3 Access ▸ IDs · "), 2) // Passwords
	if a.pane.cur.tab != tabAccess || a.pane.cur.access != listPasswords {
		t.Fatalf("tab click: tab %v list %v", a.pane.cur.tab, a.pane.cur.access)
	}
	_, cmd := a.Update(tea.MouseWheelMsg{X: lw + 5, Y: 10, Button: tea.MouseWheelDown})
	drive(a, cmd)
	if a.pane.cur.lists[listPasswords].tbl().cursor != 1 {
		t.Fatalf("wheel did not move the password list")
	}
}

// Every string from the server passes termsafe: names, notes, keys,
// messages, unknown fields, in the list, tabs, tables, detail and status.
func TestHostileServerStringsNeverReachTheViewRaw(t *testing.T) {
	hostile := termsafe.Hostile()
	f := newFake(t)
	for i, h := range hostile {
		f.configs.Configurations = append(f.configs.Configurations, model.Config{Name: h, UniqueKey: fmt.Sprintf("k%d", i)})
	}
	f.configs.Configurations[0].Name = "\x1b]52;c;SGVsbG8=\x07\x1b[2J\rEvil"
	r := f.resources[key12]
	r.ConfigurationName = "\x1b]0;pwned\x07Config\u202e12"
	for i, h := range hostile {
		r.Servers = append(r.Servers, model.Server{Name: h, TunnelType: model.TunnelType(h), UniqueKey: h, UpdatedAt: h})
		f.deviceIDs[key12] = append(f.deviceIDs[key12], model.DeviceID{DeviceID: h, Note: h, UpdatedAt: h,
			Raw: model.Raw{"device_id": []byte(fmt.Sprintf("%q", h)), h: []byte(fmt.Sprintf(`"%d"`, i))}})
	}
	f.errs["passwords "+key12] = &api.Error{Status: 500, Message: "\x1b[31mboom\r\x1b]8;;http://evil\x07"}
	f.errs["device-ids "+key13] = &api.Error{Status: 422, Message: "\x1b[2Joff\u2066"}
	for _, sz := range sizes {
		a := start(t, f, sz[0], sz[1])
		assertTerminalSafe(t, a.View().Content)
		for _, k := range []string{"enter", "j", "3", "enter", "s", "esc", "/", "\x1b"[:0] + "a", "esc", "]"} {
			if k == "" {
				continue
			}
			press(a, k)
			assertTerminalSafe(t, a.View().Content)
		}
		press(a, "esc", "esc", "j", "enter", "3")
		assertTerminalSafe(t, a.View().Content)
	}
}

func TestRateLimitCountsDown(t *testing.T) {
	f := newFake(t)
	f.errs["resources "+key12] = &api.Error{Status: 429, Message: "Too Many Attempts.", RetryAfter: 2 * time.Second}
	a := start(t, f, 120, 40)
	press(a, "enter")
	last := func() string { return strings.Split(plainView(a), "\n")[39] }
	if !strings.Contains(last(), "Rate limited: try again in 2s") {
		t.Fatalf("status %q", last())
	}
	gen := a.status.gen
	a.Update(countdownMsg{gen: gen})
	if !strings.Contains(last(), "try again in 1s") {
		t.Fatalf("after a second: %q", last())
	}
	a.Update(countdownMsg{gen: gen - 1}) // a tick of an older line
	if !strings.Contains(last(), "try again in 1s") {
		t.Fatalf("a stale tick counted: %q", last())
	}
	a.Update(countdownMsg{gen: gen})
	if !strings.Contains(last(), "r to retry") {
		t.Fatalf("at zero: %q", last())
	}
}

func TestPanelHintNotRepeated(t *testing.T) {
	f := newFake(t)
	f.errs["device-ids "+key13] = &api.Error{Status: 422, Message: "Cloud HWID lock is disabled. Enable it in the Panel."}
	a := start(t, f, 120, 40)
	press(a, "j", "enter", "3")
	if n := strings.Count(plainView(a), "Panel"); n != 1 {
		t.Fatalf("“Panel” shown %d times:\n%s", n, plainView(a))
	}
}
