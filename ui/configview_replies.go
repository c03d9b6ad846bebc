package ui

import (
	"errors"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/snapshot"
	"tweakdash/internal/words"
	"tweakdash/model"
)

// route takes a reply to one of the view's reads: only the latest request
// of its kind, while it is still loading. Besides a command it may return
// a request for the root (an edit waiting for its record opens its form).
func (v *configView) route(msg replyMsg) (tea.Cmd, tea.Msg) {
	if msg.id == v.stale.read {
		if l, ok := msg.body.(snapshot.Lists); ok {
			v.paintCached(l)
		}
		return nil, nil
	}
	q := numRequests
	for i := range v.loads {
		if v.loads[i].id == msg.id && (v.loads[i].state == loading || v.loads[i].refreshing) {
			q = request(i)
		}
	}
	if q == numRequests {
		return nil, nil
	}
	ld := &v.loads[q]
	refreshed := ld.refreshing
	ld.refreshing = false
	if refreshed && msg.err != nil {
		// The write went through; only its rows' dates may be old.
		return setStatus(statusWarn, "The list was not read again after the write: "+describeErr(msg.err, v.what())+" (r reloads it)"), nil
	}
	if msg.err != nil {
		cmd := v.failed(q, msg.err)
		if ld.state == refused {
			v.stale.gotFresh(q) // the server's word replaces the cached rows
		}
		c2, req := v.tryPending()
		return tea.Batch(cmd, c2), req
	}
	ld.state = loaded
	v.stale.gotFresh(q)
	var status tea.Cmd
	switch body := msg.body.(type) {
	case *api.Resources:
		v.servers, v.tweaks = body.Servers, body.Tweaks
		if !refreshed {
			// The full records are as old as the list they came with. A
			// write dropped its own; those read since are newer than it.
			v.loads[reqServers], v.loads[reqTweaks] = load{}, load{}
			v.fullServers, v.fullTweaks = nil, nil
		}
		if body.ConfigurationName != "" {
			v.cfg.Name = body.ConfigurationName
		}
		v.setServerRows()
		v.setTweakRows()
		status = setStatus(statusOK, v.cfg.Name+": "+words.Plural(len(v.servers), "server")+", "+words.Plural(len(v.tweaks), "tweak"))
	case []model.Server:
		v.fullServers = byKey(body, func(s model.Server) string { return s.UniqueKey })
		v.refreshDetail(listServers)
	case []model.Tweak:
		v.fullTweaks = byKey(body, func(t model.Tweak) string { return t.UniqueKey })
		v.refreshDetail(listTweaks)
	case []model.DeviceID:
		v.deviceIDs = body
		v.setDeviceIDRows()
		status = setStatus(statusOK, words.Plural(len(v.deviceIDs), "device ID"))
	case []model.Password:
		v.passwords = body
		v.setPasswordRows()
		status = setStatus(statusOK, words.Plural(len(v.passwords), "password"))
	}
	if !v.isOpen() || ld.writes != v.env.writes || refreshed {
		// A search filled a view that is not shown, a write was announced
		// while the list loaded, or the write's own re-read came: the
		// count is not news.
		status = nil
	}
	cmd, req := v.tryPending()
	// A list (never a full record) is kept for the next start.
	return tea.Batch(status, cmd, v.env.cache.saveLists(v.cfg.UniqueKey, msg.body)), req
}

// paintCached shows what an earlier run saw of the lists that have not
// loaded here yet, marked stale (keys that act on a row say why they
// cannot) until their fresh replies come.
func (v *configView) paintCached(c snapshot.Lists) {
	paint := func(q request) bool {
		st := v.loads[q].state
		return v.stale.paintable(q) && (st == notLoaded || st == loading)
	}
	if r := c.Resources; r != nil && paint(reqResources) {
		v.servers, v.tweaks = r.Model()
		v.setServerRows()
		v.setTweakRows()
		v.stale.since[reqResources] = r.SavedAt
	}
	if d := c.DeviceIDs; d != nil && paint(reqDeviceIDs) {
		v.deviceIDs = d.Model()
		v.setDeviceIDRows()
		v.stale.since[reqDeviceIDs] = d.SavedAt
	}
	if p := c.Passwords; p != nil && paint(reqPasswords) {
		v.passwords = p.Model()
		v.setPasswordRows()
		v.stale.since[reqPasswords] = p.SavedAt
	}
}

