package ui

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"tweakdash/api"
	"tweakdash/internal/syncplan"
	"tweakdash/internal/termsafe"
	"tweakdash/internal/words"
	"tweakdash/model"
)

// An undo takes one write of this session back from what the session held
// in memory when it was made: a create is deleted, an update put back, a
// delete made again (servers and tweaks with their unique_key and every
// field, device IDs and passwords with their values). Just before it goes,
// the lists it touches are read again: an undo whose records changed since
// says why and sends nothing.

// undoPlan is how to take one write back.
type undoPlan struct {
	cfgKey, cfgName string
	list            listID   // the list it writes, for the request preview
	reads           []listID // the lists read just before, to check it still applies
	what            string   // what it does, for the confirmation: "re-create server “Paris”…"
	// inexact says what it cannot make as it was, or "".
	inexact string
	// known are its writes as the session knows them now (the preview).
	known []jobItem
	// writes are its writes made against the lists as they are now, or
	// why it no longer applies.
	writes func(now lists) ([]jobItem, string)
}

// requests are the requests the undo would send, as far as known now.
func (p *undoPlan) requests() []api.Request {
	out := make([]api.Request, 0, len(p.known))
	for _, it := range p.known {
		out = append(out, it.req)
	}
	return out
}

// question is the one-line confirmation.
func (p *undoPlan) question() string {
	q := "Undo: " + p.what
	if p.inexact != "" {
		q += " (" + p.inexact + ")"
	}
	return q + "? y/N"
}

// lists are a config's lists as read just before an undo.
type lists struct {
	read [4]any // by listID: the []T each read brought
	// at finds a record's place in its list by key or id, built on the
	// first look: an undo of 10,000 rows looks 10,000 times.
	at map[listID]map[string]int
}

// take keeps a list read back.
func (ls *lists) take(body any) {
	for l := range kinds {
		if kinds[l].recs.holds(body) {
			ls.read[l] = body
		}
	}
}

// deviceIDs and passwords are the Access lists read back.
func (ls lists) deviceIDs() []model.DeviceID {
	d, _ := ls.read[listDeviceIDs].([]model.DeviceID)
	return d
}

func (ls lists) passwords() []model.Password {
	p, _ := ls.read[listPasswords].([]model.Password)
	return p
}

// record finds a record as it is now by key or id; nil when it is gone.
func (ls *lists) record(l listID, it delItem) model.Values {
	if ls.at == nil {
		ls.at = map[listID]map[string]int{}
	}
	at, ok := ls.at[l]
	if !ok {
		at = kindOf(l).recs.places(ls.read[l])
		ls.at[l] = at
	}
	k := it.key
	if it.id != 0 {
		k = strconv.FormatInt(it.id, 10)
	}
	i, ok := at[k]
	if !ok {
		return nil
	}
	return kindOf(l).recs.valuesAt(ls.read[l], i)
}

// recordValues are a record's editable fields; nil for no record.
func recordValues(rec any) model.Values {
	if r, ok := rec.(interface{ Values() model.Values }); ok {
		return r.Values()
	}
	return nil
}

// differs names the fields of want that now holds otherwise. Only the
// fields want sets count when setOnly (a create sent just those; the
// server filled in the rest).
func differs(r model.Resource, want, now model.Values, setOnly bool) []string {
	var out []string
	for _, f := range changedFields(r, want, now) {
		if setOnly && model.Body(r, model.Values{f: want[f], "tunnel_type": want["tunnel_type"]}, model.Create)[f] == nil {
			continue
		}
		out = append(out, f)
	}
	return out
}

// changedSince says why a record the undo would touch no longer is as the
// write left it: gone, or changed (which fields).
func changedSince(l listID, label string, want, now model.Values, setOnly bool) string {
	if now == nil {
		return "the " + noun(l) + " " + label + " was deleted since"
	}
	if f := differs(resourceOf(l), want, now, setOnly); len(f) > 0 {
		return "the " + noun(l) + " " + label + " changed since (" + strings.Join(f, ", ") + ")"
	}
	return ""
}

// fixed is a plan whose writes are known in full; holds says why it no
// longer applies, or "".
func fixed(items []jobItem, holds func(now lists) string) func(lists) ([]jobItem, string) {
	return func(now lists) ([]jobItem, string) {
		if why := holds(now); why != "" {
			return nil, why
		}
		return items, ""
	}
}

