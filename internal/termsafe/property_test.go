package termsafe

import (
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// tricky holds runes next to the boundaries of what is replaced, so that the
// generator hits them far more often than uniform random runes would.
var tricky = []rune{
	0x00, 0x07, 0x08, '\t', '\n', 0x0b, '\r', 0x1b, 0x1f, ' ', '~', 0x7f,
	0x80, 0x85, 0x9b, 0x9c, 0x9f, 0xa0, 0xad,
	0x061b, 0x061c, 0x061d, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2010,
	0x2027, 0x2028, 0x2029, 0x202a, 0x202e, 0x202f, 0x2065, 0x2066, 0x2069, 0x206a,
	0x0301, 0xfe0f, 0xfffd, '配', 0x1f469, 0x1f1e9, '^', '[', '\\', 'u',
}

// anyString draws strings that mix random Unicode, raw bytes (often invalid
// UTF-8), the hostile and benign lists and the tricky runes.
func anyString() *rapid.Generator[string] {
	piece := rapid.OneOf(
		rapid.String(),
		rapid.SampledFrom(Hostile()),
		rapid.SampledFrom(Benign()),
		rapid.StringOf(rapid.SampledFrom(tricky)),
		rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) string { return string(b) }),
	)
	return rapid.Map(rapid.SliceOfN(piece, 0, 6), func(p []string) string { return strings.Join(p, "") })
}

// fataler is what testing.T and rapid.T share.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkLine asserts every property Line must have for the input s.
func checkLine(t fataler, s string) {
	t.Helper()
	got := Line(s)
	if !utf8.ValidString(got) {
		t.Fatalf("Line(%q) = %q is not valid UTF-8", s, got)
	}
	if r, ok := firstForbidden(got, false); ok {
		t.Fatalf("Line(%q) = %q still holds %U", s, got, r)
	}
	if again := Line(got); again != got {
		t.Fatalf("Line is not idempotent: Line(%q) = %q, Line of that = %q", s, got, again)
	}
	if isPrintableOnly(s, false) && got != s {
		t.Fatalf("Line(%q) = %q changed printable text", s, got)
	}
	if want := oracleLine(s); got != want {
		t.Fatalf("Line(%q) = %q, want %q", s, got, want)
	}
}

// checkText asserts every property Text must have for the input s.
func checkText(t fataler, s string) {
	t.Helper()
	got := Text(s)
	if !utf8.ValidString(got) {
		t.Fatalf("Text(%q) = %q is not valid UTF-8", s, got)
	}
	if r, ok := firstForbidden(got, true); ok {
		t.Fatalf("Text(%q) = %q still holds %U", s, got, r)
	}
	if again := Text(got); again != got {
		t.Fatalf("Text is not idempotent: Text(%q) = %q, Text of that = %q", s, got, again)
	}
	if isPrintableOnly(s, true) && got != s {
		t.Fatalf("Text(%q) = %q changed printable text", s, got)
	}
	// Only an input newline makes an output newline: no line is added or lost.
	if n, m := strings.Count(s, "\n"), strings.Count(got, "\n"); n != m {
		t.Fatalf("Text(%q) = %q has %d newlines, want %d", s, got, m, n)
	}
	// Without tabs and carriage returns, Text is Line applied line by line.
	if !strings.ContainsAny(s, "\t\r") {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = Line(l)
		}
		if want := strings.Join(lines, "\n"); got != want {
			t.Fatalf("Text(%q) = %q, want %q", s, got, want)
		}
	}
}

// oracleLine is a deliberately naive Line: range over the string (which yields
// U+FFFD for each invalid byte) and map each rune through fmt-free rules.
func oracleLine(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x20:
			b.WriteString(caret(byte(r)))
		case r == 0x7f:
			b.WriteString("^?")
		default:
			if _, bad := firstForbidden(string(r), false); bad {
				const hex = "0123456789abcdef"
				b.WriteString(`\u`)
				for shift := 12; shift >= 0; shift -= 4 {
					b.WriteByte(hex[(r>>shift)&0xf])
				}
			} else {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

func TestLineProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) { checkLine(t, anyString().Draw(t, "s")) })
}

func TestTextProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) { checkText(t, anyString().Draw(t, "s")) })
}

func TestPrintableUnchanged(t *testing.T) {
	printable := rapid.StringOf(rapid.Rune()).Filter(func(s string) bool { return isPrintableOnly(s, false) })
	rapid.Check(t, func(t *rapid.T) {
		s := printable.Draw(t, "s")
		if got := Line(s); got != s {
			t.Fatalf("Line(%q) = %q", s, got)
		}
		if got := Text(s); got != s {
			t.Fatalf("Text(%q) = %q", s, got)
		}
	})
}

// TestTruncateProperties: the result fits, is empty at width 0, is the whole
// line when that fits, and otherwise is a prefix ending on a grapheme boundary plus "…".
func TestTruncateProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := anyString().Draw(t, "s")
		w := rapid.IntRange(0, 40).Draw(t, "w")
		got, line := Truncate(s, w), Line(s)
		if Width(got) > w {
			t.Fatalf("Truncate(%q, %d) = %q is %d cells", s, w, got, Width(got))
		}
		// A slot of no cells draws nothing, not even a zero-width mark that
		// would fall onto the cell before it.
		if w == 0 {
			if got != "" {
				t.Fatalf("Truncate(%q, 0) = %q, want empty", s, got)
			}
			return
		}
		if Width(line) <= w {
			if got != line {
				t.Fatalf("Truncate(%q, %d) = %q, want the whole %q", s, w, got, line)
			}
			return
		}
		head, ok := strings.CutSuffix(got, "…")
		if !ok || !strings.HasPrefix(line, head) {
			t.Fatalf("Truncate(%q, %d) = %q, want a prefix of %q and …", s, w, got, line)
		}
		if !onGraphemeBoundary(line, len(head)) {
			t.Fatalf("Truncate(%q, %d) = %q splits a grapheme", s, w, got)
		}
	})
}
