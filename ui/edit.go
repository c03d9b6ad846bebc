package ui

import (
	"errors"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
	"tweakdash/theme"
	"tweakdash/ui/form"
)

// editor is an open create or edit form and what it edits.
type editor struct {
	f      *form.Form
	cfgKey string
	list   listID
	op     model.Op
	key    string // unique key of the server or tweak edited
	id     int64  // record id of the device ID or password edited
	saving bool
}

// pendingEdit is an edit asked for before the full record arrived: the
// form opens when /servers or /tweaks answers.
type pendingEdit struct {
	cfgKey string
	list   listID
	key    string
}

func formStyles(st *theme.Styles) form.Styles {
	return form.Styles{
		Title: st.Detail.Title, Hint: st.Detail.Hint, Error: st.Table.Error,
		Notice: st.Status.Warn, Help: st.Table.Muted, Huh: st.Huh(), Confirm: st.Status.Warn,
	}
}

// noun names one record of list l: "server", "device ID".
func noun(l listID) string {
	switch l {
	case listServers:
		return "server"
	case listTweaks:
		return "tweak"
	case listDeviceIDs:
		return "device ID"
	}
	return "password"
}

func resourceOf(l listID) model.Resource {
	switch l {
	case listServers:
		return model.ServerResource
	case listTweaks:
		return model.TweakResource
	case listDeviceIDs:
		return model.DeviceIDResource
	}
	return model.PasswordResource
}

// modal reports whether a form, a confirm or the created-passwords list
// is open: then every key is theirs.
func (r *resources) modal() bool {
	return r.ed != nil || (r.del != nil && r.del.asking) || r.created != nil
}

// openForm opens a form over the pane for list l of the shown config.
func (r *resources) openForm(l listID, op model.Op, title string, vals model.Values, key string, id int64) tea.Cmd {
	v := r.cur
	o := form.Options{
		Resource: resourceOf(l), Op: op, Title: title, Values: vals,
		Styles: formStyles(r.st), Width: r.width - 2, Height: r.height - 1,
	}
	if l == listDeviceIDs && op == model.Create {
		o.Existing = make(map[string]bool, len(v.deviceIDs))
		for _, d := range v.deviceIDs {
			o.Existing[strings.ToUpper(d.DeviceID)] = true
		}
	}
	r.ed = &editor{f: form.New(o), cfgKey: v.cfg.UniqueKey, list: l, op: op, key: key, id: id}
	r.pendingEdit = nil
	return r.ed.f.Init()
}

// newRecord opens the create form of the shown list (n).
func (r *resources) newRecord() tea.Cmd {
	v := r.cur
	l := v.shown()
	vals := model.Values{}
	switch l {
	case listDeviceIDs:
		vals["is_active"] = true
	case listPasswords:
		vals = model.Values{"type": model.Reusable, "is_active": true, "count": "1"}
	}
	v.detail = nil
	return r.openForm(l, model.Create, "New "+noun(l)+" · "+v.cfg.Name, vals, "", 0)
}

// target is the row e and d act on: the detail's, or the selected one.
func (r *resources) target() (listID, int, bool) {
	v := r.cur
	if v == nil {
		return 0, 0, false
	}
	if v.detail != nil {
		return v.detailList, v.detailRow, true
	}
	i, ok := r.selectedRow()
	return v.shown(), i, ok
}

// editRecord opens the edit form of the target row (e). A server or tweak
// is edited from its full record, fetched first when it is not cached.
func (r *resources) editRecord() tea.Cmd {
	l, i, ok := r.target()
	if !ok {
		return nil
	}
	v := r.cur
	switch l {
	case listServers:
		s := v.servers[i]
		full, ok := v.fullServers[s.UniqueKey]
		if !ok {
			return r.awaitFull(reqServers, l, s.UniqueKey)
		}
		return r.openForm(l, model.Update, "Edit server · "+s.Name, full.Values(), s.UniqueKey, 0)
	case listTweaks:
		t := v.tweaks[i]
		full, ok := v.fullTweaks[t.UniqueKey]
		if !ok {
			return r.awaitFull(reqTweaks, l, t.UniqueKey)
		}
		return r.openForm(l, model.Update, "Edit tweak · "+t.Name, full.Values(), t.UniqueKey, 0)
	case listDeviceIDs:
		d := v.deviceIDs[i]
		return r.openForm(l, model.Update, "Edit device ID · "+d.DeviceID, d.Values(), "", int64(d.ID))
	}
	p := v.passwords[i]
	return r.openForm(l, model.Update, "Edit password #"+strconv.FormatInt(int64(p.ID), 10), p.Values(), "", int64(p.ID))
}

func (r *resources) awaitFull(q request, l listID, key string) tea.Cmd {
	r.pendingEdit = &pendingEdit{cfgKey: r.cur.cfg.UniqueKey, list: l, key: key}
	cmd := r.fetchIfNeeded(q)
	return tea.Batch(cmd, setStatus(statusInfo, "Loading the "+noun(l)+" to edit…"))
}

