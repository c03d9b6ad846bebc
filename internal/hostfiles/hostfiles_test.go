package hostfiles

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// tab completes a path to what every entry it starts shares, a lone
// directory with its separator; what is typed is a prefix, never a
// pattern (a Glob of "/*/*/*/*/*/*/*/*" took 54 s and 1.46 GB).
func TestCompleteReadsOneDirectoryByPrefix(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"alpha.json", "alps.json", "a*b.json", "ça.json", "çb.json"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "sub"), filepath.Join(dir, "linked")); err != nil {
		t.Fatal(err)
	}
	sep := string(filepath.Separator)
	for in, want := range map[string]string{
		filepath.Join(dir, "al"):    filepath.Join(dir, "alp"),
		filepath.Join(dir, "alph"):  filepath.Join(dir, "alpha.json"),
		filepath.Join(dir, "su"):    filepath.Join(dir, "sub") + sep,
		filepath.Join(dir, "lin"):   filepath.Join(dir, "linked") + sep,
		filepath.Join(dir, "zz"):    filepath.Join(dir, "zz"),
		filepath.Join(dir, "*"):     filepath.Join(dir, "*"), // no file starts with *
		filepath.Join(dir, "a*"):    filepath.Join(dir, "a*b.json"),
		filepath.Join(dir, "ç"):     filepath.Join(dir, "ç"),
		dir + sep + "*" + sep + "x": dir + sep + "*" + sep + "x",
	} {
		if got := (Files{}).Complete(in); got != want {
			t.Errorf("Complete(%q) = %q, want %q", in, got, want)
		}
	}
}

// An import path that is a FIFO (no writer: a plain open blocks for good),
// a symbolic link or a directory is refused at once with what it is.
func TestReadImportRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.json")
	if err := os.WriteFile(good, []byte(`{"config_unique_key":"k","servers":[],"tweaks":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(good, link); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{fifo: "not a regular file", link: "is a symbolic link: give the path of the file itself", dir: "not a regular file"} {
		if _, err := (Files{}).ReadImport(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadImport(%s): %v, want %q", path, err, want)
		}
	}
	if data, err := (Files{}).ReadImport(good); err != nil || len(data) == 0 {
		t.Errorf("ReadImport(good): %q, %v", data, err)
	}
}

// An export over a FIFO is refused and the FIFO stays; over a regular file
// it replaces it, 0600.
func TestWriteExportOnlyOverARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := (Files{}).WriteExport(fifo, []byte("{}")); err == nil || !strings.Contains(err.Error(), "not a regular file (a FIFO)") {
		t.Errorf("over a FIFO: %v", err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode().Type() != os.ModeNamedPipe {
		t.Errorf("the FIFO is now %v, %v", fi, err)
	}
	plain := filepath.Join(dir, "out.json")
	if err := os.WriteFile(plain, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := (Files{}).WriteExport(plain, []byte("{}")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(plain); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("out.json: %v %v", fi, err)
	}
}
