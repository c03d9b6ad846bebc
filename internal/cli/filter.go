//go:build !tweakdash_e2e_panic

package cli

import tea "charm.land/bubbletea/v2"

// uiFilter is what sees every message of every program of the run: nothing
// in a shipped build. panic_e2e.go (build tag tweakdash_e2e_panic) has one
// that crashes the program on demand for an end-to-end test.
func uiFilter() func(tea.Model, tea.Msg) tea.Msg { return nil }
