package ui

import (
	"errors"
	"fmt"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
)

// deleter is a delete being confirmed (asking) or sent, one DELETE at a
// time (the API has no bulk delete), stopping at the first failure.
type deleter struct {
	cfgKey string
	list   listID
	items  []delItem
	done   int
	asking bool
}

// question is the confirm line, naming what goes.
func (d *deleter) question() string {
	if len(d.items) == 1 {
		return "Delete " + noun(d.list) + " " + d.items[0].label + "? y/N"
	}
	return "Delete " + thousands(len(d.items)) + " " + noun(d.list) + "s? y/N"
}

// askDelete opens the confirm for the marked rows of the shown list, or
// else the target row (d).
func (r *resources) askDelete() tea.Cmd {
	v := r.cur
	l, i, ok := r.target()
	rows := []int{i}
	if v.detail == nil {
		if m := v.tables[l].marked(); len(m) > 0 {
			rows, ok = m, true
		}
	}
	if !ok {
		return nil
	}
	d := &deleter{cfgKey: v.cfg.UniqueKey, list: l, asking: true}
	for _, row := range rows {
		d.items = append(d.items, v.delItem(l, row))
	}
	r.del = d
	return nil
}

func (v *configView) delItem(l listID, i int) delItem {
	switch l {
	case listServers:
		s := v.servers[i]
		return delItem{label: "“" + s.Name + "”", key: s.UniqueKey}
	case listTweaks:
		t := v.tweaks[i]
		return delItem{label: "“" + t.Name + "”", key: t.UniqueKey}
	case listDeviceIDs:
		d := v.deviceIDs[i]
		return delItem{label: d.DeviceID, id: int64(d.ID)}
	}
	p := v.passwords[i]
	return delItem{label: "#" + strconv.FormatInt(int64(p.ID), 10), id: int64(p.ID)}
}

// confirmKey answers the confirm: y deletes, any other key keeps.
func (r *resources) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	d := r.del
	if msg.String() != "y" && msg.String() != "Y" {
		r.del = nil
		return setStatus(statusInfo, "Nothing deleted")
	}
	d.asking = false
	return r.nextDelete()
}

func (r *resources) nextDelete() tea.Cmd {
	d := r.del
	v := r.views[d.cfgKey]
	if v == nil {
		r.del = nil
		return nil
	}
	cmd := deleteCmd(v.ctx, r.wr, d.cfgKey, d.list, d.items[d.done])
	if len(d.items) == 1 {
		return cmd
	}
	return tea.Batch(cmd, setStatus(statusInfo, fmt.Sprintf("deleting %d/%d", d.done+1, len(d.items))))
}

// gotDeleted takes one DELETE's answer: the row goes, and the next DELETE
// is sent, or the delete ends and the status says what was done.
func (r *resources) gotDeleted(msg deletedMsg) tea.Cmd {
	d := r.del
	if d == nil || d.asking || d.cfgKey != msg.configKey || d.done >= len(d.items) || d.items[d.done] != msg.item {
		return nil
	}
	defer r.updateKeys()
	v := r.views[d.cfgKey]
	n := len(d.items)
	if msg.err != nil {
		r.del = nil
		why := describeErr(msg.err, "config “"+v.cfg.Name+"”")
		var ae *api.Error
		if errors.As(msg.err, &ae) && ae.Status == 422 && ae.Message != "" {
			why = oneLine(ae.Message)
		}
		if n == 1 {
			return errStatus(msg.err, "Could not delete "+noun(d.list)+" "+msg.item.label+": "+why)
		}
		return errStatus(msg.err, fmt.Sprintf("Deleted %d of %d %ss; stopped at %s (%s); %d not deleted",
			d.done, n, noun(d.list), msg.item.label, why, n-d.done))
	}
	v.remove(d.list, msg.item)
	d.done++
	if d.done < n {
		return r.nextDelete()
	}
	r.del = nil
	if n == 1 {
		return setStatus(statusOK, "✓ "+upperFirst(noun(d.list))+" "+msg.item.label+" deleted")
	}
	return setStatus(statusOK, "✓ Deleted "+thousands(n)+" "+noun(d.list)+"s")
}

// remove drops a deleted record from the view's list.
func (v *configView) remove(l listID, it delItem) {
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
		marks := v.markedIDs(l)
		v.deviceIDs = deleteWhere(v.deviceIDs, func(d model.DeviceID) bool { return int64(d.ID) == it.id })
		v.setDeviceIDRows()
		v.remark(l, marks)
	default:
		marks := v.markedIDs(l)
		v.passwords = deleteWhere(v.passwords, func(p model.Password) bool { return int64(p.ID) == it.id })
		v.setPasswordRows()
		v.remark(l, marks)
	}
}

// markedIDs and remark keep the marks on the records that are left when
// the rows move under them.
func (v *configView) markedIDs(l listID) map[int64]bool {
	out := map[int64]bool{}
	for _, r := range v.tables[l].marked() {
		out[v.recordID(l, r)] = true
	}
	return out
}

func (v *configView) remark(l listID, ids map[int64]bool) {
	n := len(v.deviceIDs)
	if l == listPasswords {
		n = len(v.passwords)
	}
	for r := range n {
		if ids[v.recordID(l, r)] {
			v.tables[l].toggleMark(r)
		}
	}
}

func (v *configView) recordID(l listID, r int) int64 {
	if l == listDeviceIDs {
		return int64(v.deviceIDs[r].ID)
	}
	return int64(v.passwords[r].ID)
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

// confirmView draws the confirm over the pane.
func (r *resources) confirmView() string {
	lines := []string{"", " " + r.st.Status.Warn.Render(fit(r.del.question(), r.width-2)), "",
		r.st.Table.Empty.Render(fit(" y deletes · any other key keeps it", r.width))}
	return block(lines, r.width, r.height-1)
}
