package ui

import (
	"strconv"
	"strings"

	"tweakdash/api"
	"tweakdash/internal/snapshot"
	"tweakdash/model"
)

// record is a row of one of a config's four lists.
type record interface {
	model.Server | model.Tweak | model.DeviceID | model.Password
	Values() model.Values
}

// records is the typed half of a list's descriptor: how one record is
// told apart, drawn, named and found in a write's answer.
type records[T record] struct {
	uniq   func(T) string // unique_key; nil for the Access lists
	id     func(T) int64  // record id; nil for servers and tweaks
	row    func(T) []string
	label  func(T) string // in a question or the status line: “Paris”, #12
	title  func(T) string // after the noun in a title: " · Paris", " #12"
	copy   func(T) string // the raw value y copies
	raw    func(T) model.Raw
	active func(T) bool // nil when the records have no active flag
	// tags are the qualifiers a record answers to in the filter
	// (is:active, type:ssh); the list's kind names those it knows.
	tags func(T) []string
	// cache puts a read of the list into what the cache keeps; nil for
	// servers and tweaks, which the cache keeps from /resources.
	cache func([]T, *snapshot.Lists)
	// changed are the records a write's answer carries and the action
	// on each ("deleted" drops it); ok is false for another list's answer.
	changed func(body any) (recs []T, actions []string, ok bool)
}

var (
	serverRecords = namedRecords(func(s model.Server) named {
		return named{s.Name, string(s.TunnelType), s.UniqueKey, s.UpdatedAt, s.Action, s.Raw}
	}, func(m *api.Mutation) []model.Server { return m.Servers })
	tweakRecords = namedRecords(func(t model.Tweak) named {
		return named{t.Name, string(t.TunnelType), t.UniqueKey, t.UpdatedAt, t.Action, t.Raw}
	}, func(m *api.Mutation) []model.Tweak { return m.Tweaks })
	deviceIDRecords = &records[model.DeviceID]{
		id: func(d model.DeviceID) int64 { return int64(d.ID) },
		row: func(d model.DeviceID) []string {
			return []string{d.DeviceID, d.Note, yesNo(bool(d.IsActive)), yesNo(bool(d.DeleteAfterUsed)), shortTime(d.UpdatedAt)}
		},
		label:   func(d model.DeviceID) string { return d.DeviceID },
		title:   func(d model.DeviceID) string { return " · " + d.DeviceID },
		copy:    func(d model.DeviceID) string { return d.DeviceID },
		raw:     func(d model.DeviceID) model.Raw { return d.Raw },
		active:  func(d model.DeviceID) bool { return bool(d.IsActive) },
		tags:    func(d model.DeviceID) []string { return []string{activeTag(bool(d.IsActive))} },
		cache:   func(ds []model.DeviceID, l *snapshot.Lists) { l.DeviceIDs = snapshot.FromDeviceIDs(ds) },
		changed: answered(func(b *api.DeviceIDList) []model.DeviceID { return b.DeviceIDs }),
	}
	passwordRecords = &records[model.Password]{
		id: func(p model.Password) int64 { return int64(p.ID) },
		row: func(p model.Password) []string {
			used := "—"
			if p.UsedAt != "" {
				used = shortTime(p.UsedAt)
			}
			return []string{"#" + strconv.FormatInt(int64(p.ID), 10), maskText, p.Type, p.Note, yesNo(bool(p.IsActive)), used, orDash(p.UsedDeviceID)}
		},
		label: func(p model.Password) string { return "#" + strconv.FormatInt(int64(p.ID), 10) },
		title: func(p model.Password) string { return " #" + strconv.FormatInt(int64(p.ID), 10) },
		// The list does not hold the password in the clear; the record does.
		copy:   func(p model.Password) string { return p.Password },
		raw:    func(p model.Password) model.Raw { return p.Raw },
		active: func(p model.Password) bool { return bool(p.IsActive) },
		tags: func(p model.Password) []string {
			used := "is:unused"
			if p.UsedAt != "" || p.UsedDeviceID != "" {
				used = "is:used"
			}
			return []string{activeTag(bool(p.IsActive)), used, "type:" + strings.ToLower(p.Type)}
		},
		cache:   func(ps []model.Password, l *snapshot.Lists) { l.Passwords = snapshot.FromPasswords(ps) },
		changed: answered(func(b *api.PasswordList) []model.Password { return b.Passwords }),
	}
)

