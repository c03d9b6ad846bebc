package ui

import (
	"tweakdash/model"
	"tweakdash/theme"
)

// list is one of a config view's four lists, whatever its record type:
// the view acts on rows through it and never asks which list it is.
type list interface {
	tbl() *table
	count() int
	// recordKey names row r's record: a unique_key, or a record id.
	recordKey(r int) string
	// copyTarget names and returns the raw value y copies for row r.
	copyTarget(r int) (what, value string)
	// item is what a delete of row r needs.
	item(r int) delItem
	// was is row r's record as a job keeps it for undo: a server's or
	// tweak's full record (nil when not loaded), or the record itself.
	was(r int) any
	// fullOf is the full record of key when loaded; nil when not.
	fullOf(key string) any
	active(r int) bool
	// detailOf is the title and fields of row r's best record there is.
	detailOf(r int) (title string, raw model.Raw)
	// editOf is the edit of row r, waiting for its record.
	editOf(r int) *pendingEdit
	// current is the record p edits as it is now; nil when it is gone.
	current(p *pendingEdit) model.Values
	// take keeps a read's records (a list, or the full records); false
	// when body is another list's.
	take(body any) bool
	takeFull(body any) bool
	dropFull()
	// remove drops a deleted record; apply shows what a write's answer
	// made or changed, and is false for another list's answer.
	remove(it delItem)
	apply(body any) bool
	setRows()
}

// listView is a list over records of type T: the records, their full
// versions when read, and the table that draws them.
type listView[T record] struct {
	*records[T]
	l     listID
	items []T
	// full are the full records by unique_key, from /servers and /tweaks.
	full  map[string]T
	table *table
}

func newListView[T record](st *theme.Styles, l listID, rs *records[T]) *listView[T] {
	k := kindOf(l)
	t := newTable(st, k.columns, true, k.empty)
	t.qualifiers = k.qualifiers
	return &listView[T]{records: rs, l: l, table: t}
}

func (lv *listView[T]) tbl() *table            { return lv.table }
func (lv *listView[T]) count() int             { return len(lv.items) }
func (lv *listView[T]) recordKey(r int) string { return lv.key(lv.items[r]) }
func (lv *listView[T]) item(r int) delItem     { return lv.delItem(lv.items[r]) }

func (lv *listView[T]) copyTarget(r int) (what, value string) {
	k := kindOf(lv.l)
	what = k.copyWhat
	if what == "key" {
		what = k.noun + " key"
	}
	return what, lv.copy(lv.items[r])
}

func (lv *listView[T]) was(r int) any {
	if kindOf(lv.l).full == numRequests {
		return lv.items[r]
	}
	return lv.fullOf(lv.uniq(lv.items[r]))
}

func (lv *listView[T]) fullOf(key string) any {
	if f, ok := lv.full[key]; ok {
		return f
	}
	return nil
}

func (lv *listView[T]) active(r int) bool {
	return lv.records.active != nil && lv.records.active(lv.items[r])
}

func (lv *listView[T]) detailOf(r int) (string, model.Raw) {
	x := lv.items[r]
	raw := lv.raw(x)
	if lv.uniq != nil {
		if f, ok := lv.full[lv.uniq(x)]; ok {
			raw = lv.raw(f)
		}
	}
	return upperFirst(kindOf(lv.l).noun) + lv.title(x), raw
}

func (lv *listView[T]) editOf(r int) *pendingEdit {
	x := lv.items[r]
	p := &pendingEdit{list: lv.l, title: "Edit " + kindOf(lv.l).noun + lv.title(x)}
	if lv.uniq != nil {
		p.key = lv.uniq(x)
	} else {
		p.id = lv.id(x)
	}
	return p
}

func (lv *listView[T]) current(p *pendingEdit) model.Values {
	if lv.uniq != nil {
		if f, ok := lv.full[p.key]; ok {
			return f.Values()
		}
		return nil
	}
	for _, x := range lv.items {
		if lv.id(x) == p.id {
			return x.Values()
		}
	}
	return nil
}

func (lv *listView[T]) take(body any) bool {
	items, ok := body.([]T)
	if ok {
		lv.set(items)
	}
	return ok
}

// set shows items as the list's records.
func (lv *listView[T]) set(items []T) {
	lv.items = items
	lv.setRows()
}

func (lv *listView[T]) takeFull(body any) bool {
	items, ok := body.([]T)
	if ok {
		lv.full = byKey(items, lv.uniq)
	}
	return ok
}

func (lv *listView[T]) dropFull() { lv.full = nil }

func (lv *listView[T]) remove(it delItem) {
	lv.items = deleteWhere(lv.items, func(x T) bool {
		if lv.uniq != nil {
			return lv.uniq(x) == it.key
		}
		return lv.id(x) == it.id
	})
	delete(lv.full, it.key)
	lv.setRows()
}

func (lv *listView[T]) apply(body any) bool {
	recs, acts, ok := lv.changed(body)
	if !ok {
		return false
	}
	for i, x := range recs {
		lv.items = upsert(lv.items, x, acts[i], lv.key)
	}
	lv.setRows()
	return true
}

// fullItems are the full records in the list's order (those loaded).
func (lv *listView[T]) fullItems() []T {
	out := make([]T, 0, len(lv.full))
	for _, x := range lv.items {
		if f, ok := lv.full[lv.uniq(x)]; ok {
			out = append(out, f)
		}
	}
	return out
}

// setRows draws the table from the records, after a load or a change.
// The marks stay on the records that are left when the rows move under
// them: they are taken before the rows change, from the table's keys,
// which still match the old records.
func (lv *listView[T]) setRows() {
	t := lv.table
	marks := map[string]bool{}
	for _, r := range t.marked() {
		if r < len(t.recordKeys) {
			marks[t.recordKeys[r]] = true
		}
	}
	rows := make([][]string, len(lv.items))
	t.tags = make([][]string, len(lv.items))
	for i, x := range lv.items {
		rows[i] = lv.row(x)
		t.tags[i] = lv.tags(x)
	}
	t.setRows(rows)
	t.recordKeys = make([]string, len(lv.items))
	for r, x := range lv.items {
		k := lv.key(x)
		t.recordKeys[r] = k
		if marks[k] {
			t.toggleMark(r)
		}
	}
}
