package ui

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/snapshot"
	"tweakdash/internal/termsafe"
)

// Cache keeps what the dashboard sees for the next start, and gives back
// what an earlier run saw of a config: package snapshot's *Store. The
// dashboard calls it from commands only, never from Update or View, so
// that no disk access holds up a key.
type Cache interface {
	Lists(configKey string) (snapshot.Lists, error)
	SaveList(snapshot.List) error
	SaveLists(configKey string, l snapshot.Lists) error
}

// cache is the dashboard's side of the snapshot (Options.Cache; a nil
// *cache keeps and reads nothing): what
// loads is kept, in a command, after each successful load; what an
// earlier run saw of a config is read, in a command, when the config
// opens. Everything it hands to a command is a copy of the whitelisted
// columns (package snapshot), made before the command runs.
type cache struct {
	store Cache // nil: no snapshot
	now   func() time.Time
	// warned: a save failed and the status line said so; the next
	// failures are quiet.
	warned *atomic.Bool
	saves  *saves
}

func newCache(store Cache) *cache {
	return &cache{store: store, now: time.Now, warned: new(atomic.Bool), saves: &saves{waiting: map[int]func() error{}}}
}

// saveList keeps the config list as loaded.
func (c *cache) saveList(l *api.ConfigList) tea.Cmd {
	if c == nil || c.store == nil || l == nil {
		return nil
	}
	snap := snapshot.FromConfigList(l)
	return c.saving(func() error { return c.store.SaveList(snap) })
}

// saveLists keeps a config's list as loaded: body is the reply to a list
// request (resources, device IDs or passwords); full records, which hold
// secrets, are not lists and are never given here.
func (c *cache) saveLists(configKey string, body any) tea.Cmd {
	if c == nil || c.store == nil {
		return nil
	}
	var l snapshot.Lists
	if b, ok := body.(*api.Resources); ok {
		l.Resources = snapshot.FromResources(b)
	} else if !keptList(body, &l) {
		return nil
	}
	return c.saving(func() error { return c.store.SaveLists(configKey, l) })
}

// keptList puts an Access list's read into l; false for anything else.
func keptList(body any, l *snapshot.Lists) bool {
	for i := range kinds {
		if kinds[i].recs.keep(body, l) {
			return true
		}
	}
	return false
}

// clock is the time the header's age is counted to.
func (c *cache) clock() time.Time {
	if c == nil {
		return time.Now()
	}
	return c.now()
}

// saving runs save in a command; the first failure is said once.
func (c *cache) saving(save func() error) tea.Cmd {
	warned, saves := c.warned, c.saves
	id := saves.add(save)
	return func() tea.Msg {
		save := saves.take(id)
		if save == nil { // done at exit already
			return nil
		}
		defer saves.running.Done()
		if err := save(); err != nil && warned.CompareAndSwap(false, true) {
			return statusMsg{kind: statusWarn, text: "Snapshot for the next start not kept: " + termsafe.OneLine(err.Error())}
		}
		return nil
	}
}

// read asks for what an earlier run saw of a config; the answer comes in
// the envelope of the config's replies, with id, its body a
// snapshot.Lists (empty when there is none). A snapshot that cannot be
// read is ignored, with a notice.
func (c *cache) read(ctx context.Context, configKey string, id int) tea.Cmd {
	if c == nil || c.store == nil {
		return nil
	}
	store := c.store
	return func() tea.Msg {
		l, err := store.Lists(configKey)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return statusMsg{kind: statusWarn, text: "Snapshot of this config ignored: " + termsafe.OneLine(err.Error())}
		}
		return replyMsg{config: configKey, id: id, body: l}
	}
}

// staleLists is which of a config view's lists show rows from the
// snapshot, painted while their fresh replies travel, and since when. A
// list whose fresh reply has come is never painted from the snapshot
// again.
type staleLists struct {
	read  int                    // the id of the snapshot read; 0 before it is sent
	since [numRequests]time.Time // zero: the rows are not from the snapshot
	fresh [numRequests]bool
}

// shows reports whether list request q's rows are from the snapshot.
func (s *staleLists) shows(q request) bool { return !s.since[q].IsZero() }

// gotFresh records that q's fresh reply came: its rows are the server's.
func (s *staleLists) gotFresh(q request) {
	s.since[q], s.fresh[q] = time.Time{}, true
}

// paintable reports whether q may be painted from the snapshot now.
func (s *staleLists) paintable(q request) bool { return !s.fresh[q] }

// cachedMark is the header's mark for rows painted from the snapshot
// saved at since: "cached 3m ago".
func cachedMark(since, now time.Time) string {
	return "cached " + ago(now.Sub(since))
}

// ago is a rough age: "just now", "12s ago", "3m ago", "5h ago", "2d ago".
func ago(d time.Duration) string {
	switch {
	case d < 2*time.Second:
		return "just now"
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s ago"
	case d < time.Hour:
		return strconv.Itoa(min(int((d+30*time.Second)/time.Minute), 59)) + "m ago"
	case d < 48*time.Hour:
		return strconv.Itoa(min(int((d+30*time.Minute)/time.Hour), 47)) + "h ago"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + "d ago"
}

// staleWhy is why a key cannot act on rows painted from the snapshot.
func staleWhy(ld load) string {
	if ld.state == failed {
		return "cached: the fresh list did not load (r to retry)"
	}
	return "cached: waiting for the fresh list"
}

// saves are the snapshot writes handed to commands. A program that ends
// (q right after the list came) does not run the commands it had left, so
// flush does those at exit, after the ones running: the next start paints
// what this one saw.
type saves struct {
	mu      sync.Mutex
	next    int
	waiting map[int]func() error
	running sync.WaitGroup
}

func (s *saves) add(save func() error) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	s.waiting[s.next] = save
	return s.next
}

// take hands a command its save, counted as running; nil when flush took
// it first.
func (s *saves) take(id int) func() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	save := s.waiting[id]
	if save != nil {
		delete(s.waiting, id)
		s.running.Add(1)
	}
	return save
}

// flush waits for the saves running, then does those no command took, in
// the order they were made (a later save of the same list wins).
func (s *saves) flush() {
	s.mu.Lock()
	ids := slices.Sorted(maps.Keys(s.waiting))
	left := make([]func() error, len(ids))
	for i, id := range ids {
		left[i] = s.waiting[id]
	}
	clear(s.waiting)
	s.mu.Unlock()
	s.running.Wait()
	for _, save := range left {
		_ = save() // nobody to tell: the program has ended
	}
}
