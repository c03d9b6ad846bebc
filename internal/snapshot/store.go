package snapshot

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"tweakdash/internal/safefile"
)

// format is the files' layout version: a file of another one was written
// by another version of tweakdash and is passed over without a word.
const format = 1

// Size bounds: what is read of a file, and the most that is written. A
// config list is a few KB; a config with 10,000 device IDs about 1.5 MB.
const (
	maxListFile   = 4 << 20
	maxConfigFile = 32 << 20
)

// ErrForeign says a file holds what another profile or base URL saw (a
// file copied or renamed by hand): it is not used.
var ErrForeign = errors.New("holds another profile's or host's snapshot")

// Store is the snapshot of one profile and base URL in Dir: the config
// list in one file and each config's lists in one file each, named by
// hashes (a config's key comes from the server and never becomes a path).
// It is safe for concurrent use: the dashboard saves from its commands.
type Store struct {
	dir              string
	profile, baseURL string
	stem             string // the account's file names start with it
	now              func() time.Time

	mu   sync.Mutex
	seen map[string]Lists // each config's lists as last saved or read
}

// New returns the store of profile and baseURL in dir (for the dashboard,
// settings.CacheDir()). Nothing is read or created until it is used.
func New(dir, profile, baseURL string) *Store {
	return &Store{dir: dir, profile: profile, baseURL: baseURL, stem: hash(profile + "\n" + baseURL),
		now: time.Now, seen: map[string]Lists{}}
}

// file is what one file holds: whose snapshot it is, and either the config
// list or one config's lists.
type file struct {
	Format  int    `json:"format"`
	Profile string `json:"profile"`
	BaseURL string `json:"base_url"`
	Config  string `json:"config,omitempty"` // the config's unique key; "" in the list's file
	List    *List  `json:"list,omitempty"`
	Lists   *Lists `json:"lists,omitempty"`
}

// List reads the config list as last saved; nil, with no error, when there
// is none (or it was written by another version). A file that cannot be
// used is an error that says why, for a notice.
func (s *Store) List() (*List, error) {
	f, err := s.read(s.listPath(), maxListFile, "")
	if f == nil || err != nil {
		return nil, err
	}
	if f.List == nil {
		return nil, fmt.Errorf("%s holds no config list", filepath.Base(s.listPath()))
	}
	return f.List, nil
}

// Lists reads what was last saved of the config with key; empty when
// nothing was.
func (s *Store) Lists(key string) (Lists, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := s.seen[key]; ok {
		return l, nil
	}
	f, err := s.read(s.configPath(key), maxConfigFile, key)
	if f == nil || f.Lists == nil || err != nil {
		return Lists{}, err
	}
	s.seen[key] = *f.Lists
	return *f.Lists, nil
}

// SaveList keeps l as the config list, stamped now, and forgets the
// configs that are no longer in it.
func (s *Store) SaveList(l List) error {
	l.SavedAt = s.now().UTC()
	if err := s.write(s.listPath(), file{List: &l}, maxListFile); err != nil {
		return err
	}
	return s.prune(l.Configs)
}

// SaveLists keeps the lists of l that are set (the others stay as they
// were saved before), stamped now, as what was seen of the config with
// key.
func (s *Store) SaveLists(key string, l Lists) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.seen[key]
	if !ok {
		// What an earlier run saved of the other lists is kept; a file
		// that cannot be read is replaced.
		if f, err := s.read(s.configPath(key), maxConfigFile, key); err == nil && f != nil && f.Lists != nil {
			cur = *f.Lists
		}
	}
	now := s.now().UTC()
	if l.Resources != nil {
		r := *l.Resources
		r.SavedAt = now
		cur.Resources = &r
	}
	if l.DeviceIDs != nil {
		d := *l.DeviceIDs
		d.SavedAt = now
		cur.DeviceIDs = &d
	}
	if l.Passwords != nil {
		p := *l.Passwords
		p.SavedAt = now
		cur.Passwords = &p
	}
	if err := s.write(s.configPath(key), file{Config: key, Lists: &cur}, maxConfigFile); err != nil {
		return err
	}
	s.seen[key] = cur
	return nil
}

// read reads and checks the file at path, which should hold config's lists
// (or, with config "", the list). A missing file, or one of another
// format, is nil with no error. A file's problem names the file, not its
// directory (the status line has little room; --help names the cache).
func (s *Store) read(path string, max int64, config string) (*file, error) {
	if err := safefile.CheckDir(s.dir); err != nil {
		return nil, err
	}
	data, _, err := safefile.Read(path, max)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s is damaged", filepath.Base(path))
	}
	switch {
	case f.Format != format:
		return nil, nil
	case f.Profile != s.profile || f.BaseURL != s.baseURL || f.Config != config:
		return nil, fmt.Errorf("%s %w", filepath.Base(path), ErrForeign)
	}
	return &f, nil
}

// write saves f as this store's, in the private directory.
func (s *Store) write(path string, f file, max int64) error {
	f.Format, f.Profile, f.BaseURL = format, s.profile, s.baseURL
	data, err := json.Marshal(f)
	if err != nil {
		return err
	}
	if int64(len(data)) > max {
		return fmt.Errorf("snapshot of %d MiB not kept: larger than %d MiB", len(data)>>20, max>>20)
	}
	if err := safefile.MakeDir(s.dir); err != nil {
		return err
	}
	return safefile.WriteAtomic(path, data)
}

// prune removes the files of configs that are not in the list any more.
func (s *Store) prune(configs []Config) error {
	keep := make(map[string]bool, len(configs))
	for _, c := range configs {
		keep[filepath.Base(s.configPath(c.UniqueKey))] = true
	}
	paths, err := filepath.Glob(filepath.Join(s.dir, s.stem+"-*.json"))
	if err != nil {
		return err
	}
	var errs []error
	for _, p := range paths {
		if !keep[filepath.Base(p)] {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	s.mu.Lock()
	for key := range s.seen {
		if !keep[filepath.Base(s.configPath(key))] {
			delete(s.seen, key)
		}
	}
	s.mu.Unlock()
	return errors.Join(errs...)
}

func (s *Store) listPath() string { return filepath.Join(s.dir, s.stem+".json") }

func (s *Store) configPath(key string) string {
	return filepath.Join(s.dir, s.stem+"-"+hash(key)+".json")
}

// hash names a file after s without putting s in the name.
func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}
