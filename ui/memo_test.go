package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
)

func TestMemoKeysKeepTextsApart(t *testing.T) {
	if memoKey("k", 1, false, "ab", "c") == memoKey("k", 1, false, "a", "bc") {
		t.Fatal("two different splits of the same text share a key")
	}
	if memoKey("k", 1, false, "x") == memoKey("k", 11, false, "x") || memoKey("k", 1, true) == memoKey("k", 1, false) {
		t.Fatal("width or flag left out of the key")
	}
}

// TestMemoNeverShowsAStaleFrame walks one app through everything a
// memoised string depends on (restyle, resize, focus, tabs, counts, rate,
// help) and checks every frame, styles included, against the same app
// drawing without the memo.
func TestMemoNeverShowsAStaleFrame(t *testing.T) {
	f := newFake(t)
	f.rate = api.Rate{Limit: 60, Remaining: 58, Known: true}
	a := start(t, f, 120, 40)
	steps := []func(){
		func() {},
		func() { press(a, "enter") },
		func() { press(a, "3") },
		func() { press(a, "j") },
		func() { press(a, "2") },
		func() { a.Update(tea.WindowSizeMsg{Width: 90, Height: 30}) },
		func() { press(a, "esc") },
		func() { a.Update(tea.WindowSizeMsg{Width: 130, Height: 40}) },
		func() { f.rate.Remaining = 3; press(a, "r") },
		func() { a.Update(tea.BackgroundColorMsg{Color: lightGrey{}}) },
		func() { press(a, "tab") },
		func() { press(a, "?") },
		func() { press(a, "?") },
		func() { press(a, "/") },
	}
	for i, step := range steps {
		step()
		cached := a.View().Content
		kept := a.env.memo
		a.env.memo, a.status.memo = nil, nil
		fresh := a.View().Content
		a.env.memo, a.status.memo = kept, kept
		if cached != fresh {
			t.Fatalf("step %d: the memoised frame differs from one drawn afresh:\n%s\n---\n%s", i, stripSGR(cached), stripSGR(fresh))
		}
	}
	if len(a.env.memo.m) == 0 {
		t.Fatal("nothing was memoised: the test compared two uncached frames")
	}
}
