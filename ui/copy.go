package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/termsafe"
)

// copyCmd copies the raw value (never the display form) to the terminal's
// clipboard with OSC 52, which works over SSH where the terminal allows it.
// A value that is not safe to paste (a control character, a line break, a
// device ID not in its 32-hex form) is refused with the reason, never
// copied cleaned up: see termsafe.Copyable.
func copyCmd(what, value string) tea.Cmd {
	if err := termsafe.Copyable(copyKind(what), value); err != nil {
		return setStatus(statusWarn, upperFirst(err.Error()))
	}
	return tea.Batch(tea.SetClipboard(value), setStatus(statusOK, "Copied "+what+" to the clipboard (OSC 52)"))
}

// copyKind is the copy rule for what y copies: "device ID", "password",
// or a key ("server key", "config key").
func copyKind(what string) termsafe.CopyKind {
	switch {
	case what == "device ID":
		return termsafe.CopyDeviceID
	case what == "password":
		return termsafe.CopyPassword
	case strings.HasSuffix(what, "key"):
		return termsafe.CopyKey
	}
	return termsafe.CopyValue
}
