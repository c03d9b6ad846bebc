package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	tea "charm.land/bubbletea/v2"
)

// pictures are the screens the README shows, drawn at 120x40 in 256
// colours: go generate ./internal/pictures turns their goldens into the
// PNGs in docs/. want is what each must show, so that a picture never
// shows a screen that went wrong.
var pictures = []struct {
	name string
	want string
	run  func(t *testing.T) *App
}{
	{"dashboard", "Main SSH", func(t *testing.T) *App {
		a := start(t, newFake(t), 120, 40)
		press(a, "enter")
		return a
	}},
	{"form_ssh", "Edit server", func(t *testing.T) *App {
		a := pictureApp(t)
		press(a, "enter", "e")
		return a
	}},
	{"batch", "New device ID", func(t *testing.T) *App {
		a := pictureApp(t)
		press(a, "enter", "3", "n")
		paste := strings.Join([]string{"00112233445566778899aabbccddeeff", flowDeviceID, "FFEEDDCCBBAA99887766554433221100", "not-an-id"}, "\n")
		_, cmd := a.Update(tea.PasteMsg{Content: paste})
		drive(a, cmd)
		return a
	}},
	{"palette", "Command palette", func(t *testing.T) *App {
		a := pictureApp(t)
		press(a, "enter")
		a.Update(ctrlP)
		return a
	}},
	{"bulk_job", "Deleting", func(t *testing.T) *App {
		r := newJobRig(t, 10, 20)
		r.hold = true
		press(r.a, "ctrl+a", "d", "y")
		return r.a
	}},
}

// TestGoldenPictures keeps the README's screens, colours and all.
func TestGoldenPictures(t *testing.T) {
	for _, p := range pictures {
		t.Run(p.name, func(t *testing.T) {
			a := p.run(t)
			if v := plainView(a); !strings.Contains(v, p.want) {
				t.Fatalf("the %s screen does not show %q:\n%s", p.name, p.want, v)
			}
			out := inProfile(t, a.View().Content, colorprofile.ANSI256)
			if !colourSGR.MatchString(out) {
				t.Fatal("the picture has no colour")
			}
			golden.RequireEqual(t, out)
		})
	}
}

// pictureApp is the dashboard on the flow tests' sandbox, writes on, at
// the pictures' size.
func pictureApp(t *testing.T) *App {
	t.Helper()
	_, c, _ := sandbox(t)
	a := newApp(Options{Client: c, Profile: "demo", Host: "sandbox"}, c)
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(a, a.Init())
	return a
}
