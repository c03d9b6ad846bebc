package ui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
	"tweakdash/internal/words"
	"tweakdash/model"
)

// finder is the search across every config (F): a device ID or part of
// one, a password's note, a server's or tweak's name, a unique_key. Lists
// already loaded are searched at once; the others are fetched, paced as a
// bulk job is, into the configs' views (so that opening one later costs
// nothing), and results appear as they come. It is an overlay; closing it
// cancels its reads.
type finder struct {
	env     *env
	keys    keyTable[*finder]
	configs []model.Config
	viewOf  func(model.Config) *configView

	ctx    context.Context
	cancel context.CancelFunc
	queue  []finderLoad // lists still to fetch
	flight *finderLoad  // the one in flight
	sentAt time.Time
	pacer  api.Pacer
	gen    int // names the current wait's tick

	query   *lineInput
	results []finderHit
	cursor  int
}

// finderLoad is one list the search fetches.
type finderLoad struct {
	cfg model.Config
	q   request
	id  int
}

// finderHit is one row that matches: where it is, and what it shows.
type finderHit struct {
	cfg  model.Config
	list listID
	key  string // the row's record key (configView.recordKey)
	text string
}

// finderTickMsg ends a search's pacing wait.
type finderTickMsg struct{ gen int }

// revealMsg is the finder's request to the root: open cfg with the row of
// list l whose record is key under the cursor.
type revealMsg struct {
	cfg  model.Config
	list listID
	key  string
}

// maxHits bounds the results kept: more is a query to narrow.
const maxHits = 500

func newFinder(e *env, configs []model.Config, viewOf func(model.Config) *configView) *finder {
	f := &finder{env: e, configs: configs, viewOf: viewOf, keys: finderKeys(), query: newLineInput("")}
	f.ctx, f.cancel = context.WithCancel(e.ctx)
	for _, c := range configs {
		v := viewOf(c)
		for _, q := range []request{reqResources, reqDeviceIDs, reqPasswords} {
			if v.loads[q].state == notLoaded || v.loads[q].state == failed {
				f.queue = append(f.queue, finderLoad{cfg: c, q: q})
			}
		}
	}
	return f
}

// next fetches the next list, or waits for the pacer.
func (f *finder) next() tea.Cmd {
	if f.flight != nil || len(f.queue) == 0 || f.ctx.Err() != nil {
		return nil
	}
	now := f.env.now()
	if wait := f.pacer.Wait(now); wait > 0 {
		f.gen++
		return f.env.after(wait, finderTickMsg{gen: f.gen})
	}
	ld := f.queue[0]
	f.queue = f.queue[1:]
	v := f.viewOf(ld.cfg)
	if v.loads[ld.q].state == loading || v.loads[ld.q].state == loaded {
		return f.next() // the view asked for it meanwhile
	}
	id, cmd := v.load(f.ctx, ld.q)
	ld.id = id
	f.flight, f.sentAt = &ld, now
	return cmd
}

// answered takes note of a reply the App routed to a view: when it is the
// search's, the results are refreshed and the next list goes.
func (f *finder) answered(msg replyMsg) tea.Cmd {
	if f.flight == nil || msg.id != f.flight.id {
		f.search() // a view's own reply can add rows too
		return nil
	}
	f.pacer.Observe(f.sentAt, msg.rate)
	if ae, ok := msg.err.(*api.Error); ok && ae.Status == 429 {
		f.queue = append([]finderLoad{*f.flight}, f.queue...)
		f.flight = nil
		f.gen++
		return f.env.after(max(ae.RetryAfter, time.Second), finderTickMsg{gen: f.gen})
	}
	f.flight = nil
	f.search()
	return f.next()
}

// close cancels the search's reads; the views forget what it asked for.
func (f *finder) close() {
	f.cancel()
	if ld := f.flight; ld != nil {
		f.viewOf(ld.cfg).forget(ld.q, ld.id)
		f.flight = nil
	}
	f.gen++
}

