package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// writer makes every write and keeps what follows from them: the writes
// in flight, the bulk job, undo, the session's journal, the reads a copy,
// an export or an import needs first, and the audit log. It belongs to
// App, not to the view that started a write: its requests run on the
// app's context, so leaving a config (or its form) never cancels one the
// server may already have applied.
type writer struct {
	env *env
	ctx context.Context
	api writeAPI // nil: every write key is off (env.writesOff says why)

	// inFlight are the requests sent, by request id; job is the bulk job
	// running, if any; reads is a copy, export or import reading what it
	// needs.
	inFlight map[int]inFlight
	job      *job
	reads    *readFlow

	// journal is this session's writes, for u and U; the audit log keeps
	// a line for each.
	journal journal
	trail   auditTrail

	// What the writer changes outside itself: the views and counts a
	// write changed, the status line (a background job's progress does
	// not cover a newer line), and the overlay slot (the form a save came
	// from closes; a job shows its progress).
	pane   *configPane
	list   *configList
	status *statusBar
	slot   slot
	// up hands the root a request at the end of a read flow (open an
	// overlay, start the job the reads were for).
	up func(tea.Cmd, tea.Msg) tea.Cmd
}

// inFlight is a request the writer sent: replied takes its reply.
type inFlight interface {
	replied(w *writer, msg replyMsg) tea.Cmd
}

// slot is the overlay slot as the writer meets it; App keeps it.
type slot struct {
	shown func() overlay
	set   func(overlay)
	close func()
}

// track registers f as the request id's taker and returns the id.
func (w *writer) track(f inFlight) int {
	id := w.env.newID()
	w.inFlight[id] = f
	return id
}

// answer takes a reply to a request the writer sent; false when the
// reply is not the writer's.
func (w *writer) answer(msg replyMsg) (tea.Cmd, bool) {
	f, ok := w.inFlight[msg.id]
	if !ok {
		return nil, false
	}
	delete(w.inFlight, msg.id)
	w.env.writes++
	defer func() { w.list.countsFrom(w.pane.views[msg.config]) }()
	return f.replied(w, msg), true
}

func (w *writer) busy() bool { return len(w.inFlight) > 0 }

// request does what a child asked that is the writer's: a form's save,
// a bulk job, an undo, a copy, export or import. Any other request is
// not the writer's, and does nothing.
func (w *writer) request(req tea.Msg) tea.Cmd {
	switch req := req.(type) {
	case *formSave:
		return w.save(req)
	case *job:
		return w.confirmed(req)
	case undoAskMsg:
		return w.askUndo(req.e)
	case undoMsg:
		w.slot.close()
		return w.undo(req.e)
	case jobStoppedMsg:
		if w.job != nil && w.job.ended {
			return w.jobEnded()
		}
		return nil
	case copyToMsg:
		w.slot.close()
		w.reads = copyFlow(w.ctx, req, w.pane.viewOf, w.env.st, w.env.base)
		return tea.Batch(setPending("Reading what the copy needs…"), w.readsNext(w.reads.next()))
	case pathMsg:
		w.slot.close()
		return w.transfer(req)
	case *syncSend:
		w.slot.close()
		return w.sendSync(req)
	}
	return nil
}

// message takes the writer's own messages: a job's next row is due, an
// export was written, an import file was read.
func (w *writer) message(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case jobTickMsg:
		if w.job != nil && msg.gen == w.job.gen {
			return w.jobStep()
		}
		return nil
	case exportedMsg:
		return w.exported(msg)
	case parsedMsg:
		return w.parsed(msg)
	}
	return nil
}

// confirmed starts a bulk job the user confirmed. A server or tweak is
// deleted only once its full record is in memory, so that undo can make
// it again with every field.
func (w *writer) confirmed(j *job) tea.Cmd {
	switch o := w.slot.shown().(type) {
	case *confirm:
		w.slot.close()
	case *job: // d on a stopped job's summary resumes it
		if o.ended {
			w.slot.close()
		}
	}
	if j.unread() {
		w.reads = recordsFlow(w.ctx, w.pane.viewOf, w.pane.views[j.cfgKey].cfg, j)
		return w.readsNext(w.reads.next())
	}
	return w.startJob(j)
}

// readAnswered takes a reply for the read flow running, if any.
func (w *writer) readAnswered(msg replyMsg) tea.Cmd {
	if w.reads == nil {
		return nil
	}
	return w.readsNext(w.reads.answered(msg))
}

// showJob shows the bulk job's progress (p), or why there is none.
func (w *writer) showJob() tea.Cmd {
	if w.job == nil {
		return setStatus(statusInfo, "No job is running: p shows a bulk job sent to the background (b)")
	}
	w.slot.set(w.job)
	return nil
}

// showJournal shows this session's writes (U), and reads the earlier
// sessions' from the audit log.
func (w *writer) showJournal() tea.Cmd {
	w.slot.set(newJournalView(w.env.st, &w.journal))
	return readEarlier(w.trail.log, w.trail.session)
}
