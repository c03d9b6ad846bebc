// Package termsafe makes server-supplied strings safe to draw in a terminal.
//
// Every name, note, key, config body and error message that came from the API
// is attacker-controlled as far as the terminal is concerned: an escape
// sequence can clear the screen, rewrite a line with \r, set the window title,
// write the clipboard (OSC 52) or forge a link (OSC 8), and bidi controls
// reorder what is shown (CVE-2021-42574). ansi.Strip is not enough: it keeps
// \r, \b, BEL, NUL, U+009B and U+202E.
//
// Call [Line] (single-line cells) or [Text] (multi-line views) once, before
// styling. Both replace each dangerous rune with a visible escape instead of
// dropping it, so the user sees that something odd was there:
//
//   - C0 controls and DEL in caret notation: ESC → ^[, CR → ^M, NUL → ^@,
//     DEL → ^?;
//   - C1 controls (U+0080–U+009F), bidi controls (U+061C, U+200E, U+200F,
//     U+202A–U+202E, U+2066–U+2069) and the line/paragraph separators
//     U+2028/U+2029 as \uXXXX, e.g. \u202e;
//   - invalid UTF-8 bytes (including a raw 0x9B one-byte CSI) as U+FFFD.
//
// Every printable character passes unchanged: wide CJK, emoji with ZWJ/ZWNJ,
// combining marks and variation selectors. The output of both functions
// contains no rune they would replace, so they are idempotent.
//
// The display form is for drawing only: what is copied or sent back to the
// API is the raw value.
package termsafe
