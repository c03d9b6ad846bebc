package ui

import (
	"strings"

	"tweakdash/internal/termsafe"
)

// HostAccess is what the host the dashboard runs on may do for its user,
// decided once by whoever runs it: the local command gives its user's
// files, suspend and clipboard; a served session gets none of them, since
// its user is trusted with the API and with nothing on the server. The
// zero value allows nothing.
//
// No program is run on the host for anyone: the form turns huh's external
// editor (ctrl+e) off and nothing uses tea.ExecProcess. Copying (OSC 52)
// writes the clipboard of the user's own terminal and is always on.
type HostAccess struct {
	// Files reads and writes the host's files: export (X), import (I) and
	// their path's tab completion. nil: none, and those keys say how to
	// do it from the user's side instead (Remote).
	Files HostFiles
	// Remote is the user's way to this host, "ssh -p 23234 HOST", for the
	// export and import commands that stand in for Files.
	Remote string
	// Suspend lets ctrl+z stop the process and give the terminal back.
	Suspend bool
	// ClipboardRead lets ctrl+v in a text field paste the host's
	// clipboard (it runs xclip or wl-paste there). Without it, text comes
	// in as the terminal's own paste.
	ClipboardRead bool
}

// HostFiles is the file access behind export and import: what the
// dashboard reads and writes through it is the only file I/O it does for
// its user. Each call is made in a command, never in Update.
type HostFiles interface {
	// WriteExport writes an export, which holds credentials, to path:
	// private (0600), atomically, and only over a regular file.
	WriteExport(path string, data []byte) error
	// ReadImport reads the sync file at path: a regular file, no larger
	// than syncplan.MaxFileSize, opened without blocking on a FIFO.
	ReadImport(path string) ([]byte, error)
	// Complete extends path as far as every entry of its directory that
	// it starts shares ("dir/sta" → "dir/staging/"), reading one
	// directory, a bounded number of entries.
	Complete(path string) string
}

// filesOff says why X or I cannot use the host's files ("" when they
// can), with the command that does the same from the user's side.
func (h HostAccess) filesOff(export bool, cfgKey string) string {
	if h.Files != nil {
		return ""
	}
	remote := h.remote()
	if export {
		return "not in a served session: " + remote + " export " + shellWord(cfgKey) + " > file"
	}
	return "not in a served session: " + remote + " import " + shellWord(cfgKey) + " --dry-run < file"
}

// transferHelp is X's or I's help: where the file goes, or, without the
// host's files, the command that stands in for the key.
func (h HostAccess) transferHelp(export bool) string {
	switch {
	case h.Files != nil && export:
		return "export to a file"
	case h.Files != nil:
		return "import a file"
	case export: // short, for help's columns; the key itself says it all
		return "export: ssh … export"
	}
	return "import: ssh … import"
}

func (h HostAccess) remote() string {
	if h.Remote == "" {
		return "ssh HOST"
	}
	return termsafe.Line(h.Remote)
}

// shellWord quotes s for a shell command line shown to the user, when it
// needs it.
func shellWord(s string) string {
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.,:/@%+=", r))
	}) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
