package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/syncplan"
	"tweakdash/internal/termsafe"
	"tweakdash/internal/words"
	"tweakdash/model"
	"tweakdash/ui/form"
)

// The writes the writer makes: a form's save (an edit's checked first),
// the bulk job's rows, an undo, a copy's or an import's sync. A write's
// true result is applied to its config's lists and counts, and
// announced, wherever the user is by then.

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

// formSave is a form's create or update: one request.
type formSave struct {
	editTarget
	form   *form.Form
	values model.Values
	name   string // what the user called it, for the status line
	sent   int    // device IDs sent
	write  write  // the request sent, for the audit log
	// force sends an edit without checking the record first (the user
	// chose to overwrite a change).
	force bool
	// merged are the fields another client changed meanwhile that the
	// save keeps (their values are in values), for the status line.
	merged []string
}

// saveCheck is the read an edit's save makes first: the record as it is
// now, to compare with the one the form opened on.
type saveCheck struct{ save *formSave }

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
func (w *writer) save(j *formSave) tea.Cmd {
	if j.op == model.Update && !j.force && j.orig != nil {
		return w.check(j)
	}
	return w.send(j)
}

// check reads the list that holds the record an edit saves.
func (w *writer) check(j *formSave) tea.Cmd {
	id := w.track(&saveCheck{save: j})
	return readList(w.ctx, w.env.src, j.cfgKey, id, j.list)
}

// readList reads list l of config cfg, for a check before a write.
func readList(ctx context.Context, src lister, cfg string, id int, l listID) tea.Cmd {
	return kindOf(l).read(ctx, src, cfg, id)
}

// checked merges the record as it is now, the one the form opened on and
// the form's values: a field only one side changed is taken from that
// side and the save goes with both changes; fields both changed (or the
// record gone) are shown, theirs and mine, and nothing is sent.
func (w *writer) checked(c *saveCheck, msg replyMsg) tea.Cmd {
	j := c.save
	ed, open := w.slot.shown().(*editor)
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
	m := merged{values: j.values}
	if theirs != nil {
		// A field changed to just what the form holds (an earlier save of
		// it went through though its answer was lost) is no conflict.
		if m = mergeEdit(res, j.orig, j.values, theirs); len(m.conflicts) == 0 {
			j.values, j.merged = m.values, m.theirs
			j.orig = theirs // what the update overwrites, for its undo
			return w.send(j)
		}
	}
	if !mine {
		return setStatus(statusError, "Not saved: the "+noun(j.list)+" “"+j.name+"” changed meanwhile")
	}
	j.form.SetError("Not saved: the " + noun(j.list) + " changed meanwhile")
	ed.conflict = newConflict(w.env.st, res, m, theirs)
	return nil
}

// recordOf finds the record an edit targets in a list read back; nil when
// it is gone.
func recordOf(t editTarget, body any) model.Values {
	return kindOf(t.list).recs.find(body, t.key, t.id)
}

// send makes a form's write.
func (w *writer) send(j *formSave) tea.Cmd {
	id := w.track(j)
	req, err := formWrite(j.editTarget, j.values)
	if err != nil {
		return failedReply(j.cfgKey, id, err)
	}
	if j.orig != nil {
		req.fields = changedFields(resourceOf(j.list), j.orig, j.values)
	}
	j.write = req
	if j.list == listDeviceIDs && j.op == model.Create {
		j.sent = len(deviceIDCreateOf(j.values).IDs)
	}
	return req.cmd(w.ctx, w.api, j.cfgKey, id)
}

// failedReply is a reply made here, for a request that could not be built.
func failedReply(config string, id int, err error) tea.Cmd {
	return func() tea.Msg { return replyMsg{config: config, id: id, err: err} }
}

// replied takes a form save's reply: the config's lists and counts change
// to what the server did, the form (if still open) closes or shows why
// not, and the status line says what happened.
func (j *formSave) replied(w *writer, msg replyMsg) tea.Cmd {
	return tea.Batch(w.trail.logged(j.write, j.cfgName, j.describe(), msg.err), w.saved(j, w.pane.views[msg.config], msg))
}

func (c *saveCheck) replied(w *writer, msg replyMsg) tea.Cmd { return w.checked(c, msg) }

