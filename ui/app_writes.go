package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
	"tweakdash/ui/form"
)

// Writes belong to the app, not to the view that started them: they run
// on the app's context, so leaving a config (or its form) never cancels a
// request the server may already have applied, and their true result is
// applied to that config's lists and counts, and announced, wherever the
// user is by then.

// writeAPI is the part of *api.Client that editing uses. Without one (no
// client, or a test's read-only fake) every write key is off.
type writeAPI interface {
	CreateServer(ctx context.Context, configKey string, s model.Server) (*api.Mutation, *api.Response, error)
	UpdateServer(ctx context.Context, configKey, serverKey string, s model.Server) (*api.Mutation, *api.Response, error)
	DeleteServer(ctx context.Context, configKey, serverKey string) (*api.Mutation, *api.Response, error)
	CreateTweak(ctx context.Context, configKey string, t model.Tweak) (*api.Mutation, *api.Response, error)
	UpdateTweak(ctx context.Context, configKey, tweakKey string, t model.Tweak) (*api.Mutation, *api.Response, error)
	DeleteTweak(ctx context.Context, configKey, tweakKey string) (*api.Mutation, *api.Response, error)
	CreateDeviceIDs(ctx context.Context, configKey string, in api.DeviceIDCreate) (*api.DeviceIDList, *api.Response, error)
	UpdateDeviceID(ctx context.Context, configKey string, id int64, d model.DeviceID) (*api.DeviceIDList, *api.Response, error)
	DeleteDeviceID(ctx context.Context, configKey string, id int64) (*api.Response, error)
	CreatePasswords(ctx context.Context, configKey string, in api.PasswordCreate) (*api.PasswordList, *api.Response, error)
	UpdatePassword(ctx context.Context, configKey string, id int64, p model.Password) (*api.PasswordList, *api.Response, error)
	DeletePassword(ctx context.Context, configKey string, id int64) (*api.Response, error)
}

// saveJob is a form's create or update: one request.
type saveJob struct {
	editTarget
	form   *form.Form
	values model.Values
	name   string // what the user called it, for the status line
	sent   int    // device IDs sent
}

// deleteJob deletes one or more records, one DELETE at a time (the API
// has no bulk delete), stopping at the first failure.
type deleteJob struct {
	cfgKey, cfgName string
	list            listID
	items           []delItem
	done            int
}

// delItem is one thing a delete removes: a server or tweak by unique key,
// a device ID or password by record id.
type delItem struct {
	label string
	key   string
	id    int64
}

// question is the confirm line, naming what goes.
func (d *deleteJob) question() string {
	if len(d.items) == 1 {
		return "Delete " + noun(d.list) + " " + d.items[0].label + "? y/N"
	}
	return "Delete " + plural(len(d.items), noun(d.list)) + "? y/N"
}

