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

// taken is what a reply did to the lists, for the view to follow.
type taken struct {
	status, save tea.Cmd
	// settled: the read is over, so an edit waiting for it may open.
	settled bool
	// full is the list whose full records came; -1 for none.
	full listID
	// failed: the read failed, so the detail waits for nothing.
	failed bool
}

// take takes a reply to one of the lists' reads: only the latest request
// of its kind, while it is still loading.
func (c *configLists) take(msg replyMsg) taken {
	t := taken{full: -1}
	if msg.id == c.stale.read {
		if l, ok := msg.body.(snapshot.Lists); ok {
			c.paintCached(l)
		}
		return t
	}
	q := numRequests
	for i := range c.loads {
		if c.loads[i].id == msg.id && (c.loads[i].state == loading || c.loads[i].refreshing) {
			q = request(i)
		}
	}
	if q == numRequests {
		return t
	}
	ld := &c.loads[q]
	refreshed := ld.refreshing && !ld.watched
	ld.refreshing, ld.watched = false, false
	if refreshed && msg.err != nil {
		// The write went through; only its rows' dates may be old.
		t.status = setStatus(statusWarn, "The list was not read again after the write: "+describeErr(msg.err, c.what())+" (r reloads it)")
		return t
	}
	t.settled = true
	if msg.err != nil {
		t.status = c.failed(q, msg.err)
		t.failed = ld.state == failed
		if ld.state == refused {
			c.stale.gotFresh(q) // the server's word replaces the cached rows
		}
		return t
	}
	ld.state = loaded
	c.stale.gotFresh(q)
	if body, ok := msg.body.(*api.Resources); ok {
		if !refreshed {
			// The full records are as old as the list they came with. A
			// write dropped its own; those read since are newer than it.
			c.loads[reqServers], c.loads[reqTweaks] = load{}, load{}
			c.servers.dropFull()
			c.tweaks.dropFull()
		}
		if body.ConfigurationName != "" {
			c.cfg.Name = body.ConfigurationName
		}
		c.servers.set(body.Servers)
		c.tweaks.set(body.Tweaks)
		t.status = setStatus(statusOK, c.cfg.Name+": "+words.Plural(c.servers.count(), "server")+", "+words.Plural(c.tweaks.count(), "tweak"))
	}
	for l, lv := range c.lists {
		if k := kindOf(listID(l)); k.full == q && lv.takeFull(msg.body) {
			t.full = listID(l)
		} else if k.list == q && q != reqResources && lv.take(msg.body) {
			t.status = setStatus(statusOK, words.Plural(lv.count(), k.noun))
		}
	}
	if !c.isOpen() || ld.writes != c.env.writes || refreshed {
		// A search filled a view that is not shown, a write was announced
		// while the list loaded, or the write's own re-read came: the
		// count is not news.
		t.status = nil
	}
	// A list (never a full record) is kept for the next start.
	t.save = c.env.cache.saveLists(c.cfg.UniqueKey, msg.body)
	return t
}

// paintCached shows what an earlier run saw of the lists that have not
// loaded here yet, marked stale (keys that act on a row say why they
// cannot) until their fresh replies come.
func (c *configLists) paintCached(sl snapshot.Lists) {
	paint := func(q request) bool {
		st := c.loads[q].state
		return c.stale.paintable(q) && (st == notLoaded || st == loading)
	}
	if r := sl.Resources; r != nil && paint(reqResources) {
		servers, tweaks := r.Model()
		c.servers.set(servers)
		c.tweaks.set(tweaks)
		c.stale.since[reqResources] = r.SavedAt
	}
	if d := sl.DeviceIDs; d != nil && paint(reqDeviceIDs) {
		c.deviceIDs.set(d.Model())
		c.stale.since[reqDeviceIDs] = d.SavedAt
	}
	if p := sl.Passwords; p != nil && paint(reqPasswords) {
		c.passwords.set(p.Model())
		c.stale.since[reqPasswords] = p.SavedAt
	}
}

// failed records a failed request. An Access list refused with 422 means
// the config's cloud toggle is off: the server's words go in the tab, with
// where to turn it on, instead of an error in the status bar.
func (c *configLists) failed(q request, err error) tea.Cmd {
	ld := &c.loads[q]
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
	ld.msg = describeErr(err, c.what())
	return errStatus(err, ld.msg)
}

// what names the config for a message: `config “Config 12”`.
func (c *configLists) what() string { return "config “" + c.cfg.Name + "”" }

// saved applies what a create or update did to the lists. It
// returns the passwords a create made (to show once).
func (c *configLists) saved(w *formSave, msg replyMsg) (created []model.Password) {
	c.applied(w.list, delItem{}, msg.body)
	if b, ok := msg.body.(*api.PasswordList); ok && b != nil && w.op == model.Create {
		return b.Passwords
	}
	return nil
}

// mutated applies a server/tweak mutation's items to the lists, and drops
// the cached full records: they are older now.
func (c *configLists) mutated(m *api.Mutation) {
	c.applied(listServers, delItem{}, m)
}

// refresh reads list l again after a write: a reply says what changed
// but not what only the server knows (a mutation's items carry no
// timestamps), so the rows are shown as the server has them once it
// answers. It is the one request a write adds. The rows stay shown and
// usable meanwhile, and the answer is no news for the status line. Like
// the write, it runs on the app's context: a view closed meanwhile still
// takes it. A list never loaded is read when it is next shown.
func (c *configLists) refresh(l listID) tea.Cmd {
	q := listRequest(l)
	switch c.loads[q].state {
	case loading: // a read that may predate the write: a fresh one replaces it
		_, cmd := c.load(c.env.ctx, q)
		return cmd
	case loaded:
		_, cmd := c.load(c.env.ctx, q)
		c.loads[q].state, c.loads[q].refreshing = loaded, true
		return cmd
	}
	return nil
}

// removed drops a deleted record from list l.
func (c *configLists) removed(l listID, it delItem) {
	c.onWrite()
	c.lists[l].remove(it)
}

// applied shows a record a job wrote (activated, put back, created again)
// as the server returned it, and unmarks its row: it is done. A reply
// that does not say what it made leaves the list to the write's refresh.
func (c *configLists) applied(l listID, it delItem, body any) {
	t, want := c.lists[l].tbl(), it.key
	if it.id != 0 {
		want = strconv.FormatInt(it.id, 10)
	}
	for _, r := range t.marked() {
		if r < len(t.recordKeys) && want != "" && t.recordKeys[r] == want {
			t.toggleMark(r)
		}
	}
	c.onWrite()
	for l, lv := range c.lists {
		if lv.apply(body) && kindOf(listID(l)).full != numRequests {
			// The cached full records are older now.
			lv.dropFull()
			c.loads[kindOf(listID(l)).full] = load{}
		}
	}
}

// fullRecords are the config's servers and tweaks with every field, in the
// lists' order (those whose full record is loaded).
func (c *configLists) fullRecords() ([]model.Server, []model.Tweak) {
	return c.servers.fullItems(), c.tweaks.fullItems()
}

// counts are the config's server and tweak counts as the lists know them,
// the freshest after a write; ok is false before its lists have loaded.
func (c *configLists) counts() (servers, tweaks int, ok bool) {
	if c.loads[reqResources].state != loaded {
		return 0, 0, false
	}
	return c.servers.count(), c.tweaks.count(), true
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
