package ui

import (
	"maps"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/liststate"
)

// OrderStore keeps how each list is sorted for the next start: package
// liststate's *Store. It is called from commands only.
type OrderStore interface {
	Save(map[string]liststate.Order) error
}

// listOrders are the lists' orders, by the name of the list's resource
// ("device_id"): what the last run left (Options.ListOrders), and what
// the user sorts by now, saved after each change. Every config's list of
// one kind opens in the order it was left in.
type listOrders struct {
	kept  map[string]liststate.Order
	store OrderStore // nil: nothing is kept
}

func newListOrders(kept map[string]liststate.Order, store OrderStore) *listOrders {
	return &listOrders{kept: maps.Clone(kept), store: store}
}

// follow sorts t as list name was left, and keeps each change to its
// order.
func (o *listOrders) follow(name string, t *table) {
	if o == nil {
		return
	}
	t.order = unsorted()
	if k, ok := o.kept[name]; ok {
		for i, c := range t.cols {
			if c.title == k.Column {
				t.order = rowOrder{col: i, desc: k.Desc}
			}
		}
	}
	t.sorted = func(r rowOrder) tea.Cmd { return o.keep(name, t.cols, r) }
}

// keep records list name's order r and saves them all, a copy made
// before the command runs; a failed save says so in the status line and
// the list stays sorted.
func (o *listOrders) keep(name string, cols []column, r rowOrder) tea.Cmd {
	if o.kept == nil {
		o.kept = map[string]liststate.Order{}
	}
	if r.col < 0 {
		delete(o.kept, name)
	} else {
		o.kept[name] = liststate.Order{Column: cols[r.col].title, Desc: r.desc}
	}
	if o.store == nil {
		return nil
	}
	store, all := o.store, maps.Clone(o.kept)
	return func() tea.Msg {
		if err := store.Save(all); err != nil {
			return statusMsg{kind: statusWarn, text: "the lists' order is not kept for the next start: " + err.Error(), made: time.Now()}
		}
		return nil
	}
}
