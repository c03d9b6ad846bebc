package ui

import (
	"context"

	"tweakdash/model"
)

// tabID is a tab of the resource pane.
type tabID int

const (
	tabServers tabID = iota
	tabTweaks
	tabAccess
)

// listID names one of a config's four lists; the Access tab holds two.
type listID int

const (
	listServers listID = iota
	listTweaks
	listDeviceIDs
	listPasswords
)

// request names one of the GETs a config view makes. /resources fills the
// Servers and Tweaks tabs with their short records; the full records
// (every field, secrets included) come from /servers and /tweaks the first
// time a detail is opened.
type request int

const (
	reqResources request = iota
	reqDeviceIDs
	reqPasswords
	reqServers
	reqTweaks
	numRequests
)

// configView is one opened config: its lists, kept until reloaded, and the
// context of its requests, cancelled when the view closes.
type configView struct {
	cfg    model.Config
	ctx    context.Context
	cancel context.CancelFunc

	loads [numRequests]load

	servers   []model.Server
	tweaks    []model.Tweak
	deviceIDs []model.DeviceID
	passwords []model.Password
	// Full records by unique_key, from /servers and /tweaks.
	fullServers map[string]model.Server
	fullTweaks  map[string]model.Tweak

	tables [4]*table // by listID
	tab    tabID
	access listID // listDeviceIDs or listPasswords

	detail     *detail
	detailList listID // the list the detail's row is in
	detailRow  int
}

// shown is the list the view shows now.
func (v *configView) shown() listID {
	switch v.tab {
	case tabServers:
		return listServers
	case tabTweaks:
		return listTweaks
	}
	return v.access
}

// listLoad is the request that fills list l.
func (v *configView) listLoad(l listID) *load {
	switch l {
	case listDeviceIDs:
		return &v.loads[reqDeviceIDs]
	case listPasswords:
		return &v.loads[reqPasswords]
	}
	return &v.loads[reqResources]
}

func (r *resources) newView(cfg model.Config) *configView {
	v := &configView{cfg: cfg, access: listDeviceIDs}
	named := []column{
		{title: "NAME", width: 12, flex: true}, {title: "TYPE", width: 15},
		{title: "KEY", width: 9, muted: true}, {title: "UPDATED", width: 11, muted: true},
	}
	v.tables[listServers] = newTable(r.st, named, true, "no servers")
	v.tables[listTweaks] = newTable(r.st, named, true, "no tweaks")
	v.tables[listDeviceIDs] = newTable(r.st, []column{
		{title: "DEVICE ID", width: 32}, {title: "NOTE", width: 8, flex: true},
		{title: "ACTIVE", width: 6}, {title: "DEL-AFTER-USE", width: 13}, {title: "UPDATED", width: 11, muted: true},
	}, true, "no device IDs")
	v.tables[listPasswords] = newTable(r.st, []column{
		{title: "PASSWORD", width: 8}, {title: "TYPE", width: 9}, {title: "NOTE", width: 8, flex: true},
		{title: "ACTIVE", width: 6}, {title: "USED", width: 11, muted: true},
	}, true, "no passwords")
	return v
}

// copyTarget names and returns the raw value y copies for row i of list l.
func (v *configView) copyTarget(l listID, i int) (what, value string) {
	switch l {
	case listServers:
		return "server key", v.servers[i].UniqueKey
	case listTweaks:
		return "tweak key", v.tweaks[i].UniqueKey
	case listDeviceIDs:
		return "device ID", v.deviceIDs[i].DeviceID
	}
	// The list does not hold the password in the clear; the record does.
	return "password", v.passwords[i].Password
}