// save sends a form's values: one request per submit.
func (a *App) save(j *saveJob) tea.Cmd {
	id := a.env.newID()
	a.writes[id] = j
	ctx, wr, cfg, key, rid, v := a.ctx, a.wr, j.cfgKey, j.key, j.id, j.values
	switch {
	case j.list == listServers:
		s, err := serverOf(v)
		if err != nil {
			return answer(cfg, id, err)
		}
		if j.op == model.Create {
			return call(ctx, cfg, id, func(ctx context.Context) (*api.Mutation, *api.Response, error) { return wr.CreateServer(ctx, cfg, s) })
		}
		return call(ctx, cfg, id, func(ctx context.Context) (*api.Mutation, *api.Response, error) {
			return wr.UpdateServer(ctx, cfg, key, s)
		})
	case j.list == listTweaks:
		t, err := tweakOf(v)
		if err != nil {
			return answer(cfg, id, err)
		}
		if j.op == model.Create {
			return call(ctx, cfg, id, func(ctx context.Context) (*api.Mutation, *api.Response, error) { return wr.CreateTweak(ctx, cfg, t) })
		}
		return call(ctx, cfg, id, func(ctx context.Context) (*api.Mutation, *api.Response, error) {
			return wr.UpdateTweak(ctx, cfg, key, t)
		})
	case j.list == listDeviceIDs && j.op == model.Create:
		in := deviceIDCreateOf(v)
		j.sent = len(in.IDs)
		return call(ctx, cfg, id, func(ctx context.Context) (*api.DeviceIDList, *api.Response, error) {
			return wr.CreateDeviceIDs(ctx, cfg, in)
		})
	case j.list == listDeviceIDs:
		d := deviceIDOf(v)
		return call(ctx, cfg, id, func(ctx context.Context) (*api.DeviceIDList, *api.Response, error) {
			return wr.UpdateDeviceID(ctx, cfg, rid, d)
		})
	case j.op == model.Create:
		in := passwordCreateOf(v)
		return call(ctx, cfg, id, func(ctx context.Context) (*api.PasswordList, *api.Response, error) {
			return wr.CreatePasswords(ctx, cfg, in)
		})
	}
	p := passwordOf(v)
	return call(ctx, cfg, id, func(ctx context.Context) (*api.PasswordList, *api.Response, error) {
		return wr.UpdatePassword(ctx, cfg, rid, p)
	})
}

// answer is a reply made here, for a request that could not be built.
func answer(config string, id int, err error) tea.Cmd {
	return func() tea.Msg { return replyMsg{config: config, id: id, err: err} }
}

// startDelete runs a confirmed delete job.
func (a *App) startDelete(j *deleteJob) tea.Cmd {
	a.env.deleting = true
	return a.nextDelete(j)
}

func (a *App) nextDelete(j *deleteJob) tea.Cmd {
	id := a.env.newID()
	a.writes[id] = j
	ctx, wr, cfg, l, it := a.ctx, a.wr, j.cfgKey, j.list, j.items[j.done]
	cmd := func() tea.Msg {
		var resp *api.Response
		var err error
		switch l {
		case listServers:
			_, resp, err = wr.DeleteServer(ctx, cfg, it.key)
		case listTweaks:
			_, resp, err = wr.DeleteTweak(ctx, cfg, it.key)
		case listDeviceIDs:
			resp, err = wr.DeleteDeviceID(ctx, cfg, it.id)
		default:
			resp, err = wr.DeletePassword(ctx, cfg, it.id)
		}
		return newReply(cfg, id, resp, err, nil)
	}
	if len(j.items) == 1 {
		return cmd
	}
	return tea.Batch(cmd, setStatus(statusInfo, fmt.Sprintf("deleting %d/%d", j.done+1, len(j.items))))
}

// wrote takes the reply to a write: the config's lists and counts change
// to what the server did, the form it came from (if still open) closes or
// shows why not, and the status line says what happened.
func (a *App) wrote(w any, msg replyMsg) tea.Cmd {
	v := a.pane.views[msg.config]
	defer a.syncCounts(msg.config)
	switch j := w.(type) {
	case *saveJob:
		return a.saved(j, v, msg)
	case *deleteJob:
		return a.deleted(j, v, msg)
	}
	return nil
}

func (a *App) saved(j *saveJob, v *configView, msg replyMsg) tea.Cmd {
	ed, open := a.overlay.(*editor)
	mine := open && ed.f == j.form
	if msg.err != nil {
		why := describeWriteErr(msg.err, noun(j.list))
		if !mine {
			return errStatus(msg.err, why)
		}
		if ae, ok := errors.AsType[*api.Error](msg.err); ok && ae.Status == 422 {
			j.form.SetServerErrors(ae.FormErrors(resourceOf(j.list)))
			return nil
		}
		j.form.SetError(why)
		return nil
	}
	if mine {
		a.closeOverlay()
	}
	var cmds []tea.Cmd
	if v != nil {
		created, reread := v.saved(j, msg)
		if reread {
			cmds = append(cmds, v.reread(j.list))
		}
		if len(created) > 0 && a.overlay == nil {
			a.setOverlay(newCreatedList(a.env.st, created))
		}
	}
	return tea.Batch(append(cmds, setStatus(statusOK, savedText(j, msg)))...)
}

