package ui

import tea "charm.land/bubbletea/v2"

// copyCmd copies the raw value (never the display form) to the terminal's
// clipboard with OSC 52, which works over SSH where the terminal allows it.
func copyCmd(what, value string) tea.Cmd {
	if value == "" {
		return setStatus(statusWarn, "nothing to copy")
	}
	return tea.Batch(tea.SetClipboard(value), setStatus(statusOK, "Copied "+what+" to the clipboard (OSC 52)"))
}
