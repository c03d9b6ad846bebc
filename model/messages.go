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
//
// A nested key names the field too, as a sync or a wrapped body has it:
// "The servers.0.ssh_pk field format is invalid." reads "SSH private key
// format is invalid.".
func (f Field) Labelled(msg string) string {
	for _, name := range []string{attr(f.Key), f.Key} {
		for _, r := range []struct{ lead, tail, with string }{
			{"the ", " field", f.Label},
			{"the selected ", "", "The selected " + lowerFirst(f.Label)},
			{"the ", "", f.Label},
		} {
			rest, ok := cutPrefixWord(msg, r.lead)
			if !ok {
				continue
			}
			if rest, ok = cutPrefixWord(skipPath(rest), name+r.tail); ok {
				return r.with + rest
			}
		}
	}
	return msg
}

// skipPath drops a leading "servers.0." or "server." from s.
func skipPath(s string) string {
	word, rest, ok := strings.Cut(s, ".")
	if !ok || word == "" || strings.ContainsAny(word, " ") {
		return s
	}
	if n, r, ok := strings.Cut(rest, "."); ok && n != "" && strings.Trim(n, "0123456789") == "" {
		rest = r
	}
	return rest
}

// cutPrefixWord is strings.CutPrefix ignoring case, where the prefix must
// end a word ("the name" is not a prefix of "the named").
func cutPrefixWord(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	rest := s[len(prefix):]
	last, _ := utf8.DecodeLastRuneInString(prefix)
	if r, _ := utf8.DecodeRuneInString(rest); rest != "" && wordRune(last) && wordRune(r) {
		return s, false
	}
	return rest, true
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// lowerFirst lower-cases a label's first letter unless its first word is
// an acronym (TLS version stays, Tunnel type becomes tunnel type).
func lowerFirst(s string) string {
	first, _, _ := strings.Cut(s, " ")
	if len(first) > 1 && strings.ToUpper(first) == first {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
