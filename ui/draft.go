package ui

import (
	"sync"

	tea "charm.land/bubbletea/v2"

	"tweakdash/model"
)

// Draft is what an open form holds, without its secrets (see
// form.Form.DraftValues). ui only hands it out; package drafts keeps it.
type Draft = model.Draft

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

// get returns the kept draft; false when no form is open.
func (k *draftKeeper) get() (Draft, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.draft == nil {
		return Draft{}, false
	}
	return *k.draft, true
}

// note refreshes the copy after a message: only when a form opened or
// closed or took a key or paste, so that browsing costs nothing.
func (k *draftKeeper) note(msg tea.Msg, o overlay, views map[string]*configView) {
	e, _ := o.(*editor)
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
			Resource: e.f.Resource().Name, Op: opName(e.op), ConfigKey: e.cfgKey, ConfigName: e.cfgName,
			RecordKey: e.key, RecordID: e.id, Title: e.f.Title(), Values: e.f.DraftValues(), Dirty: e.f.Dirty(),
		}
		if v := views[e.cfgKey]; v != nil {
			d.ConfigName = v.cfg.Name
		}
	}
	k.mu.Lock()
	k.draft = d
	k.mu.Unlock()
}
