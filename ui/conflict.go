package ui

import (
	"encoding/json"
	"maps"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/model"
	"tweakdash/theme"
	"tweakdash/ui/form"
	"tweakdash/ui/termsafe"
)

// conflict is what an edit's save found: another client changed the
// record since the form opened on it (or deleted it). Nothing was sent:
// it shows theirs and mine field by field, and the user decides.
type conflict struct {
	st      *theme.Styles
	res     model.Resource
	gone    bool         // deleted meanwhile
	theirs  model.Values // the record as it is now
	mine    model.Values // the form's values
	changed []string     // the fields they changed, in the table's order
	keys    conflictKeys
}

type conflictKeys struct {
	Overwrite, Theirs, AsNew, Cancel key.Binding
}

// changedFields are the fields of r whose values differ between a and b
// as the API would take them (model.Body of an update).
func changedFields(r model.Resource, a, b model.Values) []string {
	ba, bb := model.Body(r, a, model.Update), model.Body(r, b, model.Update)
	var out []string
	for _, f := range r.Fields {
		if f.CreateOnly {
			continue
		}
		ja, _ := json.Marshal(ba[f.Key])
		jb, _ := json.Marshal(bb[f.Key])
		if string(ja) != string(jb) {
			out = append(out, f.Key)
		}
	}
	return out
}

func newConflict(st *theme.Styles, r model.Resource, orig, theirs, mine model.Values) *conflict {
	c := &conflict{st: st, res: r, theirs: theirs, mine: mine, gone: theirs == nil, keys: conflictKeys{
		Overwrite: newKey("o", "overwrite with mine", "o"),
		Theirs:    newKey("t", "take theirs into the form", "t"),
		AsNew:     newKey("n", "save mine as new", "n"),
		Cancel:    newKey("esc", "back to the form", "esc"),
	}}
	if theirs != nil {
		c.changed = changedFields(r, orig, theirs)
	}
	return c
}

// resolve answers the conflict: overwrite sends the form's values after
// all; theirs puts their values in the form; as new creates the record
// again (deleted meanwhile); esc goes back to the form.
func (e *editor) resolve(k tea.KeyPressMsg) (tea.Cmd, tea.Msg) {
	c := e.conflict
	switch {
	case key.Matches(k, c.keys.Cancel):
		e.conflict = nil
		e.f.SetError("Not saved: the " + noun(e.list) + " changed meanwhile")
	case !c.gone && key.Matches(k, c.keys.Overwrite):
		e.conflict = nil
		j := &saveJob{editTarget: e.editTarget, form: e.f, values: c.mine, name: strOf(c.mine, "name"), force: true}
		return nil, j
	case !c.gone && key.Matches(k, c.keys.Theirs):
		e.conflict = nil
		vals := maps.Clone(c.mine)
		for _, f := range c.changed {
			vals[f] = c.theirs[f]
		}
		e.orig = c.theirs
		e.rebuild(vals)
		return tea.Batch(e.f.Init(), setStatus(statusInfo, "Their values are in the form: save again to send it")), nil
	case c.gone && key.Matches(k, c.keys.AsNew):
		e.conflict = nil
		e.op, e.orig = model.Create, nil
		if e.list == listDeviceIDs || e.list == listPasswords {
			e.id = 0
		}
		e.opts.Title = "New " + noun(e.list) + " · " + e.cfgName + " (was deleted)"
		e.rebuild(c.mine)
		return e.f.Init(), nil
	}
	return nil, nil
}

// rebuild makes the form anew around vals (huh has no way to set values).
func (e *editor) rebuild(vals model.Values) {
	o := e.opts
	o.Op, o.Values = e.op, vals
	e.f, e.w, e.h = form.New(o), 0, 0
}

func (c *conflict) view(w, h int) string {
	st := c.st
	var lines []string
	if c.gone {
		lines = []string{" " + st.Status.Warn.Render(fit("Deleted meanwhile by someone else: nothing was sent.", w-2)), ""}
	} else {
		lines = []string{" " + st.Status.Warn.Render(fit("Changed meanwhile by someone else: nothing was sent.", w-2)), ""}
		lw := max(min(w/4, 22), 8)
		vw := max((w-lw-6)/2, 6)
		lines = append(lines, " "+st.Table.Header.Render(fit("FIELD", lw)+"  "+fit("THEIRS", vw)+"  "+fit("MINE", vw)))
		for _, k := range c.changed {
			f, _ := c.res.Field(k)
			lines = append(lines, " "+fit(f.Label, lw)+"  "+st.Detail.Value.Render(fit(c.shown(f, c.theirs[k]), vw))+"  "+st.Detail.Value.Render(fit(c.shown(f, c.mine[k]), vw)))
		}
	}
	lines = append(lines, "", st.Table.Empty.Render(fit(" "+helpLine(c.help()), w)))
	if len(lines) > h {
		lines = append(lines[:h-1], lines[len(lines)-1])
	}
	return block(lines, w, h)
}

// shown is a value as the conflict table shows it: one line, secrets masked.
func (c *conflict) shown(f model.Field, v any) string {
	s, _ := v.(string)
	if v != nil && s == "" {
		b, _ := json.Marshal(v)
		s = string(b)
	}
	switch {
	case v == nil || s == "":
		return "—"
	case f.Secret:
		return maskText
	}
	s, _ = f.Masked(model.TunnelTypeOf(c.mine), s)
	return termsafe.OneLine(s)
}

func (c *conflict) help() []key.Binding {
	if c.gone {
		return []key.Binding{c.keys.AsNew, c.keys.Cancel}
	}
	return []key.Binding{c.keys.Overwrite, c.keys.Theirs, c.keys.Cancel}
}
