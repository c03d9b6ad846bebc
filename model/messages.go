package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Labelled rewrites a message about field f in the words of the form: the
// API (and Validate, which speaks as it does) names a field by its key with
// spaces, "The ip port user pass field is required.", where the form shows
// its label, "Address / credentials is required.". A message that does not
// name f is returned as it is.
func (f Field) Labelled(msg string) string {
	name := attr(f.Key)
	for _, r := range []struct{ prefix, with string }{
		{"the " + name + " field", f.Label},
		{"the selected " + name, "The selected " + lowerFirst(f.Label)},
		{"the " + name, f.Label},
	} {
		if rest, ok := cutPrefixWord(msg, r.prefix); ok {
			return r.with + rest
		}
	}
	return msg
}

// cutPrefixWord is strings.CutPrefix ignoring case, where the prefix must
// end a word ("the name" is not a prefix of "the named").
func cutPrefixWord(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	rest := s[len(prefix):]
	if r, _ := utf8.DecodeRuneInString(rest); rest != "" && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_') {
		return s, false
	}
	return rest, true
}

// lowerFirst lower-cases a label's first letter unless its first word is
// an acronym (TLS version stays, Tunnel type becomes tunnel type).
func lowerFirst(s string) string {
	first, _, _ := strings.Cut(s, " ")
	if len(first) > 1 && strings.ToUpper(first) == first {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
