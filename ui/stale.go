package ui

import (
	"slices"
	"strconv"

	"tweakdash/model"
)

// watchNews is what a watch's reload found against the load before it, in
// the config and list it read: the record keys of the rows changed and of
// the rows gone.
type watchNews struct {
	cfgKey        string
	list          listID
	changed, gone []string
}

// about is what an edit form on t says of n, "" when n does not touch its
// record. Saving still meets the three-way check; this says it before the
// user types more into a record that moved under them.
func (n watchNews) about(t editTarget) string {
	if t.op != model.Update || t.cfgKey != n.cfgKey || t.list != n.list {
		return ""
	}
	is := func(k string) bool { return k == t.key || (t.id != 0 && k == strconv.FormatInt(t.id, 10)) }
	switch {
	case slices.ContainsFunc(n.gone, is):
		return "Deleted elsewhere since the form opened: saving offers to save it as new"
	case slices.ContainsFunc(n.changed, is):
		return "Changed elsewhere since the form opened: saving shows what changed first"
	}
	return ""
}
