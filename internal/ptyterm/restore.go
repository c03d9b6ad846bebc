package ptyterm

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/termios"
	"golang.org/x/sys/unix"
)

// leftovers are the modes a full-screen program must turn off on its way
// out: each one left on breaks the shell that gets the terminal back.
var leftovers = []struct {
	mode ansi.Mode
	what string
}{
	{ansi.ModeAltScreenSaveCursor, "the alternate screen (1049)"},
	{ansi.ModeAltScreen, "the alternate screen (1047)"},
	{ansi.ModeBracketedPaste, "bracketed paste"},
	{ansi.ModeMouseX10, "mouse reporting (9)"},
	{ansi.ModeMouseNormal, "mouse reporting (1000)"},
	{ansi.ModeMouseButtonEvent, "mouse reporting (1002)"},
	{ansi.ModeMouseAnyEvent, "mouse reporting (1003)"},
	{ansi.ModeMouseExtSgr, "SGR mouse encoding"},
	{ansi.ModeFocusEvent, "focus reporting"},
}

// Restored reports, as an error naming each, what the program left changed
// in the terminal: the alternate screen, a hidden cursor, input modes (paste,
// mouse, focus), or a line discipline not back to canonical input with echo.
// nil means a shell could take the terminal back as it was.
func (t *Term) Restored() error {
	var left []string
	t.mu.Lock()
	if t.emu.IsAltScreen() {
		left = append(left, "on the alternate screen")
	}
	if t.emu.CursorHidden() {
		left = append(left, "the cursor hidden")
	}
	for _, l := range leftovers {
		if t.modes[l.mode] {
			left = append(left, l.what+" on")
		}
	}
	t.mu.Unlock()

	tio, err := t.lineDiscipline()
	switch {
	case err != nil:
		left = append(left, fmt.Sprintf("the line discipline unreadable (%v)", err))
	case tio.Lflag&unix.ICANON == 0 || tio.Lflag&unix.ECHO == 0:
		left = append(left, "the tty in raw mode (no canonical input or no echo)")
	}
	if len(left) > 0 {
		return errors.New("the terminal was left with " + strings.Join(left, ", "))
	}
	return nil
}

// lineDiscipline is the pty's termios as its program set it, read on the
// master. It goes through SyscallConn: File.Fd would switch the master to
// blocking mode, and then Stop's Close could no longer interrupt a Read.
func (t *Term) lineDiscipline() (*unix.Termios, error) {
	rc, err := t.ptmx.SyscallConn()
	if err != nil {
		return nil, err
	}
	var tio *unix.Termios
	var ioErr error
	if err := rc.Control(func(fd uintptr) { tio, ioErr = termios.GetTermios(int(fd)) }); err != nil {
		return nil, err
	}
	return tio, ioErr
}