// labelOf is a record's label for the status line and the journal.
func labelOf(l listID, v model.Values, id int64) string { return kindOf(l).label(v, id) }

// undoOfSave is how to undo a form's save that went through, or why it
// cannot be undone.
func undoOfSave(j *formSave, body any) (*undoPlan, string) {
	p := &undoPlan{cfgKey: j.cfgKey, cfgName: j.cfgName, list: j.list, reads: []listID{j.list}}
	res := resourceOf(j.list)
	if j.op == model.Update {
		if j.orig == nil {
			return nil, "its earlier values were not read"
		}
		it := jobItem{delItem: delItem{label: labelOf(j.list, j.orig, j.id), key: j.key, id: j.id}, list: j.list}
		var err error
		if it.write, err = formWrite(j.editTarget, j.orig); err != nil {
			return nil, "its earlier values do not make a record: " + termsafe.Brief(err.Error())
		}
		changed := changedFields(res, j.orig, j.values)
		it.fields = changed
		p.what = "put " + noun(j.list) + " " + it.label + " back as it was"
		if len(changed) > 0 {
			p.what += " (" + strings.Join(changed, ", ") + ")"
		}
		p.known = []jobItem{it}
		p.writes = fixed(p.known, func(now lists) string {
			return changedSince(j.list, it.label, j.values, now.record(j.list, it.delItem), false)
		})
		return p, ""
	}
	switch b := body.(type) {
	case *api.Mutation:
		return undoCreated(p, j, b)
	case *api.DeviceIDList:
		return undoAddedDeviceIDs(p, j, b)
	case *api.PasswordList:
		return undoAddedPasswords(p, j, b)
	}
	return nil, "the server did not say what it made"
}

// undoCreated deletes the server or tweak a form created.
func undoCreated(p *undoPlan, j *formSave, m *api.Mutation) (*undoPlan, string) {
	key, action := "", ""
	for _, s := range m.Servers {
		key, action = s.UniqueKey, s.Action
	}
	for _, t := range m.Tweaks {
		key, action = t.UniqueKey, t.Action
	}
	switch {
	case key == "":
		return nil, "the server did not say which " + noun(j.list) + " it made"
	case action != "created":
		return nil, "it updated the " + noun(j.list) + " that had its unique_key, whose earlier values were not read"
	}
	d := delItem{label: "“" + j.name + "”", key: key}
	it := jobItem{delItem: d, write: deleteWrite(j.cfgKey, j.list, d), drop: true, list: j.list}
	sent := maps.Clone(j.values)
	p.what = "delete the " + noun(j.list) + " " + d.label + " it created"
	p.known = []jobItem{it}
	p.writes = fixed(p.known, func(now lists) string {
		return changedSince(j.list, d.label, sent, now.record(j.list, d), true)
	})
	return p, ""
}

// undoAddedDeviceIDs deletes the device IDs a form added, one request
// each (the API has no bulk delete). Found by value, so that a reply
// without the records still names them; the IDs sent were all new (the
// form leaves out those the config has).
func undoAddedDeviceIDs(p *undoPlan, j *formSave, b *api.DeviceIDList) (*undoPlan, string) {
	in := deviceIDCreateOf(j.values)
	if len(in.IDs) == 0 {
		return nil, "no device ID was sent"
	}
	want := model.DeviceID{Note: in.Note, IsActive: model.Bool(in.IsActive), DeleteAfterUsed: model.Bool(in.DeleteAfterUsed)}
	items := func(found func(string) (model.DeviceID, bool)) ([]jobItem, string) {
		out := make([]jobItem, 0, len(in.IDs))
		for _, id := range in.IDs {
			id = strings.ToUpper(id)
			d, ok := found(id)
			if !ok {
				return nil, "the device ID " + id + " was deleted since"
			}
			w := want
			w.DeviceID = id
			if why := changedSince(listDeviceIDs, id, w.Values(), d.Values(), false); why != "" {
				return nil, why
			}
			di := delItem{label: id, id: int64(d.ID)}
			out = append(out, jobItem{delItem: di, write: deleteWrite(j.cfgKey, listDeviceIDs, di), drop: true, list: listDeviceIDs})
		}
		return out, ""
	}
	if b != nil {
		p.known, _ = items(byDeviceID(b.DeviceIDs))
	}
	p.what = "delete the " + words.Plural(len(in.IDs), "device ID") + " it added"
	if len(in.IDs) > 1 {
		p.what += " (" + words.Plural(len(in.IDs), "request") + ")"
	}
	p.writes = func(now lists) ([]jobItem, string) { return items(byDeviceID(now.deviceIDs())) }
	return p, ""
}

