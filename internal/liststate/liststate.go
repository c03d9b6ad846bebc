// Package liststate keeps how the user left each list (the column it is
// sorted by, and which way) for the next start, in one small private
// file in the state directory. Nothing in it comes from the server.
package liststate

import (
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"sync"

	"tweakdash/internal/safefile"
)

// maxSize bounds the file read at start: a handful of lists is a few
// hundred bytes, so anything larger is not ours.
const maxSize = 64 << 10

// Order is how one list is sorted: by the column titled Column (none:
// the API's order), reversed when Desc.
type Order struct {
	Column string `json:"column"`
	Desc   bool   `json:"desc,omitempty"`
}

// Store is the file at Path. Saves may come from several commands at
// once; they are made one at a time.
type Store struct {
	Path string
	mu   sync.Mutex
}

// Load reads the orders kept by name of list; a missing file is none.
func (s *Store) Load() (map[string]Order, error) {
	data, _, err := safefile.Read(s.Path, maxSize)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]Order{}, nil
	}
	if err != nil {
		return map[string]Order{}, err
	}
	out := map[string]Order{}
	if err := json.Unmarshal(data, &out); err != nil {
		return map[string]Order{}, errors.New(s.Path + ": not a list state file: " + err.Error())
	}
	return out, nil
}

// Save keeps orders, private (0600) and atomically.
func (s *Store) Save(orders map[string]Order) error {
	data, err := json.MarshalIndent(orders, "", "  ")
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := safefile.MakeDir(filepath.Dir(s.Path)); err != nil {
		return err
	}
	return safefile.WriteAtomic(s.Path, append(data, '\n'))
}
