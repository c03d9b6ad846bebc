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

// changedMsg says that user by changed a list of a config in another
// session on the same key.
type changedMsg struct{ by, config, path, record string }

// ChangedElsewhere tells the dashboard that user by (a name from the
// server's settings) wrote to the records at path (the API's segment:
// "servers", "device-ids") of the config configKey in another session on
// the same key; record is the key or id of the one written, "" for a
// create. A form open on that record says so before it is saved. The list is read again if this session holds it, and the
// status line says who changed it; tweakdash serve answers that read from
// the writer's own (see its shared reads), so it costs no request.
func ChangedElsewhere(by, configKey, path, record string) tea.Msg {
	return changedMsg{termsafe.Line(by), configKey, path, record}
}

// changedElsewhere reads again the list another session changed, if this
// one holds it.
func (p *configPane) changedElsewhere(m changedMsg) tea.Cmd {
	v := p.views[m.config]
	if v == nil {
		return nil
	}
	for l := range kinds {
		if kinds[l].path != m.path {
			continue
		}
		cmd := v.refresh(listID(l))
		if cmd == nil || v != p.cur {
			return cmd
		}
		return tea.Batch(cmd, setStatus(statusWarn, upperFirst(noun(listID(l))+"s")+" of "+v.cfg.Name+" changed by "+m.by))
	}
	return nil
}

// changedElsewhere warns an edit form whose record another session just
// wrote: saving it would meet the conflict check, better known now.
func (e *editor) changedElsewhere(m changedMsg) {
	if e.op != model.Update || e.cfgKey != m.config || kindOf(e.list).path != m.path || m.record == "" ||
		(m.record != e.key && m.record != strconv.FormatInt(e.id, 10)) {
		return
	}
	e.f.SetError(m.by + " just changed this " + noun(e.list) + " in another session: saving shows what changed first")
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
