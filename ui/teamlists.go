package ui

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/words"
)

// quietFor is how long a list another session writes to waits for those
// writes to pause before it is read again: a bulk job of a hundred writes
// costs this session one read, not a hundred, and the writer's own re-read
// as its job ends answers that read (tweakdash serve shares reads).
const quietFor = 400 * time.Millisecond

// teamLists keeps this session's lists in step with the writes of other
// sessions on the same key (ChangedElsewhere): a deleted record leaves its
// list at once; other writes have the list read again once they pause, and
// the rows that read finds added or changed are marked for a few seconds.
// A config whose lists this session never loaded has only its counts in
// the config list to keep: they are read the same way.
type teamLists struct {
	env  *env
	pane *configPane
	list *configList
	gen  int
	// due are the changes waiting for quiet, by config and read; sent
	// the reads they made, by request id.
	due  map[teamRead]*teamDue
	sent map[int]*teamDue
}

// teamRead names a read that changes elsewhere make due: one config's
// request (servers and tweaks are one, /resources).
type teamRead struct {
	config string
	q      request
}

// teamDue is what other sessions did to one read's lists since it was
// last taken.
type teamDue struct {
	teamRead
	gen     int
	by      []string // who, in the order they wrote
	reread  bool     // a write the list cannot follow without a read
	deleted int      // records that left the list without one
	// view and before, once the read is sent: the view it fills and what
	// each of its lists showed (rowsOf), to mark what changed.
	view   *configView
	before map[listID]map[string]string
}

// teamQuietMsg ends a wait for quiet; gen tells a stale one.
type teamQuietMsg struct {
	teamRead
	gen int
}

func newTeamLists(e *env, pane *configPane, list *configList) *teamLists {
	return &teamLists{env: e, pane: pane, list: list, due: map[teamRead]*teamDue{}, sent: map[int]*teamDue{}}
}

// changed takes a write of another session's.
func (t *teamLists) changed(m changedMsg) tea.Cmd {
	lists := m.lists()
	if len(lists) == 0 {
		return nil
	}
	key := teamRead{m.Config, listRequest(lists[0])}
	d := t.due[key]
	if d == nil {
		d = &teamDue{teamRead: key}
		t.due[key] = d
	}
	if !slices.Contains(d.by, m.By) {
		d.by = append(d.by, m.By)
	}
	var said tea.Cmd
	if v := t.pane.views[m.Config]; m.Deleted && m.Record != "" && v != nil && v.listLoad(lists[0]).state == loaded && !v.listLoad(lists[0]).refreshing {
		// The list is as the server had it: the record can leave it
		// without a read.
		l := lists[0]
		if r := slices.Index(v.lists[l].tbl().recordKeys, m.Record); r >= 0 {
			v.removed(l, v.lists[l].item(r))
			t.list.countsFrom(v)
			d.deleted++
			if v == t.pane.cur {
				said = setStatus(statusWarn, upperFirst(noun(l))+"s of "+v.cfg.Name+": "+
					words.Thousands(d.deleted)+" deleted by "+strings.Join(d.by, ", "))
			}
		}
	} else {
		d.reread = true
	}
	t.gen++
	d.gen = t.gen
	return tea.Batch(said, t.env.after(quietFor, teamQuietMsg{key, d.gen}))
}

// quiet reads a list again once the writes to it have paused.
func (t *teamLists) quiet(msg teamQuietMsg) tea.Cmd {
	d := t.due[msg.teamRead]
	if d == nil || d.gen != msg.gen {
		return nil // a later write waits for its own quiet
	}
	delete(t.due, msg.teamRead)
	if !d.reread {
		return nil
	}
	v := t.pane.views[d.config]
	var lists []listID
	for l := range kinds {
		if listRequest(listID(l)) == d.q {
			lists = append(lists, listID(l))
		}
	}
	if v != nil && v.loads[d.q].state != notLoaded {
		if v.loads[d.q].state == loaded {
			d.view, d.before = v, map[listID]map[string]string{}
			for _, l := range lists {
				d.before[l] = rowsOf(v.lists[l].tbl())
			}
		}
		cmd := v.refresh(lists[0])
		if cmd != nil {
			t.sent[v.loads[d.q].id] = d
		}
		return cmd
	}
	if d.q != reqResources || !t.list.has(d.config) {
		return nil // a list this session never read: nothing shown follows it
	}
	// Only the config list's counts show this config: read them.
	id, src := t.env.newID(), t.env.src
	t.sent[id] = d
	return call(t.env.ctx, d.config, id, func(ctx context.Context) (*api.Resources, *api.Response, error) {
		return src.ListResources(ctx, d.config)
	})
}

// answered marks what a read of the team's changes found, once the view
// has taken msg, and says who changed what.
func (t *teamLists) answered(msg replyMsg) tea.Cmd {
	d := t.sent[msg.id]
	if d == nil {
		return nil
	}
	delete(t.sent, msg.id)
	if msg.err != nil {
		return nil // the view's own failure line says so
	}
	if d.view == nil {
		if r, ok := msg.body.(*api.Resources); ok {
			t.list.setCounts(d.config, len(r.Servers), len(r.Tweaks))
		}
		return nil
	}
	v := d.view
	t.list.countsFrom(v)
	var cmds []tea.Cmd
	var nouns, said []string
	lists := slices.Sorted(maps.Keys(d.before))
	for _, l := range lists {
		nouns = append(nouns, noun(l)+"s")
		tbl := v.lists[l].tbl()
		c := changesSince(tbl, d.before[l])
		if c.none() {
			continue
		}
		cmds = append(cmds, flagRows(t.env, tbl, c.flags))
		if len(lists) > 1 {
			said = append(said, noun(l)+"s "+c.String())
		} else {
			said = append(said, c.String())
		}
	}
	if v == t.pane.cur {
		text := upperFirst(strings.Join(nouns, " and ")) + " of " + v.cfg.Name + " changed by " + strings.Join(d.by, ", ")
		if len(said) > 0 {
			text += ": " + strings.Join(said, "; ")
		}
		cmds = append(cmds, setStatus(statusWarn, text))
	}
	return tea.Batch(cmds...)
}
