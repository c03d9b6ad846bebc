package main

import (
	"time"

	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/paginator"
	tea "charm.land/bubbletea/v2"
)

// measureFilter is #3: one filter keystroke over 10,000 device IDs (a
// digit, then a backspace; each searches every row) and the frame after
// it. Ours is the whole dashboard at 120x40; the baseline is a bubbles/v2
// list with the same rows, its quit key off and the Arabic paginator (the
// default dots are quadratic), whose keystroke includes running the
// filter command it returns and applying the matches.
func measureFilter(e benchEnv) []result {
	const name, budget = "3 filter keystroke, 10,000 rows vs bubbles list", "<= 5ms and >= 10x faster"
	a, err := newAppAt(10000, 120, 40)
	if err != nil {
		return []result{failed(name, budget, err)}
	}
	defer a.close()
	rows, err := a.rows()
	if err != nil {
		return []result{failed(name, budget, err)}
	}
	l := bubblesList(rows)
	a.keys("/")
	l, _ = l.Update(key("/"))

	keyAt := alternate(key("7"), key("backspace"))
	ours := func(i int) {
		a.app.Update(keyAt(i))
		_ = a.app.View()
	}
	base := func(i int) {
		var cmd tea.Cmd
		l, cmd = l.Update(keyAt(i))
		if m := awaitMatches(cmd); m != nil {
			l, _ = l.Update(m)
		}
		_ = l.View()
	}
	m := interleaved(e.rounds, ours, base)
	om, bm := m[0], m[1]
	return []result{{name: name, ours: dur(om), baseline: dur(bm), ratio: times(bm/om) + " faster", budget: budget,
		pass: om <= 5e6 && bm/om >= 10, note: "ours: whole app Update+View at 120x40"}}
}

type row []string

func (r row) FilterValue() string { return r[0] + " " + r[1] }
func (r row) Title() string       { return r[0] }
func (r row) Description() string { return r[1] }

func bubblesList(rows [][]string) list.Model {
	items := make([]list.Item, len(rows))
	for i, r := range rows {
		items[i] = row(r)
	}
	l := list.New(items, list.NewDefaultDelegate(), 84, 35)
	l.DisableQuitKeybindings()
	l.Paginator.Type = paginator.Arabic
	return l
}

// awaitMatches runs the commands a list keystroke returns, each in its own
// goroutine as Bubble Tea would, and returns the filter's matches; the
// cursor blink, which sleeps, is left behind.
func awaitMatches(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 16)
	pending := 1
	run := func(c tea.Cmd) { go func() { ch <- c() }() }
	run(cmd)
	timeout := time.After(5 * time.Second)
	for pending > 0 {
		select {
		case msg := <-ch:
			pending--
			switch m := msg.(type) {
			case list.FilterMatchesMsg:
				return m
			case tea.BatchMsg:
				for _, c := range m {
					if c != nil {
						pending++
						run(c)
					}
				}
			}
		case <-timeout:
			return nil
		}
	}
	return nil
}
