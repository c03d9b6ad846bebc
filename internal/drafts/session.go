package drafts

import (
	"sync"

	"tweakdash/internal/settings"
	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

// Source hands out the open form's values (the dashboard does): false
// when no form is open. It is called from the goroutine that saves, so it
// must be safe to call from any.
type Source interface {
	Draft() (model.Draft, bool)
}

// Session ties one run's dashboards to the store: it saves the open form
// when the program dies (from the signal goroutine or after a recovered
// panic) and removes the restored draft once it is done with. A nil
// *Session saves nothing (tests that run the UI alone).
type Session struct {
	store Store

	mu      sync.Mutex
	profile string
	src     Source
	path    string // the file this run's draft goes to ("" until saved or restored)
}

// NewSession returns a session that saves into store.
func NewSession(store Store) *Session { return &Session{store: store} }

// Pending lists the drafts of profile left by an earlier run, newest
// first, for the caller to ask about (the command layer and tweakdash
// serve each ask in their own program); drafts saved from now on belong
// to profile. Discard deletes one the user declined.
func (s *Session) Pending(profile string) ([]Saved, []string) {
	if s == nil {
		return nil, nil
	}
	s.mu.Lock()
	s.profile = profile
	s.mu.Unlock()
	return s.store.List(profile)
}

// Discard deletes d, a draft from Pending that the user declined.
func (s *Session) Discard(d Saved) error {
	if s == nil {
		return nil
	}
	return s.store.Remove(d.path)
}

// Watch is the dashboard whose form is saved; restored is the draft it
// restored, if any (nil otherwise), so that a second save replaces it.
func (s *Session) Watch(src Source, restored *Saved) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.src, s.path = src, ""
	if restored != nil {
		s.path = restored.path
	}
}

// Save writes the open form's draft, if a form is open and changed. It
// returns a line for stderr, or "" when there was nothing to save.
func (s *Session) Save() string {
	if s == nil {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.src == nil {
		return ""
	}
	d, ok := s.src.Draft()
	if !ok || !d.Dirty {
		return ""
	}
	p, err := s.store.Save(s.path, s.profile, d)
	if err != nil {
		return termsafe.OneLine(err.Error())
	}
	s.path = p
	return "your " + d.Noun() + " was saved as a draft: " + settings.Tilde(p)
}

// Done removes the restored draft: its form was saved or discarded.
func (s *Session) Done() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path != "" {
		_ = s.store.Remove(s.path)
		s.path = ""
	}
}
