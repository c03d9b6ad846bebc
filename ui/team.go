package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

// What other sessions on the same API key tell this one (tweakdash serve
// sends these; the dashboard never learns of the other sessions but by
// them).

// sharedRateMsg is the key's headroom as another session's reply left it.
type sharedRateMsg struct{ rate api.Rate }

// SharedRate tells the dashboard the key's rate-limit headers from a reply
// another session on the key got, so that its header shows the headroom
// they all share.
func SharedRate(r api.Rate) tea.Msg { return sharedRateMsg{r} }

// HeldElsewhere tells the dashboard that a request of user (a name from
// the server's settings) on the same key was refused with a 429, so that
// its own requests wait for wait too: the status line says so and counts
// down.
func HeldElsewhere(user string, wait time.Duration) tea.Msg {
	countdown := "Rate limited: the key is held for %s (a request of " + strings.ReplaceAll(termsafe.Line(user), "%", "%%") + "'s hit the limit)"
	return statusMsg{kind: statusWarn, text: fmt.Sprintf(countdown, seconds(wait)), countdown: countdown, retryIn: wait}
}

// Change is a write that another session on the same API key made.
type Change struct {
	By     string // who made it: a user name from the server's settings
	Config string // the unique key of the config written to
	// Path is the API's segment of the records written ("servers",
	// "device-ids"); "" for a sync, which writes servers and tweaks.
	Path string
	// Record is the key or id of the record written; "" for a create or
	// a sync.
	Record  string
	Deleted bool // the record was deleted
}

// changedMsg is a Change, its user's name made terminal-safe.
type changedMsg Change

// ChangedElsewhere tells the dashboard of a write another session on the
// same key made. A deleted record leaves this session's list at once; any
// other write has the list read again once that session's writes pause,
// and the rows it added or changed are marked for a few seconds. The
// status line names who changed it, and a form open on the record says so
// before it is saved. tweakdash serve answers the read from the writer's
// own (see its shared reads), so it normally costs no request.
func ChangedElsewhere(c Change) tea.Msg {
	c.By = termsafe.Line(c.By)
	return changedMsg(c)
}

// lists are the lists of this session the change is news for.
func (m changedMsg) lists() []listID {
	var out []listID
	for l := range kinds {
		if k := &kinds[l]; k.path == m.Path || m.Path == "" && k.syncs {
			out = append(out, listID(l))
		}
	}
	return out
}

// changedElsewhere warns an edit form whose record another session just
// wrote: saving it would meet the conflict check, better known now.
func (e *editor) changedElsewhere(m changedMsg) {
	if e.op != model.Update || e.cfgKey != m.Config || kindOf(e.list).path != m.Path || m.Record == "" ||
		(m.Record != e.key && m.Record != strconv.FormatInt(e.id, 10)) {
		return
	}
	did := "changed"
	if m.Deleted {
		did = "deleted"
	}
	e.f.SetError(m.By + " just " + did + " this " + noun(e.list) + " in another session: saving shows what changed first")
}

// presentMsg says which other users have the config configKey open.
type presentMsg struct {
	config string
	names  []string
}

// Present tells the dashboard which other users (names from the server's
// settings) have the config configKey open in other sessions on the same
// key: the header names them while that config is shown.
func Present(configKey string, names []string) tea.Msg {
	safe := make([]string, len(names))
	for i, n := range names {
		safe[i] = termsafe.Line(n)
	}
	return presentMsg{configKey, safe}
}

// company is what the header says of the others in the config shown:
// "with alice, bob", or "".
func (h *header) company() string {
	if v := h.pane.cur; v == nil || len(h.present.names) == 0 || v.cfg.UniqueKey != h.present.config {
		return ""
	}
	return "with " + strings.Join(h.present.names, ", ")
}
