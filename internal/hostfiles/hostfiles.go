// Package hostfiles is the local dashboard's access to its user's files
// for export and import (ui.HostFiles): writes through safefile.WriteOver,
// reads through safefile.Read, and path completion that reads one
// directory, a bounded number of entries, never a pattern's matches. A
// served session has none of it.
package hostfiles

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"tweakdash/internal/safefile"
	"tweakdash/internal/syncplan"
)

// MaxEntries bounds how many entries of a directory completion reads: a
// directory of millions completes from the first of them, in
// milliseconds, instead of costing seconds and memory.
const MaxEntries = 4096

// Files is the local user's files. The zero value is ready to use.
type Files struct{}

// WriteExport writes data to path, 0600 and atomically, over nothing but
// a regular file: a FIFO, socket or device there is refused and left as it
// was.
func (Files) WriteExport(path string, data []byte) error {
	return safefile.WriteOver(path, data)
}

// ReadImport reads the sync file at path: a regular file of at most
// syncplan.MaxFileSize, opened without following a symbolic link and
// without blocking, so that a FIFO cannot hang the dashboard.
func (Files) ReadImport(path string) ([]byte, error) {
	// Said first in the words of an import (safefile's are of its own
	// files); the open below refuses a link all the same.
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s is a symbolic link: give the path of the file itself", path)
	}
	data, _, err := safefile.Read(path, syncplan.MaxFileSize)
	return data, err
}

// Complete extends path as far as the names in its directory that start
// with its last element share; a lone match that is a directory gets its
// separator. Nothing matching, or a directory that cannot be read, leaves
// path as it is. Only the first MaxEntries entries are looked at, and
// the typed text is a prefix, never a pattern.
func (Files) Complete(path string) string {
	dir, base := filepath.Split(path)
	readFrom := dir
	if readFrom == "" {
		readFrom = "."
	}
	// O_DIRECTORY|O_NONBLOCK: a FIFO named like a directory cannot stall.
	d, err := os.OpenFile(readFrom, os.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return path
	}
	defer d.Close()
	entries, err := d.ReadDir(MaxEntries)
	if err != nil && !errors.Is(err, io.EOF) {
		return path
	}
	var common string
	var lone os.DirEntry
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, base) || base == "" && strings.HasPrefix(name, ".") {
			continue
		}
		if n == 0 {
			common, lone = name, e
		} else {
			common = sharedPrefix(common, name)
		}
		n++
	}
	switch {
	case n == 0:
		return path
	case n == 1 && isDir(readFrom, lone):
		return dir + common + string(filepath.Separator)
	}
	return dir + common
}

// isDir reports whether e, in dir, is a directory or a link to one.
func isDir(dir string, e os.DirEntry) bool {
	if e.IsDir() {
		return true
	}
	if e.Type()&os.ModeSymlink == 0 {
		return false
	}
	fi, err := os.Stat(filepath.Join(dir, e.Name()))
	return err == nil && fi.IsDir()
}

// sharedPrefix is the longest prefix of a and b, cut at a whole rune.
func sharedPrefix(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	for i > 0 && i < len(a) && !isRuneStart(a[i]) {
		i--
	}
	return a[:i]
}

func isRuneStart(b byte) bool { return b&0xc0 != 0x80 }
