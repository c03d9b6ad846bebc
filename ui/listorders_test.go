package ui

import (
	"maps"
	"strings"
	"testing"

	"tweakdash/internal/liststate"
)

// savedOrders is an OrderStore that keeps what it was given last.
type savedOrders struct {
	last  map[string]liststate.Order
	saves int
}

func (s *savedOrders) Save(o map[string]liststate.Order) error {
	s.last, s.saves = maps.Clone(o), s.saves+1
	return nil
}

// inOrder reports whether the view shows each of texts below the one
// before.
func inOrder(view string, texts ...string) bool {
	at := -1
	for _, s := range texts {
		i := strings.Index(view, s)
		if i < at {
			return false
		}
		at = i
	}
	return true
}

func TestASortIsKeptAndTheNextStartOpensSorted(t *testing.T) {
	store := &savedOrders{}
	a := start(t, newFake(t), 120, 40, func(o *Options) { o.OrderStore = store })
	press(a, "enter", "3", "o", "o", "O") // device IDs by note, reversed
	// 33 has no note, 32 is Juan, 31 Batch import.
	v := plainView(a)
	if !inOrder(v, "0123456789ABCDEF", "BBBBBBBB", "AAAAAAAA") || !strings.Contains(v, "NOTE↓") {
		t.Fatalf("device IDs are not sorted by note, reversed:\n%s", v)
	}
	want := liststate.Order{Column: "NOTE", Desc: true}
	if got := store.last["device_id"]; got != want || store.saves != 3 {
		t.Fatalf("kept %+v after %d saves, want %+v after 3", store.last, store.saves, want)
	}

	b := start(t, newFake(t), 120, 40, func(o *Options) { o.ListOrders = store.last })
	press(b, "enter", "3")
	v = plainView(b)
	if !inOrder(v, "0123456789ABCDEF", "BBBBBBBB", "AAAAAAAA") || !strings.Contains(v, "NOTE↓") {
		t.Fatalf("the next start does not open device IDs as they were left:\n%s", v)
	}
}

func TestReverseOnAnUnsortedListSaysWhyInTheStatusBar(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	press(a, "enter", "O")
	if v := plainView(a); !strings.Contains(v, "o sorts by a column first") {
		t.Fatalf("O on an unsorted list says nothing:\n%s", v)
	}
}

func TestHelpNamesTheSortKeys(t *testing.T) {
	a := start(t, newFake(t), 120, 40)
	press(a, "enter", "o", "?") // reversing needs a sorted list
	v := plainView(a)
	for _, want := range []string{"sort by column", "reverse sort"} {
		if !strings.Contains(v, want) {
			t.Fatalf("help lacks %q:\n%s", want, v)
		}
	}
}
