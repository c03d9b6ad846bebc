package drafts

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"tweakdash/internal/safefile"
	"tweakdash/internal/settings"
	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

// maxDraftSize bounds what is read of a draft: a form's values, a batch of
// device IDs at most, are far smaller.
const maxDraftSize = 4 << 20

// Store is the drafts directory: one JSON file per draft, the directory
// 0700 and each file 0600, written atomically. Dir is inside the state
// directory; neither may be a symbolic link or another user's (a link to a
// world-writable directory would hand what the user typed to others).
type Store struct{ Dir string }

// Save writes d to path, or to a new file when path is "", and returns
// the path written.
func (s Store) Save(path, profile string, d model.Draft) (string, error) {
	for _, dir := range s.dirs() {
		if err := safefile.MakeDir(dir); err != nil {
			return "", fmt.Errorf("draft not saved: %w", err)
		}
	}
	if path == "" {
		path = filepath.Join(s.Dir, "draft-"+strconv.FormatInt(time.Now().UnixNano(), 10)+".json")
	}
	data, err := json.MarshalIndent(Saved{Profile: profile, SavedAt: time.Now().UTC(), Draft: d}, "", "  ")
	if err != nil {
		return "", fmt.Errorf("draft not saved: %w", err)
	}
	if err := safefile.WriteAtomic(path, data); err != nil {
		return "", fmt.Errorf("draft not saved: %w", err)
	}
	return path, nil
}

// List reads the drafts of profile, newest first. A file that is not a
// draft is skipped with a notice naming it, never a failure.
func (s Store) List(profile string) (drafts []Saved, notices []string) {
	for _, dir := range s.dirs() {
		if err := safefile.CheckDir(dir); err != nil {
			return nil, []string{"drafts not read: " + termsafe.OneLine(err.Error())}
		}
	}
	names, err := filepath.Glob(filepath.Join(s.Dir, "*.json"))
	if err != nil {
		return nil, nil
	}
	for _, p := range names {
		data, _, err := safefile.Read(p, maxDraftSize)
		if err != nil {
			notices = append(notices, "draft skipped: "+termsafe.OneLine(err.Error()))
			continue
		}
		var d Saved
		if err := json.Unmarshal(data, &d); err != nil || d.Resource == "" || d.ConfigKey == "" {
			notices = append(notices, "draft "+settings.Tilde(p)+" is damaged and was ignored (delete it)")
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

// dirs are the state directory and the drafts directory in it.
func (s Store) dirs() []string { return []string{filepath.Dir(s.Dir), s.Dir} }

// Remove deletes a draft; one already gone is not an error.
func (s Store) Remove(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
