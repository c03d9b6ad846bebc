package form

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"tweakdash/model"
)

// Clean passes values that did not come from the keyboard (a draft read
// back from disk into a form for op) through what typing into the form
// would have let in: one-line fields hold no line break, tab or other
// control character, and multi-line fields (the device-ID batch of a
// create among them) keep only line breaks and tabs. A draft file is ours,
// but anything on disk may have been changed: what the form shows must be
// what it sends.
func Clean(r model.Resource, op model.Op, v model.Values) model.Values {
	out := make(model.Values, len(v))
	for k, x := range v {
		s, ok := x.(string)
		f, known := r.Field(k)
		if !ok || !known {
			out[k] = x
			continue
		}
		out[k] = cleanText(s, multiLine(f, op))
	}
	return out
}

// multiLine says whether a form for op takes line breaks in field fl: a
// multi-line field, or the batch box of device IDs a create pastes (one
// ID per line).
func multiLine(fl model.Field, op model.Op) bool {
	return fl.Kind == model.KindMultiLine || isBatch(fl, op)
}

// isBatch says whether fl is drawn as the batch box in a form for op.
func isBatch(fl model.Field, op model.Op) bool { return fl.Hex32 && op == model.Create }

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
