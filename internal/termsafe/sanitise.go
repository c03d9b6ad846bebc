package termsafe

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/clipperhouse/uax29/v2/graphemes"
)

// TabWidth is the distance between tab stops when [Text] expands tabs. Four
// rather than the terminal's eight: detail panes are narrow and start at an
// offset, so hardware tab stops would not line up with the text anyway.
const TabWidth = 4

// spaces holds the padding for one tab; it must be at least TabWidth long.
const spaces = "        "

// hexDigits spells \uXXXX escapes without fmt.
const hexDigits = "0123456789abcdef"

// Line returns s made safe for a single-line cell: valid UTF-8 with every C0
// control (newline and tab included), DEL, C1 control, bidi control and
// U+2028/U+2029 replaced by a visible escape. It returns s itself, without
// allocating, when nothing needs replacing.
func Line(s string) string {
	i := firstUnsafe(s, false)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		writeSafe(&b, r, size)
		i += size
	}
	return b.String()
}

// Text returns s made safe for a multi-line view. It is [Line] except that
// "\n" is kept, "\r\n" becomes "\n", and a tab is expanded with spaces to the
// next multiple of [TabWidth] cells on its line. A lone "\r" is shown as ^M.
func Text(s string) string {
	i := firstUnsafe(s, true)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	// col is the cell column of the output up to measured; the text after
	// measured is measured only when a tab needs its column. A tab is a
	// grapheme boundary, so measuring piecewise is exact and stays linear.
	col, measured := 0, strings.LastIndexByte(s[:i], '\n')+1
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
			b.WriteByte('\n')
			col, measured = 0, b.Len()
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
			// The \n that follows ends the line; the \r is dropped.
		case r == '\t':
			col += ansi.StringWidth(b.String()[measured:])
			n := TabWidth - col%TabWidth
			b.WriteString(spaces[:n])
			col, measured = col+n, b.Len()
		default:
			writeSafe(&b, r, size)
		}
		i += size
	}
	return b.String()
}

// Width returns the number of terminal cells s occupies, counting grapheme
// clusters (a ZWJ emoji sequence is one cluster, two cells). Measure the
// sanitised string: escape sequences in raw input are not counted.
func Width(s string) int {
	return ansi.StringWidth(s)
}

// OneLine is Line of s with every run of white space (line breaks
// included) made one space: an error text for stderr or a status line.
func OneLine(s string) string { return Line(strings.Join(strings.Fields(s), " ")) }

// Brief is OneLine cut to 200 cells: an error as a status line or a
// journal entry keeps it, however long the text it was given.
func Brief(s string) string { return Truncate(OneLine(s), 200) }

// Truncate returns Line(s) cut to at most w cells. When it cuts, it ends the
// result with "…" (one cell) and cuts only between grapheme clusters, so a
// wide character, a ZWJ sequence or a letter with its marks is never split.
// A w below one yields "".
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = Line(s)
	if Width(s) <= w {
		return s
	}
	// ansi.Truncate is not used: it steps over ASCII byte by byte and so
	// separates an ASCII base from the marks that follow it ("#\ufe0f\u20e3").
	limit, col, cut := w-1, 0, 0
	seg := graphemes.FromString(s)
	for seg.Next() {
		cw := ansi.StringWidth(seg.Value())
		if col+cw > limit {
			break
		}
		col, cut = col+cw, seg.End()
	}
	return s[:cut] + "…"
}

// firstUnsafe returns the byte index of the first rune Line (or Text, when
// multiline) would change, or len(s) when there is none.
func firstUnsafe(s string, multiline bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				if !multiline || c != '\n' {
					return i
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || isEscaped(r) {
			return i
		}
		i += size
	}
	return len(s)
}

// Acts reports whether r acts on a terminal or on how lines are laid out
// instead of printing: a C0 control, DEL, a C1 control, a bidi control, or
// U+2028/U+2029. [Line] replaces every such rune; other files that people
// read in a terminal (the audit log, JSON on stdout) keep them out too.
func Acts(r rune) bool {
	if r < utf8.RuneSelf {
		return r < 0x20 || r == 0x7f
	}
	return isEscaped(r)
}

// isEscaped reports whether a non-ASCII rune is replaced by a \uXXXX escape:
// C1 controls, bidi controls and the Unicode line/paragraph separators.
func isEscaped(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

// writeSafe writes r, decoded from size bytes, or its visible escape.
func writeSafe(b *strings.Builder, r rune, size int) {
	switch {
	case r == utf8.RuneError && size == 1:
		b.WriteRune(utf8.RuneError)
	case r < 0x20:
		b.WriteByte('^')
		b.WriteByte(byte(r) + 0x40)
	case r == 0x7f:
		b.WriteString("^?")
	case r >= utf8.RuneSelf && isEscaped(r):
		b.WriteString(`\u`)
		b.WriteByte(hexDigits[r>>12&0xf])
		b.WriteByte(hexDigits[r>>8&0xf])
		b.WriteByte(hexDigits[r>>4&0xf])
		b.WriteByte(hexDigits[r&0xf])
	default:
		b.WriteRune(r)
	}
}