// byDeviceID finds a device ID record by its value.
func byDeviceID(list []model.DeviceID) func(string) (model.DeviceID, bool) {
	m := make(map[string]model.DeviceID, len(list))
	for _, d := range list {
		m[strings.ToUpper(d.DeviceID)] = d
	}
	return func(id string) (model.DeviceID, bool) {
		d, ok := m[id]
		return d, ok
	}
}

// undoAddedPasswords deletes the passwords a form created, by the record
// ids the reply gave.
func undoAddedPasswords(p *undoPlan, j *formSave, b *api.PasswordList) (*undoPlan, string) {
	if b == nil || len(b.Passwords) == 0 {
		return nil, "the server did not say which passwords it made"
	}
	made := b.Passwords
	for _, pw := range made {
		di := delItem{label: labelOf(listPasswords, nil, int64(pw.ID)), id: int64(pw.ID)}
		p.known = append(p.known, jobItem{delItem: di, write: deleteWrite(j.cfgKey, listPasswords, di), drop: true, list: listPasswords, was: pw})
	}
	p.what = "delete the " + words.Plural(len(made), "password") + " it created"
	p.writes = fixed(p.known, func(now lists) string {
		for i, it := range p.known {
			if why := changedSince(listPasswords, it.label, made[i].Values(), now.record(listPasswords, it.delItem), false); why != "" {
				return why
			}
		}
		return ""
	})
	return p, ""
}

// undoOfJob is how to undo the rows a bulk job did, or why it cannot be
// undone.
func undoOfJob(j *job) (*undoPlan, string) {
	var did []jobItem
	for _, i := range j.did {
		did = append(did, j.items[i])
	}
	if len(did) == 0 {
		return nil, "it changed nothing"
	}
	p := &undoPlan{cfgKey: j.cfgKey, cfgName: j.cfgName, list: j.list, reads: []listID{j.list}}
	if j.kind != jobDelete {
		return undoToggled(p, j, did)
	}
	return undoDeletes[j.list](p, did)
}

// undoDeletes is how to undo deleting records of each list, by listID.
// It stays out of the descriptor table: these name the descriptors, and
// the table naming them would make an initialization cycle.
var undoDeletes = [...]func(p *undoPlan, did []jobItem) (*undoPlan, string){
	listServers: undoDeletedResources, listTweaks: undoDeletedResources,
	listDeviceIDs: undoDeletedDeviceIDs, listPasswords: undoDeletedPasswords,
}

// undoToggled puts back the active flag of each device ID or password the
// job flipped.
func undoToggled(p *undoPlan, j *job, did []jobItem) (*undoPlan, string) {
	set := j.kind == jobActivate
	for _, it := range did {
		was := recordValues(it.was)
		back := jobItem{delItem: it.delItem, list: j.list, was: it.was}
		var err error
		if back.write, err = formWrite(editTarget{cfgKey: j.cfgKey, list: j.list, op: model.Update, key: it.key, id: it.id}, was); err != nil {
			return nil, termsafe.Brief(err.Error())
		}
		back.fields = []string{"is_active"}
		p.known = append(p.known, back)
	}
	verb := "deactivate"
	if !set {
		verb = "activate"
	}
	p.what = verb + " " + words.Plural(len(did), noun(j.list)) + " again"
	p.writes = fixed(p.known, func(now lists) string {
		for _, it := range did {
			left := maps.Clone(recordValues(it.was))
			left["is_active"] = set
			if why := changedSince(j.list, it.label, left, now.record(j.list, it.delItem), false); why != "" {
				return why
			}
		}
		return ""
	})
	return p, ""
}

