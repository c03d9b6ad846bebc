//go:build tweakdash_e2e_panic

package cli

import tea "charm.land/bubbletea/v2"

// This file is only in the binary built with -tags tweakdash_e2e_panic, for
// the end-to-end test of the crash path (internal/e2e/panic_test.go):
// nothing in the shipped program panics on demand (filter.go).

// panicKey is a key the dashboard and its forms leave unused.
const panicKey = "f12"

// uiFilter is panicOnKey in this build.
func uiFilter() func(tea.Model, tea.Msg) tea.Msg { return panicOnKey }

// panicOnKey panics inside the program's event loop, where Bubble Tea
// recovers it and Run returns tea.ErrProgramPanic, as a bug in Update would.
func panicOnKey(_ tea.Model, msg tea.Msg) tea.Msg {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == panicKey {
		panic("tweakdash_e2e_panic: " + panicKey + " pressed")
	}
	return msg
}
