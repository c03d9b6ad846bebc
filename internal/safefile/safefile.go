// Package safefile opens tweakdash's own files and directories (the state
// directory, drafts, the debug log, the settings) with the care that files
// holding what a user typed are owed: a symbolic link where one of them
// should be is refused, never followed; only regular files are used, read
// up to a size cap; and nothing is chmodded but what the user owns, reached
// without following a link.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// MakeDir makes path a private directory: created 0700 when missing (with
// its missing parents), or else a real directory, not a symbolic link, that
// the user owns, tightened to 0700 if it was wider.
func MakeDir(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	err := os.Mkdir(path, 0o700)
	if err == nil || !errors.Is(err, fs.ErrExist) {
		return err
	}
	d, err := openDir(path)
	if err != nil {
		return err
	}
	defer d.Close()
	fi, err := d.Stat()
	if err != nil {
		return err
	}
	if err := checkOwner(path, fi); err != nil {
		return err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		// Mkdir leaves an existing directory's mode alone: what is kept
		// here is the user's, so nobody else reads it. Through the
		// descriptor, which cannot be a link's target.
		return d.Chmod(0o700)
	}
	return nil
}

// CheckDir reports why path is not a directory to read the user's files
// from: a symbolic link, not a directory, or another user's. A missing
// path is fine: there is nothing in it.
func CheckDir(path string) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return symlinkError(path)
	case !fi.IsDir():
		return fmt.Errorf("%s is not a directory", path)
	}
	return checkOwner(path, fi)
}

// OpenAppend opens path, a private file, for appending: created 0600 when
// missing, or else a regular file, not a symbolic link, that the user owns,
// tightened to 0600 if it was wider.
func OpenAppend(path string) (*os.File, error) {
	// O_NONBLOCK: a FIFO put in its place must not stall the open.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o600)
	if err != nil {
		return nil, explain(path, err)
	}
	fi, err := f.Stat()
	if err == nil {
		err = checkRegular(path, fi)
	}
	if err == nil && fi.Mode().Perm()&0o077 != 0 {
		err = f.Chmod(0o600) // an older file may have been created wider
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// Read reads path, a regular file of at most max bytes, and says what it
// is (fi, from the descriptor read). It is opened as [OpenRead] opens, but
// may belong to another user.
func Read(path string, max int64) ([]byte, fs.FileInfo, error) {
	f, fi, err := openRegular(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if fi.Size() > max {
		return nil, nil, tooLarge(path, max)
	}
	// The file may grow between the stat and the read.
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, nil, err
	}
	if int64(len(data)) > max {
		return nil, nil, tooLarge(path, max)
	}
	return data, fi, nil
}

// OpenRead opens path, a regular file the user owns, for reading. It is
// opened without following a final symbolic link and without blocking, so
// that a FIFO put in its place cannot stall the caller (deaf to signals
// meanwhile) and a link to /dev/zero cannot grow memory until the process
// dies. A missing file is an error that wraps fs.ErrNotExist.
func OpenRead(path string) (*os.File, error) {
	f, fi, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	if err := checkOwner(path, fi); err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// openRegular opens path for reading as OpenRead says, and says what it is.
func openRegular(path string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, explain(path, err)
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = fmt.Errorf("%s is not a regular file", path)
	}
	if err != nil {
		_ = f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// WriteAtomic writes data to path, a private file: a 0600 temporary file
// beside it, synced, then renamed over it, so that a reader sees the old
// file or the new one, never half of one, and nobody else can read it even
// for a moment. A symbolic link at path is replaced, never followed.
func WriteAtomic(path string, data []byte) (err error) {
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
	// CreateTemp makes it 0600 already; said here in case that changes.
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

// WriteOver writes data to path as WriteAtomic does, for a path the user
// typed: an existing target must be a regular file (or a link to one,
// which is replaced). A directory, device, FIFO or socket there, or a link
// to one, is refused and left as it was: renaming over /dev/null as root
// would replace it with a file holding the data.
func WriteOver(path string, data []byte) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case fi.IsDir():
		return fmt.Errorf("%s is a directory", path)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file (%s): nothing written", path, kindOf(fi.Mode()))
	}
	return WriteAtomic(path, data)
}

// kindOf names a file that is not regular.
func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

func tooLarge(path string, max int64) error {
	return fmt.Errorf("%s is larger than %d MiB", path, max>>20)
}

// openDir opens path as a directory without following a symbolic link.
func openDir(path string) (*os.File, error) {
	d, err := os.OpenFile(path, os.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return nil, explain(path, err)
	}
	return d, nil
}

// explain words a failed open of path: the errno of O_NOFOLLOW on a link
// (ELOOP) says nothing to a user.
func explain(path string, err error) error {
	if fi, lerr := os.Lstat(path); lerr == nil {
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			return symlinkError(path)
		case errors.Is(err, syscall.ENOTDIR):
			return fmt.Errorf("%s is not a directory", path)
		case errors.Is(err, syscall.ENXIO): // a FIFO with no reader
			return fmt.Errorf("%s is not a regular file", path)
		}
	}
	return err
}

func symlinkError(path string) error {
	return fmt.Errorf("%s is a symbolic link; tweakdash does not follow links for its own files: remove it", path)
}

// checkRegular refuses what is not a regular file of the user's.
func checkRegular(path string, fi fs.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", path)
	}
	return checkOwner(path, fi)
}

// checkOwner refuses what another user owns: it may be read or swapped
// by them.
func checkOwner(path string, fi fs.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if uid := os.Getuid(); int(st.Uid) != uid {
		return fmt.Errorf("%s is owned by uid %d, not by you (uid %d)", path, st.Uid, uid)
	}
	return nil
}
