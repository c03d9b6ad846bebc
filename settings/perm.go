package settings

import "io/fs"

// keyReadableByOthers is the ssh rule: a file holding a secret must not be
// readable by group or others.
func keyReadableByOthers(mode fs.FileMode) bool { return mode&0o077 != 0 }

// commandWritableByOthers: a file whose api_key_command someone else could
// change must not make us run it.
func commandWritableByOthers(mode fs.FileMode) bool { return mode&0o022 != 0 }