// undoDeletedResources creates each deleted server or tweak again with its
// unique_key and every field, from the full record read before the delete.
func undoDeletedResources(p *undoPlan, did []jobItem) (*undoPlan, string) {
	l := p.list
	for _, it := range did {
		was := recordValues(it.was)
		if was == nil {
			return nil, "the full record of " + noun(l) + " " + it.label + " was not read before it was deleted"
		}
		again := jobItem{delItem: it.delItem, list: l, was: it.was}
		var err error
		if again.write, err = formWrite(editTarget{cfgKey: p.cfgKey, list: l, op: model.Create}, was); err != nil {
			return nil, termsafe.Brief(err.Error())
		}
		p.known = append(p.known, again)
	}
	p.what = "re-create " + noun(l) + " " + did[0].label + " (same unique_key, every field)"
	if len(did) > 1 {
		p.what = "re-create " + words.Plural(len(did), noun(l)) + " (same unique_keys, every field)"
	}
	p.inexact = recordIDs(len(did))
	p.writes = fixed(p.known, func(now lists) string {
		for _, it := range did {
			if now.record(l, it.delItem) != nil {
				return "a " + noun(l) + " with the unique_key of " + it.label + " exists again"
			}
		}
		return ""
	})
	return p, ""
}

// undoDeletedDeviceIDs adds the deleted device IDs back in as few requests
// as the API allows: one batch create for each note and pair of flags.
func undoDeletedDeviceIDs(p *undoPlan, did []jobItem) (*undoPlan, string) {
	type flags struct {
		note         string
		active, once bool
	}
	type group struct {
		flags
		ids []string
	}
	var groups []*group
	index := map[flags]int{}
	for _, it := range did {
		d, ok := it.was.(model.DeviceID)
		if !ok {
			return nil, "the device ID " + it.label + " was not kept"
		}
		k := flags{note: d.Note, active: bool(d.IsActive), once: bool(d.DeleteAfterUsed)}
		i, seen := index[k]
		if !seen {
			i = len(groups)
			index[k] = i
			groups = append(groups, &group{flags: k})
		}
		groups[i].ids = append(groups[i].ids, strings.ToUpper(d.DeviceID))
	}
	for _, g := range groups {
		v := model.Values{"device_id": strings.Join(g.ids, "\n"), "note": g.note, "is_active": g.active, "delete_after_used": g.once}
		w, err := formWrite(editTarget{cfgKey: p.cfgKey, list: listDeviceIDs, op: model.Create}, v)
		if err != nil {
			return nil, termsafe.Brief(err.Error())
		}
		p.known = append(p.known, jobItem{delItem: delItem{label: words.Plural(len(g.ids), "device ID")}, write: w, list: listDeviceIDs})
	}
	p.what = "add " + words.Plural(len(did), "device ID") + " back"
	if len(groups) > 1 {
		p.what += " in " + words.Plural(len(groups), "request") + ", one a note and flags"
	}
	p.inexact = recordIDs(len(did))
	p.writes = fixed(p.known, func(now lists) string {
		has := byDeviceID(now.deviceIDs())
		for _, it := range did {
			if _, ok := has(strings.ToUpper(it.label)); ok {
				return "the device ID " + it.label + " is in the config again"
			}
		}
		return ""
	})
	return p, ""
}

// recordIDs is what a re-create cannot keep: the records' ids.
func recordIDs(n int) string {
	if n == 1 {
		return "new record id"
	}
	return "new record ids"
}

// undoDeletedPasswords creates each deleted password again with its value,
// type, note and flags: one request each (a create takes one value).
func undoDeletedPasswords(p *undoPlan, did []jobItem) (*undoPlan, string) {
	used := 0
	for _, it := range did {
		pw, ok := it.was.(model.Password)
		if !ok {
			return nil, "the password " + it.label + " was not kept"
		}
		if pw.UsedDeviceID != "" || pw.UsedAt != "" {
			used++
		}
		v := pw.Values()
		v["generate_multiple"] = false
		w, err := formWrite(editTarget{cfgKey: p.cfgKey, list: listPasswords, op: model.Create}, v)
		if err != nil {
			return nil, termsafe.Brief(err.Error())
		}
		p.known = append(p.known, jobItem{delItem: it.delItem, write: w, list: listPasswords, was: pw})
	}
	p.what = "create " + words.Plural(len(did), "password") + " again with the same values"
	p.inexact = recordIDs(len(did))
	if used > 0 {
		p.inexact += "; the used one comes back unused"
		if used > 1 {
			p.inexact = recordIDs(len(did)) + "; " + words.Plural(used, "used one") + " come back unused"
		}
	}
	p.writes = fixed(p.known, func(now lists) string {
		has := make(map[string]bool, len(now.passwords()))
		for _, x := range now.passwords() {
			has[x.Password] = true
		}
		for _, it := range did {
			if has[it.was.(model.Password).Password] {
				return "the password " + it.label + " is in the config again"
			}
		}
		return ""
	})
	return p, ""
}