// fullLoaded opens the form an edit was waiting for, once its record came.
func (r *resources) fullLoaded(v *configView, l listID, ok bool) tea.Cmd {
	p := r.pendingEdit
	if p == nil || p.list != l || p.cfgKey != v.cfg.UniqueKey {
		return nil
	}
	if r.cur != v || v.shown() != l || r.modal() {
		r.pendingEdit = nil // the user went elsewhere meanwhile
		return nil
	}
	r.pendingEdit = nil
	if !ok {
		return nil
	}
	done := setStatus(statusInfo, "") // "Loading the server to edit…" is over
	switch l {
	case listServers:
		if s, found := v.fullServers[p.key]; found {
			return tea.Batch(done, r.openForm(l, model.Update, "Edit server · "+s.Name, s.Values(), p.key, 0))
		}
	case listTweaks:
		if t, found := v.fullTweaks[p.key]; found {
			return tea.Batch(done, r.openForm(l, model.Update, "Edit tweak · "+t.Name, t.Values(), p.key, 0))
		}
	}
	return setStatus(statusWarn, "That "+noun(l)+" is gone: reload? (r)")
}

// submit sends a form's values: one request per submit.
func (r *resources) submit(msg form.SubmitMsg) tea.Cmd {
	e := r.ed
	if e == nil || msg.Form != e.f || e.saving {
		return nil
	}
	v := r.views[e.cfgKey]
	if v == nil {
		return nil
	}
	e.saving = true
	name := strOf(msg.Values, "name")
	m := savedMsg{configKey: e.cfgKey, list: e.list, op: e.op, form: e.f, name: name}
	return saveCmd(v.ctx, r.wr, m, e.key, e.id, msg.Values)
}

func (r *resources) cancelForm(msg form.CancelMsg) {
	if r.ed != nil && r.ed.f == msg.Form {
		r.ed = nil
		r.updateKeys()
	}
}

// gotSaved takes the answer to a form's request: success closes the form
// and changes the list; a 422 goes under the fields; anything else is one
// line at the top of the form, which stays open with every value.
func (r *resources) gotSaved(msg savedMsg) tea.Cmd {
	e := r.ed
	// The form may have been left while its request was in flight: what
	// the server did still goes in the list and the status line.
	mine := e != nil && e.f == msg.form
	if msg.err != nil {
		if !mine {
			return errStatus(msg.err, describeWriteErr(msg.err, noun(msg.list)))
		}
		e.saving = false
		var ae *api.Error
		if errors.As(msg.err, &ae) && ae.Status == 422 {
			e.f.SetServerErrors(ae.Fields, ae.General())
			return nil
		}
		e.f.SetError(describeWriteErr(msg.err, noun(msg.list)))
		return nil
	}
	defer r.updateKeys()
	if mine {
		r.ed = nil
	}
	v := r.views[msg.configKey]
	if v == nil {
		return nil
	}
	verb := "created"
	if msg.op == model.Update {
		verb = "updated"
	}
	switch msg.list {
	case listServers, listTweaks:
		r.applyMutation(v, msg.mut)
		// A create with a unique_key that exists updates: say what the
		// server did.
		if msg.mut != nil && len(msg.mut.Servers)+len(msg.mut.Tweaks) == 1 {
			for _, a := range []string{actionOf(msg.mut.Servers), actionOf(msg.mut.Tweaks)} {
				if a != "" {
					verb = a
				}
			}
		}
		return setStatus(statusOK, "✓ "+upperFirst(noun(msg.list))+" “"+msg.name+"” "+verb)
	case listDeviceIDs:
		return r.savedDeviceIDs(v, msg)
	}
	return r.savedPasswords(v, msg)
}

// applyMutation applies a server/tweak mutation's items to the cached
// lists, and drops the cached full records: they are older now.
func (r *resources) applyMutation(v *configView, m *api.Mutation) {
	if m == nil {
		return
	}
	for _, s := range m.Servers {
		v.servers = upsert(v.servers, s, s.Action, func(x model.Server) string { return x.UniqueKey })
	}
	for _, t := range m.Tweaks {
		v.tweaks = upsert(v.tweaks, t, t.Action, func(x model.Tweak) string { return x.UniqueKey })
	}
	v.fullServers, v.fullTweaks = nil, nil
	v.loads[reqServers], v.loads[reqTweaks] = load{}, load{}
	v.detail = nil
	v.setServerRows()
	v.setTweakRows()
}

// upsert applies one mutation item: replaced in place when its key is
// there, appended when not, removed when the action is "deleted".
func upsert[T any](list []T, item T, action string, key func(T) string) []T {
	for i, x := range list {
		if key(x) == key(item) {
			if action == "deleted" {
				return append(list[:i:i], list[i+1:]...)
			}
			list[i] = item
			return list
		}
	}
	if action == "deleted" {
		return list
	}
	return append(list, item)
}

