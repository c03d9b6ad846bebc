package ui

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
	"tweakdash/syncplan"
	"tweakdash/theme"
	"tweakdash/ui/termsafe"
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
	query   []rune
	cursor  int
	keys    pickerKeys
}

type pickerKeys struct {
	Up, Down, Pick, Cancel key.Binding
}

func newPicker(st *theme.Styles, ask copyAskMsg, configs []model.Config) *picker {
	var others []model.Config
	for _, c := range configs {
		if c.UniqueKey != ask.from.UniqueKey {
			others = append(others, c)
		}
	}
	return &picker{st: st, ask: ask, configs: others, keys: pickerKeys{
		Up:     newKey("↑", "up", "up", "ctrl+p"),
		Down:   newKey("↓", "down", "down", "ctrl+n"),
		Pick:   newKey("enter", "copy there", "enter"),
		Cancel: newKey("esc", "cancel", "esc"),
	}}
}

// shown are the configs whose name holds the query.
func (p *picker) shown() []model.Config {
	q := strings.ToLower(string(p.query))
	var out []model.Config
	for _, c := range p.configs {
		if strings.Contains(strings.ToLower(c.Name), q) {
			out = append(out, c)
		}
	}
	return out
}

func (p *picker) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		p.query = appendQuery(p.query, msg.Content)
	case tea.KeyPressMsg:
		shown := p.shown()
		switch {
		case key.Matches(msg, p.keys.Cancel):
			return setStatus(statusInfo, "Nothing copied"), closeMsg{}
		case key.Matches(msg, p.keys.Up):
			p.cursor = max(p.cursor-1, 0)
			return nil, nil
		case key.Matches(msg, p.keys.Down):
			p.cursor = min(p.cursor+1, max(len(shown)-1, 0))
			return nil, nil
		case key.Matches(msg, p.keys.Pick):
			if p.cursor < len(shown) {
				return nil, copyToMsg{ask: p.ask, to: shown[p.cursor]}
			}
			return nil, nil
		case msg.String() == "backspace":
			if len(p.query) > 0 {
				p.query = p.query[:len(p.query)-1]
			}
		case msg.Text != "" && msg.Mod&^tea.ModShift == 0:
			p.query = appendQuery(p.query, msg.Text)
		}
	}
	p.cursor = min(p.cursor, max(len(p.shown())-1, 0))
	return nil, nil
}