func (c *undoCheck) replied(w *writer, msg replyMsg) tea.Cmd { return w.undoChecked(c, msg) }

func (s *syncSend) replied(w *writer, msg replyMsg) tea.Cmd {
	return tea.Batch(w.trail.logged(s.write(), s.plan.Config.Name, s.describe(), msg.err), w.synced(s, w.pane.views[msg.config], msg))
}

func (j *job) replied(w *writer, msg replyMsg) tea.Cmd {
	it := j.items[j.next]
	return tea.Batch(w.trail.logged(it.write, j.cfgName, j.describe(it), msg.err), w.jobAnswered(j, w.pane.views[msg.config], msg))
}

func (w *writer) saved(j *formSave, v *configView, msg replyMsg) tea.Cmd {
	ed, open := w.slot.shown().(*editor)
	mine := open && ed.f == j.form
	if msg.err != nil {
		why := describeWriteErr(msg.err, noun(j.list))
		w.journal.add(&entry{at: w.env.now(), cfgName: j.cfgName, what: upperFirst(j.describe()), result: termsafe.Brief(why)})
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
		w.slot.close()
	}
	var cmds []tea.Cmd
	if v != nil {
		created := v.saved(j, msg)
		cmds = append(cmds, v.refresh(j.list))
		if len(created) > 0 && w.slot.shown() == nil {
			w.slot.set(newCreatedList(w.env.st, created))
		}
	}
	text := savedText(j, msg)
	if len(j.merged) > 0 {
		text += " (merged their change to " + labels(resourceOf(j.list), j.merged) + ")"
	}
	plan, cannot := undoOfSave(j, msg.body)
	w.journal.add(&entry{at: w.env.now(), cfgName: j.cfgName, what: strings.TrimPrefix(text, "✓ "), ok: true, plan: plan, cannot: cannot})
	return tea.Batch(append(cmds, setStatus(statusOK, text))...)
}

