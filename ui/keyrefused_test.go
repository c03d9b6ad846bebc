package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/api/apitest"
)

// A 401 ends the dashboard when the caller can ask for a new key, and
// only then; an open form stays open, for the caller to keep as a draft.
func TestKeyRefusedEndsTheProgramOnlyWhenAsked(t *testing.T) {
	refused := &api.Error{Status: 401, Message: "Unauthenticated."}

	t.Run("at start", func(t *testing.T) {
		f := newFake(t)
		f.errs["configs"] = refused
		a := start(t, f, 120, 40, func(o *Options) { o.EndOnKeyRefused = true })
		if !a.KeyRefused() {
			t.Fatal("a 401 on the config list did not end the program")
		}
	})

	t.Run("without the option", func(t *testing.T) {
		f := newFake(t)
		f.errs["configs"] = refused
		a := start(t, f, 120, 40)
		if a.KeyRefused() {
			t.Fatal("the program ended although the caller cannot ask for a key")
		}
		if !strings.Contains(plainView(a), "API key missing or invalid") {
			t.Fatalf("no explanation on the screen:\n%s", plainView(a))
		}
	})

	t.Run("at a form's submit", func(t *testing.T) {
		a, sb, _ := startSandbox(t, Options{EndOnKeyRefused: true})
		press(a, "enter", "3", "n") // Access, device IDs, the batch box
		_, cmd := a.Update(tea.PasteMsg{Content: "0123456789abcdef0123456789abcdef"})
		drive(a, cmd)
		sb.Inject(apitest.Fault{Status: 401}) // the key was revoked meanwhile
		_, cmd = a.Update(ctrlS)
		drive(a, cmd)
		if !a.KeyRefused() {
			t.Fatalf("a 401 at submit did not end the program:\n%s", plainView(a))
		}
		if d, ok := a.Draft(); !ok || !d.Dirty || !strings.EqualFold(fmt.Sprint(d.Values["device_id"]), "0123456789abcdef0123456789abcdef") {
			t.Fatalf("the open form was not kept for a draft: %+v", d)
		}
	})
}
