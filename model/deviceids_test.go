package model

import (
	"fmt"
	"strings"
	"testing"
)

// entries spells a bucket as "line:text" pairs for compact comparison.
func entries(es []Entry) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = fmt.Sprintf("%d:%s", e.Line, e.Text)
	}
	return strings.Join(parts, " ")
}

func TestParseDeviceIDs(t *testing.T) {
	a, b, c := hexID('A'), hexID('B'), hexID('C')
	lowerB := strings.ToLower(b)
	tests := []struct {
		name     string
		input    string
		existing map[string]bool
		// want is New | Duplicates | Existing | Malformed, each as entries().
		want  [4]string
		lines int
	}{
		{"empty", "", nil, [4]string{}, 0},
		{"one ID", a, nil, [4]string{"1:" + a}, 1},
		{"lower-case is upper-cased", lowerB, nil, [4]string{"1:" + b}, 1},
		{"mixed case", "aAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaA", nil, [4]string{"1:" + a}, 1},
		{"LF", a + "\n" + b, nil, [4]string{"1:" + a + " 2:" + b}, 2},
		{"CRLF", a + "\r\n" + b + "\r\n", nil, [4]string{"1:" + a + " 2:" + b}, 2},
		{"trailing newline is not a line", a + "\n", nil, [4]string{"1:" + a}, 1},
		{"commas and semicolons on one line", a + "," + b + ";" + c, nil, [4]string{"1:" + a + " 1:" + b + " 1:" + c}, 1},
		{"blanks around and between", "  " + a + " ,\t" + b + " ;\n\n   \n" + c + "  ", nil, [4]string{"1:" + a + " 1:" + b + " 4:" + c}, 4},
		{"empty items skipped", ",,;" + a + ";;,", nil, [4]string{"1:" + a}, 1},
		{"duplicate reported with its line", a + "\n" + b + "\n" + strings.ToLower(a), nil, [4]string{"1:" + a + " 2:" + b, "3:" + a}, 3},
		{"duplicate on the same line", a + "," + a, nil, [4]string{"1:" + a, "1:" + a}, 1},
		{"already in the config", a + "\n" + lowerB, map[string]bool{b: true}, [4]string{"1:" + a, "", "2:" + b}, 2},
		{"existing twice: second is a duplicate", b + "\n" + b, map[string]bool{b: true}, [4]string{"", "2:" + b, "1:" + b}, 2},
		{"malformed keep their text and line", a + "\nxyz\n\n" + a[:31] + "\r\n" + a + "A\ng" + a[1:], nil,
			[4]string{"1:" + a, "", "", "2:xyz 4:" + a[:31] + " 5:" + a + "A 6:g" + a[1:]}, 6},
		{"malformed is not upper-cased", "deadbeef", nil, [4]string{"", "", "", "1:deadbeef"}, 1},
		{"all four buckets", "x\n" + a + "\n" + c + "\n" + a, map[string]bool{c: true},
			[4]string{"2:" + a, "4:" + a, "3:" + c, "1:x"}, 4},
		{"only blank lines", "\n\r\n  \n", nil, [4]string{}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseDeviceIDs(tt.input, tt.existing)
			buckets := [4]string{entries(got.New), entries(got.Duplicates), entries(got.Existing), entries(got.Malformed)}
			for i, name := range []string{"New", "Duplicates", "Existing", "Malformed"} {
				if buckets[i] != tt.want[i] {
					t.Errorf("%s = %q, want %q", name, buckets[i], tt.want[i])
				}
			}
			if got.Lines != tt.lines {
				t.Errorf("Lines = %d, want %d", got.Lines, tt.lines)
			}
		})
	}
}

// tenThousandIDs returns n distinct lower-case IDs joined by CRLF, with a
// trailing CRLF, as pasted from a Windows spreadsheet.
func tenThousandIDs(n int) (string, []string) {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%032x", uint64(i)*0x9e3779b97f4a7c15)
	}
	return strings.Join(ids, "\r\n") + "\r\n", ids
}

