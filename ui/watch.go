package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
)

// DefaultRefresh is how often a watched list reloads when the settings
// say nothing (refresh).
const DefaultRefresh = 30 * time.Second

// watchMsg asks the root to turn watching on or off (w).
type watchMsg struct{}

// watchTickMsg is a watch's turn to reload; gen tells a stale one.
type watchTickMsg struct{ gen int }

// watch reloads the list shown in the open config every refresh, while
// the rate headroom stays above a fifth and no form is open on that list,
// and marks the rows a reload found added or changed. It sends nothing
// itself: each turn asks the shown view for its list again.
type watch struct {
	env   *env
	every time.Duration
	on    bool
	gen   int
	// sent is the reload in flight: its id, and the rows shown when it
	// left (cells by record key), to tell what changed when it answers.
	sent    int
	sentFor *configView
	before  map[string]string
	paused  bool
}

// toggle turns watching on or off.
func (w *watch) toggle() tea.Cmd {
	w.on, w.gen, w.before, w.paused = !w.on, w.gen+1, nil, false
	if !w.on {
		return setStatus(statusInfo, "watch off")
	}
	return tea.Batch(setStatus(statusInfo, "watching the open list: it reloads every "+w.every.String()+" (w stops)"),
		w.env.after(w.every, watchTickMsg{gen: w.gen}))
}

// tick is a turn: v is the open config's view (nil: none), editing the
// list a form is open on (-1: none), rate the last headroom reported.
func (w *watch) tick(msg watchTickMsg, v *configView, editing listID, rate api.Rate) tea.Cmd {
	if !w.on || msg.gen != w.gen {
		return nil
	}
	next := w.env.after(w.every, watchTickMsg{gen: w.gen})
	if v == nil || !v.isOpen() || v.listLoad(v.shown()).state == loading || v.listLoad(v.shown()).refreshing {
		return next
	}
	l := v.shown()
	if low := rate.Known && rate.Limit > 0 && rate.Remaining*5 < rate.Limit; low {
		if w.paused {
			return next
		}
		w.paused = true
		return tea.Batch(next, setStatus(statusWarn, "watch paused: "+rateText(rate)+" left, below a fifth of the limit"))
	}
	if editing == l {
		return next // a form is open on this list: its rows stay as the form saw them
	}
	resumed := w.paused
	w.paused = false
	w.before = rowsOf(v.lists[l].tbl())
	cmd := v.reread(v.ctx, l)
	w.sent, w.sentFor = v.loads[listRequest(l)].id, v
	if resumed {
		cmd = tea.Batch(cmd, setStatus(statusInfo, "watch resumed"))
	}
	return tea.Batch(next, cmd)
}

// answered marks what the watch's reload changed, once the view has
// taken msg, and says how much: "2 new, 1 changed, 1 gone". news names
// the records changed and gone, for a form open on one of them.
func (w *watch) answered(msg replyMsg, v *configView) (cmd tea.Cmd, news watchNews) {
	if w.before == nil || msg.id != w.sent || v != w.sentFor || v == nil || msg.err != nil {
		return nil, news
	}
	before := w.before
	w.before = nil
	news.cfgKey, news.list = v.cfg.UniqueKey, v.shown()
	t := v.lists[v.shown()].tbl()
	c := changesSince(t, before)
	news.changed, news.gone = c.changed, c.gone
	if c.none() {
		return nil, news
	}
	return tea.Batch(setStatus(statusInfo, c.String()+" since the last load"), flagRows(w.env, t, c.flags)), news
}
