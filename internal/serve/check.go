package serve

import (
	"cmp"
	"context"
	"errors"
	"io/fs"
	"os"

	"tweakdash/internal/termsafe"
)

// Check reads the settings file at path as a start would and lists what is
// wrong with it, as sshd -t does: every notice (each starting with the
// file and its line where one is known), a profile whose API key cannot
// be found, a server without users, and a host key that could not be
// used (hostKey, else the file's host_key, else defaultHostKey). Nothing is written: a missing host key is made at
// the start, not here. An empty list means the file is fine.
func Check(ctx context.Context, path, hostKey, defaultHostKey string, getenv func(string) string) (Loaded, []string) {
	loaded, err := Load(ctx, path, getenv)
	problems := loaded.Notices
	if err != nil {
		// A broken file's error is its notices joined; a user table the
		// server refuses is the error alone.
		if len(problems) == 0 || err.Error() != joinNotices(problems) {
			problems = append(problems, termsafe.OneLine(err.Error()))
		}
		return loaded, problems
	}
	if len(loaded.Users.Names()) == 0 {
		problems = append(problems, "no users: add a [serve.users.NAME] table with keys")
	}
	if hostKeyPath := cmp.Or(hostKey, loaded.Serve.HostKey, defaultHostKey); hostKeyPath != "" {
		if _, err := os.Lstat(hostKeyPath); err == nil {
			if _, err := HostKey(hostKeyPath); err != nil {
				problems = append(problems, termsafe.OneLine(err.Error()))
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			problems = append(problems, "host key: "+termsafe.OneLine(err.Error()))
		}
	}
	return loaded, problems
}
