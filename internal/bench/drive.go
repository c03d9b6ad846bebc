package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/cursor"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/ui"

	"tweakdash/internal/words"
)

// appAt is the dashboard, in process, at w×h against a sandbox seeded with
// one config holding ids device IDs, showing that config's Access tab: what
// a user pays for a key there is Update plus View on this App.
type appAt struct {
	app  *ui.App
	c    *api.Client
	sb   *apitest.Server
	stop func() error
	net  *inFlight    // the app's HTTP requests not yet read to the end
	msgs chan tea.Msg // what the app's commands returned, not yet delivered
}

func newAppAt(ids, w, h int) (*appAt, error) {
	x, err := newAppList(apitest.Options{APIKey: benchKey, SeedConfigs: 1, SeedDeviceIDs: ids}, w, h)
	if err != nil {
		return nil, err
	}
	x.keys("enter", "3")
	x.idle()
	if ids > 0 && !x.shows(fmt.Sprintf("%d", ids)) && !x.shows(words.Thousands(ids)) {
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
	net := &inFlight{base: http.DefaultTransport}
	c, err := api.NewClient(url, benchKey, api.WithHTTPClient(&http.Client{Transport: net}), api.WithClock(time.Now, net.sleep))
	if err != nil {
		_ = stop()
		return nil, err
	}
	a := ui.New(ui.Options{Client: c, Profile: "bench", Host: "127.0.0.1"})
	x := &appAt{app: a, c: c, sb: sb, stop: stop, net: net, msgs: make(chan tea.Msg, 1024)}
	x.send(tea.WindowSizeMsg{Width: w, Height: h})
	x.drive(a.Init())
	x.idle()
	if !x.shows("Bench 00001") {
		_ = stop()
		return nil, fmt.Errorf("the config list did not load")
	}
	return x, nil
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

// shows reports whether the screen, without its styling, holds s.
func (x *appAt) shows(s string) bool { return strings.Contains(x.screen(), s) }

func (x *appAt) screen() string { return ansi.Strip(x.app.View().Content) }

// send delivers one message and what follows from it until the dashboard
// is quiet (see drive); idle before counting or asserting.
func (x *appAt) send(msg tea.Msg) {
	_, cmd := x.app.Update(msg)
	x.drive(cmd)
}

func (x *appAt) keys(ks ...string) {
	for _, k := range ks {
		x.send(key(k))
	}
}

// drive runs cmd and what follows, feeding each message back, until the
// dashboard has been quiet for a moment: no message for 20ms and no HTTP
// request of the app in flight. Like Bubble Tea's runtime it runs commands
// concurrently and does not wait for timers: a key typed into a form
// starts a cursor blink that sleeps half a second, and the next key
// cancels it. A command still running when drive returns delivers its
// message to a later drive; idle waits for everything but timers.
func (x *appAt) drive(cmd tea.Cmd) {
	x.start(cmd)
	x.settle(20 * time.Millisecond)
}

// idle returns once the dashboard has had nothing to do for half a second:
// every request it sent answered (retries included) and every message that
// followed delivered. Only timers (ticks, blinks, countdowns) may still be
// waiting: the commands that lead to a request reach it in microseconds.
func (x *appAt) idle() { x.settle(500 * time.Millisecond) }

func (x *appAt) settle(quiet time.Duration) {
	t := time.NewTicker(min(quiet/4, 5*time.Millisecond))
	defer t.Stop()
	// Bounds, so that a timer that re-arms itself (a rate-limit
	// countdown) cannot keep the dashboard busy forever.
	last, end := time.Now(), time.Now().Add(2*time.Minute)
	for steps := 0; steps < 5000 && last.Before(end); {
		select {
		case msg := <-x.msgs:
			if x.deliver(msg) {
				last = time.Now()
				steps++
			}
		case now := <-t.C:
			if x.net.n.Load() > 0 {
				last = now
			} else if now.Sub(last) >= quiet {
				return
			}
		}
	}
}

// deliver gives msg to the app and starts what it returns. Spinner ticks
// and cursor blinks are dropped, as in ui's own tests: delivered, they
// re-arm for as long as the app runs. It reports whether msg did anything.
func (x *appAt) deliver(msg tea.Msg) bool {
	if seq, ok := sequenceOf(msg); ok {
		x.startSequence(seq)
		return true
	}
	switch msg := msg.(type) {
	case nil, spinner.TickMsg, cursor.BlinkMsg:
		return false
	case tea.BatchMsg:
		for _, c := range msg {
			x.start(c)
		}
	default:
		_, next := x.app.Update(msg)
		x.start(next)
	}
	return true
}

// start runs c in its own goroutine; its message goes to x.msgs.
func (x *appAt) start(c tea.Cmd) {
	if c != nil {
		go func() { x.msgs <- c() }()
	}
}

// startSequence runs cmds one after another, as tea.Sequence asks: a
// batch among them is run whole before the next command starts.
func (x *appAt) startSequence(cmds []tea.Cmd) {
	go func() {
		for _, c := range cmds {
			if c == nil {
				continue
			}
			msg := c()
			if b, ok := msg.(tea.BatchMsg); ok {
				var wg sync.WaitGroup
				for _, c := range b {
					if c != nil {
						wg.Go(func() { x.msgs <- c() })
					}
				}
				wg.Wait()
				continue
			}
			x.msgs <- msg
		}
	}()
}

// cmdType is tea.Cmd as reflect sees it, to recognise tea.Sequence's
// unexported message (a []tea.Cmd).
var cmdType = reflect.TypeFor[tea.Cmd]()

func sequenceOf(msg tea.Msg) ([]tea.Cmd, bool) {
	if msg == nil {
		return nil, false
	}
	if _, ok := msg.(tea.BatchMsg); ok {
		return nil, false
	}
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != cmdType {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// inFlight is an http.RoundTripper that counts the requests whose reply
// body is not closed yet, and the client's waits between attempts: drive
// waits for both.
type inFlight struct {
	base http.RoundTripper
	n    atomic.Int64
}

func (t *inFlight) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		t.n.Add(-1)
		return nil, err
	}
	resp.Body = &doneBody{ReadCloser: resp.Body, done: func() { t.n.Add(-1) }}
	return resp, nil
}

// sleep is the client's wait before a retry, counted as in flight.
func (t *inFlight) sleep(ctx context.Context, d time.Duration) error {
	t.n.Add(1)
	defer t.n.Add(-1)
	return api.Sleep(ctx, d)
}

type doneBody struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (b *doneBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.done)
	return err
}

// typeText types s a key at a time, as a user would.
func (x *appAt) typeText(s string) {
	for _, r := range s {
		x.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// alternate gives a for even calls and b for odd ones: a key and the key
// that undoes it, so that every round measures the same two states.
func alternate(a, b tea.Msg) func(i int) tea.Msg {
	return func(i int) tea.Msg {
		if i%2 == 0 {
			return a
		}
		return b
	}
}

// namedKeys are the keys the bench presses that are not a character.
var namedKeys = map[string]tea.KeyPressMsg{
	"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "backspace": {Code: tea.KeyBackspace},
	"tab": {Code: tea.KeyTab}, "left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
	"ctrl+s": {Code: 's', Mod: tea.ModCtrl}, "ctrl+a": {Code: 'a', Mod: tea.ModCtrl},
}

// key is the message a terminal sends for a key as Bubble Tea spells it.
func key(s string) tea.KeyPressMsg {
	if k, ok := namedKeys[s]; ok {
		return k
	}
	return tea.KeyPressMsg{Code: []rune(s)[0], Text: s}
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
