package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"tweakdash/ui"
	"tweakdash/ui/termsafe"
)

// storedDraft is one draft file: the open form's values (no secrets; see
// ui.Draft) and which profile it belongs to, so that a draft made against
// one account is never offered against another.
type storedDraft struct {
	Profile string    `json:"profile"`
	SavedAt time.Time `json:"saved_at"`
	ui.Draft

	path string // where it was read from
}

// draftStore is the drafts directory: one JSON file per draft, the
// directory 0700 and each file 0600, written atomically.
type draftStore struct{ dir string }

func defaultDraftStore() draftStore { return draftStore{dir: filepath.Join(stateDir(), "drafts")} }

// save writes d to path, or to a new file when path is "", and returns
// the path written.
func (s draftStore) save(path, profile string, d ui.Draft) (string, error) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return "", fmt.Errorf("draft not saved: %w", err)
	}
	// MkdirAll leaves an existing directory's mode alone: drafts hold what
	// the user typed, so nobody else reads them.
	if err := os.Chmod(s.dir, 0o700); err != nil {
		return "", fmt.Errorf("draft not saved: %w", err)
	}
	if path == "" {
		path = filepath.Join(s.dir, "draft-"+strconv.FormatInt(time.Now().UnixNano(), 10)+".json")
	}
	data, err := json.MarshalIndent(storedDraft{Profile: profile, SavedAt: time.Now().UTC(), Draft: d}, "", "  ")
	if err != nil {
		return "", fmt.Errorf("draft not saved: %w", err)
	}
	if err := writePrivateFile(path, data); err != nil {
		return "", fmt.Errorf("draft not saved: %w", err)
	}
	return path, nil
}

// list reads the drafts of profile, newest first. A file that is not a
// draft is skipped with a notice naming it, never a failure.
func (s draftStore) list(profile string) (drafts []storedDraft, notices []string) {
	names, err := filepath.Glob(filepath.Join(s.dir, "*.json"))
	if err != nil {
		return nil, nil
	}
	for _, p := range names {
		data, err := os.ReadFile(p)
		if err != nil {
			notices = append(notices, "draft "+tildePath(p)+" unreadable: "+oneLine(err))
			continue
		}
		var d storedDraft
		if err := json.Unmarshal(data, &d); err != nil || d.Resource == "" || d.ConfigKey == "" {
			notices = append(notices, "draft "+tildePath(p)+" is damaged and was ignored (delete it)")
			continue
		}
		if d.Profile != profile {
			continue
		}
		d.path = p
		drafts = append(drafts, d)
	}
	sort.SliceStable(drafts, func(i, j int) bool { return drafts[i].SavedAt.After(drafts[j].SavedAt) })
	return drafts, notices
}

// remove deletes a draft; one already gone is not an error.
func (s draftStore) remove(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// question is the one-line offer made at start.
func (d storedDraft) question() string {
	what := "your unsaved " + d.Noun()
	if n := strings.TrimSpace(d.Name()); n != "" {
		what += " '" + n + "'"
	}
	return termsafe.Line("Restore " + what + " in config " + d.ConfigName + "?")
}

// writePrivateFile writes data to a 0600 temporary file beside path, syncs
// it and renames it over path, so that a reader sees the old file or the
// new one, never half of one.
func writePrivateFile(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// draftSession ties one run's dashboard to the store: it saves the open
// form when the program dies (from the signal goroutine or after a
// recovered panic) and removes the restored draft once it is done with.
type draftSession struct {
	store   draftStore
	profile string

	mu   sync.Mutex
	app  *ui.App
	path string // the file this run's draft goes to ("" until saved or restored)
}

// watch is the dashboard whose form is saved; path is the draft it
// restored, if any, so that a second save replaces it.
func (s *draftSession) watch(app *ui.App, path string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.app, s.path = app, path
	s.mu.Unlock()
}

// save writes the open form's draft, if a form is open and changed. It
// returns a line for stderr, or "" when there was nothing to save.
func (s *draftSession) save() string {
	if s == nil {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.app == nil {
		return ""
	}
	d, ok := s.app.Draft()
	if !ok || !d.Dirty {
		return ""
	}
	p, err := s.store.save(s.path, s.profile, d)
	if err != nil {
		return oneLine(err)
	}
	s.path = p
	return "your " + d.Noun() + " was saved as a draft: " + tildePath(p)
}

// done removes the restored draft: its form was saved or discarded.
func (s *draftSession) done() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path != "" {
		_ = s.store.remove(s.path)
		s.path = ""
	}
}
