package ui

import (
	"charm.land/lipgloss/v2"
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/syncplan"
	"tweakdash/internal/termsafe"
	"tweakdash/internal/words"
	"tweakdash/model"
	"tweakdash/theme"
)

// Copying servers or tweaks to another config (c): pick the target
// (picker), read what the copy needs (copyFlow), preview the plan
// (copyPreview), then one POST /api/v1/configs to the target, which the
// App sends as a write.

// copyAskMsg is a view's request to the root: copy these rows of list l
// (unique_keys) from cfg to a config the user picks.
type copyAskMsg struct {
	from model.Config
	list listID
	keys []string
}

// picker lists the other configs, narrowed as the user types; enter picks.
type picker struct {
	st      *theme.Styles
	ask     copyAskMsg
	configs []model.Config
	query   *lineInput
	cursor  int
	keys    keyTable[*picker]
}

func newPicker(st *theme.Styles, ask copyAskMsg, configs []model.Config) *picker {
	var others []model.Config
	for _, c := range configs {
		if c.UniqueKey != ask.from.UniqueKey {
			others = append(others, c)
		}
	}
	return &picker{st: st, ask: ask, configs: others, query: newLineInput(""), keys: pickerKeys()}
}

// pickerKeys are the picker's keys; any other key edits the filter.
func pickerKeys() keyTable[*picker] {
	rows := cursorRows(newKey("↑", "up", "up", "ctrl+p"), newKey("↓", "down", "down", "ctrl+n"),
		func(p *picker) *int { return &p.cursor }, func(p *picker) int { return len(p.shown()) })
	return append(rows,
		action[*picker]{Binding: newKey("enter", "copy there", "enter"), do: func(p *picker) (tea.Cmd, tea.Msg) {
			if shown := p.shown(); p.cursor < len(shown) {
				return nil, copyToMsg{ask: p.ask, to: shown[p.cursor]}
			}
			return nil, nil
		}},
		action[*picker]{Binding: newKey("esc", "cancel", "esc"), do: func(*picker) (tea.Cmd, tea.Msg) {
			return setStatus(statusInfo, "Nothing copied"), closeMsg{}
		}})
}

// shown are the configs whose name holds the query.
func (p *picker) shown() []model.Config {
	q := strings.ToLower(p.query.String())
	var out []model.Config
	for _, c := range p.configs {
		if strings.Contains(strings.ToLower(c.Name), q) {
			out = append(out, c)
		}
	}
	return out
}

func (p *picker) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if cmd, req, ok := p.keys.press(p, k); ok {
			return cmd, req
		}
	}
	p.query.update(msg)
	p.cursor = min(p.cursor, max(len(p.shown())-1, 0))
	return nil, nil
}

func (p *picker) view(w, h int) string {
	title := "Copy " + words.Plural(len(p.ask.keys), noun(p.ask.list)) + " from “" + p.ask.from.Name + "” to…"
	lines := []string{
		" " + p.st.Detail.Title.Render(fit(termsafe.Line(title), w-2)),
		" " + p.st.Table.Filter.Render(fit("/ "+termsafe.Line(p.query.String()), w-2)),
		"",
	}
	shown := p.shown()
	if len(shown) == 0 {
		lines = append(lines, p.st.Table.Empty.Render(fit(" no other config matches", w)))
	}
	room := max(h-len(lines)-2, 1)
	start := max(p.cursor-room+1, 0)
	for i := start; i < len(shown) && i < start+room; i++ {
		if i == p.cursor {
			lines = append(lines, p.st.Table.Selected.Render(fit("▌"+termsafe.Line(shown[i].Name), w)))
		} else {
			lines = append(lines, p.st.Table.Cell.Render(fit(" "+termsafe.Line(shown[i].Name), w)))
		}
	}
	lines = append(lines, "", p.st.Table.Empty.Render(fit(" "+helpLine(p.help()), w)))
	return block(lines, w, h)
}

func (p *picker) help() []key.Binding { return p.keys.shown(p) }

// copyToMsg is the picker's request to the root: start the copy to cfg.
type copyToMsg struct {
	ask copyAskMsg
	to  model.Config
}