// undoOfSync is how to undo a copy or an import: what it created is
// deleted, one request each; what it updated is put back from the full
// records the target held before (read for the plan), one PUT each.
func undoOfSync(s *syncSend, m *api.Mutation) (*undoPlan, string) {
	if m == nil {
		return nil, "the server did not say what it changed"
	}
	cfg := s.plan.Config
	p := &undoPlan{cfgKey: cfg.UniqueKey, cfgName: cfg.Name, list: listServers}
	// sent are the values each record was given, by list and unique_key.
	sent := map[string]model.Values{}
	for _, st := range s.plan.Steps {
		if k := st.UniqueKey(); k != "" && st.Sent >= 0 {
			sent[st.List+"/"+k] = st.Values
		}
	}
	var checks []func(lists) string
	var created, updated [2]int // servers, tweaks
	add := func(l listID, key, name, action string) string {
		d := delItem{label: "“" + name + "”", key: key}
		want := sent[syncList(l)+"/"+key]
		switch action {
		case "created":
			created[l]++
			p.known = append(p.known, jobItem{delItem: d, write: deleteWrite(cfg.UniqueKey, l, d), drop: true, list: l})
		case "updated":
			updated[l]++
			prev, ok := s.prev[syncList(l)+"/"+key]
			if !ok {
				return "the earlier values of " + noun(l) + " " + d.label + " were not read"
			}
			w, err := formWrite(editTarget{cfgKey: cfg.UniqueKey, list: l, op: model.Update, key: key}, prev)
			if err != nil {
				return termsafe.Brief(err.Error())
			}
			w.fields = changedFields(resourceOf(l), prev, want)
			p.known = append(p.known, jobItem{delItem: d, write: w, list: l})
		default:
			return ""
		}
		checks = append(checks, func(now lists) string {
			if want == nil {
				if now.record(l, d) == nil {
					return "the " + noun(l) + " " + d.label + " was deleted since"
				}
				return ""
			}
			return changedSince(l, d.label, want, now.record(l, d), true)
		})
		if !slices.Contains(p.reads, l) {
			p.reads = append(p.reads, l)
		}
		return ""
	}
	for _, x := range m.Servers {
		if why := add(listServers, x.UniqueKey, x.Name, x.Action); why != "" {
			return nil, why
		}
	}
	for _, x := range m.Tweaks {
		if why := add(listTweaks, x.UniqueKey, x.Name, x.Action); why != "" {
			return nil, why
		}
	}
	if len(p.known) == 0 {
		return nil, "it changed nothing"
	}
	var parts []string
	if n := counted(created); n != "" {
		parts = append(parts, "delete "+n)
	}
	if n := counted(updated); n != "" {
		parts = append(parts, "put "+n+" back")
	}
	p.what = strings.Join(parts, ", ") + " in “" + cfg.Name + "”"
	if len(p.known) > 1 {
		p.what += " (" + words.Plural(len(p.known), "request") + ")"
	}
	p.writes = fixed(p.known, func(now lists) string {
		for _, c := range checks {
			if why := c(now); why != "" {
				return why
			}
		}
		return ""
	})
	return p, ""
}

// counted spells counts of servers and tweaks: "2 servers and 1 tweak".
func counted(n [2]int) string {
	var parts []string
	if n[listServers] > 0 {
		parts = append(parts, words.Plural(n[listServers], "server"))
	}
	if n[listTweaks] > 0 {
		parts = append(parts, words.Plural(n[listTweaks], "tweak"))
	}
	return strings.Join(parts, " and ")
}

// syncList names list l as a sync plan does.
func syncList(l listID) string {
	if l == listTweaks {
		return syncplan.Tweaks
	}
	return syncplan.Servers
}