// answered finds the records an Access list's write answered with in an
// answer of type *B; they carry no action.
func answered[T, B any](items func(*B) []T) func(body any) ([]T, []string, bool) {
	return func(body any) ([]T, []string, bool) {
		b, ok := body.(*B)
		if !ok || b == nil {
			return nil, nil, false
		}
		xs := items(b)
		return xs, make([]string, len(xs)), true
	}
}

func activeTag(on bool) string {
	if on {
		return "is:active"
	}
	return "is:inactive"
}

// orDash is s, or a dash for nothing, as the lists show an empty field.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// named is what the Servers and Tweaks lists show and ask of a record.
type named struct {
	name, tunnelType, key, updatedAt, action string
	raw                                      model.Raw
}

// namedRecords describes a list of servers or tweaks, whose records are
// alike: named, keyed by unique_key, and written with a mutation that
// carries each item's action.
func namedRecords[T record](of func(T) named, items func(*api.Mutation) []T) *records[T] {
	return &records[T]{
		uniq: func(x T) string { return of(x).key },
		row: func(x T) []string {
			n := of(x)
			return []string{n.name, n.tunnelType, shortKey(n.key), shortTime(n.updatedAt)}
		},
		label: func(x T) string { return "“" + of(x).name + "”" },
		title: func(x T) string { return " · " + of(x).name },
		copy:  func(x T) string { return of(x).key },
		raw:   func(x T) model.Raw { return of(x).raw },
		tags:  func(x T) []string { return []string{"type:" + strings.ToLower(of(x).tunnelType)} },
		changed: func(body any) ([]T, []string, bool) {
			m, ok := body.(*api.Mutation)
			if !ok || m == nil {
				return nil, nil, false
			}
			xs := items(m)
			acts := make([]string, len(xs))
			for i, x := range xs {
				acts[i] = of(x).action
			}
			return xs, acts, true
		},
	}
}

// key names a record: its unique_key, or its record id.
func (rs *records[T]) key(x T) string {
	if rs.uniq != nil {
		return rs.uniq(x)
	}
	return strconv.FormatInt(rs.id(x), 10)
}

// delItem is what a delete of x needs: its label, and its unique_key or
// record id.
func (rs *records[T]) delItem(x T) delItem {
	if rs.uniq != nil {
		return delItem{label: rs.label(x), key: rs.uniq(x)}
	}
	return delItem{label: rs.label(x), id: rs.id(x)}
}

// recordKind is what the untyped parts of the UI ask of a list's records,
// given a read's answer as it came (a []T).
type recordKind interface {
	// holds reports whether body is a read of this list.
	holds(body any) bool
	// places maps each record of body to its place, by key.
	places(body any) map[string]int
	// valuesAt are the fields of body's record i.
	valuesAt(body any, i int) model.Values
	// find is the record of body with key or id; nil when it is gone.
	find(body any, key string, id int64) model.Values
	// keep puts a list read into what the cache keeps; false for a full
	// record, which is never kept.
	keep(body any, l *snapshot.Lists) bool
}

func (rs *records[T]) holds(body any) bool {
	_, ok := body.([]T)
	return ok
}

func (rs *records[T]) places(body any) map[string]int {
	items, _ := body.([]T)
	at := make(map[string]int, len(items))
	for i, x := range items {
		at[rs.key(x)] = i
	}
	return at
}

func (rs *records[T]) valuesAt(body any, i int) model.Values {
	return body.([]T)[i].Values()
}

func (rs *records[T]) find(body any, key string, id int64) model.Values {
	items, _ := body.([]T)
	for _, x := range items {
		if rs.uniq != nil && rs.uniq(x) == key || rs.uniq == nil && rs.id(x) == id {
			return x.Values()
		}
	}
	return nil
}

func (rs *records[T]) keep(body any, l *snapshot.Lists) bool {
	items, ok := body.([]T)
	if ok && rs.cache != nil {
		rs.cache(items, l)
	}
	return ok && rs.cache != nil
}
