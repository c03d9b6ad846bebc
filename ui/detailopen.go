package ui

import (
	"strconv"

	tea "charm.land/bubbletea/v2"

	"tweakdash/model"
)

// openDetail shows every field of the selected row. For a server or a
// tweak, the full record is requested the first time (the list has only
// names and keys); the detail shows what is known until it arrives.
func (r *resources) openDetail() tea.Cmd {
	i, ok := r.selectedRow()
	if !ok {
		return nil
	}
	v := r.cur
	v.detailList, v.detailRow = v.shown(), i
	v.detail = newDetail(r.st, "", nil)
	r.refreshDetail(v, v.detailList)
	r.resize()
	switch v.detailList {
	case listServers:
		return r.fetchIfNeeded(reqServers)
	case listTweaks:
		return r.fetchIfNeeded(reqTweaks)
	}
	return nil
}

// refreshDetail fills the open detail from the best record there is, when
// it shows a row of list l.
func (r *resources) refreshDetail(v *configView, l listID) {
	d := v.detail
	if d == nil || v.detailList != l {
		return
	}
	i := v.detailRow
	var (
		title   string
		res     model.Resource
		raw     model.Raw
		pending bool
	)
	switch l {
	case listServers:
		s := v.servers[i]
		if full, ok := v.fullServers[s.UniqueKey]; ok {
			s.Raw = full.Raw
		}
		pending = v.loads[reqServers].state == loading || v.loads[reqServers].state == notLoaded
		title, res, raw = "Server · "+s.Name, model.ServerResource, s.Raw
	case listTweaks:
		t := v.tweaks[i]
		if full, ok := v.fullTweaks[t.UniqueKey]; ok {
			t.Raw = full.Raw
		}
		pending = v.loads[reqTweaks].state == loading || v.loads[reqTweaks].state == notLoaded
		title, res, raw = "Tweak · "+t.Name, model.TweakResource, t.Raw
	case listDeviceIDs:
		dv := v.deviceIDs[i]
		title, res, raw = "Device ID · "+dv.DeviceID, model.DeviceIDResource, dv.Raw
	default:
		p := v.passwords[i]
		title, res, raw = "Password #"+strconv.FormatInt(int64(p.ID), 10), model.PasswordResource, p.Raw
	}
	d.setFields(title, detailFields(res, raw))
	d.pending = pending
	d.copyWhat, d.copyValue = v.copyTarget(l, i)
}
