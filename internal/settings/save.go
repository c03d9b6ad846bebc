package settings

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/BurntSushi/toml"

	"tweakdash/internal/safefile"
	"tweakdash/internal/termsafe"
)

// SaveKey stores key as the api_key of profile in the settings file at
// path and keeps every other value the file holds, other profiles and unknown
// keys included. Comments and the order of keys are lost: the TOML library
// does not keep them.
//
// The write is atomic: a temporary file with mode 0600 in the same directory,
// synced, then renamed over the old one, so a crash leaves either the old
// file or the new one and the key is never readable by others, not even for a
// moment. The directory is created 0700 when missing. A symlinked settings
// file (dotfile managers) is written through to its target.
func SaveKey(path, profile, key string) error {
	target := path
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		target = resolved
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("key not saved: %w", err)
	}
	// A directory others can write would let them swap the file: the
	// next start would refuse it (see untrusted), so do not write there.
	if di, err := os.Stat(dir); err != nil {
		return fmt.Errorf("key not saved: %w", err)
	} else if problem, fix := notOwnedOrWritable(dir, di, os.Getuid(), "go-w"); problem != "" {
		return fmt.Errorf("key not saved: %s; fix with: %s", problem, fix)
	}

	doc := map[string]any{}
	data, err := os.ReadFile(target)
	switch {
	case err == nil:
		if _, err := toml.Decode(string(data), &doc); err != nil {
			// Rewriting a file we cannot read would throw away what is in it.
			return fmt.Errorf("key not saved: %s:%s", Tilde(path), tomlMessage(err))
		}
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("key not saved: %w", err)
	}

	profiles, ok := doc["profiles"].(map[string]any)
	if !ok {
		if _, present := doc["profiles"]; present {
			return fmt.Errorf("key not saved: profiles in %s is not a table", Tilde(path))
		}
		profiles = map[string]any{}
		doc["profiles"] = profiles
	}
	p, ok := profiles[profile].(map[string]any)
	if !ok {
		if _, present := profiles[profile]; present {
			return fmt.Errorf("key not saved: profiles.%s in %s is not a table", termsafe.Line(profile), Tilde(path))
		}
		p = map[string]any{}
		profiles[profile] = p
	}
	p["api_key"] = key

	var buf bytes.Buffer
	enc := toml.NewEncoder(&buf)
	enc.Indent = "" // flat, as people write settings files by hand
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("key not saved: %w", err)
	}
	if err := safefile.WriteAtomic(target, buf.Bytes()); err != nil {
		return fmt.Errorf("key not saved: %w", err)
	}
	return nil
}
