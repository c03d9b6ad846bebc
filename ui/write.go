package ui

import (
	"context"
	"maps"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
)

// write is one request that changes something: what it sends, built as the
// client builds it (for the request preview and the audit log), and the
// call that sends it. Forms, bulk jobs and undos all send writes.
type write struct {
	req  api.Request
	send func(context.Context, writeAPI) (any, *api.Response, error)
	// fields are the names of the fields it sets (a create) or changes
	// (an update), for the audit log; formWrite gives those of the body.
	fields []string
}

// cmd sends the write and answers with its reply, for config and id.
func (w write) cmd(ctx context.Context, wr writeAPI, config string, id int) tea.Cmd {
	return func() tea.Msg {
		body, resp, err := w.send(ctx, wr)
		return newReply(config, id, resp, err, body)
	}
}

// formWrite is the write that saving values to t sends: a create or an
// update of one record (a create of device IDs or passwords may make
// several); an error when the values do not make a record.
func formWrite(t editTarget, v model.Values) (write, error) {
	w, err := bareWrite(t, v)
	w.fields = slices.Sorted(maps.Keys(w.req.Body))
	return w, err
}

func bareWrite(t editTarget, v model.Values) (write, error) { return kindOf(t.list).write(t, v) }

// describe is what a form's save does, in a few words for the journal
// and the audit log: "create server “Paris”", "add 3 device IDs".
func (j *formSave) describe() string {
	what := noun(j.list) + " " + labelOf(j.list, j.values, j.id)
	switch {
	case j.op == model.Update:
		return "update " + what
	case kindOf(j.list).created != nil:
		return kindOf(j.list).created(j.values)
	}
	return "create " + what
}

// describe is what one row of a job does: "delete server “Paris”".
func (j *job) describe(it jobItem) string {
	if j.undo != nil {
		return "undo: " + j.undo.plan.what
	}
	return strings.ToLower(j.verb()) + " " + noun(j.list) + " " + it.label
}

// write is a copy's or an import's one request; its fields are those any
// of its steps sets or changes.
func (s *syncSend) write() write {
	req, _ := s.plan.Request()
	return write{req: api.SyncConfigRequest(req), fields: s.plan.Fields()}
}

// describe is what a copy or an import does: "copy to “Staging”".
func (s *syncSend) describe() string {
	if s.plan.Copy {
		return "copy to “" + s.plan.Config.Name + "”"
	}
	return "import into “" + s.plan.Config.Name + "”"
}

// deleteWrite deletes one record of list l: a server or tweak by its
// unique key, a device ID or password by its record id.
func deleteWrite(cfg string, l listID, it delItem) write { return kindOf(l).remove(cfg, it) }

// unpack makes a typed call's answer a write's: the body as any.
func unpack[T any](body T, resp *api.Response, err error) (any, *api.Response, error) {
	return body, resp, err
}