// search finds the query in every loaded list.
func (f *finder) search() {
	q := strings.ToLower(strings.TrimSpace(f.query.String()))
	f.results = f.results[:0]
	if q == "" {
		return
	}
	has := func(s string) bool { return strings.Contains(strings.ToLower(s), q) }
	add := func(h finderHit) bool {
		f.results = append(f.results, h)
		return len(f.results) < maxHits
	}
	for _, c := range f.configs {
		v := f.viewOf(c)
		if v.loads[reqResources].state == loaded {
			for _, s := range v.servers.items {
				if (has(s.Name) || has(s.UniqueKey)) && !add(finderHit{c, listServers, s.UniqueKey, s.Name + "  " + string(s.TunnelType)}) {
					return
				}
			}
			for _, t := range v.tweaks.items {
				if (has(t.Name) || has(t.UniqueKey)) && !add(finderHit{c, listTweaks, t.UniqueKey, t.Name + "  " + string(t.TunnelType)}) {
					return
				}
			}
		}
		if v.loads[reqDeviceIDs].state == loaded {
			for r, d := range v.deviceIDs.items {
				if (has(d.DeviceID) || has(d.Note)) && !add(finderHit{c, listDeviceIDs, v.deviceIDs.recordKey(r), d.DeviceID + "  " + d.Note}) {
					return
				}
			}
		}
		if v.loads[reqPasswords].state == loaded {
			for r, p := range v.passwords.items {
				if has(p.Note) && !add(finderHit{c, listPasswords, v.passwords.recordKey(r), "#" + v.passwords.recordKey(r) + "  " + p.Note}) {
					return
				}
			}
		}
	}
	f.cursor = min(f.cursor, max(len(f.results)-1, 0))
}

// finderKeys are the finder's keys; any other key edits the query.
func finderKeys() keyTable[*finder] {
	rows := cursorRows(newKey("↑", "up", "up", "ctrl+p"), newKey("↓", "down", "down", "ctrl+n"),
		func(f *finder) *int { return &f.cursor }, func(f *finder) int { return len(f.results) })
	return append(rows,
		action[*finder]{Binding: newKey("enter", "open", "enter"), do: (*finder).open},
		action[*finder]{Binding: newKey("esc", "close", "esc"), do: func(f *finder) (tea.Cmd, tea.Msg) {
			f.close()
			return nil, closeMsg{}
		}})
}

func (f *finder) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if cmd, req, ok := f.keys.press(f, k); ok {
			return cmd, req
		}
	}
	if f.query.update(msg) {
		f.cursor = 0
		f.search()
	}
	return nil, nil
}

// open asks the root to show the result under the cursor.
func (f *finder) open() (tea.Cmd, tea.Msg) {
	if f.cursor >= len(f.results) {
		return nil, nil
	}
	h := f.results[f.cursor]
	f.close()
	return nil, revealMsg{cfg: h.cfg, list: h.list, key: h.key}
}

// progress says how far the fetching is.
func (f *finder) progress() string {
	total := 3 * len(f.configs)
	left := len(f.queue)
	if f.flight != nil {
		left++
	}
	if left == 0 {
		return "every list of " + words.Plural(len(f.configs), "config") + " searched"
	}
	return "searched " + words.Thousands(total-left) + " of " + words.Thousands(total) + " lists…"
}

func (f *finder) view(w, h int) string {
	st := f.env.st
	lines := []string{
		" " + st.Detail.Title.Render(fit("Find in every config", w-2)),
		" " + st.Table.Filter.Render(fit("/ "+termsafe.Line(f.query.String()), w-2)),
		" " + st.Table.Muted.Render(fit(matches(len(f.results))+" · "+f.progress(), w-2)),
		"",
	}
	if f.query.empty() {
		lines = append(lines, st.Table.Empty.Render(fit(" Type part of a device ID, a note, a name or a key.", w)))
	}
	room := max(h-len(lines)-2, 1)
	start := max(f.cursor-room+1, 0)
	for i := start; i < len(f.results) && i < start+room; i++ {
		r := f.results[i]
		text := r.cfg.Name + " · " + listName(r.list) + " · " + r.text
		if i == f.cursor {
			lines = append(lines, st.Table.Selected.Render(fit("▌"+termsafe.Line(text), w)))
		} else {
			lines = append(lines, st.Table.Cell.Render(fit(" "+termsafe.Line(text), w)))
		}
	}
	lines = append(lines, "", st.Table.Empty.Render(fit(" "+helpLine(f.help()), w)))
	if len(lines) > h { // keep the keys line
		lines = append(lines[:h-1], lines[len(lines)-1])
	}
	return block(lines, w, h)
}

func (f *finder) help() []key.Binding { return f.keys.shown(f) }

// matches spells a count of results: "1 match", "12 matches".
func matches(n int) string {
	if n == 1 {
		return "1 match"
	}
	return words.Thousands(n) + " matches"
}

// listName names list l in a result: "Servers", "Device IDs".
func listName(l listID) string {
	return [...]string{listServers: "Servers", listTweaks: "Tweaks", listDeviceIDs: "Device IDs", listPasswords: "Passwords"}[l]
}