func (p *picker) view(w, h int) string {
	title := "Copy " + plural(len(p.ask.keys), noun(p.ask.list)) + " from “" + p.ask.from.Name + "” to…"
	lines := []string{
		" " + p.st.Detail.Title.Render(fit(termsafe.Line(title), w-2)),
		" " + p.st.Table.Filter.Render(fit("/ "+termsafe.Line(string(p.query)), w-2)),
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

func (p *picker) help() []key.Binding {
	return []key.Binding{p.keys.Up, p.keys.Down, p.keys.Pick, p.keys.Cancel}
}

// copyToMsg is the picker's request to the root: start the copy to cfg.
type copyToMsg struct {
	ask copyAskMsg
	to  model.Config
}

// copyFlow reads what a copy needs, through the configs' views: the
// source's full records (every field is copied) and the target's list
// (its names, to flag the ones it has). Then it makes the plan.
type copyFlow struct {
	ask     copyAskMsg
	to      model.Config
	viewOf  func(model.Config) *configView
	ctx     context.Context
	pending map[int]bool // the reads in flight, by request id
}

func newCopyFlow(ctx context.Context, m copyToMsg, viewOf func(model.Config) *configView) *copyFlow {
	return &copyFlow{ask: m.ask, to: m.to, viewOf: viewOf, ctx: ctx, pending: map[int]bool{}}
}

// next sends what is still missing; none left, it returns the preview.
func (f *copyFlow) next(st *theme.Styles, base string) (tea.Cmd, tea.Msg) {
	need := []struct {
		cfg model.Config
		q   request
	}{{f.ask.from, fullRequest(f.ask.list)}, {f.to, reqResources}}
	var cmds []tea.Cmd
	for _, n := range need {
		v := f.viewOf(n.cfg)
		switch v.loads[n.q].state {
		case loaded:
			continue
		case loading:
			if !f.pending[v.loads[n.q].id] { // the view's own read: wait for it too
				f.pending[v.loads[n.q].id] = true
			}
			continue
		case failed, refused:
			return setStatus(statusError, "Nothing copied: could not read “"+n.cfg.Name+"”: "+v.loads[n.q].msg), closeMsg{}
		}
		id, cmd := v.load(f.ctx, n.q)
		f.pending[id] = true
		cmds = append(cmds, cmd)
	}
	if len(f.pending) > 0 {
		return tea.Batch(cmds...), nil
	}
	return nil, showMsg{o: newCopyPreview(st, base, f.plan())}
}

// answered takes note of a reply routed to a view; the last read makes
// the preview.
func (f *copyFlow) answered(msg replyMsg, st *theme.Styles, base string) (tea.Cmd, tea.Msg) {
	if !f.pending[msg.id] {
		return nil, nil
	}
	delete(f.pending, msg.id)
	return f.next(st, base)
}

// plan is the copy: the chosen records, whole, as creates in the target.
func (f *copyFlow) plan() *syncplan.Plan {
	src, dst := f.viewOf(f.ask.from), f.viewOf(f.to)
	var servers []model.Server
	var tweaks []model.Tweak
	for _, k := range f.ask.keys {
		if s, ok := src.fullServers[k]; ok && f.ask.list == listServers {
			servers = append(servers, s)
		}
		if t, ok := src.fullTweaks[k]; ok && f.ask.list == listTweaks {
			tweaks = append(tweaks, t)
		}
	}
	return syncplan.Copy(servers, tweaks, syncplan.Target{Config: f.to, Servers: dst.servers, Tweaks: dst.tweaks})
}

// copyPreview shows a copy's plan: each create by name, the names the
// target has already, what the config will hold; y sends it.
type copyPreview struct {
	st      *theme.Styles
	base    string
	plan    *syncplan.Plan
	preview *preview
	keys    copyPreviewKeys
}

type copyPreviewKeys struct {
	Send, Request, Cancel key.Binding
}

func newCopyPreview(st *theme.Styles, base string, p *syncplan.Plan) *copyPreview {
	return &copyPreview{st: st, base: base, plan: p, keys: copyPreviewKeys{
		Send:    newKey("y", "copy", "y"),
		Request: newKey("ctrl+o", "request", "ctrl+o"),
		Cancel:  newKey("esc", "cancel", "esc", "n"),
	}}
}

// syncSend is a copy's request to the root: send the plan.
type syncSend struct{ plan *syncplan.Plan }

func (c *copyPreview) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	k, ok := msg.(tea.KeyPressMsg)
	switch {
	case !ok:
		return nil, nil
	case c.preview != nil:
		cmd, done := c.preview.update(k)
		if done {
			c.preview = nil
		}
		return cmd, nil
	case key.Matches(k, c.keys.Cancel):
		return setStatus(statusInfo, "Nothing copied"), closeMsg{}
	case key.Matches(k, c.keys.Request) && c.plan.Sendable():
		req, _ := c.plan.Request()
		c.preview = newPreview(c.st, c.base, model.SyncResource, []api.Request{api.SyncConfigRequest(req)})
	case key.Matches(k, c.keys.Send) && c.plan.Sendable():
		return nil, &syncSend{plan: c.plan}
	}
	return nil, nil
}

func (c *copyPreview) view(w, h int) string {
	if c.preview != nil {
		return c.preview.view(w, h)
	}
	st, p := c.st, c.plan
	lines := []string{" " + st.Detail.Title.Render(fit(termsafe.Line("Copy to “"+p.Config.Name+"”: nothing is sent until y"), w-2)), ""}
	for _, s := range p.Steps {
		lines = append(lines, " "+st.Detail.Value.Render(fit(termsafe.Line(string(s.Action)+" "+strings.TrimSuffix(s.List, "s")+" “"+s.Name()+"”"), w-2)))
	}
	for _, pr := range append(append(syncplan.Problems{}, p.Problems...), p.Warnings...) {
		lines = append(lines, " "+st.Status.Warn.Render(fit("! "+termsafe.Line(pr.String()), w-2)))
	}
	for _, u := range p.Usage {
		if u.ConfigAfter != u.Config {
			lines = append(lines, " "+st.Table.Muted.Render(fit(u.List+": "+strconv.Itoa(u.Config)+" → "+strconv.Itoa(u.ConfigAfter)+" in this config", w-2)))
		}
	}
	if !p.Sendable() {
		lines = append(lines, "", " "+st.Table.Error.Render(fit("This cannot be sent: see the lines marked !", w-2)))
	}
	lines = append(lines, "", st.Table.Empty.Render(fit(" "+helpLine(c.help()), w)))
	if len(lines) > h {
		lines = append(lines[:h-1], lines[len(lines)-1])
	}
	return block(lines, w, h)
}

func (c *copyPreview) help() []key.Binding {
	if !c.plan.Sendable() {
		return []key.Binding{c.keys.Cancel}
	}
	return []key.Binding{c.keys.Send, c.keys.Request, c.keys.Cancel}
}
