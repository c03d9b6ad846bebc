package ui

import (
	"charm.land/lipgloss/v2"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/audit"
	"tweakdash/internal/termsafe"
	"tweakdash/theme"
)

// entry is one write of this session: a form's save, a bulk job, an undo.
type entry struct {
	at      time.Time
	cfgName string
	what    string    // "Deleted server “Paris”"
	ok      bool      // it did all it was to do
	result  string    // otherwise: why it failed, or how far a job got
	plan    *undoPlan // how to take it back; nil when it cannot be
	cannot  string    // why it cannot be taken back, when it went through
	undone  bool
	undoing bool // its undo is running
}

// undoable reports whether u can take it back now.
func (e *entry) undoable() bool { return e.plan != nil && !e.undone && !e.undoing }

// state is the entry's last column: what u would do with it.
func (e *entry) state() string {
	switch {
	case e.undone:
		return "undone"
	case e.undoing:
		return "undoing…"
	case e.plan != nil:
		return "u: " + e.plan.what
	case e.cannot != "":
		return "cannot undo: " + e.cannot
	}
	return ""
}

// journal holds this session's writes, oldest first.
type journal struct {
	entries []*entry
}

func (jl *journal) add(e *entry) { jl.entries = append(jl.entries, e) }

// busy reports whether an undo is running: one at a time.
func (jl *journal) busy() bool {
	return slices.ContainsFunc(jl.entries, func(e *entry) bool { return e.undoing })
}

// last is the newest write u can take back; nil when none.
func (jl *journal) last() *entry {
	for i := len(jl.entries) - 1; i >= 0; i-- {
		if jl.entries[i].undoable() {
			return jl.entries[i]
		}
	}
	return nil
}

// undoAskMsg asks the root to confirm taking e back.
type undoAskMsg struct{ e *entry }

// undoMsg is a confirmed undo, for the root to check and send.
type undoMsg struct{ e *entry }

// earlierMsg brings the audit log's entries of earlier sessions.
type earlierMsg struct {
	entries []audit.Entry
	err     error
}

// journalView lists this session's writes, newest first, each undoable
// from there (u), and under them earlier sessions' from the audit log,
// read-only. The cursor goes over both, and the row under it is drawn in
// full, wrapped: a row is cut only while it is not selected.
type journalView struct {
	st      *theme.Styles
	jl      *journal
	earlier []audit.Entry // newest first
	note    string        // why earlier sessions are not shown
	// cursor is a row: this session's, counted from the newest, then the
	// earlier sessions'.
	cursor int
	keys   keyTable[*journalView]
}

// journalKeys move through the writes; u or enter undoes the one under
// the cursor, or says why it cannot be.
func journalKeys() keyTable[*journalView] {
	nav := defaultNavKeys()
	rows := cursorRows(nav.Up, nav.Down, func(j *journalView) *int { return &j.cursor },
		func(j *journalView) int { return len(j.jl.entries) + len(j.earlier) })
	return append(rows,
		action[*journalView]{Binding: newKey("u", "undo", "u", "enter"), do: (*journalView).undo},
		action[*journalView]{Binding: newKey("esc", "close", "esc", "q", "U"), do: func(*journalView) (tea.Cmd, tea.Msg) { return nil, closeMsg{} }})
}

func newJournalView(st *theme.Styles, jl *journal) *journalView {
	return &journalView{st: st, jl: jl, note: "reading the audit log…", keys: journalKeys()}
}

// selected is the entry under the cursor; nil when there is none.
func (j *journalView) selected() *entry {
	n := len(j.jl.entries)
	if j.cursor < 0 || j.cursor >= n {
		return nil
	}
	return j.jl.entries[n-1-j.cursor]
}

// readEarlier reads the audit log's last entries that are not this
// session's.
func readEarlier(log *audit.Log, session string) tea.Cmd {
	return func() tea.Msg {
		all, err := log.Recent(200)
		out := make([]audit.Entry, 0, len(all))
		for i := len(all) - 1; i >= 0; i-- {
			if all[i].Session != session {
				out = append(out, all[i])
			}
		}
		return earlierMsg{entries: out, err: err}
	}
}

