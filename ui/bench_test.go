package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/model"
	"tweakdash/theme"
)

// Budgets (checked by the lead's script): a cursor move at 10,000 rows
// costs at most 1.5× a move at 100 rows; one filter keystroke at 10,000
// rows stays under 5 ms.

func deviceIDRows(n int) [][]string {
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = []string{fmt.Sprintf("%032X", uint64(i)*0x9E3779B97F4A7C15), fmt.Sprintf("Batch %d, shop %d", i/100, i%7),
			yesNo(i%5 != 0), yesNo(i%3 == 0), "02-24 18:30"}
	}
	return rows
}

func benchTable(n int) *table {
	st := theme.New(true, false)
	t := newTable(&st, []column{
		{title: "DEVICE ID", width: 32}, {title: "NOTE", width: 8, flex: true},
		{title: "ACTIVE", width: 6}, {title: "DEL-AFTER-USE", width: 13}, {title: "UPDATED", width: 11, muted: true},
	}, true, "none")
	t.setRows(deviceIDRows(n))
	t.setSize(84, 35)
	t.focused = true
	t.cursor = n / 2
	t.clamp()
	return t
}

// BenchmarkTableMove is one cursor move and the frame after it.
func BenchmarkTableMove(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			t := benchTable(n)
			down, up := keyPress("j"), keyPress("k")
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i%2 == 0 {
					t.update(down)
				} else {
					t.update(up)
				}
				_ = t.view()
				i++
			}
		})
	}
}

// BenchmarkTableFilterKeystroke is one keystroke in the filter (a letter,
// then a backspace: each searches every row) and the frame after it.
func BenchmarkTableFilterKeystroke(b *testing.B) {
	for _, n := range []int{10000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			t := benchTable(n)
			t.update(keyPress("/"))
			letter, back := keyPress("7"), keyPress("backspace")
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i%2 == 0 {
					t.update(letter)
				} else {
					t.update(back)
				}
				_ = t.view()
				i++
			}
		})
	}
}

// benchApp is the dashboard at 120x40 showing a config with n device IDs.
func benchApp(b *testing.B, n int) *App {
	f := newFake(b)
	ids := make([]model.DeviceID, n)
	for i, r := range deviceIDRows(n) {
		ids[i] = model.DeviceID{ID: model.Int(i + 1), DeviceID: r[0], Note: r[1], IsActive: true, UpdatedAt: "2026-02-24 18:30:00"}
	}
	f.deviceIDs[key12] = ids
	a := start(b, f, 120, 40)
	press(a, "enter", "3")
	if got := a.pane.cur.lists[listDeviceIDs].tbl().total(); got != n {
		b.Fatalf("%d rows loaded, want %d", got, n)
	}
	a.pane.cur.lists[listDeviceIDs].tbl().cursor = n / 2
	a.pane.cur.lists[listDeviceIDs].tbl().clamp()
	return a
}

// BenchmarkMove is a cursor move through the whole app: Update, then the
// full frame (header, both panes, status bar).
func BenchmarkMove(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			a := benchApp(b, n)
			down, up := keyPress("j"), keyPress("k")
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				var k tea.Msg = down
				if i%2 == 1 {
					k = up
				}
				a.Update(k)
				_ = a.View()
				i++
			}
		})
	}
}

// BenchmarkFilterKeystroke is one filter keystroke through the whole app
// at 10,000 rows.
func BenchmarkFilterKeystroke(b *testing.B) {
	a := benchApp(b, 10000)
	press(a, "/")
	letter, back := keyPress("7"), keyPress("backspace")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		var k tea.Msg = letter
		if i%2 == 1 {
			k = back
		}
		a.Update(k)
		_ = a.View()
		i++
	}
}

// The frame must not depend on the row count: the same screen region is
// drawn for 100 and for 10,000 rows.
func TestFrameDrawsOnlyVisibleRows(t *testing.T) {
	small, big := benchTable(100), benchTable(10000)
	small.cursor, big.cursor = 0, 0
	small.clamp()
	big.clamp()
	if a, b := strings.Count(small.view(), "\n"), strings.Count(big.view(), "\n"); a != b {
		t.Fatalf("%d lines for 100 rows, %d for 10,000", a+1, b+1)
	}
}

// undoCheckRig is a deactivate job over n device IDs, all done, and the
// list as read back before its undo.
func undoCheckRig(n int) (*undoPlan, lists) {
	st := theme.New(true, false)
	items := make([]jobItem, n)
	now := make([]model.DeviceID, n)
	did := make([]int, n)
	for i := range items {
		d := model.DeviceID{ID: model.Int(i + 1), DeviceID: fmt.Sprintf("%032X", uint64(i)*0x9E3779B97F4A7C15), Note: "shop", IsActive: true}
		items[i] = jobItem{delItem: delItem{label: d.DeviceID, id: int64(d.ID)}, list: listDeviceIDs, was: d}
		d.IsActive = false
		now[i], did[i] = d, i
	}
	j := newJob(&st, nil, jobDeactivate, "cfg", "Config", listDeviceIDs, items)
	j.did = did
	p, _ := undoOfJob(j)
	return p, lists{read: [4]any{listDeviceIDs: now}}
}

// BenchmarkUndoCheck is the check an undo of a bulk deactivate makes
// against the list read back, in Update: it must grow with the rows, not
// with their square.
func BenchmarkUndoCheck(b *testing.B) {
	for _, n := range []int{100, 10000} {
		p, now := undoCheckRig(n)
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			for b.Loop() {
				if items, why := p.writes(now); why != "" || len(items) != n {
					b.Fatalf("%d items, %q", len(items), why)
				}
			}
		})
	}
}

// BenchmarkTableSort is one press of o at 10,000 rows (the rows sorted
// by the next column, the API's order after the last) and the frame
// after it. Budget: under 20 ms.
func BenchmarkTableSort(b *testing.B) {
	t := benchTable(10000)
	sort := keyPress("o")
	b.ReportAllocs()
	for b.Loop() {
		t.update(sort)
		_ = t.view()
	}
}

// BenchmarkTableQualifierFilter is a filter of 10,000 sorted rows by a
// qualifier and text, typed as a whole, and the frame after it. Budget:
// under 20 ms.
func BenchmarkTableQualifierFilter(b *testing.B) {
	t := benchTable(10000)
	t.tags = make([][]string, len(t.rows))
	for i := range t.tags {
		t.tags[i] = []string{activeTag(i%5 != 0)}
	}
	t.qualifiers = kindOf(listDeviceIDs).qualifiers
	t.update(keyPress("o")) // by device ID
	t.update(keyPress("/"))
	b.ReportAllocs()
	for b.Loop() {
		t.query.update(tea.PasteMsg{Content: "is:inactive shop 3"})
		t.refilter(false)
		_ = t.view()
		t.clearFilter()
	}
}
