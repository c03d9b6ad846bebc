package termsafe

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// caret spells the caret notation for a C0 control or DEL independently of
// the implementation: the terminal convention is ^ followed by c XOR 0x40.
func caret(c byte) string { return "^" + string(rune(c^0x40)) }

func TestLineC0AndDEL(t *testing.T) {
	named := map[string]string{
		"\x00": "^@", "\x07": "^G", "\b": "^H", "\t": "^I", "\n": "^J",
		"\x0b": "^K", "\x0c": "^L", "\r": "^M", "\x1b": "^[", "\x1c": `^\`,
		"\x1d": "^]", "\x1e": "^^", "\x1f": "^_", "\x7f": "^?",
	}
	for in, want := range named {
		if got := Line("a" + in + "b"); got != "a"+want+"b" {
			t.Errorf("Line(%q) = %q, want %q", "a"+in+"b", got, "a"+want+"b")
		}
	}
	for c := byte(0); c < 0x20; c++ {
		if got := Line(string(c)); got != caret(c) {
			t.Errorf("Line(%q) = %q, want %q", string(c), got, caret(c))
		}
	}
}

func TestLineC1(t *testing.T) {
	for r := rune(0x80); r <= 0x9f; r++ {
		in := "x" + string(r) + "y"
		want := fmt.Sprintf(`x\u%04xy`, r)
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLineSingleByteCSI(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"raw byte 0x9B is invalid UTF-8", "\x9b2J", "\ufffd2J"},
		{"U+009B encoded as C2 9B", "\xc2\x9b2J", `\u009b2J`},
		{"raw OSC and ST", "\x9d0;t\x9c", "\ufffd0;t\ufffd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(tt.in); got != tt.want {
				t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLineBidiAndSeparators(t *testing.T) {
	runes := []rune{
		0x061c, 0x200e, 0x200f,
		0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
		0x2066, 0x2067, 0x2068, 0x2069,
		0x2028, 0x2029,
	}
	for _, r := range runes {
		in := "a" + string(r) + "b"
		want := fmt.Sprintf(`a\u%04xb`, r)
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := Line("admin\u202egnp.exe"), `admin\u202egnp.exe`; got != want {
		t.Errorf("RLO: got %q, want %q", got, want)
	}
}

func TestLineInvalidUTF8(t *testing.T) {
	tests := map[string]string{
		"\xff\xfe":             "\ufffd\ufffd",
		"trunc\xe4\xb8":        "trunc\ufffd\ufffd",
		"\xc0\xaf":             "\ufffd\ufffd",
		"\xed\xa0\x80x":        "\ufffd\ufffd\ufffdx",
		"\xf4\x90\x80\x80":     "\ufffd\ufffd\ufffd\ufffd",
		"ok\xe4\xb8\x1b[2J":    "ok\ufffd\ufffd^[[2J",
		"\xe9\x85\x8d\xe7\xbd": "配\ufffd\ufffd",
	}
	for in, want := range tests {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLineEscapeSequences(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"CSI erase", "name\x1b[2Jafter", "name^[[2Jafter"},
		{"CSI home", "\x1b[H", "^[[H"},
		{"OSC 0 title", "\x1b]0;pwned\x07", "^[]0;pwned^G"},
		{"OSC 8 link", "\x1b]8;;http://e/\x1b\\x\x1b]8;;\x1b\\", `^[]8;;http://e/^[\x^[]8;;^[\`},
		{"OSC 52 clipboard", "\x1b]52;c;aGk=\x07", "^[]52;c;aGk=^G"},
		{"DCS", "\x1bP+q544e\x1b\\", `^[P+q544e^[\`},
		{"APC", "\x1b_Gf=100\x1b\\", `^[_Gf=100^[\`},
		{"CR overwrite", "good\rEVIL", "good^MEVIL"},
		{"backspaces", "abc\b\bx", "abc^H^Hx"},
		{"newline", "two\nlines", "two^Jlines"},
		{"CRLF", "a\r\nb", "a^M^Jb"},
		{"tab", "a\tb", "a^Ib"},
		{"mixed with wide text", "配置\x1b]0;x\x07サーバー", "配置^[]0;x^Gサーバー"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(tt.in); got != tt.want {
				t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestBenignUnchanged(t *testing.T) {
	for _, s := range Benign() {
		if got := Line(s); got != s {
			t.Errorf("Line(%q) = %q, want it unchanged", s, got)
		}
		if got := Text(s); got != s {
			t.Errorf("Text(%q) = %q, want it unchanged", s, got)
		}
	}
}

// TestLineKeepsJoinersAndMarks names the invisible printable runes that a
// careless sanitiser strips, breaking emoji and scripts.
func TestLineKeepsJoinersAndMarks(t *testing.T) {
	for _, r := range []rune{0x200c, 0x200d, 0xfe0f, 0xfe0e, 0x0301, 0x094d, 0x1f3fd, 0x00a0, 0xfffd} {
		in := "a" + string(r) + "b"
		if got := Line(in); got != in {
			t.Errorf("Line(%q) = %q, want it unchanged", in, got)
		}
	}
}

func TestHostileAllChanged(t *testing.T) {
	hostile := Hostile()
	if len(hostile) < 40 {
		t.Fatalf("Hostile() has %d strings, want at least 40", len(hostile))
	}
	for _, s := range hostile {
		if got := Line(s); got == s {
			t.Errorf("Line(%q) returned it unchanged", s)
		}
		for _, f := range []struct {
			name string
			fn   func(string) string
		}{{"Line", Line}, {"Text", Text}} {
			if got := f.fn(s); !isPrintableOnly(got, f.name == "Text") {
				r, _ := firstForbidden(got, f.name == "Text")
				t.Errorf("%s(%q) = %q still holds %U", f.name, s, got, r)
			}
		}
	}
}

func TestHostileReturnsFreshSlice(t *testing.T) {
	a := Hostile()
	a[0] = "changed"
	if Hostile()[0] == "changed" {
		t.Error("Hostile() shares its slice between calls")
	}
}

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"keeps newlines", "a\nb\n", "a\nb\n"},
		{"CRLF to LF", "a\r\nb\r\n", "a\nb\n"},
		{"lone CR", "a\rb", "a^Mb"},
		{"CR CR LF", "a\r\r\nb", "a^M\nb"},
		{"CR at end", "a\r", "a^M"},
		{"tab at start", "\tx", "    x"},
		{"tab to next stop", "a\tb", "a   b"},
		{"tab on a stop", "abcd\tx", "abcd    x"},
		{"two tabs", "a\t\tb", "a       b"},
		{"tab after wide char", "配\tx", "配  x"},
		{"tab after ZWJ emoji", "👩\u200d💻a\tx", "👩\u200d💻a x"},
		{"tab after escape counts caret", "\x1b\tx", "^[  x"},
		{"tab column resets per line", "abc\nab\tx", "abc\nab  x"},
		{"tab after CRLF", "abc\r\n\tx", "abc\n    x"},
		{"tab after clean prefix line", "abcdef\nabc\tx", "abcdef\nabc x"},
		{"escape sequences", "\x1b[2J\x1b]0;t\x07", "^[[2J^[]0;t^G"},
		{"bidi", "a\u202eb\u2028c", `a\u202eb\u2028c`},
		{"invalid UTF-8", "\x9b\n", "\ufffd\n"},
		{"other C0", "\x00\b\x0b\x0c", "^@^H^K^L"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWidth(t *testing.T) {
	tests := map[string]int{
		"":                       0,
		"abc":                    3,
		"配置":                     4,
		"👩\u200d💻":               2,
		"👨\u200d👩\u200d👧\u200d👦": 2,
		"e\u0301":                1,
		"🇩🇪":                     2,
		"❤\ufe0f":                2,
		"^[":                     2,
	}
	for s, want := range tests {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		w    int
		want string
	}{
		{"fits", "abc", 3, "abc"},
		{"cut", "abcd", 3, "ab…"},
		{"zero width", "abc", 0, ""},
		{"negative width", "abc", -1, ""},
		{"only the ellipsis", "abc", 1, "…"},
		{"empty", "", 5, ""},
		{"wide fits exactly", "配置", 4, "配置"},
		{"wide cut on boundary", "配置サーバー", 5, "配置…"},
		{"wide never split", "配置サーバー", 4, "配…"},
		{"wide in one cell", "配置", 1, "…"},
		{"ZWJ never split", "ab👩\u200d💻cd", 4, "ab…"},
		{"ZWJ kept whole", "ab👩\u200d💻cd", 5, "ab👩\u200d💻…"},
		{"combining kept with base", "e\u0301e\u0301e\u0301", 2, "e\u0301…"},
		{"spacing mark kept with ASCII base", "A\u0903bc", 2, "A\u0903…"},
		{"keycap kept whole", "#\ufe0f\u20e3ab", 3, "#\ufe0f\u20e3…"},
		{"flag never split", "🇩🇪🇯🇵", 3, "🇩🇪…"},
		{"sanitises first", "\x1b[2Jabc", 4, "^[[…"},
		{"bidi escape is cut as text", "a\u202eb", 4, `a\u…`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Truncate(tt.in, tt.w)
			if got != tt.want {
				t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
			}
			if tt.w >= 0 && Width(got) > tt.w {
				t.Errorf("Truncate(%q, %d) = %q is %d cells wide", tt.in, tt.w, got, Width(got))
			}
		})
	}
}

// TestLineNoAllocOnCleanInput guards the fast path: every table cell of every
// frame goes through Line.
func TestLineNoAllocOnCleanInput(t *testing.T) {
	name := "Main SSH Server v2 — Frankfurt 配置 👩\u200d💻"
	allocs := testing.AllocsPerRun(100, func() { _ = Line(name) })
	if allocs != 0 {
		t.Errorf("Line on clean input allocates %.0f times, want 0", allocs)
	}
	if got := Line(name); got != name {
		t.Errorf("Line(%q) = %q", name, got)
	}
}

func BenchmarkLine(b *testing.B) {
	name := "Main SSH Server v2 - Frankfurt (udp) 443" // 40 ASCII chars
	b.ReportAllocs()
	for b.Loop() {
		_ = Line(name)
	}
}

func BenchmarkLineHostile(b *testing.B) {
	s := strings.Join(Hostile(), " ")
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		_ = Line(s)
	}
}

// firstForbidden returns the first rune in s that must not reach the terminal,
// spelled out from the brief rather than from the implementation. Invalid
// UTF-8 is reported as utf8.RuneError.
func firstForbidden(s string, multiline bool) (rune, bool) {
	if !utf8.ValidString(s) {
		return utf8.RuneError, true
	}
	for _, r := range s {
		switch {
		case r == '\n' && multiline:
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f,
			r == 0x061c, r == 0x200e, r == 0x200f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0x2028, r == 0x2029:
			return r, true
		}
	}
	return 0, false
}

func isPrintableOnly(s string, multiline bool) bool {
	_, bad := firstForbidden(s, multiline)
	return !bad
}

// TestActsNamesWhatLineReplaces: over every rune, Acts is true exactly for
// the runes the test's own list forbids, and Line changes exactly those.
func TestActsNamesWhatLineReplaces(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue // surrogates are not runes a string can hold
		}
		s := string(r)
		_, want := firstForbidden(s, false)
		if got := Acts(r); got != want {
			t.Fatalf("Acts(%U) = %v, want %v", r, got, want)
		}
		if changed := Line(s) != s; changed != want {
			t.Fatalf("Line(%q) changed = %v, Acts = %v", s, changed, want)
		}
	}
}

// A long error of many lines is one line of at most 200 cells in a
// status line, ending in "…" where it was cut, and a short one is as
// OneLine makes it.
func TestBriefIsOneShortLine(t *testing.T) {
	long := strings.Repeat("the server said no\n\t", 30)
	got := Brief(long)
	if strings.ContainsAny(got, "\n\t") || Width(got) != 200 || !strings.HasSuffix(got, "…") || !strings.HasPrefix(got, "the server said no the server") {
		t.Fatalf("Brief(long) = %q (%d cells)", got, Width(got))
	}
	if got := Brief("bad\nkey\x1b[2J"); got != OneLine("bad\nkey\x1b[2J") {
		t.Fatalf("Brief(short) = %q", got)
	}
}