// failed records a failed request. An Access list refused with 422 means
// the config's cloud toggle is off: the server's words go in the tab, with
// where to turn it on, instead of an error in the status bar.
func (v *configView) failed(q request, err error) tea.Cmd {
	ld := &v.loads[q]
	var ae *api.Error
	if (q == reqDeviceIDs || q == reqPasswords) && errors.As(err, &ae) && ae.Status == 422 {
		msg := strings.TrimSpace(ae.Message)
		if msg == "" {
			msg = "This list is turned off for this config"
		}
		ld.state, ld.msg = refused, msg
		if !strings.Contains(strings.ToLower(msg), "panel") {
			ld.msg = strings.TrimRight(msg, ".") + ". Enable it in the Panel (Configuration Info)."
		}
		return nil
	}
	ld.state = failed
	ld.msg = describeErr(err, v.what())
	if v.detail != nil {
		v.detail.pending = false
	}
	return errStatus(err, ld.msg)
}

// what names the config for a message: `config “Config 12”`.
func (v *configView) what() string { return "config “" + v.cfg.Name + "”" }

// The set…Rows methods draw a list's table from the records the view holds,
// after a load or a change.

func (v *configView) setServerRows() {
	marks := v.markedKeys(listServers)
	defer v.remark(listServers, marks)
	rows := make([][]string, len(v.servers))
	for i, s := range v.servers {
		rows[i] = []string{s.Name, string(s.TunnelType), shortKey(s.UniqueKey), shortTime(s.UpdatedAt)}
	}
	v.tables[listServers].setRows(rows)
}

func (v *configView) setTweakRows() {
	marks := v.markedKeys(listTweaks)
	defer v.remark(listTweaks, marks)
	rows := make([][]string, len(v.tweaks))
	for i, t := range v.tweaks {
		rows[i] = []string{t.Name, string(t.TunnelType), shortKey(t.UniqueKey), shortTime(t.UpdatedAt)}
	}
	v.tables[listTweaks].setRows(rows)
}

func (v *configView) setDeviceIDRows() {
	marks := v.markedKeys(listDeviceIDs)
	rows := make([][]string, len(v.deviceIDs))
	for i, d := range v.deviceIDs {
		rows[i] = []string{d.DeviceID, d.Note, yesNo(bool(d.IsActive)), yesNo(bool(d.DeleteAfterUsed)), shortTime(d.UpdatedAt)}
	}
	v.tables[listDeviceIDs].setRows(rows)
	v.remark(listDeviceIDs, marks)
}

func (v *configView) setPasswordRows() {
	marks := v.markedKeys(listPasswords)
	rows := make([][]string, len(v.passwords))
	for i, p := range v.passwords {
		used := "—"
		if p.UsedAt != "" {
			used = shortTime(p.UsedAt)
		}
		rows[i] = []string{"#" + strconv.FormatInt(int64(p.ID), 10), maskText, p.Type, p.Note, yesNo(bool(p.IsActive)), used}
	}
	v.tables[listPasswords].setRows(rows)
	v.remark(listPasswords, marks)
}

// markedKeys and remark keep the marks on the records that are left when
// the rows move under them. They are taken before the records change, so
// they read the table's keys, which still match the old records.
func (v *configView) markedKeys(l listID) map[string]bool {
	out := map[string]bool{}
	t := v.tables[l]
	for _, r := range t.marked() {
		if r < len(t.recordKeys) {
			out[t.recordKeys[r]] = true
		}
	}
	return out
}

func (v *configView) remark(l listID, keys map[string]bool) {
	t := v.tables[l]
	n := v.count(l)
	t.recordKeys = make([]string, n)
	for r := range n {
		k := v.recordKey(l, r)
		t.recordKeys[r] = k
		if keys[k] {
			t.toggleMark(r)
		}
	}
}

// count is how many records list l holds.
func (v *configView) count(l listID) int {
	return [...]int{listServers: len(v.servers), listTweaks: len(v.tweaks), listDeviceIDs: len(v.deviceIDs), listPasswords: len(v.passwords)}[l]
}

// recordKey names row r's record of list l: a server's or tweak's
// unique_key, a device ID's or password's record id.
func (v *configView) recordKey(l listID, r int) string {
	switch l {
	case listServers:
		return v.servers[r].UniqueKey
	case listTweaks:
		return v.tweaks[r].UniqueKey
	case listDeviceIDs:
		return strconv.FormatInt(int64(v.deviceIDs[r].ID), 10)
	}
	return strconv.FormatInt(int64(v.passwords[r].ID), 10)
}

// saved applies what a create or update did to the view's lists. It
// returns the passwords a create made (to show once).
func (v *configView) saved(w *formSave, msg replyMsg) (created []model.Password) {
	v.applied(w.list, delItem{}, msg.body)
	if b, ok := msg.body.(*api.PasswordList); ok && b != nil && w.op == model.Create {
		return b.Passwords
	}
	return nil
}

