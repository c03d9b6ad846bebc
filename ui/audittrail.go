package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/audit"
	"tweakdash/internal/termsafe"
)

// auditTrail is this session's part of the audit log: each write it
// keeps a line of names this run (session), the profile and the host.
// A nil log keeps nothing.
type auditTrail struct {
	log     *audit.Log
	session string
	profile string
	host    string
	now     func() time.Time
}

// logged keeps a line in the audit log for a write the server answered,
// or that failed on the way: its request's method and path, the names of
// the fields it set, never a value.
func (t auditTrail) logged(sent write, cfgName, what string, err error) tea.Cmd {
	log := t.log
	if log == nil || sent.req.Method == "" { // no log, or nothing was sent
		return nil
	}
	e := audit.Entry{Time: t.now(), Session: t.session, Profile: t.profile, Host: t.host,
		Method: sent.req.Method, Path: sent.req.Path, Result: audit.Result(err), Fields: sent.fields, What: cfgName + ": " + what}
	return func() tea.Msg {
		if err := log.Append(e); err != nil {
			return setStatus(statusWarn, "Not in the audit log: "+termsafe.Brief(err.Error()))()
		}
		return nil
	}
}
