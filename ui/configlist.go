package ui

import (
	"context"
	"slices"
	"strconv"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/snapshot"
	"tweakdash/internal/words"
	"tweakdash/model"
)

// configList is the left pane: every config of the account, with server
// and tweak counts, and the account's usage for the header.
type configList struct {
	env  *env
	keys keyTable[*configList]
	tbl  *table

	load    load
	configs []model.Config
	list    *api.ConfigList
	// cachedSince is when the snapshot painted in the list was saved;
	// zero once the fresh list has come (or without a snapshot).
	cachedSince time.Time
	// first is the config list request sent before the program started
	// (Options.Prefetch): the first fetch waits for it instead of sending
	// another.
	first *Prefetch
}

func newConfigList(e *env) *configList {
	cols := []column{{title: "NAME", width: 8, flex: true}, {title: "COUNTS", width: 7, muted: true}}
	l := &configList{env: e, tbl: newTable(e.st, cols, false, "no configs"), keys: configListKeys().rebound(e.keys)}
	l.tbl.keys = l.tbl.keys.rebound(e.keys)
	l.tbl.filterLine = true
	return l
}

// commands are the list's keys for the palette, its filter's too.
func (l *configList) commands() []command {
	return append(commandsOf(l, l.keys), commandsOf(l.tbl, l.tbl.keys[:keyFilter+1])...)
}

// configListKeys are the list's keys besides moving and filtering.
func configListKeys() keyTable[*configList] {
	unselected := func(l *configList) string {
		if _, ok := l.selected(); ok {
			return ""
		}
		if l.load.state == loading && len(l.configs) == 0 {
			return "still loading"
		}
		return "no config selected"
	}
	return keyTable[*configList]{
		{id: "open", Binding: newKey("enter", "open config", "enter", "right", "l"), off: unselected,
			do: func(l *configList) (tea.Cmd, tea.Msg) {
				c, _ := l.selected()
				return nil, openConfigMsg{cfg: c}
			}},
		{id: "reload", Binding: newKey("r", "reload", "r"),
			off: func(l *configList) string {
				if l.load.state == loading {
					return "already loading"
				}
				return ""
			},
			// The user asked: sent even while the client holds requests
			// after a 429.
			do: func(l *configList) (tea.Cmd, tea.Msg) { return l.fetchIn(api.TryNow(l.env.ctx)), nil }},
		{id: "copy", Binding: newKey("y", "copy config key", "y"), off: unselected,
			do: func(l *configList) (tea.Cmd, tea.Msg) {
				c, _ := l.selected()
				return copyCmd("config key", c.UniqueKey), nil
			}},
		// The config's own keys, pressed here: they say where they work
		// rather than doing nothing.
		configFirst("new", "n", "new"), configFirst("edit", "e", "edit"), configFirst("delete", "d", "delete", "delete"),
		configFirst("export", "X", "export"), configFirst("import", "I", "import"), configFirst("toggle", "t", "activate/deactivate"),
		configFirst("mark", "space", "mark"), configFirst("copy-to", "c", "copy to config"),
	}
}

// configFirst is a key of the config view pressed on the config list: it
// never acts here, and says why. It has the view's id, so that it follows
// the view's key when the user rebinds it.
func configFirst(id, k, desc string, more ...string) action[*configList] {
	return action[*configList]{id: id, Binding: newKey(k, desc, append([]string{k}, more...)...),
		off: func(*configList) string { return "open a config first (enter): " + desc + " works on its lists" }}
}

// fetch asks for the list; the reply to any earlier request will be
// dropped.
func (l *configList) fetch() tea.Cmd {
	if p := l.first; p != nil {
		l.first = nil
		l.load.id, l.load.state = l.env.newID(), loading
		return call(l.env.ctx, "", l.load.id, p.wait)
	}
	return l.fetchIn(l.env.ctx)
}

// paintCached shows the config list an earlier run saw, marked cached
// (the header says since when), until the fresh one comes.
func (l *configList) paintCached(s *snapshot.List) {
	if s == nil || l.load.state == loaded {
		return
	}
	l.list = s.ConfigList()
	l.configs = l.list.Configurations
	l.cachedSince = s.SavedAt
	l.setRows()
}

func (l *configList) fetchIn(ctx context.Context) tea.Cmd {
	l.load.id, l.load.state = l.env.newID(), loading
	src := l.env.src
	return call(ctx, "", l.load.id, func(ctx context.Context) (*api.ConfigList, *api.Response, error) { return src.ListConfigs(ctx) })
}

func (l *configList) busy() bool { return l.load.state == loading }

// selected returns the config under the cursor.
func (l *configList) selected() (model.Config, bool) {
	i, ok := l.tbl.selected()
	if !ok || i >= len(l.configs) {
		return model.Config{}, false
	}
	return l.configs[i], true
}