// mutated applies a server/tweak mutation's items to the lists, and drops
// the cached full records: they are older now.
func (v *configView) mutated(m *api.Mutation) {
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

// refresh reads list l again after a write: a reply says what changed
// but not what only the server knows (a mutation's items carry no
// timestamps), so the rows are shown as the server has them once it
// answers. It is the one request a write adds. The rows stay shown and
// usable meanwhile, and the answer is no news for the status line. Like
// the write, it runs on the app's context: a view closed meanwhile still
// takes it. A list never loaded is read when it is next shown.
func (v *configView) refresh(l listID) tea.Cmd {
	q := listRequest(l)
	switch v.loads[q].state {
	case loading: // a read that may predate the write: a fresh one replaces it
		_, cmd := v.load(v.env.ctx, q)
		return cmd
	case loaded:
		_, cmd := v.load(v.env.ctx, q)
		v.loads[q].state, v.loads[q].refreshing = loaded, true
		return cmd
	}
	return nil
}

// removed drops a deleted record from the view's list.
func (v *configView) removed(l listID, it delItem) {
	v.detail = nil
	switch l {
	case listServers:
		v.servers = deleteWhere(v.servers, func(s model.Server) bool { return s.UniqueKey == it.key })
		delete(v.fullServers, it.key)
		v.setServerRows()
	case listTweaks:
		v.tweaks = deleteWhere(v.tweaks, func(t model.Tweak) bool { return t.UniqueKey == it.key })
		delete(v.fullTweaks, it.key)
		v.setTweakRows()
	case listDeviceIDs:
		v.deviceIDs = deleteWhere(v.deviceIDs, func(d model.DeviceID) bool { return int64(d.ID) == it.id })
		v.setDeviceIDRows()
	default:
		v.passwords = deleteWhere(v.passwords, func(p model.Password) bool { return int64(p.ID) == it.id })
		v.setPasswordRows()
	}
}

// applied shows a record a job wrote (activated, put back, created again)
// as the server returned it, and unmarks its row: it is done. A reply
// that does not say what it made leaves the list to the write's refresh.
func (v *configView) applied(l listID, it delItem, body any) {
	t, want := v.tables[l], it.key
	if it.id != 0 {
		want = strconv.FormatInt(it.id, 10)
	}
	for _, r := range t.marked() {
		if r < len(t.recordKeys) && want != "" && t.recordKeys[r] == want {
			t.toggleMark(r)
		}
	}
	v.detail = nil
	switch b := body.(type) {
	case *api.Mutation:
		if b != nil {
			v.mutated(b)
		}
	case *api.DeviceIDList:
		if b == nil {
			return
		}
		for _, d := range b.DeviceIDs {
			v.deviceIDs = upsertByID(v.deviceIDs, d, func(x model.DeviceID) int64 { return int64(x.ID) })
		}
		v.setDeviceIDRows()
	case *api.PasswordList:
		if b == nil {
			return
		}
		for _, p := range b.Passwords {
			v.passwords = upsertByID(v.passwords, p, func(x model.Password) int64 { return int64(x.ID) })
		}
		v.setPasswordRows()
	}
}

// full is the full record of the server or tweak key, when loaded; nil
// when not.
func (v *configView) full(l listID, key string) any {
	if s, ok := v.fullServers[key]; ok && l == listServers {
		return s
	}
	if t, ok := v.fullTweaks[key]; ok && l == listTweaks {
		return t
	}
	return nil
}

// fullRecords are the config's servers and tweaks with every field, in the
// lists' order (those whose full record is loaded).
func (v *configView) fullRecords() ([]model.Server, []model.Tweak) {
	servers := make([]model.Server, 0, len(v.fullServers))
	for _, s := range v.servers {
		if full, ok := v.fullServers[s.UniqueKey]; ok {
			servers = append(servers, full)
		}
	}
	tweaks := make([]model.Tweak, 0, len(v.fullTweaks))
	for _, t := range v.tweaks {
		if full, ok := v.fullTweaks[t.UniqueKey]; ok {
			tweaks = append(tweaks, full)
		}
	}
	return servers, tweaks
}

// counts are the config's server and tweak counts as the view knows them,
// the freshest after a write; ok is false before its lists have loaded.
func (v *configView) counts() (servers, tweaks int, ok bool) {
	if v.loads[reqResources].state != loaded {
		return 0, 0, false
	}
	return len(v.servers), len(v.tweaks), true
}

// byKey indexes full records by their unique key, for the detail view and
// edit forms.
func byKey[T any](items []T, key func(T) string) map[string]T {
	m := make(map[string]T, len(items))
	for _, it := range items {
		m[key(it)] = it
	}
	return m
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

func upsertByID[T any](list []T, item T, id func(T) int64) []T {
	for i, x := range list {
		if id(x) == id(item) {
			list[i] = item
			return list
		}
	}
	return append(list, item)
}

func deleteWhere[T any](list []T, gone func(T) bool) []T {
	out := list[:0:0]
	for _, x := range list {
		if !gone(x) {
			out = append(out, x)
		}
	}
	return out
}
