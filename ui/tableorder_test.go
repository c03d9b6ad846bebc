package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"tweakdash/model"
	"tweakdash/theme"
)

// shownKeys are the record keys of the rows a list shows, in order.
func shownKeys(l list) []string {
	t := l.tbl()
	out := make([]string, len(t.index))
	for p, r := range t.index {
		out[p] = t.recordKeys[r]
	}
	return out
}

func typeFilter(t *table, q string) {
	keys(t, "/")
	for _, r := range q {
		k := string(r)
		if k == " " {
			k = "space"
		}
		keys(t, k)
	}
	keys(t, "enter")
}

// testLists are the four lists as a config view makes them, filled with
// records whose columns order differently from the API's order.
func testLists() map[listID]list {
	st := theme.New(true, false)
	servers := newListView(&st, listServers, serverRecords)
	servers.set([]model.Server{
		{Name: "paris", TunnelType: "ssh", UniqueKey: "k1"},
		{Name: "Berlin", TunnelType: "v2ray", UniqueKey: "k2"},
		{Name: "athens", TunnelType: "ssh", UniqueKey: "k3"},
	})
	tweaks := newListView(&st, listTweaks, tweakRecords)
	tweaks.set([]model.Tweak{
		{Name: "zeta", TunnelType: "dnstt", UniqueKey: "t1"},
		{Name: "alpha", TunnelType: "ssh", UniqueKey: "t2"},
	})
	ids := newListView(&st, listDeviceIDs, deviceIDRecords)
	ids.set([]model.DeviceID{
		{ID: 1, DeviceID: "CCCC", Note: "shop", IsActive: true},
		{ID: 2, DeviceID: "AAAA", Note: "Office", IsActive: false},
		{ID: 3, DeviceID: "BBBB", Note: "", IsActive: true},
		{ID: 4, DeviceID: "DDDD", Note: "office", IsActive: false},
	})
	pws := newListView(&st, listPasswords, passwordRecords)
	pws.set([]model.Password{
		{ID: 10, Type: model.Reusable, Note: "b", IsActive: true, UsedAt: "2026-02-25 08:15:00", UsedDeviceID: "EEEE"},
		{ID: 9, Type: model.OneTime, Note: "a", IsActive: false},
		{ID: 100, Type: model.OneTime, Note: "c", IsActive: true, UsedAt: "2026-02-24 08:15:00", UsedDeviceID: "FFFF"},
	})
	out := map[listID]list{listServers: servers, listTweaks: tweaks, listDeviceIDs: ids, listPasswords: pws}
	for _, l := range out {
		l.tbl().setSize(120, 20)
	}
	return out
}

func TestEveryListSortsByAColumnAndReverses(t *testing.T) {
	cases := []struct {
		list  listID
		col   int // how many times o is pressed
		title string
		want  []string // record keys, ascending
	}{
		{listServers, 1, "NAME↑", []string{"k3", "k2", "k1"}},
		// Ties keep the API's order.
		{listServers, 2, "TYPE↑", []string{"k1", "k3", "k2"}},
		{listTweaks, 2, "TYPE↑", []string{"t1", "t2"}},
		{listDeviceIDs, 1, "DEVICE ID↑", []string{"2", "3", "1", "4"}},
		// Case does not count, ties stay in order, an empty note goes last.
		{listDeviceIDs, 2, "NOTE↑", []string{"2", "4", "1", "3"}},
		{listDeviceIDs, 3, "ACTI…↑", []string{"2", "4", "1", "3"}},
		// #9 before #10 before #100: ids by value.
		{listPasswords, 1, "ID↑", []string{"9", "10", "100"}},
		{listPasswords, 3, "TYPE↑", []string{"9", "100", "10"}},
		// A password never used has no time, and goes last.
		{listPasswords, 6, "USED↑", []string{"100", "10", "9"}},
		{listPasswords, 7, "USED BY↑", []string{"10", "100", "9"}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/%s", kindOf(c.list).noun, c.title), func(t *testing.T) {
			l := testLists()[c.list]
			tb := l.tbl()
			for range c.col {
				keys(tb, "o")
			}
			if got := shownKeys(l); !slices.Equal(got, c.want) {
				t.Fatalf("sorted %v, want %v", got, c.want)
			}
			if head := stripSGR(tb.view()); !strings.Contains(head, c.title) {
				t.Fatalf("header does not show %q:\n%s", c.title, head)
			}
			keys(tb, "O")
			rev := slices.Clone(c.want)
			slices.Reverse(rev)
			got := shownKeys(l)
			// Reversed, ties keep the API's order among themselves, so
			// compare only where the column differs.
			col := c.col - 1
			for p := 1; p < len(got); p++ {
				a, b := tb.rows[tb.index[p-1]][col], tb.rows[tb.index[p]][col]
				if compareCells(a, b) < 0 {
					t.Fatalf("reversed %v: %q before %q", got, a, b)
				}
			}
			if head := stripSGR(tb.view()); !strings.Contains(head, strings.TrimSuffix(c.title, "↑")+"↓") {
				t.Fatalf("header does not show the reversed arrow:\n%s", head)
			}
		})
	}
}

