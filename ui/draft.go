package ui

import (
	"sync"

	tea "charm.land/bubbletea/v2"

	"tweakdash/model"
	"tweakdash/ui/form"
)

// Draft is what an open form holds, kept so that a hang-up, a kill or a
// crash does not lose it. It carries no secret: password and private-key
// fields are left out of Values (see form.Form.DraftValues). Saving it is
// the caller's business; ui only hands out the values.
type Draft struct {
	Resource   string       `json:"resource"` // model.Resource.Name: "server", "device_id"…
	Op         string       `json:"op"`       // "create" or "update"
	ConfigKey  string       `json:"config_key"`
	ConfigName string       `json:"config_name"`
	RecordKey  string       `json:"record_key,omitempty"` // server or tweak edited
	RecordID   int64        `json:"record_id,omitempty"`  // device ID or password edited
	Title      string       `json:"title"`
	Values     model.Values `json:"values"`
	// Dirty says the form differs from how it opened: an untouched form
	// holds nothing worth a draft.
	Dirty bool `json:"-"`
}

// Noun names what the draft is for a question: "new server", "edit of tweak".
func (d Draft) Noun() string {
	n := "record"
	if l, ok := listOfResource(d.Resource); ok {
		n = noun(l)
	}
	if d.Op == "update" {
		return "edit of the " + n
	}
	return "new " + n
}

// Name is the name typed into the draft, or "" when it has none.
func (d Draft) Name() string {
	s, _ := d.Values["name"].(string)
	return s
}

func listOfResource(name string) (listID, bool) {
	switch name {
	case model.ServerResource.Name:
		return listServers, true
	case model.TweakResource.Name:
		return listTweaks, true
	case model.DeviceIDResource.Name:
		return listDeviceIDs, true
	case model.PasswordResource.Name:
		return listPasswords, true
	}
	return 0, false
}

func opName(op model.Op) string {
	if op == model.Update {
		return "update"
	}
	return "create"
}

// draftKeeper is the copy of the open form's values that another
// goroutine (a signal handler, the code after a recovered panic) may read
// while the program goroutine owns the form itself.
type draftKeeper struct {
	mu     sync.Mutex
	draft  *Draft
	lastEd *editor
}

// Draft returns the open form's values, without secrets, as of the last
// keystroke; false when no form is open. Safe to call from any goroutine.
func (a *App) Draft() (Draft, bool) {
	a.drafts.mu.Lock()
	defer a.drafts.mu.Unlock()
	if a.drafts.draft == nil {
		return Draft{}, false
	}
	return *a.drafts.draft, true
}

// noteDraft refreshes the copy after a message: only when a form opened
// or closed or took a key or paste, so that browsing costs nothing.
func (a *App) noteDraft(msg tea.Msg) {
	e := a.res.ed
	k := &a.drafts
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
	default:
		if e == k.lastEd {
			return
		}
	}
	k.lastEd = e
	var d *Draft
	if e != nil {
		d = &Draft{
			Resource: e.f.Resource().Name, Op: opName(e.op), ConfigKey: e.cfgKey,
			RecordKey: e.key, RecordID: e.id, Title: e.f.Title(), Values: e.f.DraftValues(), Dirty: e.f.Dirty(),
		}
		if v := a.res.views[e.cfgKey]; v != nil {
			d.ConfigName = v.cfg.Name
		}
	}
	k.mu.Lock()
	k.draft = d
	k.mu.Unlock()
}

// restore opens the form of Options.Restore over its config: a create at
// once, an edit once the record it edits has loaded (its secret fields
// come from the record, not the draft).
func (a *App) restore() tea.Cmd {
	d := a.opts.Restore
	l, ok := listOfResource(d.Resource)
	if !ok || d.ConfigKey == "" {
		return nil
	}
	r := a.res
	cmds := []tea.Cmd{r.open(model.Config{UniqueKey: d.ConfigKey, Name: d.ConfigName})}
	a.setFocus(paneConfig)
	switch l {
	case listTweaks:
		cmds = append(cmds, r.switchTab(tabTweaks))
	case listDeviceIDs, listPasswords:
		cmds = append(cmds, r.switchTab(tabAccess), r.switchAccess(l))
	}
	if d.Op != "update" {
		cmds = append(cmds, r.openForm(l, model.Create, d.Title, d.Values, "", 0))
		a.restored = r.ed.f
		return tea.Batch(cmds...)
	}
	// A server or tweak comes from /servers or /tweaks, asked for by
	// tryRestore once /resources has answered (its answer drops the full
	// records as older than itself).
	a.pendingRestore = d
	return tea.Batch(append(cmds, setStatus(statusInfo, "Loading the "+noun(l)+" to edit…"))...)
}

// tryRestore opens a restored edit's form once its record is there.
func (a *App) tryRestore() tea.Cmd {
	d := a.pendingRestore
	if d == nil {
		return nil
	}
	r := a.res
	v := r.cur
	l, _ := listOfResource(d.Resource)
	if v == nil || v.cfg.UniqueKey != d.ConfigKey || r.modal() {
		a.pendingRestore = nil // the user went elsewhere meanwhile
		return nil
	}
	var ld load
	var rec model.Values
	if full := fullRequest(l); full != numRequests {
		switch base := v.loads[reqResources].state; {
		case base == loading || base == notLoaded:
			return nil
		case base == loaded && v.loads[full].state == notLoaded:
			return r.fetch(full)
		}
	}
	switch l {
	case listServers:
		ld = v.loads[reqServers]
		if s, ok := v.fullServers[d.RecordKey]; ok {
			rec = s.Values()
		}
	case listTweaks:
		ld = v.loads[reqTweaks]
		if t, ok := v.fullTweaks[d.RecordKey]; ok {
			rec = t.Values()
		}
	case listDeviceIDs:
		ld = v.loads[reqDeviceIDs]
		for _, x := range v.deviceIDs {
			if int64(x.ID) == d.RecordID {
				rec = x.Values()
			}
		}
	case listPasswords:
		ld = v.loads[reqPasswords]
		for _, x := range v.passwords {
			if int64(x.ID) == d.RecordID {
				rec = x.Values()
			}
		}
	}
	switch {
	case ld.state == loaded && rec != nil:
	case ld.state == loaded:
		a.pendingRestore = nil
		return setStatus(statusWarn, "The "+noun(l)+" of your draft is gone: the draft is kept")
	case ld.state == failed || ld.state == refused || v.loads[reqResources].state == failed:
		a.pendingRestore = nil
		return setStatus(statusWarn, "Could not load the "+noun(l)+" of your draft: the draft is kept")
	default:
		return nil
	}
	a.pendingRestore = nil
	for k, val := range d.Values {
		rec[k] = val
	}
	cmd := r.openForm(l, model.Update, d.Title, rec, d.RecordKey, d.RecordID)
	a.restored = r.ed.f
	r.updateKeys()
	return tea.Batch(cmd, setStatus(statusInfo, ""))
}

// draftClosed tells the owner of a restored draft that its form was
// saved or discarded, so the draft can go.
func (a *App) draftClosed(f *form.Form) {
	if f == nil || f != a.restored {
		return
	}
	a.restored = nil
	if a.opts.DraftDone != nil {
		a.opts.DraftDone()
	}
}

// fullRequest is the request that brings list l's full records, or
// numRequests when its list has them already.
func fullRequest(l listID) request {
	switch l {
	case listServers:
		return reqServers
	case listTweaks:
		return reqTweaks
	}
	return numRequests
}
