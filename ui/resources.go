package ui

import (
	"context"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
)

// kind describes one of a config's four lists: what its records are
// called, where they are shown, which reads fill it and which writes
// change it. Everything that differs between the lists is decided here,
// once, instead of in a switch at every place that acts on a list.
type kind struct {
	noun string // one record: "server", "device ID"
	res  model.Resource
	tab  tabID
	list request // the read that fills the list
	// full is the read that brings the list's full records, or
	// numRequests when the list holds them already.
	full request
	// copyWhat is what y copies from a row, for its help line.
	copyWhat string
	// toggles: its records have an active flag that t switches.
	toggles bool
	// syncs: a copy to another config carries it.
	syncs   bool
	columns []column
	empty   string // what an empty list says
	recs    recordKind
	// created says what a create of values does, for the journal and
	// the audit log; nil when it makes one record, named by label.
	created func(v model.Values) string
	// fresh are the values a new record's form opens with.
	fresh func() model.Values
	// label names a record in the status line and the journal.
	label func(v model.Values, id int64) string
	// read reads the whole list with every field (a check before a write,
	// an undo, a detail).
	read func(ctx context.Context, src lister, cfg string, id int) tea.Cmd
	// write is the create or update of t with v; remove deletes it.
	write  func(t editTarget, v model.Values) (write, error)
	remove func(cfg string, it delItem) write
}

// kinds is the descriptor table, by listID.
var kinds = [...]kind{
	listServers: {noun: "server", res: model.ServerResource, tab: tabServers, list: reqResources, full: reqServers,
		copyWhat: "key", syncs: true, fresh: func() model.Values { return model.Values{} }, label: nameLabel,
		columns: namedColumns, empty: "no servers", recs: serverRecords,
		read: func(ctx context.Context, src lister, cfg string, id int) tea.Cmd {
			return call(ctx, cfg, id, func(ctx context.Context) ([]model.Server, *api.Response, error) { return src.ListServers(ctx, cfg) })
		},
		write: serverWrite, remove: func(cfg string, it delItem) write {
			key := it.key
			return write{req: api.DeleteServerRequest(cfg, key), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
				return unpack(wr.DeleteServer(ctx, cfg, key))
			}}
		}},
	listTweaks: {noun: "tweak", res: model.TweakResource, tab: tabTweaks, list: reqResources, full: reqTweaks,
		copyWhat: "key", syncs: true, fresh: func() model.Values { return model.Values{} }, label: nameLabel,
		columns: namedColumns, empty: "no tweaks", recs: tweakRecords,
		read: func(ctx context.Context, src lister, cfg string, id int) tea.Cmd {
			return call(ctx, cfg, id, func(ctx context.Context) ([]model.Tweak, *api.Response, error) { return src.ListTweaks(ctx, cfg) })
		},
		write: tweakWrite, remove: func(cfg string, it delItem) write {
			key := it.key
			return write{req: api.DeleteTweakRequest(cfg, key), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
				return unpack(wr.DeleteTweak(ctx, cfg, key))
			}}
		}},
	listDeviceIDs: {noun: "device ID", res: model.DeviceIDResource, tab: tabAccess, list: reqDeviceIDs, full: numRequests,
		copyWhat: "device ID", toggles: true, empty: "no device IDs", recs: deviceIDRecords,
		created: func(v model.Values) string { return "add " + plural(len(deviceIDCreateOf(v).IDs), "device ID") },
		columns: []column{
			{title: "DEVICE ID", width: 32}, {title: "NOTE", width: 8, flex: true},
			{title: "ACTIVE", width: 6}, {title: "DEL-AFTER-USE", width: 13}, {title: "UPDATED", width: 11, muted: true},
		},
		fresh: func() model.Values { return model.Values{"is_active": true} },
		label: func(v model.Values, _ int64) string { return strings.ToUpper(strOf(v, "device_id")) },
		read: func(ctx context.Context, src lister, cfg string, id int) tea.Cmd {
			return call(ctx, cfg, id, func(ctx context.Context) ([]model.DeviceID, *api.Response, error) { return src.ListDeviceIDs(ctx, cfg) })
		},
		write: deviceIDWrite, remove: func(cfg string, it delItem) write {
			id := it.id
			return write{req: api.DeleteDeviceIDRequest(cfg, id), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
				resp, err := wr.DeleteDeviceID(ctx, cfg, id)
				return nil, resp, err
			}}
		}},
	listPasswords: {noun: "password", res: model.PasswordResource, tab: tabAccess, list: reqPasswords, full: numRequests,
		copyWhat: "password", toggles: true, empty: "no passwords", recs: passwordRecords,
		created: func(model.Values) string { return "create passwords" },
		columns: []column{
			{title: "ID", width: 6, muted: true}, {title: "PASSWORD", width: 8}, {title: "TYPE", width: 9}, {title: "NOTE", width: 8, flex: true},
			{title: "ACTIVE", width: 6}, {title: "USED", width: 11, muted: true},
		},
		fresh: func() model.Values { return model.Values{"type": model.Reusable, "is_active": true, "count": "1"} },
		label: func(_ model.Values, id int64) string { return "#" + strconv.FormatInt(id, 10) },
		read: func(ctx context.Context, src lister, cfg string, id int) tea.Cmd {
			return call(ctx, cfg, id, func(ctx context.Context) ([]model.Password, *api.Response, error) { return src.ListPasswords(ctx, cfg) })
		},
		write: passwordWrite, remove: func(cfg string, it delItem) write {
			id := it.id
			return write{req: api.DeletePasswordRequest(cfg, id), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
				resp, err := wr.DeletePassword(ctx, cfg, id)
				return nil, resp, err
			}}
		}},
}

