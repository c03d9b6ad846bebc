package ui

import (
	"encoding/json"
	"maps"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/termsafe"
	"tweakdash/model"
	"tweakdash/theme"
	"tweakdash/ui/form"
)

// conflict is what an edit's save found: another client changed a field
// of the record that the form changed too, to another value, since the
// form opened on it (or deleted it). Nothing was sent: it shows theirs and
// mine for those fields, and the user decides about them alone.
type conflict struct {
	st      *theme.Styles
	res     model.Resource
	gone    bool         // deleted meanwhile
	theirs  model.Values // the record as it is now
	mine    model.Values // the form's values, with the fields only they changed taken from theirs
	changed []string     // the fields both changed, in the table's order
	kept    []string     // the fields only they changed: theirs, whatever the answer
	keys    keyTable[*conflict]
}

// conflictAnswer is what the user decided about a conflict, for the
// editor to carry out.
type conflictAnswer int

const (
	backToForm conflictAnswer = iota
	overwriteTheirs
	takeTheirs
	saveAsNew
)

// conflictKeys answer a conflict: overwrite or take theirs when the
// record changed, save as new when it was deleted, esc either way.
func conflictKeys() keyTable[*conflict] {
	answer := func(a conflictAnswer) func(*conflict) (tea.Cmd, tea.Msg) {
		return func(*conflict) (tea.Cmd, tea.Msg) { return nil, a }
	}
	changed := onlyWhen(func(c *conflict) bool { return !c.gone })
	return keyTable[*conflict]{
		{Binding: newKey("o", "overwrite those with mine", "o"), off: changed, do: answer(overwriteTheirs)},
		{Binding: newKey("t", "take theirs into the form", "t"), off: changed, do: answer(takeTheirs)},
		{Binding: newKey("n", "save mine as new", "n"), off: onlyWhen(func(c *conflict) bool { return c.gone }), do: answer(saveAsNew)},
		{Binding: newKey("esc", "back to the form", "esc"), do: answer(backToForm)},
	}
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

// merged is a three-way merge of an edit: base is the record as the form
// opened on it, mine the form's values, theirs the record as it is now. A
// field only one side changed takes that side's value; a field both
// changed to different values is a conflict, left as mine in values.
type merged struct {
	values    model.Values // what to send
	theirs    []string     // the fields only they changed, taken from theirs
	conflicts []string     // the fields both changed, to different values
}

func mergeEdit(r model.Resource, base, mine, theirs model.Values) merged {
	bb, bm, bt := model.Body(r, base, model.Update), model.Body(r, mine, model.Update), model.Body(r, theirs, model.Update)
	m := merged{values: maps.Clone(mine)}
	for _, f := range r.Fields {
		if f.CreateOnly {
			continue
		}
		b, me, th := asJSON(bb[f.Key]), asJSON(bm[f.Key]), asJSON(bt[f.Key])
		switch {
		case th == b || th == me: // they left it, or made it what I made it
		case me == b: // only they changed it
			m.values[f.Key] = theirs[f.Key]
			m.theirs = append(m.theirs, f.Key)
		default:
			m.conflicts = append(m.conflicts, f.Key)
		}
	}
	return m
}

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// labels names fields for a sentence: "Address / credentials and Note".
func labels(r model.Resource, keys []string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		f, _ := r.Field(k)
		names[i] = f.Label
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// newConflict shows the conflicts of m with theirs (nil: deleted
// meanwhile, and m.values is the form's).
func newConflict(st *theme.Styles, r model.Resource, m merged, theirs model.Values) *conflict {
	return &conflict{st: st, res: r, theirs: theirs, mine: m.values, gone: theirs == nil, changed: m.conflicts, kept: m.theirs,
		keys: conflictKeys()}
}

// resolve answers the conflict: overwrite sends mine for the conflicting
// fields after all (and keeps the fields only they changed); theirs puts
// their values in the form; as new creates the record again (deleted
// meanwhile); esc goes back to the form.
func (e *editor) resolve(k tea.KeyPressMsg) (tea.Cmd, tea.Msg) {
	c := e.conflict
	_, req, _ := c.keys.press(c, k)
	answer, ok := req.(conflictAnswer)
	if !ok {
		return nil, nil
	}
	switch answer {
	case backToForm:
		e.conflict = nil
		e.f.SetError("Not saved: the " + noun(e.list) + " changed meanwhile")
	case overwriteTheirs:
		e.conflict = nil
		j := &formSave{editTarget: e.editTarget, form: e.f, values: c.mine, name: strOf(c.mine, "name"), force: true, merged: c.kept}
		j.orig = c.theirs // what the update overwrites, for its undo
		return nil, j
	case takeTheirs:
		e.conflict = nil
		vals := maps.Clone(c.mine)
		for _, f := range c.changed {
			vals[f] = c.theirs[f]
		}
		e.orig = c.theirs
		e.rebuild(vals)
		return tea.Batch(e.f.Init(), setStatus(statusInfo, "Their values are in the form: save again to send it")), nil
	case saveAsNew:
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

// watchFound warns the form when a watch's reload found its record changed
// or deleted. While the conflict guard is up it already shows the record
// as a save found it, fresher than the reload.
func (e *editor) watchFound(n watchNews) {
	if note := n.about(e.editTarget); note != "" && e.conflict == nil {
		e.f.Warn(note)
	}
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
		if len(c.kept) > 0 {
			lines = append(lines, "", " "+st.Table.Empty.Render(fit("Their change to "+labels(c.res, c.kept)+" is kept either way.", w-2)))
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

func (c *conflict) help() []key.Binding { return c.keys.shown(c) }
