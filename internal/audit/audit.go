// Package audit keeps the log of writes on disk: one JSON line per write
// the dashboard sent (when, which profile and host, the method and path,
// what the server answered, and the names of the fields it set), kept
// across sessions in $XDG_STATE_HOME/tweakdash/audit.jsonl so that the
// journal can show earlier runs' writes.
//
// The log holds no value, only field names: a password, a private key or
// the API key never reaches it because an [Entry] has no place for one.
//
// The file is private (0600 in a 0700 directory) and opened through
// package safefile: a symbolic link or another user's file in its place is
// refused, never followed. Every string is cleaned of control characters
// on the way in and again on the way out, since the file may have been
// edited by hand and what it says is later drawn in a terminal.
//
// Rotation: when Append finds the file larger than [rotateAt] (8 MiB), it
// renames it to audit.jsonl.1, replacing an older .1, and starts a new
// file, so that the log never holds more than about twice that.
package audit

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"tweakdash/internal/safefile"
	"tweakdash/internal/termsafe"
)

// rotateAt is the size past which Append moves the file aside to .1
// before writing. A variable only so that a test can lower it.
var rotateAt int64 = 8 << 20

// readCap is how much of the end of a file Recent reads at most.
const readCap = 1 << 20

// Entry is one write as the log keeps it: never a value, only field names.
type Entry struct {
	Time    time.Time `json:"time"`
	Session string    `json:"session"` // which run of the dashboard wrote it
	Profile string    `json:"profile"`
	Host    string    `json:"host"`
	Method  string    `json:"method"`
	Path    string    `json:"path"`
	Result  string    `json:"result"`           // "ok", "error 422", "error: timed out"...
	Fields  []string  `json:"fields,omitempty"` // names of the fields the write set or changed
	What    string    `json:"what,omitempty"`   // one line for people: "delete server “Paris”"
}

// Log is the audit log file. The zero value and a nil *Log log nothing:
// Append returns nil and Recent returns nil, nil.
type Log struct {
	path string
	mu   sync.Mutex // one Append at a time in this process
}

// Open returns the log kept at path. Nothing is read or created until the
// log is used.
func Open(path string) *Log { return &Log{path: path} }

// NewSession returns a short random id (8 hex digits) naming one run of
// the dashboard, so that the journal can tell this run's entries from
// earlier ones.
func NewSession() string {
	var b [4]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand since Go 1.24)
	return hex.EncodeToString(b[:])
}

// Path is the file the log is kept in ("" for the zero Log).
func (l *Log) Path() string {
	if l == nil {
		return ""
	}
	return l.path
}

