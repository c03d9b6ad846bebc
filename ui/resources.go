package ui

import (
	"context"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/words"
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
	// path is the API's path segment for the records ("device-ids"): a
	// write another session made there is news for this list.
	path string
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
	// qualifiers are the filter's qualifiers its records answer to; one
	// ending in ":" takes any value.
	qualifiers []string
	empty      string // what an empty list says
	recs       recordKind
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
	listServers: {noun: "server", path: "servers", res: model.ServerResource, tab: tabServers, list: reqResources, full: reqServers,
		copyWhat: "key", syncs: true, fresh: func() model.Values { return model.Values{} }, label: nameLabel,
		columns: namedColumns, qualifiers: []string{"type:"}, empty: "no servers", recs: serverRecords,
		read:  readAll(lister.ListServers),
		write: serverWrite, remove: removeByKey(api.DeleteServerRequest, writeAPI.DeleteServer)},
	listTweaks: {noun: "tweak", path: "tweaks", res: model.TweakResource, tab: tabTweaks, list: reqResources, full: reqTweaks,
		copyWhat: "key", syncs: true, fresh: func() model.Values { return model.Values{} }, label: nameLabel,
		columns: namedColumns, qualifiers: []string{"type:"}, empty: "no tweaks", recs: tweakRecords,
		read:  readAll(lister.ListTweaks),
		write: tweakWrite, remove: removeByKey(api.DeleteTweakRequest, writeAPI.DeleteTweak)},
	listDeviceIDs: {noun: "device ID", path: "device-ids", res: model.DeviceIDResource, tab: tabAccess, list: reqDeviceIDs, full: numRequests,
		copyWhat: "device ID", toggles: true, empty: "no device IDs", recs: deviceIDRecords,
		qualifiers: []string{"is:active", "is:inactive"},
		created:    func(v model.Values) string { return "add " + words.Plural(len(deviceIDCreateOf(v).IDs), "device ID") },
		columns: []column{
			{title: "DEVICE ID", width: 32}, {title: "NOTE", width: 8, flex: true},
			{title: "ACTIVE", width: 6}, {title: "DEL-AFTER-USE", width: 13}, {title: "UPDATED", width: 11, muted: true},
		},
		fresh: func() model.Values { return model.Values{"is_active": true} },
		label: func(v model.Values, _ int64) string { return strings.ToUpper(strOf(v, "device_id")) },
		read:  readAll(lister.ListDeviceIDs),
		write: deviceIDWrite, remove: removeByID(api.DeleteDeviceIDRequest, writeAPI.DeleteDeviceID)},
	listPasswords: {noun: "password", path: "passwords", res: model.PasswordResource, tab: tabAccess, list: reqPasswords, full: numRequests,
		copyWhat: "password", toggles: true, empty: "no passwords", recs: passwordRecords,
		qualifiers: []string{"is:active", "is:inactive", "is:used", "is:unused", "type:"},
		created:    func(model.Values) string { return "create passwords" },
		columns: []column{
			{title: "ID", width: 6, muted: true}, {title: "PASSWORD", width: 8}, {title: "TYPE", width: 9}, {title: "NOTE", width: 8, flex: true},
			{title: "ACTIVE", width: 6}, {title: "USED", width: 11, muted: true}, {title: "USED BY", width: 12, muted: true},
		},
		fresh: func() model.Values { return model.Values{"type": model.Reusable, "is_active": true, "count": "1"} },
		label: func(_ model.Values, id int64) string { return "#" + strconv.FormatInt(id, 10) },
		read:  readAll(lister.ListPasswords),
		write: passwordWrite, remove: removeByID(api.DeletePasswordRequest, writeAPI.DeletePassword)},
}

// namedColumns are the columns of the Servers and Tweaks lists.
var namedColumns = []column{
	{title: "NAME", width: 12, flex: true}, {title: "TYPE", width: 15},
	{title: "KEY", width: 9, muted: true}, {title: "UPDATED", width: 11, muted: true},
}

