package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	gossh "golang.org/x/crypto/ssh"

	"tweakdash/internal/safefile"
)

// maxHostKeySize bounds what is read of a host key: an ed25519 key in
// OpenSSH form is about 400 bytes, an RSA one a few KiB.
const maxHostKeySize = 64 << 10

// HostKey reads the server's private host key at path (an absolute path),
// or makes an ed25519 one there when there is none: written 0600, its
// directory created 0700 when missing. A key others could read, or
// another user's, is refused, as ssh refuses such a private key: whoever
// holds it can pose as this server.
func HostKey(path string) (gossh.Signer, error) {
	data, fi, err := safefile.Read(path, maxHostKeySize)
	if errors.Is(err, fs.ErrNotExist) {
		return newHostKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return nil, fmt.Errorf("host key %s is owned by uid %d, not by this server's user (uid %d)", path, st.Uid, os.Getuid())
	}
	if mode := fi.Mode().Perm(); mode&0o077 != 0 {
		return nil, fmt.Errorf("host key %s can be read by others (mode %04o); fix with: chmod 600 %s", path, mode, path)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		// The parser's text may quote the key; say only what is wrong.
		var missing *gossh.PassphraseMissingError
		if errors.As(err, &missing) {
			return nil, fmt.Errorf("host key %s has a passphrase; the server cannot use it", path)
		}
		return nil, fmt.Errorf("host key %s is not an OpenSSH or PEM private key", path)
	}
	return signer, nil
}

// newHostKey writes a new ed25519 host key to path. O_EXCL: two servers
// started at once must not each write a key and leave clients facing a
// changed host key.
func newHostKey(path string) (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "tweakdash serve")
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return HostKey(path) // the other one won
	}
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	_, err = f.Write(pem.EncodeToMemory(block))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return nil, fmt.Errorf("host key: %w", err)
	}
	return gossh.NewSignerFromKey(priv)
}
