package ui

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
)

// The replies to a config view's requests. Each is taken only when it
// answers the latest request of its kind for a view still open.

// accept finds the view a reply belongs to; ok is false when the reply is
// not the latest request of its kind, or its view was closed meanwhile.
func (r *resources) accept(configKey string, q request, id int) (*configView, *load, bool) {
	v := r.views[configKey]
	if v == nil {
		return nil, nil, false
	}
	ld := &v.loads[q]
	if ld.id != id || ld.state != loading {
		return nil, nil, false
	}
	return v, ld, true
}

func (r *resources) gotResources(msg resourcesMsg) tea.Cmd {
	v, ld, ok := r.accept(msg.configKey, reqResources, msg.id)
	if !ok {
		return nil
	}
	defer r.updateKeys()
	if msg.err != nil {
		return r.failed(v, ld, msg.err)
	}
	ld.state = loaded
	v.servers, v.tweaks = msg.res.Servers, msg.res.Tweaks
	// The full records are as old as the list they came with.
	v.loads[reqServers], v.loads[reqTweaks] = load{}, load{}
	v.fullServers, v.fullTweaks = nil, nil
	if msg.res.ConfigurationName != "" {
		v.cfg.Name = msg.res.ConfigurationName
	}
	v.setServerRows()
	v.setTweakRows()
	return setStatus(statusOK, v.cfg.Name+": "+plural(len(v.servers), "server")+", "+plural(len(v.tweaks), "tweak"))
}

func (r *resources) gotServers(msg serversMsg) tea.Cmd {
	v, ld, ok := r.accept(msg.configKey, reqServers, msg.id)
	if !ok {
		return nil
	}
	if msg.err != nil {
		return tea.Batch(r.failed(v, ld, msg.err), r.fullLoaded(v, listServers, false))
	}
	ld.state = loaded
	v.fullServers = byKey(msg.servers, func(s model.Server) string { return s.UniqueKey })
	r.refreshDetail(v, listServers)
	return r.fullLoaded(v, listServers, true)
}

func (r *resources) gotTweaks(msg tweaksMsg) tea.Cmd {
	v, ld, ok := r.accept(msg.configKey, reqTweaks, msg.id)
	if !ok {
		return nil
	}
	if msg.err != nil {
		return tea.Batch(r.failed(v, ld, msg.err), r.fullLoaded(v, listTweaks, false))
	}
	ld.state = loaded
	v.fullTweaks = byKey(msg.tweaks, func(t model.Tweak) string { return t.UniqueKey })
	r.refreshDetail(v, listTweaks)
	return r.fullLoaded(v, listTweaks, true)
}

func (r *resources) gotDeviceIDs(msg deviceIDsMsg) tea.Cmd {
	v, ld, ok := r.accept(msg.configKey, reqDeviceIDs, msg.id)
	if !ok {
		return nil
	}
	defer r.updateKeys()
	if msg.err != nil {
		return r.failed(v, ld, msg.err)
	}
	ld.state = loaded
	v.deviceIDs = msg.ids
	v.setDeviceIDRows()
	return setStatus(statusOK, plural(len(v.deviceIDs), "device ID"))
}

func (r *resources) gotPasswords(msg passwordsMsg) tea.Cmd {
	v, ld, ok := r.accept(msg.configKey, reqPasswords, msg.id)
	if !ok {
		return nil
	}
	defer r.updateKeys()
	if msg.err != nil {
		return r.failed(v, ld, msg.err)
	}
	ld.state = loaded
	v.passwords = msg.passwords
	v.setPasswordRows()
	return setStatus(statusOK, plural(len(v.passwords), "password"))
}

// failed records a failed request. An Access list refused with 422 means
// the config's cloud toggle is off: the server's words go in the tab, with
// where to turn it on, instead of an error in the status bar.
func (r *resources) failed(v *configView, ld *load, err error) tea.Cmd {
	var ae *api.Error
	access := ld == &v.loads[reqDeviceIDs] || ld == &v.loads[reqPasswords]
	if access && errors.As(err, &ae) && ae.Status == 422 {
		msg := strings.TrimSpace(ae.Message)
		if msg == "" {
			msg = "This list is turned off for this config"
		}
		ld.state = refused
		ld.msg = msg
		if !strings.Contains(strings.ToLower(msg), "panel") {
			ld.msg = strings.TrimRight(msg, ".") + ". Enable it in the Panel (Configuration Info)."
		}
		return nil
	}
	ld.state = failed
	ld.msg = describeErr(err, "config “"+v.cfg.Name+"”")
	if v.detail != nil {
		v.detail.pending = false
	}
	return errStatus(err, ld.msg)
}

// The set…Rows methods draw a list's table from the records the view holds,
// after a load or a change.

func (v *configView) setServerRows() {
	rows := make([][]string, len(v.servers))
	for i, s := range v.servers {
		rows[i] = []string{s.Name, string(s.TunnelType), shortKey(s.UniqueKey), shortTime(s.UpdatedAt)}
	}
	v.tables[listServers].setRows(rows)
}

func (v *configView) setTweakRows() {
	rows := make([][]string, len(v.tweaks))
	for i, t := range v.tweaks {
		rows[i] = []string{t.Name, string(t.TunnelType), shortKey(t.UniqueKey), shortTime(t.UpdatedAt)}
	}
	v.tables[listTweaks].setRows(rows)
}

func (v *configView) setDeviceIDRows() {
	rows := make([][]string, len(v.deviceIDs))
	for i, d := range v.deviceIDs {
		rows[i] = []string{d.DeviceID, d.Note, yesNo(bool(d.IsActive)), yesNo(bool(d.DeleteAfterUsed)), shortTime(d.UpdatedAt)}
	}
	v.tables[listDeviceIDs].setRows(rows)
}

func (v *configView) setPasswordRows() {
	rows := make([][]string, len(v.passwords))
	for i, p := range v.passwords {
		used := "—"
		if p.UsedAt != "" {
			used = shortTime(p.UsedAt)
		}
		rows[i] = []string{maskText, p.Type, p.Note, yesNo(bool(p.IsActive)), used}
	}
	v.tables[listPasswords].setRows(rows)
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
