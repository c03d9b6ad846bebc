package form

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"tweakdash/model"
)

// Clean passes values that did not come from the keyboard (a draft read
// back from disk) through what typing into the form would have let in:
// one-line fields hold no line break, tab or other control character, and
// multi-line fields keep only line breaks and tabs. A draft file is ours,
// but anything on disk may have been changed: what the form shows must be
// what it sends.
func Clean(r model.Resource, v model.Values) model.Values {
	out := make(model.Values, len(v))
	for k, x := range v {
		s, ok := x.(string)
		f, known := r.Field(k)
		if !ok || !known {
			out[k] = x
			continue
		}
		out[k] = cleanText(s, f.Kind == model.KindMultiLine)
	}
	return out
}

func cleanText(s string, multiLine bool) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, c := range s {
		switch {
		case c == utf8.RuneError:
		case c == '\n' || c == '\t':
			if multiLine {
				b.WriteRune(c)
			} else {
				b.WriteByte(' ')
			}
		case unicode.IsControl(c):
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}