// gotConfigs takes a reply; one that is not the latest is dropped.
func (l *configList) gotConfigs(msg replyMsg) tea.Cmd {
	if msg.id != l.load.id || l.load.state != loading {
		return nil
	}
	if msg.err != nil {
		// Cached rows, if any, stay: they are still the best there is.
		l.load.state, l.load.msg = failed, describeErr(msg.err, "the config list")
		l.tbl.empty = "could not load configs: r to retry"
		return errStatus(msg.err, l.load.msg)
	}
	list, _ := msg.body.(*api.ConfigList)
	if list == nil {
		list = &api.ConfigList{}
	}
	l.load.state, l.load.msg = loaded, ""
	sel, had := l.selected()
	l.list = list
	l.configs = list.Configurations
	l.tbl.empty = "no configs: create one in the Panel"
	l.setRows()
	if had && !l.cachedSince.IsZero() {
		// The cursor stays on the config it was on in the cached list.
		i := slices.IndexFunc(l.configs, func(c model.Config) bool { return c.UniqueKey == sel.UniqueKey })
		if p := slices.Index(l.tbl.index, i); i >= 0 && p >= 0 {
			l.tbl.moveBy(p - l.tbl.cursor)
		}
	}
	l.cachedSince = time.Time{}
	return tea.Batch(setStatus(statusOK, words.Plural(len(l.configs), "config")+" loaded"), l.env.cache.saveList(list))
}

func (l *configList) setRows() {
	rows := make([][]string, len(l.configs))
	for i, c := range l.configs {
		rows[i] = []string{c.Name, counts(c)}
	}
	l.tbl.setRows(rows)
}

// countsFrom shows a config's server and tweak counts as its view has
// them, the freshest account of them after a write.
func (l *configList) countsFrom(v *configView) {
	if v == nil {
		return
	}
	if servers, tweaks, ok := v.counts(); ok {
		l.setCounts(v.cfg.UniqueKey, servers, tweaks)
	}
}

// setCounts shows the server and tweak counts of the config key (one it
// lists: has says).
func (l *configList) setCounts(key string, servers, tweaks int) {
	for i, c := range l.configs {
		if c.UniqueKey == key && (int(c.ServersCount) != servers || int(c.TweaksCount) != tweaks) {
			l.configs[i].ServersCount, l.configs[i].TweaksCount = model.Int(servers), model.Int(tweaks)
			l.setRows()
		}
	}
}

// has says whether the list shows the config key.
func (l *configList) has(key string) bool {
	return slices.ContainsFunc(l.configs, func(c model.Config) bool { return c.UniqueKey == key })
}

// counts is the list's short summary of a config: "2s 1t".
func counts(c model.Config) string {
	return strconv.FormatInt(int64(c.ServersCount), 10) + "s " + strconv.FormatInt(int64(c.TweaksCount), 10) + "t"
}

// usage is the header's account usage, "configs 2/20", or "" before the
// list has arrived.
func (l *configList) usage() string {
	if l.list == nil || l.list.MaxConfigurations <= 0 {
		return ""
	}
	used := l.list.MaxConfigurations - l.list.RemainingConfigurations
	return "configs " + strconv.FormatInt(int64(max(used, 0)), 10) + "/" + strconv.FormatInt(int64(l.list.MaxConfigurations), 10)
}

// update handles a key while the list has focus. Besides a command it may
// return a request for the root (openConfigMsg), which the root handles at
// once so that the next key already reaches the right pane.
func (l *configList) update(msg tea.KeyPressMsg) (tea.Cmd, tea.Msg) {
	if cmd, ok := l.tbl.update(msg); ok {
		return cmd, nil
	}
	cmd, req, _ := l.keys.press(l, msg)
	return cmd, req
}

func (l *configList) typing() bool { return l.tbl.typing }

func (l *configList) view() string { return margin(l.tbl.view(), "", " ") }

// setSize sets the cells inside the pane's border; the table keeps a
// one-cell margin on the right.
func (l *configList) setSize(w, h int) { l.tbl.setSize(w-1, h) }

func (l *configList) setFocused(f bool) { l.tbl.focused = f }

func (l *configList) paste(s string) { l.tbl.paste(s) }

// click selects the config drawn on line y; a click on the selected one
// opens it.
func (l *configList) click(_, y int) (tea.Cmd, tea.Msg) {
	before, had := l.tbl.selected()
	if !l.tbl.clickRow(y) {
		return nil, nil
	}
	if now, ok := l.tbl.selected(); had && ok && now == before {
		if c, ok := l.selected(); ok {
			return nil, openConfigMsg{cfg: c}
		}
	}
	return nil, nil
}

func (l *configList) wheel(n int) { l.tbl.moveBy(n) }

func (l *configList) shortHelp() []key.Binding {
	if l.tbl.typing {
		return l.tbl.filterHelp()[keyAccept:]
	}
	return []key.Binding{l.keys[0].binding(l), l.tbl.keys[keyFilter].binding(l.tbl), l.keys[1].binding(l)}
}

func (l *configList) fullHelp() []key.Binding {
	k := l.keys
	t := l.tbl
	return []key.Binding{k[0].binding(l), t.keys[keyFilter].binding(t), t.keys[keyClear].binding(t), k[1].binding(l), k[2].binding(l)}
}
