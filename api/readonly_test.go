package api

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"tweakdash/model"
)

// A read-only client refuses every write method before sending anything,
// whichever copy of it is used, tells its observers, and still reads.
func TestReadOnlyRefusesEveryWriteBeforeSending(t *testing.T) {
	h := serve(t, []reply{jsonReply(200, `{"success":true,"configurations":[]}`)})
	var mu sync.Mutex
	var seen []RequestLog
	ro := h.c.ReadOnly()
	// Copies made from the read-only client stay read-only.
	for _, c := range []*Client{ro, ro.WithKey("other"), ro.Observe(func(l RequestLog) { mu.Lock(); seen = append(seen, l); mu.Unlock() })} {
		ctx := context.Background()
		writes := map[string]func() error{
			"SyncConfig":      func() error { _, _, err := c.SyncConfig(ctx, SyncRequest{ConfigUniqueKey: "k"}); return err },
			"CreateServer":    func() error { _, _, err := c.CreateServer(ctx, "k", model.Server{Name: "x"}); return err },
			"UpdateServer":    func() error { _, _, err := c.UpdateServer(ctx, "k", "s", model.Server{Name: "x"}); return err },
			"DeleteServer":    func() error { _, _, err := c.DeleteServer(ctx, "k", "s"); return err },
			"CreateTweak":     func() error { _, _, err := c.CreateTweak(ctx, "k", model.Tweak{Name: "x"}); return err },
			"UpdateTweak":     func() error { _, _, err := c.UpdateTweak(ctx, "k", "t", model.Tweak{Name: "x"}); return err },
			"DeleteTweak":     func() error { _, _, err := c.DeleteTweak(ctx, "k", "t"); return err },
			"CreateDeviceIDs": func() error { _, _, err := c.CreateDeviceIDs(ctx, "k", DeviceIDCreate{IDs: []string{"a"}}); return err },
			"UpdateDeviceID":  func() error { _, _, err := c.UpdateDeviceID(ctx, "k", 1, model.DeviceID{}); return err },
			"DeleteDeviceID":  func() error { _, err := c.DeleteDeviceID(ctx, "k", 1); return err },
			"CreatePasswords": func() error { _, _, err := c.CreatePasswords(ctx, "k", PasswordCreate{Password: "p"}); return err },
			"UpdatePassword":  func() error { _, _, err := c.UpdatePassword(ctx, "k", 1, model.Password{}); return err },
			"DeletePassword":  func() error { _, err := c.DeletePassword(ctx, "k", 1); return err },
		}
		for name, write := range writes {
			err := write()
			if !errors.Is(err, ErrReadOnly) {
				t.Errorf("%s on a read-only client: %v, want ErrReadOnly", name, err)
			}
			if e := asError(t, err); e.Status != 0 || e.Message == "" {
				t.Errorf("%s: error %+v", name, e)
			}
		}
		if _, _, err := c.ListConfigs(ctx); err != nil {
			t.Errorf("a read on a read-only client: %v", err)
		}
	}
	for _, r := range h.rec.requests() {
		if r.Method != http.MethodGet {
			t.Errorf("the server received %s %s from a read-only client", r.Method, r.Path)
		}
	}
	if n := len(h.rec.requests()); n != 3 {
		t.Errorf("the server received %d requests, want the 3 reads", n)
	}
	mu.Lock()
	defer mu.Unlock()
	refused := 0
	for _, l := range seen {
		if errors.Is(l.Err, ErrReadOnly) && l.Status == 0 {
			refused++
		}
	}
	if refused != 13 {
		t.Errorf("the observer saw %d refused writes, want 13: %+v", refused, seen)
	}
	if _, _, err := h.c.CreateServer(context.Background(), "k", model.Server{Name: "x"}); errors.Is(err, ErrReadOnly) {
		t.Error("ReadOnly changed the client it was called on")
	}
}