// savedText says what a successful save did.
func savedText(j *formSave, msg replyMsg) string {
	verb := "created"
	if j.op == model.Update {
		verb = "updated"
	}
	switch body := msg.body.(type) {
	case *api.Mutation:
		// A create with a unique_key that exists updates: say what the
		// server did.
		if body != nil && len(body.Servers)+len(body.Tweaks) == 1 {
			if a := actionOf(body); a != "" {
				verb = a
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
		return "✓ " + words.Plural(n, "device ID") + " added"
	case *api.PasswordList:
		switch {
		case j.op == model.Update:
			return "✓ Password updated"
		case body == nil || len(body.Passwords) == 0:
			return "✓ Passwords created"
		}
		return "✓ " + words.Plural(len(body.Passwords), "password") + " created"
	}
	return "✓ Saved"
}

// actionOf is the action of a mutation's only item, if it has one.
func actionOf(m *api.Mutation) string {
	if len(m.Servers)+len(m.Tweaks) != 1 {
		return ""
	}
	if len(m.Servers) == 1 {
		return m.Servers[0].Action
	}
	return m.Tweaks[0].Action
}

// startJob runs a confirmed bulk job. One or two rows are plain writes
// with a line in the status bar; more show their progress over the pane.
func (w *writer) startJob(j *job) tea.Cmd {
	w.job, w.env.jobRunning = j, true
	if len(j.items) > 2 {
		w.slot.set(j)
	}
	return w.jobStep()
}

// jobStep sends the job's next row, or waits, or winds the job up.
func (w *writer) jobStep() tea.Cmd {
	j := w.job
	if j == nil {
		return nil
	}
	cmd := j.step(w.env.now(), func(it jobItem) (int, tea.Cmd) {
		id := w.track(j)
		return id, it.cmd(w.ctx, w.api, j.cfgKey, id)
	}, w.env.after)
	if j.ended {
		return tea.Batch(cmd, w.jobEnded())
	}
	return tea.Batch(cmd, w.jobProgress())
}

// jobAnswered takes the answer for a job's row: the row leaves the list
// (a delete) or shows its new state, and the next row goes.
func (w *writer) jobAnswered(j *job, v *configView, msg replyMsg) tea.Cmd {
	it := j.items[j.next]
	out, wait := j.answer(msg, w.env.now(), w.env.after)
	if v != nil {
		switch {
		case out == rowGone || out == rowDone && it.drop:
			v.removed(it.list, it.delItem)
		case out == rowDone:
			v.applied(it.list, it.delItem, msg.body)
		}
	}
	if j.lastErr = msg.err; out == rowAgain {
		return tea.Batch(wait, w.jobProgress())
	}
	return w.jobStep()
}

// jobProgress shows a job put in the background in the status bar.
func (w *writer) jobProgress() tea.Cmd {
	if w.job == nil || w.slot.shown() == w.job {
		return nil
	}
	j, now := w.job, w.env.now()
	if j.waitTill.After(now) && j.shown != "" && w.status.text != j.shown {
		return nil // a wait's countdown does not cover a line shown since
	}
	j.shown = j.progressText(now)
	return setPending(j.shown)
}

// jobEnded says how the job went, and keeps it in the journal; its
// overlay, if shown, keeps the summary until closed.
func (w *writer) jobEnded() tea.Cmd {
	j := w.job
	w.job, w.env.jobRunning = nil, false
	var cmd tea.Cmd
	if v := w.pane.views[j.cfgKey]; v != nil {
		cmd = refreshAfter(v, j)
	}
	if j.undo != nil {
		return tea.Batch(cmd, w.undone(j))
	}
	e := &entry{at: w.env.now(), cfgName: j.cfgName, what: j.verb() + " " + words.Plural(len(j.items), noun(j.list)), ok: j.failed() == 0 && j.left() == 0}
	if !e.ok {
		e.result = j.summary()
	}
	if len(j.items) == 1 {
		e.what = j.verb() + " " + noun(j.list) + " " + j.items[0].label
	}
	e.plan, e.cannot = undoOfJob(j)
	w.journal.add(e)
	if len(j.items) == 1 && j.kind == jobDelete {
		it := j.items[0]
		if j.failed() == 0 && j.done == 1 {
			return tea.Batch(cmd, setStatus(statusOK, "✓ "+upperFirst(noun(j.list))+" "+it.label+" deleted"))
		}
		if j.failed() > 0 {
			_, why, _ := strings.Cut(j.failures[0], ": ")
			e.result = why
			return tea.Batch(cmd, errStatus(j.lastErr, "Could not delete "+noun(j.list)+" "+it.label+": "+why))
		}
	}
	if j.failed() == 0 && j.left() == 0 {
		return tea.Batch(cmd, setStatus(statusOK, "✓ "+j.summary()))
	}
	kind, text := statusWarn, j.summary()
	if j.failed() > 0 {
		kind = statusError
		if w.slot.shown() != j { // no summary on screen lists the failures: the first one here
			text += ": " + j.failures[0]
		}
	}
	return tea.Batch(cmd, setStatus(kind, text))
}

// refreshAfter reads again, once, each list the job's rows were sent to
// (a failed row may have been applied too): not one read per row.
func refreshAfter(v *configView, j *job) tea.Cmd {
	if j.done+j.failed() == 0 {
		return nil
	}
	var cmds []tea.Cmd
	seen := map[request]bool{}
	for _, it := range j.items[:j.next] {
		if q := listRequest(it.list); !seen[q] {
			seen[q] = true
			cmds = append(cmds, v.refresh(it.list))
		}
	}
	return tea.Batch(cmds...)
}

// askUndo asks to take e back (u, or u in the journal): a one-line
// confirmation naming what it will do; ctrl+o there shows the requests.
func (w *writer) askUndo(e *entry) tea.Cmd {
	switch {
	case w.env.writesOff != "":
		return setStatus(statusWarn, w.env.writesOff)
	case w.journal.busy():
		return setStatus(statusWarn, "An undo is running: one at a time")
	case e == nil:
		return setStatus(statusInfo, "Nothing to undo in this session (U lists its writes)")
	case w.job != nil:
		return setStatus(statusWarn, "A job is running: undo once it has ended (p shows it)")
	}
	p := e.plan
	w.slot.set(newConfirm(w.env.st, p.question(), "undo", undoMsg{e}, "Nothing undone").showing(w.env.base, resourceOf(p.list), p.requests()))
	return nil
}

// undoCheck reads the lists an undo touches, one after the other, just
// before it goes: an undo whose records changed since sends nothing.
type undoCheck struct {
	e    *entry
	left []listID
	now  lists
}

// undo takes e back once its lists are read and it still applies.
func (w *writer) undo(e *entry) tea.Cmd {
	if w.job != nil {
		return setStatus(statusWarn, "A job is running: undo once it has ended (p shows it)")
	}
	e.undoing = true
	return tea.Batch(setPending("Undo: checking that it still applies…"), w.undoRead(&undoCheck{e: e, left: e.plan.reads}))
}

func (w *writer) undoRead(c *undoCheck) tea.Cmd {
	id := w.track(c)
	return readList(w.ctx, w.env.src, c.e.plan.cfgKey, id, c.left[0])
}

// undoChecked takes a list read for an undo: the next one is read, or the
// undo's writes go as a job, or it says why it no longer applies.
func (w *writer) undoChecked(c *undoCheck, msg replyMsg) tea.Cmd {
	e, p := c.e, c.e.plan
	if msg.err != nil {
		e.undoing = false
		return errStatus(msg.err, "Not undone: could not read the "+noun(c.left[0])+"s first: "+describeErr(msg.err, "config “"+p.cfgName+"”"))
	}
	c.now.take(msg.body)
	if c.left = c.left[1:]; len(c.left) > 0 {
		return w.undoRead(c)
	}
	items, why := p.writes(c.now)
	switch {
	case why != "":
		e.undoing = false
		return setStatus(statusWarn, "Not undone: "+why+"; nothing sent")
	case w.job != nil:
		e.undoing = false
		return setStatus(statusWarn, "Not undone: a job is running; try again once it has ended")
	}
	j := newJob(w.env.st, w.env.now, jobUndo, p.cfgKey, p.cfgName, p.list, items)
	j.pacer = w.env.pacer
	j.undo = e
	return w.startJob(j)
}

// undone says how an undo went, and keeps it in the journal.
func (w *writer) undone(j *job) tea.Cmd {
	e, p := j.undo, j.undo.plan
	e.undoing = false
	ok := j.failed() == 0 && j.left() == 0
	e.undone = ok
	result := ""
	if !ok {
		result = j.summary()
	}
	w.journal.add(&entry{at: w.env.now(), cfgName: j.cfgName, what: "Undo: " + p.what, result: result, ok: ok,
		cannot: "an undo is not undone; u goes on to the write before"})
	if !ok {
		text := "Undo stopped: " + j.summary()
		if len(j.failures) > 0 {
			text += ": " + j.failures[0]
		}
		return errStatus(j.lastErr, text)
	}
	text := "✓ Undone: " + p.what
	if p.inexact != "" {
		text += " (" + p.inexact + ")"
	}
	return setStatus(statusOK, text)
}

// readsNext takes a read flow's step: a read in flight, or its end (the
// next step, or why it stopped).
func (w *writer) readsNext(cmd tea.Cmd, req tea.Msg) tea.Cmd {
	if req != nil {
		w.reads = nil
	}
	return w.up(cmd, req)
}

// transfer starts an export: the config's lists read, then the file
// written. (An import's file is read from its prompt first: a bad one
// costs no request.)
func (w *writer) transfer(m pathMsg) tea.Cmd {
	cfg, files := m.ask.cfg, w.env.host.Files
	w.reads = fullReads(w.ctx, w.pane.viewOf, cfg, "Nothing exported", func(v *configView) (tea.Cmd, tea.Msg) {
		servers, tweaks := v.fullRecords()
		return exportFile(files, m.path, v.cfg, servers, tweaks), nil
	})
	return tea.Batch(setPending("Reading “"+cfg.Name+"” to export it…"), w.readsNext(w.reads.next()))
}

// exported says where the export went, and that it holds credentials.
func (w *writer) exported(m exportedMsg) tea.Cmd {
	if m.err != nil {
		return setStatus(statusError, "Not exported: "+termsafe.Brief(m.err.Error()))
	}
	return setStatus(statusOK, "✓ Exported "+words.Plural(m.servers, "server")+" and "+words.Plural(m.tweaks, "tweak")+" to "+m.path+
		" (0600: it holds credentials)")
}

// parsed takes an import file read from disk for the prompt still open:
// the target's full records are read, then the plan is shown; a file that
// could not be read or parsed leaves the prompt open with why.
func (w *writer) parsed(m parsedMsg) tea.Cmd {
	if w.slot.shown() != overlay(m.p) {
		return nil // the prompt was left (esc) while its file was read
	}
	if m.err != nil {
		m.p.failed(m.err) // the path stays, to fix
		return setStatus(statusError, "Not imported: "+termsafe.Brief(m.err.Error()))
	}
	w.slot.close()
	w.reads = fullReads(w.ctx, w.pane.viewOf, m.ask.cfg, "Nothing imported", func(v *configView) (tea.Cmd, tea.Msg) {
		return nil, showMsg{o: newPlanPreview(w.env.st, w.env.base, "Import into", importPlan(m.file, v))}
	})
	return w.readsNext(w.reads.next())
}

// sendSync sends a copy's plan: one POST /api/v1/configs to the target.
func (w *writer) sendSync(s *syncSend) tea.Cmd {
	req, err := s.plan.Request()
	if err != nil {
		return setStatus(statusError, "Nothing sent: "+termsafe.Brief(err.Error()))
	}
	s.prev = map[string]model.Values{}
	if v := w.pane.views[s.plan.Config.UniqueKey]; v != nil {
		for _, st := range s.plan.Steps {
			k := st.List + "/" + st.UniqueKey()
			if full, ok := v.servers.full[st.UniqueKey()]; ok && st.Action == syncplan.Update && st.List == syncplan.Servers {
				s.prev[k] = full.Values()
			}
			if full, ok := v.tweaks.full[st.UniqueKey()]; ok && st.Action == syncplan.Update && st.List == syncplan.Tweaks {
				s.prev[k] = full.Values()
			}
		}
	}
	id := w.track(s)
	ctx, wr, cfg := w.ctx, w.api, s.plan.Config.UniqueKey
	return call(ctx, cfg, id, func(ctx context.Context) (*api.Mutation, *api.Response, error) { return wr.SyncConfig(ctx, req) })
}

// synced takes a copy's answer: the target's lists gain the records, and
// the status says how many were created, from the response's summary.
func (w *writer) synced(s *syncSend, v *configView, msg replyMsg) tea.Cmd {
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
		w.journal.add(&entry{at: w.env.now(), cfgName: s.plan.Config.Name, what: upperFirst(s.describe()), result: termsafe.Brief(why)})
		return errStatus(msg.err, "Nothing changed in "+to+": "+termsafe.Brief(why))
	}
	m, _ := msg.body.(*api.Mutation)
	var refresh tea.Cmd
	if v != nil && m != nil {
		v.mutated(m)
	}
	if v != nil {
		refresh = v.refresh(listServers) // servers and tweaks come in one list
	}
	if s.done != nil {
		s.done()
	}
	created, updated := 0, 0
	if m != nil {
		created = int(m.Summary.ServersCreated) + int(m.Summary.TweaksCreated)
		updated = int(m.Summary.ServersUpdated) + int(m.Summary.TweaksUpdated)
	}
	text := "✓ Imported into " + to + ": " + words.Thousands(created) + " created, " + words.Thousands(updated) + " updated"
	if s.plan.Copy {
		text = "✓ Copied to " + to + ": " + words.Thousands(created) + " created"
	}
	plan, cannot := undoOfSync(s, m)
	w.journal.add(&entry{at: w.env.now(), cfgName: s.plan.Config.Name, what: strings.TrimPrefix(text, "✓ "), ok: true,
		plan: plan, cannot: cannot})
	return tea.Batch(refresh, setStatus(statusOK, text))
}

// describeWriteErr words a failed write in one line. A write that may have
// reached the server says to check before trying again.
func describeWriteErr(err error, what string) string {
	ae, ok := errors.AsType[*api.Error](err)
	if !ok {
		return "Could not save the " + what + ": " + termsafe.Brief(err.Error())
	}
	switch {
	case ae.Status >= 500:
		return "Server error " + strconv.Itoa(ae.Status) + " saving the " + what + ": it may or may not be saved; check the list before trying again"
	case ae.Status == 0 && ae.Timeout():
		return "Timed out saving the " + what + ": it may have been saved; check the list before trying again"
	}
	return describeErr(err, "this config")
}