// readFlow reads, one after the other, the lists an action needs (a copy,
// an export, an import) through the configs' views, so that what it reads
// is cached for later; then done makes the action's next step.
type readFlow struct {
	needs   []need
	viewOf  func(model.Config) *configView
	ctx     context.Context
	waiting int // the id of the read in flight, 0 when none
	done    func() (tea.Cmd, tea.Msg)
	failed  string // the status line's start when a read fails: "Nothing copied"
}

// need is one list of one config.
type need struct {
	cfg model.Config
	q   request
}

// next sends the first list still missing; none left, it calls done.
func (f *readFlow) next() (tea.Cmd, tea.Msg) {
	for _, n := range f.needs {
		v := f.viewOf(n.cfg)
		switch ld := v.loads[n.q]; ld.state {
		case loaded:
			continue
		case loading: // asked already (by the view, or by us): wait for it
			f.waiting = ld.id
			return nil, nil
		case failed, refused:
			return setStatus(statusError, f.failed+": could not read “"+n.cfg.Name+"”: "+ld.msg), closeMsg{}
		}
		id, cmd := v.load(f.ctx, n.q)
		f.waiting = id
		return cmd, nil
	}
	return f.done()
}

// answered takes note of a reply routed to a view: the one awaited makes
// the next step.
func (f *readFlow) answered(msg replyMsg) (tea.Cmd, tea.Msg) {
	if msg.id != f.waiting {
		return nil, nil
	}
	f.waiting = 0
	return f.next()
}

// fullReads reads cfg's lists and full records (the list first: its answer
// drops the full records as older), then calls done with its view.
func fullReads(ctx context.Context, viewOf func(model.Config) *configView, cfg model.Config, failed string,
	done func(*configView) (tea.Cmd, tea.Msg)) *readFlow {
	return &readFlow{viewOf: viewOf, ctx: ctx, failed: failed,
		needs: []need{{cfg, reqResources}, {cfg, reqServers}, {cfg, reqTweaks}},
		done:  func() (tea.Cmd, tea.Msg) { return done(viewOf(cfg)) }}
}

// copyFlow reads what a copy needs, the source's full records (every field
// is copied) and the target's list (its names, to flag the ones it has),
// then shows the plan.
func copyFlow(ctx context.Context, m copyToMsg, viewOf func(model.Config) *configView, st *theme.Styles, base string) *readFlow {
	f := &readFlow{viewOf: viewOf, ctx: ctx, failed: "Nothing copied",
		needs: []need{{m.ask.from, reqResources}, {m.ask.from, fullRequest(m.ask.list)}, {m.to, reqResources},
			{m.to, fullRequest(m.ask.list)}}} // the target's full records: an undo puts back what the copy updates
	f.done = func() (tea.Cmd, tea.Msg) {
		src, dst := viewOf(m.ask.from), viewOf(m.to)
		var servers []model.Server
		var tweaks []model.Tweak
		for _, k := range m.ask.keys {
			if s, ok := src.servers.full[k]; ok && m.ask.list == listServers {
				servers = append(servers, s)
			}
			if t, ok := src.tweaks.full[k]; ok && m.ask.list == listTweaks {
				tweaks = append(tweaks, t)
			}
		}
		plan := syncplan.Copy(servers, tweaks, syncplan.Target{Config: m.to, Servers: dst.servers.items, Tweaks: dst.tweaks.items})
		p := newPlanPreview(st, base, "Copy to", plan)
		p.done = func() { src.lists[m.ask.list].tbl().clearMarks() } // copied: done with them
		return nil, showMsg{o: p}
	}
	return f
}

// planPreview shows a sync's plan (a copy, an import): each create and
// update by name, an update's changes, the problems and flagged names,
// what the config will hold; y sends it, ctrl+o shows the request.
type planPreview struct {
	st   *theme.Styles
	base string
	verb string // "Copy to", "Import into"
	plan *syncplan.Plan
	done func() // passed on to syncSend
	previewSlot
	keys   keyTable[*planPreview]
	offset int // the first line of the plan shown
	room   int // the plan's lines the last frame showed: a page
	more   bool
}

func newPlanPreview(st *theme.Styles, base, verb string, p *syncplan.Plan) *planPreview {
	return &planPreview{st: st, base: base, verb: verb, plan: p, keys: planPreviewKeys()}
}

