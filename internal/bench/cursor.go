package main

import (
	"fmt"

	"charm.land/bubbles/v2/table"
)

// measureCursor is #2: one cursor move (Update + View) in the device IDs
// table. Ours is the whole dashboard at 120x40 (header, both panes, status
// bar: what a user pays; ui exports no table); the baseline is a focused
// bubbles/v2 table alone holding the same rows at the same pane size.
func measureCursor(e benchEnv) []result {
	const name1, budget1 = "2 cursor move, 10,000 IDs vs bubbles table", ">= 20x cheaper"
	const name2, budget2 = "2 cursor move, ours 10,000 vs ours 100", "<= 1.5x"
	big, err := newAppAt(10000, 120, 40)
	if err != nil {
		return []result{failed(name1, budget1, err), failed(name2, budget2, err)}
	}
	defer big.close()
	small, err := newAppAt(100, 120, 40)
	if err != nil {
		return []result{failed(name1, budget1, err), failed(name2, budget2, err)}
	}
	defer small.close()
	rows, err := big.rows()
	if err != nil {
		return []result{failed(name1, budget1, err), failed(name2, budget2, err)}
	}
	bt := bubblesTable(rows)

	keyAt := alternate(key("j"), key("k"))
	move := func(a *appAt) func(int) {
		return func(i int) {
			a.app.Update(keyAt(i))
			_ = a.app.View()
		}
	}
	base := func(i int) {
		bt, _ = bt.Update(keyAt(i))
		_ = bt.View()
	}
	m := interleaved(e.rounds, move(big), base, move(small))
	o, b, s := m[0], m[1], m[2]
	return []result{
		{name: name1, ours: dur(o), baseline: dur(b), ratio: times(b/o) + " cheaper", budget: budget1, pass: b/o >= 20,
			note: "ours: whole app Update+View at 120x40; baseline: bubbles table alone"},
		{name: name2, ours: dur(o), baseline: dur(s), ratio: times(o / s), budget: budget2, pass: o <= 1.5*s,
			note: fmt.Sprintf("baseline here: ours at %d rows", 100)},
	}
}

// bubblesTable is bubbles' table with our columns and the size of our pane.
func bubblesTable(rows [][]string) table.Model {
	cols := []table.Column{{Title: "DEVICE ID", Width: 32}, {Title: "NOTE", Width: 16},
		{Title: "ACTIVE", Width: 6}, {Title: "DEL-AFTER-USE", Width: 13}, {Title: "UPDATED", Width: 11}}
	trs := make([]table.Row, len(rows))
	for i, r := range rows {
		trs[i] = table.Row(r)
	}
	t := table.New(table.WithColumns(cols), table.WithRows(trs), table.WithFocused(true),
		table.WithHeight(35), table.WithWidth(84))
	t.SetCursor(len(rows) / 2)
	return t
}
