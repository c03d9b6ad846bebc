package ui

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"tweakdash/api"
)

// scenario brings a freshly started app (fixture data, list loaded) to the
// screen it is named for.
type scenario struct {
	name  string
	setup func(f *fakeAPI)
	keys  []string
	opts  func(*Options)
}

var scenarios = []scenario{
	{name: "list"},
	{name: "servers", keys: []string{"enter"}},
	{name: "tweaks", keys: []string{"enter", "2"}},
	{name: "device_ids", keys: []string{"enter", "3"}},
	{name: "passwords", keys: []string{"enter", "3", "]"}},
	{name: "detail_masked", keys: []string{"enter", "enter"}},
	{name: "detail_revealed", keys: []string{"enter", "enter", "s"}},
	{name: "password_detail", keys: []string{"enter", "3", "]", "enter"}},
	{name: "help", keys: []string{"enter", "?"}},
	// A served session: X and I point to ssh, no ctrl+z.
	{name: "help_served", keys: []string{"enter", "?"}, opts: func(o *Options) {
		o.HostAccess = HostAccess{Remote: "ssh -p 23234 HOST"}
	}},
	{name: "filter", keys: []string{"enter", "3", "/", "b", "b"}},
	{name: "empty_config", keys: []string{"j", "enter"}},
	{name: "access_off", keys: []string{"j", "enter", "3"}},
	{name: "back_to_list", keys: []string{"enter", "esc"}},
	{name: "error_status", keys: []string{"enter"}, setup: func(f *fakeAPI) {
		f.errs["resources "+key12] = &api.Error{Status: 503, Message: "Service Unavailable"}
	}},
	{name: "header_marks", opts: func(o *Options) {
		o.Label, o.Color, o.Demo, o.ReadOnly = "PROD", "red", true, true
	}, setup: func(f *fakeAPI) {
		f.rate = api.Rate{Limit: 60, Remaining: 58, Known: true}
	}},
}

var sizes = [][2]int{{80, 24}, {120, 40}}

func (sc scenario) run(t *testing.T, w, h int) *App {
	t.Helper()
	f := newFake(t)
	if sc.setup != nil {
		sc.setup(f)
	}
	var opts []func(*Options)
	if sc.opts != nil {
		opts = append(opts, sc.opts)
	}
	a := start(t, f, w, h, opts...)
	press(a, sc.keys...)
	return a
}

// ascii is the view as a terminal without colour would get it: the
// profile is pinned so that the goldens do not depend on the machine.
func ascii(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	w := colorprofile.NewWriter(&b, nil)
	w.Profile = colorprofile.ASCII
	if _, err := w.WriteString(s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGolden snapshots each screen at 80x24 and 120x40 (go test ./ui
// -update rewrites testdata/TestGolden/...).
func TestGolden(t *testing.T) {
	for _, sc := range scenarios {
		for _, sz := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, sz[0], sz[1]), func(t *testing.T) {
				a := sc.run(t, sz[0], sz[1])
				golden.RequireEqual(t, ascii(t, a.View().Content))
			})
		}
	}
}

// TestViewFitsTerminal: lipgloss wraps lines that are too long, and a
// terminal wraps them again, so every line of every screen must fit and
// the screen must be exactly as tall as the terminal.
func TestViewFitsTerminal(t *testing.T) {
	for _, sc := range scenarios {
		for _, sz := range append(sizes, [2]int{100, 30}, [2]int{99, 20}, [2]int{60, 12}, [2]int{30, 8}, [2]int{12, 4}, [2]int{3, 3}) {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, sz[0], sz[1]), func(t *testing.T) {
				a := sc.run(t, sz[0], sz[1])
				lines := strings.Split(a.View().Content, "\n")
				if len(lines) != sz[1] {
					t.Errorf("%d lines, want %d", len(lines), sz[1])
				}
				for i, l := range lines {
					if w := lipgloss.Width(l); w > sz[0] {
						t.Errorf("line %d is %d cells wide, terminal %d: %q", i, w, sz[0], stripSGR(l))
					}
				}
			})
		}
	}
}

// Any key sequence at any size leaves a screen that fits the terminal.
func TestRandomKeysKeepTheScreenInBounds(t *testing.T) {
	keys := []string{"j", "k", "g", "G", "pgup", "pgdown", "enter", "esc", "left", "right", "h", "l",
		"1", "2", "3", "tab", "shift+tab", "[", "]", "/", "a", "b", "backspace", "r", "y", "s", "?"}
	rng := rand.New(rand.NewPCG(7, 9))
	for run := range 60 {
		w, h := 1+rng.IntN(140), 1+rng.IntN(45)
		a := start(t, newFake(t), w, h, func(o *Options) { o.Mouse = true })
		for step := range 40 {
			switch n := rng.IntN(20); {
			case n == 0:
				w, h = 1+rng.IntN(140), 1+rng.IntN(45)
				a.Update(tea.WindowSizeMsg{Width: w, Height: h})
			case n == 1:
				_, cmd := a.Update(tea.MouseClickMsg{X: rng.IntN(w), Y: rng.IntN(h), Button: tea.MouseLeft})
				drive(a, cmd)
			default:
				press(a, keys[rng.IntN(len(keys))])
			}
			lines := strings.Split(a.View().Content, "\n")
			if len(lines) != h {
				t.Fatalf("run %d step %d at %dx%d: %d lines", run, step, w, h, len(lines))
			}
			for i, l := range lines {
				if lipgloss.Width(l) > w {
					t.Fatalf("run %d step %d at %dx%d: line %d is %d wide: %q", run, step, w, h, i, lipgloss.Width(l), stripSGR(l))
				}
			}
		}
	}
}
