package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
	"tweakdash/ui/form"
	"tweakdash/ui/words"
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
	SyncConfig(ctx context.Context, in api.SyncRequest) (*api.Mutation, *api.Response, error)
}

// saveJob is a form's create or update: one request.
type saveJob struct {
	editTarget
	form   *form.Form
	values model.Values
	name   string // what the user called it, for the status line
	sent   int    // device IDs sent
	// force sends an edit without checking the record first (the user
	// chose to overwrite a change).
	force bool
}

// checkJob is the read an edit's save makes first: the record as it is
// now, to compare with the one the form opened on.
type checkJob struct{ save *saveJob }

// delItem is one thing a delete removes: a server or tweak by unique key,
// a device ID or password by record id.
type delItem struct {
	label string
	key   string
	id    int64
}

// save sends a form's values: one request per submit. An edit first reads
// the record as it is now (one GET of its list; at most two requests a
// save) and sends nothing if another client changed it since the form
// opened.
func (a *App) save(j *saveJob) tea.Cmd {
	if j.op == model.Update && !j.force && j.orig != nil {
		return a.check(j)
	}
	return a.send(j)
}

// check reads the list that holds the record an edit saves.
func (a *App) check(j *saveJob) tea.Cmd {
	id := a.env.newID()
	a.writes[id] = &checkJob{save: j}
	ctx, src, cfg := a.ctx, a.env.src, j.cfgKey
	switch j.list {
	case listServers:
		return call(ctx, cfg, id, func(ctx context.Context) ([]model.Server, *api.Response, error) { return src.ListServers(ctx, cfg) })
	case listTweaks:
		return call(ctx, cfg, id, func(ctx context.Context) ([]model.Tweak, *api.Response, error) { return src.ListTweaks(ctx, cfg) })
	case listDeviceIDs:
		return call(ctx, cfg, id, func(ctx context.Context) ([]model.DeviceID, *api.Response, error) { return src.ListDeviceIDs(ctx, cfg) })
	}
	return call(ctx, cfg, id, func(ctx context.Context) ([]model.Password, *api.Response, error) { return src.ListPasswords(ctx, cfg) })
}

// checked compares the record as it is now with the one the form opened
// on: unchanged, the save goes; changed or gone, the form shows theirs and
// mine and nothing is sent.
func (a *App) checked(c *checkJob, msg replyMsg) tea.Cmd {
	j := c.save
	ed, open := a.overlay.(*editor)
	mine := open && ed.f == j.form
	if msg.err != nil {
		why := "Not saved: could not read the " + noun(j.list) + " first: " + describeErr(msg.err, "config “"+j.cfgName+"”")
		if mine {
			j.form.SetError(why)
			return nil
		}
		return errStatus(msg.err, why)
	}
	theirs := recordOf(j.editTarget, msg.body)
	res := resourceOf(j.list)
	// Unchanged since the form opened, or changed to just what the form
	// holds (an earlier save of it went through though its answer was
	// lost): no conflict.
	if theirs != nil && (len(changedFields(res, j.orig, theirs)) == 0 || len(changedFields(res, theirs, j.values)) == 0) {
		return a.send(j)
	}
	if !mine {
		return setStatus(statusError, "Not saved: the "+noun(j.list)+" “"+j.name+"” changed meanwhile")
	}
	j.form.SetError("Not saved: the " + noun(j.list) + " changed meanwhile")
	ed.conflict = newConflict(a.env.st, resourceOf(j.list), j.orig, theirs, j.values)
	return nil
}

// recordOf finds the record an edit targets in a list read back; nil when
// it is gone.
func recordOf(t editTarget, body any) model.Values {
	switch list := body.(type) {
	case []model.Server:
		for _, s := range list {
			if s.UniqueKey == t.key {
				return s.Values()
			}
		}
	case []model.Tweak:
		for _, x := range list {
			if x.UniqueKey == t.key {
				return x.Values()
			}
		}
	case []model.DeviceID:
		for _, d := range list {
			if int64(d.ID) == t.id {
				return d.Values()
			}
		}
	case []model.Password:
		for _, p := range list {
			if int64(p.ID) == t.id {
				return p.Values()
			}
		}
	}
	return nil
}

