package ui

import (
	"sync"

	tea "charm.land/bubbletea/v2"

	"tweakdash/model"
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
