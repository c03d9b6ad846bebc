package ui

import (
	"context"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
	"tweakdash/theme"
)

// configList is the left pane: every config of the account, with server
// and tweak counts, and the account's usage for the header.
type configList struct {
	st   *theme.Styles
	keys configListKeys
	tbl  *table
	src  lister
	ctx  context.Context

	load    load
	nextID  int
	configs []model.Config
	list    *api.ConfigList
}

func newConfigList(ctx context.Context, st *theme.Styles, src lister) *configList {
	cols := []column{{title: "NAME", width: 8, flex: true}, {title: "COUNTS", width: 7, muted: true}}
	l := &configList{st: st, src: src, ctx: ctx, tbl: newTable(st, cols, false, "no configs")}
	l.tbl.filterLine = true
	l.keys = defaultConfigListKeys()
	l.updateKeys()
	return l
}

// fetch asks for the list again; the reply to any earlier request will be
// dropped.
func (l *configList) fetch() tea.Cmd {
	l.nextID++
	l.load.id, l.load.state = l.nextID, loading
	l.updateKeys()
	return fetchConfigs(l.ctx, l.src, l.load.id)
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

func (l *configList) updateKeys() {
	_, sel := l.selected()
	why := "no config selected"
	if l.load.state == loading && len(l.configs) == 0 {
		why = "still loading"
	}
	l.keys.Open.set(sel, why)
	l.keys.Copy.set(sel, why)
	l.keys.Reload.set(l.load.state != loading, "already loading")
}

// gotConfigs takes a reply; one that is not the latest is dropped.
func (l *configList) gotConfigs(msg configsMsg) tea.Cmd {
	if msg.id != l.load.id || l.load.state != loading {
		return nil
	}
	defer l.updateKeys()
	if msg.err != nil {
		l.load.state, l.load.msg = failed, describeErr(msg.err, "the config list")
		l.tbl.empty = "could not load configs: r to retry"
		return errStatus(msg.err, l.load.msg)
	}
	l.load.state, l.load.msg = loaded, ""
	l.list = msg.list
	l.configs = msg.list.Configurations
	l.tbl.empty = "no configs: create one in the Panel"
	l.setRows()
	return setStatus(statusOK, plural(len(l.configs), "config")+" loaded")
}

func (l *configList) setRows() {
	rows := make([][]string, len(l.configs))
	for i, c := range l.configs {
		rows[i] = []string{c.Name, counts(c)}
	}
	l.tbl.setRows(rows)
}

// setCounts shows a config's server and tweak counts after a change made
// here, without asking the server again.
func (l *configList) setCounts(configKey string, servers, tweaks int) {
	for i, c := range l.configs {
		if c.UniqueKey == configKey && (int(c.ServersCount) != servers || int(c.TweaksCount) != tweaks) {
			l.configs[i].ServersCount, l.configs[i].TweaksCount = model.Int(servers), model.Int(tweaks)
			l.setRows()
		}
	}
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
	defer l.updateKeys()
	if l.tbl.update(msg) {
		return nil, nil
	}
	switch {
	case l.keys.Open.matches(msg):
		c, _ := l.selected()
		return nil, openConfigMsg{cfg: c}
	case l.keys.Reload.matches(msg):
		return l.fetch(), nil
	case l.keys.Copy.matches(msg):
		c, _ := l.selected()
		return copyCmd("config key", c.UniqueKey), nil
	}
	if why, ok := whyBlocked(msg, &l.keys.Open, &l.keys.Reload, &l.keys.Copy); ok {
		return setStatus(statusWarn, why), nil
	}
	return nil, nil
}

func (l *configList) typing() bool { return l.tbl.typing }

func (l *configList) shortHelp() []key.Binding {
	if l.tbl.typing {
		return bindings(&l.tbl.fk.Accept, &l.tbl.fk.Clear)
	}
	return bindings(&l.keys.Open, &l.tbl.fk.Filter, &l.keys.Reload)
}

func (l *configList) fullHelp() []key.Binding {
	return bindings(&l.keys.Open, &l.tbl.fk.Filter, &l.tbl.fk.Clear, &l.keys.Reload, &l.keys.Copy)
}