func (r *resources) savedDeviceIDs(v *configView, msg savedMsg) tea.Cmd {
	var got []model.DeviceID
	if msg.ids != nil {
		got = msg.ids.DeviceIDs
	}
	if msg.op == model.Update {
		for _, d := range got {
			v.deviceIDs = upsertByID(v.deviceIDs, d, func(x model.DeviceID) int64 { return int64(x.ID) })
		}
		v.detail = nil
		v.setDeviceIDRows()
		return setStatus(statusOK, "✓ Device ID updated")
	}
	n := msg.sent
	if msg.ids != nil && msg.ids.AddedCount != nil {
		n = int(*msg.ids.AddedCount)
	}
	status := setStatus(statusOK, "✓ "+thousands(n)+" device ID"+pluralS(n)+" added")
	if len(got) == 0 {
		return tea.Batch(status, r.refetch(v, reqDeviceIDs))
	}
	for _, d := range got {
		v.deviceIDs = upsertByID(v.deviceIDs, d, func(x model.DeviceID) int64 { return int64(x.ID) })
	}
	v.setDeviceIDRows()
	return status
}

func (r *resources) savedPasswords(v *configView, msg savedMsg) tea.Cmd {
	var got []model.Password
	if msg.pws != nil {
		got = msg.pws.Passwords
	}
	for _, p := range got {
		v.passwords = upsertByID(v.passwords, p, func(x model.Password) int64 { return int64(x.ID) })
	}
	v.detail = nil
	v.setPasswordRows()
	if msg.op == model.Update {
		return setStatus(statusOK, "✓ Password updated")
	}
	if len(got) == 0 {
		return tea.Batch(setStatus(statusOK, "✓ Passwords created"), r.refetch(v, reqPasswords))
	}
	if !r.modal() {
		r.created = &createdList{pws: got}
	}
	return setStatus(statusOK, "✓ "+plural(len(got), "password")+" created")
}

// refetch reloads one list of v once, when a reply did not say what changed.
func (r *resources) refetch(v *configView, q request) tea.Cmd {
	if r.cur != v {
		v.loads[q] = load{}
		return nil
	}
	return r.fetch(q)
}

func upsertByID[T any](list []T, item T, id func(T) int64) []T {
	for i, x := range list {
		if id(x) == id(item) {
			list[i] = item
			return list
		}
	}
	return append(list, item)
}

// describeWriteErr words a failed write in one line. A write that may have
// reached the server says to check before trying again.
func describeWriteErr(err error, what string) string {
	var ae *api.Error
	if !errors.As(err, &ae) {
		return "Could not save the " + what + ": " + oneLine(err.Error())
	}
	switch {
	case ae.Status >= 500:
		return "Server error " + strconv.Itoa(ae.Status) + " saving the " + what + ": it may or may not be saved; check the list before trying again"
	case ae.Status == 0 && ae.Timeout():
		return "Timed out saving the " + what + ": it may have been saved; check the list before trying again"
	}
	return describeErr(err, "this config")
}

// thousands spells n with comma separators: 1,995.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// updateWriteKeys switches n, e, d and space on and off with the reason a
// key that cannot act gives. why says why nothing is selected.
func (r *resources) updateWriteKeys(why string, sel bool) {
	k := &r.keys
	v := r.cur
	l := v.shown()
	ld := v.listLoad(l)
	off := ""
	switch {
	case r.readOnly:
		off = "read-only profile: writes are off"
	case r.wr == nil:
		off = "no API client: writes are off"
	case ld.state == refused:
		off = "this list is off for this config: enable it in the Panel"
	case ld.state != loaded:
		off = why
	}
	access := l == listDeviceIDs || l == listPasswords
	if off != "" {
		for _, b := range []*binding{&k.New, &k.Edit, &k.Delete, &k.Mark} {
			b.set(false, off)
		}
	} else {
		k.New.set(v.detail == nil, "esc to close the details first")
		k.Edit.set(sel || v.detail != nil, why)
		marked := access && len(v.tables[l].marked()) > 0
		k.Delete.set(sel || v.detail != nil || marked, why)
		k.Mark.set(access && sel && v.detail == nil, "space marks device IDs and passwords for a bulk delete")
	}
	if r.del != nil && !r.del.asking {
		k.Delete.set(false, "a delete is still running")
	}
	if !access {
		// Hidden, and silent: space means nothing in these tabs.
		k.Mark.set(false, "")
	}
	if access && len(v.tables[l].marked()) > 0 {
		k.Delete.SetHelp("d", "delete marked")
	} else {
		k.Delete.SetHelp("d", "delete")
	}
}

// modalKey gives a key to the open form or overlay, and nothing else.
func (r *resources) modalKey(msg tea.KeyPressMsg) tea.Cmd {
	defer r.updateKeys()
	switch {
	case r.ed != nil:
		return r.ed.f.Update(msg)
	case r.del != nil && r.del.asking:
		return r.confirmKey(msg)
	case r.created != nil:
		return r.createdKey(msg)
	}
	return nil
}

// actionOf is the action of a mutation's only item, if it has one.
func actionOf[T interface{ model.Server | model.Tweak }](items []T) string {
	if len(items) != 1 {
		return ""
	}
	switch x := any(items[0]).(type) {
	case model.Server:
		return x.Action
	case model.Tweak:
		return x.Action
	}
	return ""
}