func (j *journalView) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	switch msg := msg.(type) {
	case earlierMsg:
		j.earlier, j.note = msg.entries, ""
		if msg.err != nil {
			j.note = "audit log: " + termsafe.Brief(msg.err.Error())
		}
	case tea.KeyPressMsg:
		cmd, req, _ := j.keys.press(j, msg)
		return cmd, req
	}
	return nil, nil
}

// undo asks the root to undo the write under the cursor, or says why it
// cannot (as information: nothing went wrong).
func (j *journalView) undo() (tea.Cmd, tea.Msg) {
	e := j.selected()
	switch {
	case e == nil && j.cursor >= len(j.jl.entries) && j.cursor < len(j.jl.entries)+len(j.earlier):
		return setStatus(statusInfo, "An earlier session's write: read-only here (u undoes this session's)"), nil
	case e == nil:
		return setStatus(statusInfo, "No write in this session yet"), nil
	case e.undoable():
		return nil, undoAskMsg{e}
	case e.undone:
		return setStatus(statusInfo, "Undone already"), nil
	case e.undoing:
		return setStatus(statusInfo, "Its undo is running"), nil
	case e.cannot != "":
		return setStatus(statusWarn, "Cannot undo: "+e.cannot), nil
	}
	return setStatus(statusInfo, "Nothing to undo: it changed nothing"), nil
}

func (j *journalView) view(w, h int) string {
	st := j.st
	var body []string
	selTop, selEnd := 0, 0 // the selected row's lines in body
	// row adds one row: cut to the width, or wrapped in full under the
	// cursor.
	row := func(r int, text string, style lipgloss.Style) {
		text = termsafe.Line(text)
		if r != j.cursor {
			body = append(body, style.Render(fit(" "+text, w)))
			return
		}
		selTop = len(body)
		for i, l := range wrap(text, w-1) {
			lead := "▌"
			if i > 0 {
				lead = " "
			}
			body = append(body, st.Table.Selected.Render(fit(lead+l, w)))
		}
		selEnd = len(body)
	}
	n := len(j.jl.entries)
	if n == 0 {
		body = append(body, st.Table.Empty.Render(fit(" No write in this session yet.", w)))
	}
	for r := range n {
		e := j.jl.entries[n-1-r]
		mark := "✓"
		if !e.ok {
			mark = "✗"
		}
		text := e.at.Format("15:04:05") + " " + mark + " " + e.cfgName + " · " + e.what
		if e.result != "" {
			text += " · " + e.result
		}
		if s := e.state(); s != "" {
			text += " · " + s
		}
		row(r, text, st.Table.Cell)
	}
	body = append(body, "", " "+st.Detail.Label.Render(fit("Earlier sessions (read-only, from the audit log)", w-2)))
	if j.note != "" {
		body = append(body, st.Table.Muted.Render(fit(" "+j.note, w)))
	} else if len(j.earlier) == 0 {
		body = append(body, st.Table.Muted.Render(fit(" None.", w)))
	}
	for i, e := range j.earlier {
		what := e.What
		if what == "" {
			what = e.Method + " " + e.Path
		}
		row(n+i, e.Time.Local().Format("Jan 2 15:04")+"  "+e.Result+"  "+e.Profile+" · "+what, st.Table.Muted)
	}
	// The body scrolls so that the selected row is in view, whole.
	room := max(h-4, 1)
	start := 0
	if selEnd > room {
		start = selEnd - room
	}
	start = min(start, selTop)
	lines := []string{" " + st.Detail.Title.Render(fit("Journal of writes", w-2)), ""}
	lines = append(lines, body[start:min(start+room, len(body))]...)
	lines = append(lines, "", st.Table.Empty.Render(fit(" "+helpLine(j.help()), w)))
	if len(lines) > h {
		lines = append(lines[:h-1], lines[len(lines)-1])
	}
	return block(lines, w, h)
}

func (j *journalView) help() []key.Binding { return j.keys.shown(j) }