// namedColumns are the columns of the Servers and Tweaks lists.
var namedColumns = []column{
	{title: "NAME", width: 12, flex: true}, {title: "TYPE", width: 15},
	{title: "KEY", width: 9, muted: true}, {title: "UPDATED", width: 11, muted: true},
}

// nameLabel is a server's or tweak's label: its name in quotes.
func nameLabel(v model.Values, _ int64) string { return "“" + strOf(v, "name") + "”" }

// listOfResource is the list of a draft's resource name.
func listOfResource(name string) (listID, bool) {
	for l := range kinds {
		if kinds[l].res.Name == name {
			return listID(l), true
		}
	}
	return 0, false
}

// kindOf is the descriptor of list l.
func kindOf(l listID) *kind { return &kinds[l] }

// serverWrite and its kin build the create or update of one record from a
// form's values (a create of device IDs or passwords may make several).

func serverWrite(t editTarget, v model.Values) (write, error) {
	cfg, key := t.cfgKey, t.key
	s, err := serverOf(v)
	if t.op == model.Create {
		return write{req: api.CreateServerRequest(cfg, s), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
			return unpack(wr.CreateServer(ctx, cfg, s))
		}}, err
	}
	return write{req: api.UpdateServerRequest(cfg, key, s), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
		return unpack(wr.UpdateServer(ctx, cfg, key, s))
	}}, err
}

func tweakWrite(t editTarget, v model.Values) (write, error) {
	cfg, key := t.cfgKey, t.key
	tw, err := tweakOf(v)
	if t.op == model.Create {
		return write{req: api.CreateTweakRequest(cfg, tw), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
			return unpack(wr.CreateTweak(ctx, cfg, tw))
		}}, err
	}
	return write{req: api.UpdateTweakRequest(cfg, key, tw), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
		return unpack(wr.UpdateTweak(ctx, cfg, key, tw))
	}}, err
}

func deviceIDWrite(t editTarget, v model.Values) (write, error) {
	cfg, id := t.cfgKey, t.id
	if t.op == model.Create {
		in := deviceIDCreateOf(v)
		return write{req: api.CreateDeviceIDsRequest(cfg, in), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
			return unpack(wr.CreateDeviceIDs(ctx, cfg, in))
		}}, nil
	}
	d := deviceIDOf(v)
	return write{req: api.UpdateDeviceIDRequest(cfg, id, d), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
		return unpack(wr.UpdateDeviceID(ctx, cfg, id, d))
	}}, nil
}

func passwordWrite(t editTarget, v model.Values) (write, error) {
	cfg, id := t.cfgKey, t.id
	if t.op == model.Create {
		in := passwordCreateOf(v)
		return write{req: api.CreatePasswordsRequest(cfg, in), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
			return unpack(wr.CreatePasswords(ctx, cfg, in))
		}}, nil
	}
	p := passwordOf(v)
	return write{req: api.UpdatePasswordRequest(cfg, id, p), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
		return unpack(wr.UpdatePassword(ctx, cfg, id, p))
	}}, nil
}
