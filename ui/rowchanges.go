package ui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/words"
)

// flagFor is how long a row a reload found added or changed stays marked.
const flagFor = 5 * time.Second

// unflagMsg takes the marks of generation gen off a table's rows.
type unflagMsg struct {
	t   *table
	gen int
}

// flagRows marks t's rows (+ added, ~ changed) for flagFor.
func flagRows(e *env, t *table, flags map[int]string) tea.Cmd {
	return e.after(flagFor, unflagMsg{t, t.setFlags(flags)})
}

// unflag takes the marks off after flagFor, unless newer marks replaced them.
func (m unflagMsg) unflag() {
	if m.t.flagGen == m.gen {
		m.t.setFlags(nil)
	}
}

// rowsOf is what t shows of each record, by record key: a reload compares
// its rows with it (changesSince).
func rowsOf(t *table) map[string]string {
	rows := make(map[string]string, len(t.recordKeys))
	for r, k := range t.recordKeys {
		rows[k] = strings.Join(t.rows[r], "\x00")
	}
	return rows
}

// rowChanges is what a reload changed: the marks of the rows added (+)
// and changed (~), and the keys of the records changed and gone.
type rowChanges struct {
	flags         map[int]string
	added         int
	changed, gone []string
}

// changesSince compares t's rows with before (rowsOf, taken before the
// reload).
func changesSince(t *table, before map[string]string) rowChanges {
	c := rowChanges{flags: map[int]string{}}
	seen := make(map[string]bool, len(t.recordKeys))
	for r, k := range t.recordKeys {
		seen[k] = true
		was, ok := before[k]
		switch {
		case !ok:
			c.added++
			c.flags[r] = "+"
		case was != strings.Join(t.rows[r], "\x00"):
			c.changed = append(c.changed, k)
			c.flags[r] = "~"
		}
	}
	for k := range before {
		if !seen[k] {
			c.gone = append(c.gone, k)
		}
	}
	return c
}

func (c rowChanges) none() bool { return c.added+len(c.changed)+len(c.gone) == 0 }

// String says how much changed: "2 new, 1 changed, 1 gone"; "" for nothing.
func (c rowChanges) String() string {
	var said []string
	if c.added > 0 {
		said = append(said, words.Thousands(c.added)+" new")
	}
	if n := len(c.changed); n > 0 {
		said = append(said, words.Thousands(n)+" changed")
	}
	if n := len(c.gone); n > 0 {
		said = append(said, words.Thousands(n)+" gone")
	}
	return strings.Join(said, ", ")
}
