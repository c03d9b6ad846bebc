package main

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"tweakdash/ui/batchbox"
)

// measureBatch is #5: one keystroke (a letter, then a backspace) and the
// frame after it in the batch box holding 10,000 pasted device IDs, against
// a huh Text field in a form holding 2,000 lines.
func measureBatch(e benchEnv) []result {
	const name, budget = "5 batch box keystroke, 10,000 IDs vs huh Text", "<= 5ms and >= 30x cheaper"
	box := batchbox.New(nil)
	box.SetSize(80, 20)
	box.Update(tea.PasteMsg{Content: pastedIDs(10000)})
	if n := box.Stats().New; n != 10000 {
		return []result{failed(name, budget, fmt.Errorf("the box holds %d new IDs after the paste, want 10000", n))}
	}

	value := pastedIDs(2000)
	field := huh.NewText().Title("Device IDs").CharLimit(0).Lines(20).Value(&value)
	form := huh.NewForm(huh.NewGroup(field))
	form.Init()
	form.Update(tea.WindowSizeMsg{Width: 120, Height: 40})

	keyAt := alternate(key("a"), key("backspace"))
	ours := func(i int) {
		box.Update(keyAt(i))
		_ = box.View()
	}
	base := func(i int) {
		m, _ := form.Update(keyAt(i))
		form = m.(*huh.Form)
		_ = form.View()
	}
	// The field must really hold the 2,000 lines and take the keys.
	base(0)
	if n := strings.Count(value, "\n") + 1; n != 2000 || !strings.HasSuffix(value, "a") {
		return []result{failed(name, budget, fmt.Errorf("the huh field holds %d lines and did not take the key", n))}
	}
	base(1)
	m := interleaved(e.rounds, ours, base)
	om, bm := m[0], m[1]
	return []result{{name: name, ours: dur(om), baseline: dur(bm), ratio: times(bm/om) + " cheaper", budget: budget,
		pass: om <= 5e6 && bm/om >= 30, note: "baseline holds 2,000 lines, ours 10,000"}}
}

// pastedIDs is n distinct device IDs, one a line.
func pastedIDs(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%032X", uint64(i+1)*0x9E3779B97F4A7C15)
	}
	return b.String()
}