// readAll reads a whole list with every field.
func readAll[T any](list func(lister, context.Context, string) ([]T, *api.Response, error)) func(context.Context, lister, string, int) tea.Cmd {
	return func(ctx context.Context, src lister, cfg string, id int) tea.Cmd {
		return call(ctx, cfg, id, func(ctx context.Context) ([]T, *api.Response, error) { return list(src, ctx, cfg) })
	}
}

// removeByKey deletes a server or tweak by its unique key.
func removeByKey(req func(string, string) api.Request, del func(writeAPI, context.Context, string, string) (*api.Mutation, *api.Response, error)) func(string, delItem) write {
	return func(cfg string, it delItem) write {
		key := it.key
		return write{req: req(cfg, key), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
			return unpack(del(wr, ctx, cfg, key))
		}}
	}
}

// removeByID deletes a device ID or password by its record id.
func removeByID(req func(string, int64) api.Request, del func(writeAPI, context.Context, string, int64) (*api.Response, error)) func(string, delItem) write {
	return func(cfg string, it delItem) write {
		id := it.id
		return write{req: req(cfg, id), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
			resp, err := del(wr, ctx, cfg, id)
			return nil, resp, err
		}}
	}
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
	s, err := serverOf(v)
	return mutationWrite(t, s, err, api.CreateServerRequest, api.UpdateServerRequest, writeAPI.CreateServer, writeAPI.UpdateServer)
}

func tweakWrite(t editTarget, v model.Values) (write, error) {
	tw, err := tweakOf(v)
	return mutationWrite(t, tw, err, api.CreateTweakRequest, api.UpdateTweakRequest, writeAPI.CreateTweak, writeAPI.UpdateTweak)
}

// mutationWrite is the create or update of a server or tweak x: both
// answer with a mutation.
func mutationWrite[T model.Server | model.Tweak](t editTarget, x T, err error,
	createReq func(string, T) api.Request, updateReq func(string, string, T) api.Request,
	create func(writeAPI, context.Context, string, T) (*api.Mutation, *api.Response, error),
	update func(writeAPI, context.Context, string, string, T) (*api.Mutation, *api.Response, error),
) (write, error) {
	cfg, key := t.cfgKey, t.key
	if t.op == model.Create {
		return write{req: createReq(cfg, x), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
			return unpack(create(wr, ctx, cfg, x))
		}}, err
	}
	return write{req: updateReq(cfg, key, x), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
		return unpack(update(wr, ctx, cfg, key, x))
	}}, err
}

func deviceIDWrite(t editTarget, v model.Values) (write, error) {
	return accessWrite(t, v, deviceIDCreateOf, deviceIDOf, api.CreateDeviceIDsRequest, api.UpdateDeviceIDRequest,
		writeAPI.CreateDeviceIDs, writeAPI.UpdateDeviceID), nil
}

func passwordWrite(t editTarget, v model.Values) (write, error) {
	return accessWrite(t, v, passwordCreateOf, passwordOf, api.CreatePasswordsRequest, api.UpdatePasswordRequest,
		writeAPI.CreatePasswords, writeAPI.UpdatePassword), nil
}

// accessWrite is the create (of one or more) or the update of a device ID
// or password; C is what a create sends, T one record, B the answer.
func accessWrite[C, T, B any](t editTarget, v model.Values, createOf func(model.Values) C, of func(model.Values) T,
	createReq func(string, C) api.Request, updateReq func(string, int64, T) api.Request,
	create func(writeAPI, context.Context, string, C) (B, *api.Response, error),
	update func(writeAPI, context.Context, string, int64, T) (B, *api.Response, error),
) write {
	cfg, id := t.cfgKey, t.id
	if t.op == model.Create {
		in := createOf(v)
		return write{req: createReq(cfg, in), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
			return unpack(create(wr, ctx, cfg, in))
		}}
	}
	x := of(v)
	return write{req: updateReq(cfg, id, x), send: func(ctx context.Context, wr writeAPI) (any, *api.Response, error) {
		return unpack(update(wr, ctx, cfg, id, x))
	}}
}
