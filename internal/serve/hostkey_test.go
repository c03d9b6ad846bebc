package serve

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A missing host key is made, 0600 in a new 0700 directory, and read back
// as the same key the next time.
func TestHostKeyIsMadeOnceAndKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "serve", "host_key")
	first, err := HostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v (%v), want %04o", p, fi.Mode().Perm(), err, want)
		}
	}
	again, err := HostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.PublicKey().Marshal(), again.PublicKey().Marshal()) {
		t.Error("the host key changed between two starts")
	}
}

// A host key others can read is refused, with the chmod that fixes it;
// so is a file that is not a key, without quoting it, and a link.
func TestHostKeyRefusesWhatIsNotPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "host_key")
	if _, err := HostKey(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := HostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600 "+path) {
		t.Errorf("a 0644 host key: %v", err)
	}
	junk := filepath.Join(t.TempDir(), "junk")
	if err := os.WriteFile(junk, []byte("secret-looking-junk"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := HostKey(junk); err == nil || strings.Contains(err.Error(), "secret-looking-junk") {
		t.Errorf("junk as a host key: %v", err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	if _, err := HostKey(link); err == nil {
		t.Error("a symbolic link was followed to a host key")
	}
}