func TestParseDeviceIDsTenThousandCRLF(t *testing.T) {
	input, ids := tenThousandIDs(10000)
	b := ParseDeviceIDs(input, nil)
	if len(b.New) != 10000 || b.Lines != 10000 {
		t.Fatalf("New = %d, Lines = %d, want 10000 each (dup %d, malformed %d)",
			len(b.New), b.Lines, len(b.Duplicates), len(b.Malformed))
	}
	for i, e := range b.New {
		if want := strings.ToUpper(ids[i]); e.Text != want || e.Line != i+1 {
			t.Fatalf("New[%d] = %d:%q, want %d:%q", i, e.Line, e.Text, i+1, want)
		}
	}
	if got := b.IDs(); len(got) != 10000 || got[9999] != strings.ToUpper(ids[9999]) {
		t.Fatalf("IDs() has %d, last %q", len(got), got[len(got)-1])
	}
}

func TestBatchIDs(t *testing.T) {
	b := ParseDeviceIDs(hexID('a')+"\n"+hexID('b')+"\nbad\n"+hexID('A'), map[string]bool{hexID('B'): true})
	if got := strings.Join(b.IDs(), ","); got != hexID('A') {
		t.Errorf("IDs() = %q, want only the new %q", got, hexID('A'))
	}
	if got := ParseDeviceIDs("", nil).IDs(); len(got) != 0 {
		t.Errorf("IDs() of empty input = %v", got)
	}
}

func TestIsDeviceID(t *testing.T) {
	for s, want := range map[string]bool{
		hexID('0'):                         true,
		"0123456789ABCDEF0123456789ABCDEF": true,
		"0123456789abcdef0123456789abcdef": false, // callers upper-case first
		hexID('F')[:31]:                    false,
		hexID('F') + "F":                   false,
		hexID('G'):                         false,
		"":                                 false,
		strings.Repeat("Ａ", 32):            false, // full-width A
	} {
		if got := IsDeviceID(s); got != want {
			t.Errorf("IsDeviceID(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzParseDeviceIDs(f *testing.F) {
	a := hexID('A')
	for _, s := range []string{
		"", "\n", "\r\n", a, strings.ToLower(a), a + "\r\n" + a, a + "," + hexID('b') + ";x",
		"\xff\xfe" + a, a + "\u00a0", "\u2028" + a, a[:31] + "\n" + a + "0", ";;,,\n\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		existing := map[string]bool{a: true}
		b := ParseDeviceIDs(input, existing)

		// Every non-blank item lands in exactly one bucket, in order per line.
		want := 0
		for _, ln := range strings.Split(input, "\n") {
			for _, item := range strings.FieldsFunc(ln, func(r rune) bool { return r == ',' || r == ';' }) {
				if strings.TrimSpace(item) != "" {
					want++
				}
			}
		}
		if got := len(b.New) + len(b.Duplicates) + len(b.Existing) + len(b.Malformed); got != want {
			t.Fatalf("%d entries in buckets, want %d", got, want)
		}
		seen := map[string]bool{}
		for _, e := range b.New {
			if !IsDeviceID(e.Text) || e.Text != strings.ToUpper(e.Text) {
				t.Fatalf("New holds %q", e.Text)
			}
			if seen[e.Text] || existing[e.Text] {
				t.Fatalf("New holds %q twice or already existing", e.Text)
			}
			seen[e.Text] = true
		}
		for _, e := range b.Duplicates {
			if !IsDeviceID(e.Text) {
				t.Fatalf("Duplicates holds %q", e.Text)
			}
		}
		for _, e := range b.Malformed {
			if IsDeviceID(strings.ToUpper(e.Text)) || strings.TrimSpace(e.Text) != e.Text || e.Text == "" {
				t.Fatalf("Malformed holds %q", e.Text)
			}
		}
		lines := strings.Count(input, "\n")
		if input != "" && !strings.HasSuffix(input, "\n") {
			lines++
		}
		if b.Lines != lines {
			t.Fatalf("Lines = %d, want %d", b.Lines, lines)
		}
		for _, bucket := range [][]Entry{b.New, b.Duplicates, b.Existing, b.Malformed} {
			for _, e := range bucket {
				if e.Line < 1 || e.Line > b.Lines {
					t.Fatalf("entry %q on line %d of %d", e.Text, e.Line, b.Lines)
				}
			}
		}
	})
}

func BenchmarkParseDeviceIDs10000(b *testing.B) {
	input, _ := tenThousandIDs(10000)
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	for b.Loop() {
		ParseDeviceIDs(input, nil)
	}
}
