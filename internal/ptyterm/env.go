package ptyterm

import (
	"os"
	"path/filepath"
)

// CleanEnv is an environment with nothing from the caller's own: PATH,
// HOME set to home with the XDG config, state, data and cache directories
// under it, a UTF-8 locale and a 256-colour TERM. Settings, drafts, NO_COLOR,
// SSH_TTY and the like of the developer or CI do not leak in.
func CleanEnv(home string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_STATE_HOME=" + filepath.Join(home, "state"),
		"XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"XDG_CACHE_HOME=" + filepath.Join(home, "cache"),
		"LANG=C.UTF-8",
		"TERM=xterm-256color",
	}
}
