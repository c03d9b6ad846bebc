package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/words"
	"tweakdash/model"
)

// bulk are the rows of one list that d, t and c act on, and the jobs
// over them.
type bulk struct {
	*configLists
	l    listID
	rows []int
}

// askToggle asks to activate or deactivate the marked device IDs or
// passwords (t): the way that changes them all, or, when some are active
// and some not, which way.
func (b bulk) askToggle() (tea.Cmd, tea.Msg) {
	l, rows := b.l, b.rows
	on, off := 0, 0
	for _, r := range rows {
		if b.lists[l].active(r) {
			on++
		} else {
			off++
		}
	}
	switch {
	case len(rows) == 0:
		return nil, nil
	case off == 0:
		return b.ask(jobDeactivate)
	case on == 0:
		return b.ask(jobActivate)
	}
	// Either way only the rows that change are sent: the answers count them.
	return nil, showMsg{o: newChoice(b.env.st,
		"Of "+words.Plural(len(rows), noun(l))+", "+words.Thousands(on)+" active and "+words.Thousands(off)+" not: activate the "+words.Thousands(off)+" or deactivate the "+words.Thousands(on)+"?",
		[]answer{{newKey("a", "activate "+words.Thousands(off), "a"), b.job(jobActivate)}, {newKey("x", "deactivate "+words.Thousands(on), "x"), b.job(jobDeactivate)}},
		"Nothing changed")}
}

// ask asks the root to confirm a job of kind over the rows.
func (b bulk) ask(kind jobKind) (tea.Cmd, tea.Msg) {
	j := b.job(kind)
	if j == nil {
		return nil, nil
	}
	no := "Nothing deleted"
	if kind != jobDelete {
		no = "Nothing changed"
	}
	c := newConfirm(b.env.st, j.question(), strings.ToLower(j.verb()), j, no).showing(b.env.base, resourceOf(j.list), j.requests())
	var cmd tea.Cmd
	if kind == jobDelete && j.unread() {
		// Read the full records while the question is read: undo makes
		// a deleted server or tweak again from them.
		cmd = b.fetchIfNeeded(fullRequest(j.list))
	}
	return cmd, showMsg{o: c}
}

// job is a job of kind over the rows; nil when there are none.
func (b bulk) job(kind jobKind) *job {
	l, rows := b.l, b.rows
	if len(rows) == 0 {
		return nil
	}
	items := make([]jobItem, 0, len(rows))
	skipped := map[string]bool{}
	for _, r := range rows {
		if (kind == jobActivate || kind == jobDeactivate) && b.lists[l].active(r) == (kind == jobActivate) {
			// Already as wanted: a request would change nothing.
			skipped[b.lists[l].recordKey(r)] = true
			continue
		}
		it, err := b.jobItem(kind, l, r)
		if err != nil {
			continue
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil
	}
	j := newJob(b.env.st, b.env.now, kind, b.cfg.UniqueKey, b.cfg.Name, l, items)
	j.pacer = b.env.pacer
	if j.skipped = len(skipped); j.skipped > 0 {
		t := b.lists[l].tbl()
		j.onStart = func() { t.unmark(skipped) } // done with them, as with the rows sent
	}
	return j
}

// jobItem is row r of list l in a job of kind: its write, and its record
// as it is now (a server's or tweak's full record when loaded), for undo.
func (b bulk) jobItem(kind jobKind, l listID, r int) (jobItem, error) {
	d := b.lists[l].item(r)
	it := jobItem{delItem: d, list: l, drop: kind == jobDelete, was: b.lists[l].was(r)}
	if kind == jobDelete {
		it.write = deleteWrite(b.cfg.UniqueKey, l, d)
		return it, nil
	}
	vals := recordValues(it.was)
	vals["is_active"] = kind == jobActivate
	var err error
	it.write, err = formWrite(editTarget{cfgKey: b.cfg.UniqueKey, cfgName: b.cfg.Name, list: l, op: model.Update, key: d.key, id: d.id}, vals)
	it.fields = []string{"is_active"}
	return it, err
}