// Append adds e to the log as one line. A zero Time is now. The directory
// is created 0700 and the file 0600 when missing; a symbolic link, a
// non-regular file or another user's file in the way is an error, and
// nothing is written. It is safe for concurrent use, and from several
// processes at once: the whole line goes out in one write to a file opened
// with O_APPEND, so lines never interleave.
//
// When the file is already larger than 8 MiB it is first renamed to .1
// (see the package comment); if that fails, the error is returned and the
// entry is not written.
func (l *Log) Append(e Entry) error {
	if l == nil || l.path == "" {
		return nil
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	line, err := encode(clean(e))
	if err != nil {
		return err
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	if err := safefile.MakeDir(filepath.Dir(l.path)); err != nil {
		return err
	}
	f, err := safefile.OpenAppend(l.path)
	if err != nil {
		return err
	}
	fi, err := f.Stat()
	if err == nil && fi.Size() > rotateAt {
		f, err = rotate(l.path, f, fi)
		if err == nil {
			fi, err = f.Stat()
		}
	}
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		return err
	}
	if fi.Size() > 0 && !endsLine(l.path, fi.Size()) {
		// Cut short by hand or by a full disk: the entry starts its own
		// line, or it would be lost in the one before.
		line = append([]byte{'\n'}, line...)
	}
	if _, err := f.Write(line); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// rotate moves the full file f (at path, described by fi) to path.1 and
// returns the new file at path, opened for appending; f is closed. Another
// process may be rotating at the same moment: an exclusive lock on the old
// file makes them take turns, and a process that finds path no longer
// naming the file it holds knows the move was done and only reopens.
func rotate(path string, f *os.File, fi fs.FileInfo) (*os.File, error) {
	defer f.Close() // also drops the lock
	if err := flock(f); err != nil {
		return nil, err
	}
	if cur, err := os.Lstat(path); err == nil && os.SameFile(cur, fi) {
		if err := os.Rename(path, path+".1"); err != nil {
			return nil, fmt.Errorf("rotate the audit log: %w", err)
		}
	}
	return safefile.OpenAppend(path)
}

// flock takes an exclusive advisory lock on f, waiting for it.
func flock(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var lerr error
	err = rc.Control(func(fd uintptr) {
		for {
			lerr = syscall.Flock(int(fd), syscall.LOCK_EX)
			if !errors.Is(lerr, syscall.EINTR) {
				return
			}
		}
	})
	if err != nil {
		return err
	}
	return lerr
}

// endsLine reports whether the file at path, size bytes long, ends with a
// newline (or cannot be read: then nothing is added).
func endsLine(path string, size int64) bool {
	f, err := safefile.OpenRead(path)
	if err != nil {
		return true
	}
	defer f.Close()
	var b [1]byte
	if _, err := f.ReadAt(b[:], size-1); err != nil {
		return true
	}
	return b[0] == '\n'
}

// encode is e as one JSON line, newline included; <, > and & are kept
// as they are, for whoever reads the file.
func encode(e Entry) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Recent returns the last n entries of the log, oldest first. It reads at
// most the last MiB of the file, and when that holds fewer than n entries,
// the last MiB of the file rotated before it (.1) too, so that the journal
// does not empty itself at a rotation. A line that is not an entry is
// skipped (the file may have been cut short or edited by hand); a missing
// file is no entries. The file is read only if it is a regular file of the
// user's, not reached through a symbolic link.
func (l *Log) Recent(n int) ([]Entry, error) {
	if l == nil || l.path == "" || n <= 0 {
		return nil, nil
	}
	if err := safefile.CheckDir(filepath.Dir(l.path)); err != nil {
		return nil, err
	}
	es, err := tail(l.path, n)
	if err != nil || len(es) == n {
		return es, err
	}
	older, err := tail(l.path+".1", n-len(es))
	if err != nil {
		return nil, err
	}
	return append(older, es...), nil
}

// tail returns the last n entries, oldest first, found in the last
// readCap bytes of path; a missing file has none.
func tail(path string, n int) ([]Entry, error) {
	f, err := safefile.OpenRead(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	// Start one byte before the last readCap: if that byte is a newline,
	// the first line read is whole; otherwise it is the end of a line cut
	// in two, and is dropped.
	off := max(fi.Size()-readCap-1, 0)
	data, err := io.ReadAll(io.NewSectionReader(f, off, readCap+1))
	if err != nil {
		return nil, err
	}
	if off > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return nil, nil // one line longer than readCap: not an entry
		}
		data = data[i+1:]
	}
	lines := bytes.Split(data, []byte{'\n'})
	var es []Entry // newest first until the end
	for i := len(lines) - 1; i >= 0 && len(es) < n; i-- {
		if e, ok := parse(lines[i]); ok {
			es = append(es, e)
		}
	}
	slices.Reverse(es)
	return es, nil
}

// parse reads one line as an entry; a line that is not a JSON object with
// a time is not one.
func parse(line []byte) (Entry, bool) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || line[0] != '{' {
		return Entry{}, false
	}
	var e Entry
	if err := json.Unmarshal(line, &e); err != nil || e.Time.IsZero() {
		return Entry{}, false
	}
	return clean(e), true
}

// clean returns e with every string cleaned (see cleanString).
func clean(e Entry) Entry {
	e.Session = cleanString(e.Session)
	e.Profile = cleanString(e.Profile)
	e.Host = cleanString(e.Host)
	e.Method = cleanString(e.Method)
	e.Path = cleanString(e.Path)
	e.Result = cleanString(e.Result)
	e.What = cleanString(e.What)
	if e.Fields != nil {
		names := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			names[i] = cleanString(f)
		}
		e.Fields = names
	}
	return e
}

// cleanString replaces with U+FFFD every rune that could act on a
// terminal or on how a line is laid out ([termsafe.Acts]: ESC, CR, LF and
// TAB included) and every byte that is not UTF-8. Printable text is kept
// as it is.
func cleanString(s string) string {
	if !needsCleaning(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s { // an invalid byte comes out as U+FFFD
		if termsafe.Acts(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

func needsCleaning(s string) bool {
	return !utf8.ValidString(s) || strings.ContainsFunc(s, termsafe.Acts)
}