func TestSortGoesBackToTheAPIOrderAfterTheLastColumn(t *testing.T) {
	l := testLists()[listServers]
	for range len(namedColumns) + 1 {
		keys(l.tbl(), "o")
	}
	if got := shownKeys(l); !slices.Equal(got, []string{"k1", "k2", "k3"}) {
		t.Fatalf("after every column: %v, want the API's order", got)
	}
	if head := stripSGR(l.tbl().view()); strings.ContainsAny(head, "↑↓") {
		t.Fatalf("no column is sorted, yet the header shows an arrow:\n%s", head)
	}
}

func TestSortKeepsTheSelectedRowAndReloadsKeepTheOrder(t *testing.T) {
	lists := testLists()
	ids := lists[listDeviceIDs].(*listView[model.DeviceID])
	tb := ids.tbl()
	keys(tb, "j") // AAAA, id 2
	keys(tb, "o") // by device ID
	if r, _ := tb.selected(); tb.recordKeys[r] != "2" {
		t.Fatalf("after sorting the cursor is on %s, want the row it was on (2)", tb.recordKeys[r])
	}
	ids.set(append(slices.Clone(ids.items), model.DeviceID{ID: 5, DeviceID: "ABBB"}))
	if got := shownKeys(ids); !slices.Equal(got, []string{"2", "5", "3", "1", "4"}) {
		t.Fatalf("a reload shows %v, want it sorted as before", got)
	}
}

func TestReverseBeforeSortingSaysWhy(t *testing.T) {
	tb := testLists()[listServers].tbl()
	if why := tb.keys[keyReverse].reason(tb); !strings.Contains(why, "o sorts") {
		t.Fatalf("O on an unsorted list: reason %q", why)
	}
}

func TestEveryListFiltersByQualifiers(t *testing.T) {
	cases := []struct {
		list  listID
		query string
		want  []string
	}{
		{listServers, "type:ssh", []string{"k1", "k3"}},
		{listServers, "type:ssh ath", []string{"k3"}},
		{listServers, "TYPE:V2RAY", []string{"k2"}},
		{listTweaks, "type:dnstt", []string{"t1"}},
		{listDeviceIDs, "is:active", []string{"1", "3"}},
		{listDeviceIDs, "is:inactive", []string{"2", "4"}},
		{listDeviceIDs, "is:inactive office", []string{"2", "4"}},
		{listDeviceIDs, "office is:active", nil},
		{listPasswords, "is:used", []string{"10", "100"}},
		{listPasswords, "is:unused", []string{"9"}},
		{listPasswords, "type:one_time", []string{"9", "100"}},
		{listPasswords, "type:one_time is:active", []string{"100"}},
		{listPasswords, "is:active is:used type:reusable", []string{"10"}},
		// Text alone still matches the cells, qualifiers' words included.
		{listPasswords, "one_time", []string{"9", "100"}},
	}
	for _, c := range cases {
		t.Run(kindOf(c.list).noun+"/"+c.query, func(t *testing.T) {
			l := testLists()[c.list]
			typeFilter(l.tbl(), c.query)
			if got := shownKeys(l); !slices.Equal(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
				t.Fatalf("%q shows %v, want %v", c.query, got, c.want)
			}
		})
	}
}

func TestAnUnknownQualifierIsNamedWhereItWasTyped(t *testing.T) {
	l := testLists()[listDeviceIDs]
	typeFilter(l.tbl(), "is:used")
	view := stripSGR(l.tbl().view())
	if !strings.Contains(view, "“is:used” is not a filter of this list") || !strings.Contains(view, "is:active") {
		t.Fatalf("an unknown qualifier is not named:\n%s", view)
	}
	if got := l.tbl().query.String(); got != "is:used" {
		t.Fatalf("the typed filter became %q", got)
	}
}

func TestQualifiersAndSortKeepTheIncrementalFilterRight(t *testing.T) {
	l := testLists()[listPasswords]
	tb := l.tbl()
	keys(tb, "o", "o", "o", "O") // by type, reversed
	keys(tb, "/")
	// "is:act" is not yet a qualifier this list knows: nothing; the full
	// word is, and must not be searched for among the nothing before.
	for _, r := range "is:active" {
		keys(tb, string(r))
	}
	if got := shownKeys(l); !slices.Equal(got, []string{"10", "100"}) {
		t.Fatalf("is:active shows %v, want 10 then 100 (reusable first, reversed)", got)
	}
}