// savedText says what a successful save did.
func savedText(j *saveJob, msg replyMsg) string {
	verb := "created"
	if j.op == model.Update {
		verb = "updated"
	}
	switch body := msg.body.(type) {
	case *api.Mutation:
		// A create with a unique_key that exists updates: say what the
		// server did.
		if body != nil && len(body.Servers)+len(body.Tweaks) == 1 {
			for _, a := range []string{actionOf(body.Servers), actionOf(body.Tweaks)} {
				if a != "" {
					verb = a
				}
			}
		}
		return "✓ " + upperFirst(noun(j.list)) + " “" + j.name + "” " + verb
	case *api.DeviceIDList:
		if j.op == model.Update {
			return "✓ Device ID updated"
		}
		n := j.sent
		if body != nil && body.AddedCount != nil {
			n = int(*body.AddedCount)
		}
		return "✓ " + plural(n, "device ID") + " added"
	case *api.PasswordList:
		switch {
		case j.op == model.Update:
			return "✓ Password updated"
		case body == nil || len(body.Passwords) == 0:
			return "✓ Passwords created"
		}
		return "✓ " + plural(len(body.Passwords), "password") + " created"
	}
	return "✓ Saved"
}

// actionOf is the action of a mutation's only item, if it has one.
func actionOf[T interface{ model.Server | model.Tweak }](items []T) string {
	if len(items) != 1 {
		return ""
	}
	switch x := any(items[0]).(type) {
	case model.Server:
		return x.Action
	case model.Tweak:
		return x.Action
	}
	return ""
}

// deleted takes one DELETE's answer: the row goes, and the next DELETE is
// sent, or the job ends and the status says what was done.
func (a *App) deleted(j *deleteJob, v *configView, msg replyMsg) tea.Cmd {
	it, n := j.items[j.done], len(j.items)
	if msg.err != nil {
		a.env.deleting = false
		why := describeErr(msg.err, "config “"+j.cfgName+"”")
		if ae, ok := errors.AsType[*api.Error](msg.err); ok && ae.Status == 422 && ae.Message != "" {
			why = oneLine(ae.Message)
		}
		if n == 1 {
			return errStatus(msg.err, "Could not delete "+noun(j.list)+" "+it.label+": "+why)
		}
		return errStatus(msg.err, fmt.Sprintf("Deleted %d of %d %ss; stopped at %s (%s); %d not deleted",
			j.done, n, noun(j.list), it.label, why, n-j.done))
	}
	if v != nil {
		v.removed(j.list, it)
	}
	j.done++
	if j.done < n {
		return a.nextDelete(j)
	}
	a.env.deleting = false
	if n == 1 {
		return setStatus(statusOK, "✓ "+upperFirst(noun(j.list))+" "+it.label+" deleted")
	}
	return setStatus(statusOK, "✓ Deleted "+plural(n, noun(j.list)))
}

// syncCounts copies a config's server and tweak counts from its view, the
// freshest account of them after a write, to the config list.
func (a *App) syncCounts(configKey string) {
	if v := a.pane.views[configKey]; v != nil {
		if s, t, ok := v.counts(); ok {
			a.list.setCounts(configKey, s, t)
		}
	}
}

// describeWriteErr words a failed write in one line. A write that may have
// reached the server says to check before trying again.
func describeWriteErr(err error, what string) string {
	ae, ok := errors.AsType[*api.Error](err)
	if !ok {
		return "Could not save the " + what + ": " + oneLine(err.Error())
	}
	switch {
	case ae.Status >= 500:
		return "Server error " + strconv.Itoa(ae.Status) + " saving the " + what + ": it may or may not be saved; check the list before trying again"
	case ae.Status == 0 && ae.Timeout():
		return "Timed out saving the " + what + ": it may have been saved; check the list before trying again"
	}
	return describeErr(err, "this config")
}