// planPreviewKeys: y sends a plan that can be sent, ctrl+o shows its
// request, esc or n sends nothing; the plan scrolls.
func planPreviewKeys() keyTable[*planPreview] {
	sendable := onlyWhen(func(c *planPreview) bool { return c.plan.Sendable() })
	rows := keyTable[*planPreview]{
		{Binding: newKey("y", "send", "y"), off: sendable, do: func(c *planPreview) (tea.Cmd, tea.Msg) {
			return nil, &syncSend{plan: c.plan, done: c.done}
		}},
		{Binding: newKey("ctrl+o", "request", "ctrl+o"), off: sendable, do: func(c *planPreview) (tea.Cmd, tea.Msg) {
			req, _ := c.plan.Request()
			c.preview = newPreview(c.st, c.base, model.SyncResource, []api.Request{api.SyncConfigRequest(req)})
			return nil, nil
		}},
		{Binding: newKey("esc", "cancel", "esc", "n"), do: func(*planPreview) (tea.Cmd, tea.Msg) {
			return setStatus(statusInfo, "Nothing sent"), closeMsg{}
		}},
	}
	return append(rows, scrollRows(func(c *planPreview) *int { return &c.offset },
		func(c *planPreview) int { return max(c.room, 1) }, func(c *planPreview) bool { return c.more })...)
}

// syncSend is a plan preview's request to the root: send the plan. done,
// when set, runs once it went through (a copy unmarks its rows).
type syncSend struct {
	plan *syncplan.Plan
	done func()
	// prev are the target's records the plan updates, as they were before
	// (by list and unique_key: "servers/KEY"), for undo.
	prev map[string]model.Values
}

func (c *planPreview) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, nil
	}
	if cmd, ok := c.previewKey(k); ok {
		return cmd, nil
	}
	cmd, req, _ := c.keys.press(c, k)
	return cmd, req
}

func (c *planPreview) view(w, h int) string {
	if c.preview != nil {
		return c.preview.view(w, h)
	}
	st, p := c.st, c.plan
	head := []string{" " + st.Detail.Title.Render(fit(termsafe.Line(c.verb+" “"+p.Config.Name+"”: nothing is sent until y"), w-2)), ""}
	var body []string
	// add wraps a line of the plan (a warning or a change can be long) so
	// that every word of it can be read; the plan scrolls.
	add := func(indent int, style lipgloss.Style, text string) {
		for _, l := range wrap(termsafe.Line(text), w-1-indent) {
			body = append(body, strings.Repeat(" ", indent)+style.Render(fit(l, w-1-indent)))
		}
	}
	unchanged := 0
	for _, s := range p.Steps {
		if s.Action == syncplan.Unchanged {
			unchanged++
			continue
		}
		add(1, st.Detail.Value, string(s.Action)+" "+strings.TrimSuffix(s.List, "s")+" “"+s.Name()+"”")
		if s.Action == syncplan.Update {
			for _, ch := range s.Changes {
				add(3, st.Table.Muted, ch.Field+": "+ch.Describe(s.Action))
			}
		}
	}
	if unchanged > 0 {
		add(1, st.Table.Muted, words.Thousands(unchanged)+" unchanged")
	}
	if p.Changing() == 0 && len(p.Problems) == 0 {
		body = append(body, "")
		add(1, st.Status.OK, "Nothing to change: nothing will be sent.")
	}
	for _, pr := range append(append(syncplan.Problems{}, p.Problems...), p.Warnings...) {
		add(1, st.Status.Warn, "! "+pr.String())
	}
	for _, u := range p.Usage {
		if u.ConfigAfter != u.Config {
			add(1, st.Table.Muted, u.List+": "+strconv.Itoa(u.Config)+" → "+strconv.Itoa(u.ConfigAfter)+" in this config")
		}
	}
	if len(p.Problems) > 0 {
		body = append(body, "")
		add(1, st.Table.Error, "This cannot be sent: see the lines marked !")
	}
	room := max(h-len(head)-2, 1)
	c.room, c.more = room, len(body) > room
	c.offset = min(c.offset, max(len(body)-room, 0))
	lines := append(head, body[c.offset:min(c.offset+room, len(body))]...)
	lines = append(lines, "", st.Table.Empty.Render(fit(" "+helpLine(c.help()), w)))
	if len(lines) > h {
		lines = append(lines[:h-1], lines[len(lines)-1])
	}
	return block(lines, w, h)
}

func (c *planPreview) help() []key.Binding { return c.keys.shown(c) }