// send makes a form's write.
func (a *App) send(j *saveJob) tea.Cmd {
	id := a.env.newID()
	a.writes[id] = j
	ctx, wr, cfg, key, rid, v := a.ctx, a.wr, j.cfgKey, j.key, j.id, j.values
	switch {
	case j.list == listServers:
		s, err := serverOf(v)
		if err != nil {
			return failedReply(cfg, id, err)
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
			return failedReply(cfg, id, err)
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

// failedReply is a reply made here, for a request that could not be built.
func failedReply(config string, id int, err error) tea.Cmd {
	return func() tea.Msg { return replyMsg{config: config, id: id, err: err} }
}

// wrote takes the reply to a write: the config's lists and counts change
// to what the server did, the form it came from (if still open) closes or
// shows why not, and the status line says what happened.
func (a *App) wrote(w any, msg replyMsg) tea.Cmd {
	a.env.writes++
	v := a.pane.views[msg.config]
	defer a.syncCounts(msg.config)
	switch j := w.(type) {
	case *saveJob:
		return a.saved(j, v, msg)
	case *checkJob:
		return a.checked(j, msg)
	case *syncSend:
		return a.synced(j, v, msg)
	case *job:
		return a.jobAnswered(j, v, msg)
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

// startJob runs a confirmed bulk job. One row is a plain write with a
// line in the status bar; more show their progress over the pane.
func (a *App) startJob(j *job) tea.Cmd {
	a.job, a.env.jobRunning = j, true
	if len(j.items) > 1 {
		a.setOverlay(j)
	}
	return a.jobStep()
}

// jobStep sends the job's next row, or waits, or winds the job up.
func (a *App) jobStep() tea.Cmd {
	j := a.job
	if j == nil {
		return nil
	}
	cmd := j.step(a.env.now(), func(it jobItem) (int, tea.Cmd) {
		id := a.env.newID()
		a.writes[id] = j
		return id, j.request(a.ctx, a.wr, id, it)
	}, a.env.after)
	if j.ended {
		return tea.Batch(cmd, a.jobEnded())
	}
	return tea.Batch(cmd, a.jobProgress())
}

// jobAnswered takes the answer for a job's row: the row leaves the list
// (a delete) or shows its new state, and the next row goes.
func (a *App) jobAnswered(j *job, v *configView, msg replyMsg) tea.Cmd {
	it := j.items[j.next]
	out, wait := j.answer(msg, a.env.now(), a.env.after)
	if v != nil {
		switch {
		case out == rowGone || out == rowDone && j.kind == jobDelete:
			v.removed(j.list, it.delItem)
		case out == rowDone:
			v.flipped(j.list, it.delItem, msg.body)
		}
	}
	if j.lastErr = msg.err; out == rowAgain {
		return tea.Batch(wait, a.jobProgress())
	}
	return a.jobStep()
}

// jobProgress shows a job put in the background in the status bar.
func (a *App) jobProgress() tea.Cmd {
	if a.job == nil || a.overlay == a.job {
		return nil
	}
	return setStatus(statusInfo, a.job.progressText(a.env.now()))
}

// jobEnded says how the job went; its overlay, if shown, keeps the summary
// until closed.
func (a *App) jobEnded() tea.Cmd {
	j := a.job
	a.job, a.env.jobRunning = nil, false
	if len(j.items) == 1 && j.kind == jobDelete {
		it := j.items[0]
		if j.failed() == 0 && j.done == 1 {
			return setStatus(statusOK, "✓ "+upperFirst(noun(j.list))+" "+it.label+" deleted")
		}
		if j.failed() > 0 {
			_, why, _ := strings.Cut(j.failures[0], ": ")
			return errStatus(j.lastErr, "Could not delete "+noun(j.list)+" "+it.label+": "+why)
		}
	}
	if j.failed() == 0 && j.left() == 0 {
		return setStatus(statusOK, "✓ "+j.summary())
	}
	kind := statusWarn
	if j.failed() > 0 {
		kind = statusError
	}
	return setStatus(kind, j.summary())
}

// readsNext takes a read flow's step: a read in flight, or its end (the
// next step, or why it stopped).
func (a *App) readsNext(cmd tea.Cmd, req tea.Msg) tea.Cmd {
	if req != nil {
		a.reads = nil
	}
	return a.up(cmd, req)
}

// transfer starts an export (the config's lists read, then the file
// written) or an import (the file read first: a bad one costs no request).
func (a *App) transfer(m pathMsg) tea.Cmd {
	if !m.ask.export {
		return tea.Batch(setStatus(statusInfo, "Reading "+m.path+"…"), readImport(m.ask, m.path))
	}
	cfg := m.ask.cfg
	a.reads = fullReads(a.ctx, a.pane.viewOf, cfg, "Nothing exported", func(v *configView) (tea.Cmd, tea.Msg) {
		servers, tweaks := v.fullRecords()
		return exportFile(m.path, v.cfg, servers, tweaks), nil
	})
	return tea.Batch(setStatus(statusInfo, "Reading “"+cfg.Name+"” to export it…"), a.readsNext(a.reads.next()))
}

// exported says where the export went, and that it holds credentials.
func (a *App) exported(m exportedMsg) tea.Cmd {
	if m.err != nil {
		return setStatus(statusError, "Not exported: "+oneLine(m.err.Error()))
	}
	return setStatus(statusOK, "✓ Exported "+plural(m.servers, "server")+" and "+plural(m.tweaks, "tweak")+" to "+m.path+
		" (0600: it holds credentials)")
}

// parsed takes an import file read from disk: the target's full records
// are read, then the plan is shown.
func (a *App) parsed(m parsedMsg) tea.Cmd {
	if m.err != nil {
		return setStatus(statusError, "Not imported: "+m.path+": "+oneLine(m.err.Error()))
	}
	a.reads = fullReads(a.ctx, a.pane.viewOf, m.ask.cfg, "Nothing imported", func(v *configView) (tea.Cmd, tea.Msg) {
		return nil, showMsg{o: newPlanPreview(a.env.st, a.env.base, "Import into", importPlan(m.file, v))}
	})
	return a.readsNext(a.reads.next())
}

// sendSync sends a copy's plan: one POST /api/v1/configs to the target.
func (a *App) sendSync(s *syncSend) tea.Cmd {
	req, err := s.plan.Request()
	if err != nil {
		return setStatus(statusError, "Nothing sent: "+oneLine(err.Error()))
	}
	id := a.env.newID()
	a.writes[id] = s
	ctx, wr, cfg := a.ctx, a.wr, s.plan.Config.UniqueKey
	return call(ctx, cfg, id, func(ctx context.Context) (*api.Mutation, *api.Response, error) { return wr.SyncConfig(ctx, req) })
}

// synced takes a copy's answer: the target's lists gain the records, and
// the status says how many were created, from the response's summary.
func (a *App) synced(s *syncSend, v *configView, msg replyMsg) tea.Cmd {
	to := "“" + s.plan.Config.Name + "”"
	if msg.err != nil {
		why := describeWriteErr(msg.err, "copy")
		if ae, ok := errors.AsType[*api.Error](msg.err); ok && ae.Status == 422 {
			probs, general := s.plan.Explain(msg.err)
			if len(probs) > 0 {
				why = probs[0].String()
			} else if len(general) > 0 {
				why = general[0]
			}
		}
		return errStatus(msg.err, "Nothing changed in "+to+": "+oneLine(why))
	}
	m, _ := msg.body.(*api.Mutation)
	if v != nil && m != nil {
		v.mutated(m)
	}
	if s.done != nil {
		s.done()
	}
	created, updated := 0, 0
	if m != nil {
		created = int(m.Summary.ServersCreated) + int(m.Summary.TweaksCreated)
		updated = int(m.Summary.ServersUpdated) + int(m.Summary.TweaksUpdated)
	}
	if s.plan.Copy {
		return setStatus(statusOK, "✓ Copied to "+to+": "+words.Thousands(created)+" created")
	}
	return setStatus(statusOK, "✓ Imported into "+to+": "+words.Thousands(created)+" created, "+words.Thousands(updated)+" updated")
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
