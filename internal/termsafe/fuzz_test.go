package termsafe

import (
	"testing"

	"github.com/clipperhouse/uax29/v2/graphemes"
)

// The seed corpus is Hostile, Benign and testdata/fuzz/Fuzz*/.

func FuzzLine(f *testing.F) {
	for _, s := range append(Hostile(), Benign()...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkLine(t, s) })
}

func FuzzText(f *testing.F) {
	for _, s := range append(Hostile(), Benign()...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkText(t, s) })
}

func FuzzTruncate(f *testing.F) {
	for i, s := range append(Hostile(), Benign()...) {
		f.Add(s, i%12)
	}
	f.Fuzz(func(t *testing.T, s string, w int) {
		got := Truncate(s, w)
		if w >= 0 && Width(got) > w {
			t.Fatalf("Truncate(%q, %d) = %q is %d cells", s, w, got, Width(got))
		}
		if r, ok := firstForbidden(got, false); ok {
			t.Fatalf("Truncate(%q, %d) = %q holds %U", s, w, got, r)
		}
	})
}

// onGraphemeBoundary reports whether byte offset i of s falls between
// grapheme clusters.
func onGraphemeBoundary(s string, i int) bool {
	if i == 0 || i == len(s) {
		return true
	}
	seg := graphemes.FromString(s)
	for seg.Next() {
		if seg.End() == i {
			return true
		}
		if seg.End() > i {
			return false
		}
	}
	return false
}
