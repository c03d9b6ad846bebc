package termsafe

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"tweakdash/model"
)

// MaxCopyLen bounds, in bytes, what [Copyable] lets through: far above any
// key, device ID or password, far below what makes a clipboard write slow.
const MaxCopyLen = 4 << 10

// CopyKind says what a copied value is: it picks the rules [Copyable]
// applies and the noun its message uses.
type CopyKind int

const (
	// CopyValue is any other single-line value.
	CopyValue CopyKind = iota
	// CopyDeviceID is a cloud device ID: exactly 32 characters of 0-9, A-F.
	CopyDeviceID
	// CopyKey is a server's, tweak's or config's unique_key.
	CopyKey
	// CopyPassword is a cloud password, typed or generated.
	CopyPassword
)

// String is the noun a message uses: "device ID", "key", "password".
func (k CopyKind) String() string {
	switch k {
	case CopyDeviceID:
		return "device ID"
	case CopyKey:
		return "key"
	case CopyPassword:
		return "password"
	}
	return "value"
}

// Copyable reports whether value may be copied (OSC 52) exactly as the
// server sent it, and otherwise why not. Pasting is where a value turns
// into input: a key holding "\x1b[201~\ntouch /tmp/x\n" ends the shell's
// bracketed paste and runs the command. So a value is copied only when it
// is one line of printable text that [Line] draws unchanged (what is
// copied is what the user sees): non-empty, at most [MaxCopyLen] bytes,
// valid UTF-8, with no C0 control (tab and newline included), DEL, C1
// control, bidi control or U+2028/U+2029; a device ID only in its 32-hex
// form. The error is one line for the status bar, e.g. "not copied: the
// key holds a control character (ESC) that could run commands when
// pasted"; it never holds the value. Never copy a cleaned-up variant
// instead: it is not the value the server holds.
func Copyable(kind CopyKind, value string) error {
	switch {
	case value == "":
		return notCopied(kind, "is empty")
	case len(value) > MaxCopyLen:
		return notCopied(kind, fmt.Sprintf("is longer than %d bytes", MaxCopyLen))
	}
	if i := firstUnsafe(value, false); i < len(value) {
		r, size := utf8.DecodeRuneInString(value[i:])
		if r == utf8.RuneError && size == 1 {
			return notCopied(kind, "is not valid UTF-8 text")
		}
		return notCopied(kind, "holds "+why(r))
	}
	if kind == CopyDeviceID && !model.IsDeviceID(value) {
		return notCopied(kind, "is not 32 characters of 0-9 and A-F")
	}
	return nil
}

func notCopied(kind CopyKind, reason string) error {
	return errors.New("not copied: the " + kind.String() + " " + reason)
}

// why names an unsafe rune and what it could do in a paste.
func why(r rune) string {
	const runs = " that could run commands when pasted"
	switch r {
	case '\n':
		return "a line break (LF)" + runs
	case '\r':
		return "a line break (CR)" + runs
	case 0x00:
		return "a control character (NUL)" + runs
	case 0x07:
		return "a control character (BEL)" + runs
	case 0x08:
		return "a control character (BS)" + runs
	case '\t':
		return "a control character (TAB)" + runs
	case 0x1b:
		return "a control character (ESC)" + runs
	case 0x7f:
		return "a control character (DEL)" + runs
	case 0x2028:
		return "a line separator (U+2028) that could split it when pasted"
	case 0x2029:
		return "a paragraph separator (U+2029) that could split it when pasted"
	}
	switch {
	case r < 0x20:
		return "a control character (^" + string(rune(r+0x40)) + ")" + runs
	case r <= 0x9f:
		return fmt.Sprintf("a control character (U+%04X)", r) + runs
	}
	return fmt.Sprintf("an invisible direction control (U+%04X) that could disguise what is pasted", r)
}
