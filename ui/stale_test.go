package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
)

// fireHolding delivers the newest pending watch turn and holds the
// reload it sends, for the test to deliver when it wants.
func (r *watchRig) fireHolding(t *testing.T) []tea.Msg {
	t.Helper()
	for i := len(r.timer) - 1; i >= 0; i-- {
		if m, ok := r.timer[i].(watchTickMsg); ok {
			r.timer = slices.Delete(r.timer, i, i+1)
			return driveHolding(r.a, func() tea.Msg { return m }, func(replyMsg) bool { return true })
		}
	}
	t.Fatal("no watch turn is pending")
	return nil
}

// A watch reload that left before an edit form opened and answers while
// it is open tells the form when its record changed or went; a record the
// reload left as it was gets no word.
func TestAWatchReloadWarnsTheFormOnARecordThatChanged(t *testing.T) {
	cases := []struct {
		name  string
		moves []string // to the row edited
		want  string
	}{
		{"changed", nil, "Changed elsewhere since the form opened: saving shows what changed first"},
		{"gone", []string{"j"}, "Deleted elsewhere since the form opened: saving offers to save it as new"},
		{"untouched", []string{"j", "j"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, cl, key := sandbox(t)
			ctx := context.Background()
			if _, _, err := cl.AddDeviceIDs(ctx, key, api.DeviceIDCreate{IDs: []string{"BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"}, IsActive: true}); err != nil {
				t.Fatal(err)
			}
			r := &watchRig{}
			r.a = newApp(Options{Client: cl, Profile: "test", Host: "sandbox"}, cl)
			r.a.env.after = func(d time.Duration, msg tea.Msg) tea.Cmd {
				r.timer, r.every = append(r.timer, msg), append(r.every, d)
				return nil
			}
			r.a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
			drive(r.a, r.a.Init())
			press(r.a, "enter", "3", "w")

			// Another client changes the first row's note and deletes the second.
			ids, _, err := cl.ListDeviceIDs(ctx, key)
			if err != nil || len(ids) != 3 {
				t.Fatalf("device IDs %v, %v", ids, err)
			}
			ids[0].Note = "Renamed elsewhere"
			if _, _, err := cl.UpdateDeviceID(ctx, key, int64(ids[0].ID), ids[0]); err != nil {
				t.Fatal(err)
			}
			if _, err := cl.DeleteDeviceID(ctx, key, int64(ids[1].ID)); err != nil {
				t.Fatal(err)
			}

			held := r.fireHolding(t)
			if len(held) != 1 {
				t.Fatalf("the watch's turn sent %d reads, want 1", len(held))
			}
			msgs := press(r.a, append(c.moves, "e")...)
			if editing(r.a) == nil {
				s, _ := statusOf(msgs)
				t.Fatalf("e opened %T (status %q), want the edit form", r.a.overlay, s.text)
			}
			deliver(r.a, held)
			v := plainView(r.a)
			if editing(r.a) == nil {
				t.Fatalf("the reload closed the form:\n%s", v)
			}
			if c.want == "" {
				if strings.Contains(v, "since the form opened") {
					t.Fatalf("a form on a record the reload left alone is warned:\n%s", v)
				}
				return
			}
			if !strings.Contains(strings.Join(strings.Fields(v), " "), c.want) {
				t.Fatalf("the form does not say %q:\n%s", c.want, v)
			}
		})
	}
}
