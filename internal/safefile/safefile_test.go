package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestMakeDirCreatesOrTightensARealDirectoryOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "state")
	if err := MakeDir(dir); err != nil {
		t.Fatal(err)
	}
	assertMode(t, dir, os.ModeDir|0o700)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := MakeDir(dir); err != nil {
		t.Fatal(err)
	}
	assertMode(t, dir, os.ModeDir|0o700)

	target := t.TempDir()
	if err := os.Chmod(target, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "state")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := MakeDir(link); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("MakeDir(symlink) = %v, want a refusal", err)
	}
	if err := CheckDir(link); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("CheckDir(symlink) = %v, want a refusal", err)
	}
	assertMode(t, target, os.ModeDir|os.ModeSticky|0o777)

	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := MakeDir(file); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("MakeDir(file) = %v", err)
	}
	if err := CheckDir(filepath.Join(t.TempDir(), "missing")); err != nil {
		t.Errorf("CheckDir(missing) = %v, want nil", err)
	}
}

func TestOpenAppendRefusesLinksAndFIFOs(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "debug.log")
	f, err := OpenAppend(path)
	if err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	assertMode(t, path, 0o600)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if f, err = OpenAppend(path); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	assertMode(t, path, 0o600)

	link := filepath.Join(dir, "link.log")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenAppend(link); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("OpenAppend(symlink) = %v", err)
	}
	fifo := filepath.Join(dir, "fifo.log")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenAppend(fifo); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("OpenAppend(fifo) = %v", err)
	}
}

// Another user's directory or file is refused and left as it is (only
// root can make one to test with).
func TestAnotherUsersFilesAreRefused(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to chown")
	}
	dir := filepath.Join(t.TempDir(), "state")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "debug.log")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{dir, file} {
		if err := os.Chown(p, 4242, 4242); err != nil {
			t.Fatal(err)
		}
	}
	if err := MakeDir(dir); err == nil || !strings.Contains(err.Error(), "owned by uid 4242") {
		t.Errorf("MakeDir = %v", err)
	}
	if err := CheckDir(dir); err == nil || !strings.Contains(err.Error(), "owned by uid 4242") {
		t.Errorf("CheckDir = %v", err)
	}
	if _, err := OpenAppend(file); err == nil || !strings.Contains(err.Error(), "owned by uid 4242") {
		t.Errorf("OpenAppend = %v", err)
	}
	if _, err := OpenRead(file); err == nil || !strings.Contains(err.Error(), "owned by uid 4242") {
		t.Errorf("OpenRead = %v", err)
	}
	assertMode(t, dir, os.ModeDir|0o755)
	assertMode(t, file, 0o644)
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode() & (os.ModeType | os.ModePerm | os.ModeSticky); got != want {
		t.Errorf("%s: mode %v, want %v", path, got, want)
	}
}

// OpenRead refuses a link (to a file it could open), a FIFO (without
// blocking) and a missing file as missing.
func TestOpenReadRefusesLinksAndFIFOs(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.jsonl")
	if err := os.WriteFile(path, []byte("line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := OpenRead(path)
	if err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenRead(link); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("OpenRead(symlink) = %v", err)
	}
	fifo := filepath.Join(dir, "fifo.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenRead(fifo); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("OpenRead(fifo) = %v", err)
	}
	if _, err := OpenRead(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("OpenRead(missing) = %v, want fs.ErrNotExist", err)
	}
}

func TestReadTakesOnlyASmallRegularFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ok")
	if err := os.WriteFile(path, []byte("four"), 0o600); err != nil {
		t.Fatal(err)
	}
	if data, fi, err := Read(path, 4); err != nil || string(data) != "four" || !fi.Mode().IsRegular() {
		t.Errorf("Read = %q, %v, %v", data, fi, err)
	}
	if _, _, err := Read(path, 3); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("over the cap: %v", err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{fifo: "not a regular file", "/dev/zero": "not a regular file", link: "symbolic link"} {
		if _, _, err := Read(p, 1<<20); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Read(%s) = %v, want %q", p, err, want)
		}
	}
}

func TestWriteAtomicLeavesOnlyAPrivateFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "snap.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	assertMode(t, path, 0o600)
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("file holds %q, want new", got)
	}
	// A link in its place is replaced, not written through.
	target := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.WriteFile(target, []byte("theirs"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(link, []byte("ours")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(target); string(got) != "theirs" {
		t.Errorf("the link's target was written: %q", got)
	}
	assertMode(t, link, 0o600)
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("the directory holds %d entries, want 2 (no temporary file left)", len(entries))
	}
}
