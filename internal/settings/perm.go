package settings

import (
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// keyReadableByOthers is the ssh rule: a file holding a secret must not be
// readable by group or others.
func keyReadableByOthers(mode fs.FileMode) bool { return mode&0o077 != 0 }

// untrusted says why the settings file at path (as fi, opened), read by
// the user uid, must not be used at all, or "" when it may: as OpenSSH
// does with its config, the file and its directory must be the user's (or
// root's) and writable by nobody else, since whoever can change the file
// chooses the api_key_command that runs and where the key goes.
func untrusted(path string, fi fs.FileInfo, uid int) string {
	problem, fix := notOwnedOrWritable(path, fi, uid, "600")
	if problem == "" {
		dir := filepath.Dir(path)
		di, err := os.Stat(dir)
		if err != nil {
			return fmt.Sprintf("%s: %v: settings not used, using defaults", Tilde(dir), err)
		}
		problem, fix = notOwnedOrWritable(dir, di, uid, "go-w")
	}
	if problem == "" {
		return ""
	}
	return problem + ": settings not used, using defaults; fix with: " + fix
}

// notOwnedOrWritable says what is wrong with one file or directory of the
// settings, and the command that fixes it; "" when nothing is. chmod is the
// mode argument of that command when the mode is at fault.
func notOwnedOrWritable(path string, fi fs.FileInfo, uid int, chmod string) (problem, fix string) {
	shown := Tilde(path)
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != uid && st.Uid != 0 {
		return fmt.Sprintf("%s is owned by %s, not by you", shown, userName(int(st.Uid))),
			fmt.Sprintf("sudo chown %s %s", userName(uid), shown)
	}
	if mode := fi.Mode().Perm(); mode&0o022 != 0 {
		return fmt.Sprintf("%s is writable by others (mode %04o)", shown, mode),
			fmt.Sprintf("chmod %s %s", chmod, shown)
	}
	return "", ""
}

// userName is uid's login name, or its number when it has none.
func userName(uid int) string {
	if u, err := user.LookupId(strconv.Itoa(uid)); err == nil && u.Username != "" {
		return u.Username
	}
	return strconv.Itoa(uid)
}
