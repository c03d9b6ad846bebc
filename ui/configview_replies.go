package ui

import (
	"errors"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/snapshot"
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
	if body, ok := msg.body.(*api.Resources); ok {
		if !refreshed {
			// The full records are as old as the list they came with. A
			// write dropped its own; those read since are newer than it.
			v.loads[reqServers], v.loads[reqTweaks] = load{}, load{}
			v.servers.dropFull()
			v.tweaks.dropFull()
		}
		if body.ConfigurationName != "" {
			v.cfg.Name = body.ConfigurationName
		}
		v.servers.set(body.Servers)
		v.tweaks.set(body.Tweaks)
		status = setStatus(statusOK, v.cfg.Name+": "+plural(v.servers.count(), "server")+", "+plural(v.tweaks.count(), "tweak"))
	}
	for l, lv := range v.lists {
		if k := kindOf(listID(l)); k.full == q && lv.takeFull(msg.body) {
			v.refreshDetail(listID(l))
		} else if k.list == q && q != reqResources && lv.take(msg.body) {
			status = setStatus(statusOK, plural(lv.count(), k.noun))
		}
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
		servers, tweaks := r.Model()
		v.servers.set(servers)
		v.tweaks.set(tweaks)
		v.stale.since[reqResources] = r.SavedAt
	}
	if d := c.DeviceIDs; d != nil && paint(reqDeviceIDs) {
		v.deviceIDs.set(d.Model())
		v.stale.since[reqDeviceIDs] = d.SavedAt
	}
	if p := c.Passwords; p != nil && paint(reqPasswords) {
		v.passwords.set(p.Model())
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

// saved applies what a create or update did to the view's lists. It
// returns the passwords a create made (to show once).
func (v *configView) saved(w *saveJob, msg replyMsg) (created []model.Password) {
	v.applied(w.list, delItem{}, msg.body)
	if b, ok := msg.body.(*api.PasswordList); ok && b != nil && w.op == model.Create {
		return b.Passwords
	}
	return nil
}

// mutated applies a server/tweak mutation's items to the lists, and drops
// the cached full records: they are older now.
func (v *configView) mutated(m *api.Mutation) {
	v.applied(listServers, delItem{}, m)
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
	v.lists[l].remove(it)
}

// applied shows a record a job wrote (activated, put back, created again)
// as the server returned it, and unmarks its row: it is done. A reply
// that does not say what it made leaves the list to the write's refresh.
func (v *configView) applied(l listID, it delItem, body any) {
	t, want := v.lists[l].tbl(), it.key
	if it.id != 0 {
		want = strconv.FormatInt(it.id, 10)
	}
	for _, r := range t.marked() {
		if r < len(t.recordKeys) && want != "" && t.recordKeys[r] == want {
			t.toggleMark(r)
		}
	}
	v.detail = nil
	for l, lv := range v.lists {
		if lv.apply(body) && kindOf(listID(l)).full != numRequests {
			// The cached full records are older now.
			lv.dropFull()
			v.loads[kindOf(listID(l)).full] = load{}
		}
	}
}

// fullRecords are the config's servers and tweaks with every field, in the
// lists' order (those whose full record is loaded).
func (v *configView) fullRecords() ([]model.Server, []model.Tweak) {
	return v.servers.fullItems(), v.tweaks.fullItems()
}

// counts are the config's server and tweak counts as the view knows them,
// the freshest after a write; ok is false before its lists have loaded.
func (v *configView) counts() (servers, tweaks int, ok bool) {
	if v.loads[reqResources].state != loaded {
		return 0, 0, false
	}
	return v.servers.count(), v.tweaks.count(), true
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

func deleteWhere[T any](list []T, gone func(T) bool) []T {
	out := list[:0:0]
	for _, x := range list {
		if !gone(x) {
			out = append(out, x)
		}
	}
	return out
}
