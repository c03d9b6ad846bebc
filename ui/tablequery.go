package ui

import (
	"slices"
	"strings"
)

// rowQuery is a filter as typed, read as gh reads a search: the words
// that are qualifiers (is:active, type:ssh) each keep only the rows that
// carry them, and the rest is text a row must contain.
type rowQuery struct {
	text  string   // lower-cased, the qualifiers taken out
	quals []string // lower-cased, as typed
}

// qualifierPrefixes are the words of a filter read as qualifiers.
var qualifierPrefixes = []string{"is:", "type:"}

func parseRowQuery(q string) rowQuery {
	var out rowQuery
	var text []string
	for _, w := range strings.Fields(strings.ToLower(q)) {
		if isQualifier(w) {
			out.quals = append(out.quals, w)
		} else {
			text = append(text, w)
		}
	}
	if len(out.quals) == 0 {
		// No qualifier: the text as typed, inner spaces and all.
		out.text = strings.ToLower(q)
		return out
	}
	out.text = strings.Join(text, " ")
	return out
}

func isQualifier(w string) bool {
	for _, p := range qualifierPrefixes {
		if strings.HasPrefix(w, p) && len(w) > len(p) {
			return true
		}
	}
	return false
}

// narrows reports whether every row q passes also passed prev, so that
// only prev's matches need searching again.
func (q rowQuery) narrows(prev rowQuery) bool {
	return slices.Equal(q.quals, prev.quals) && strings.Contains(q.text, prev.text)
}

// matches reports whether a row with hay (its cells, lower-cased) and
// tags passes.
func (q rowQuery) matches(hay string, tags []string) bool {
	for _, want := range q.quals {
		if !slices.Contains(tags, want) {
			return false
		}
	}
	return q.text == "" || strings.Contains(hay, q.text)
}

// unknown is the first qualifier that is none of known (the words a
// list's rows can carry; one that ends in ":" takes any value), so that
// a mistyped qualifier is told from one that matches nothing; "" when
// every qualifier is known.
func (q rowQuery) unknown(known []string) string {
	for _, w := range q.quals {
		if !slices.ContainsFunc(known, func(k string) bool {
			return k == w || strings.HasSuffix(k, ":") && strings.HasPrefix(w, k)
		}) {
			return w
		}
	}
	return ""
}

// knownQualifiers says what a list's filter takes, for the line that
// names a qualifier it does not know.
func knownQualifiers(known []string) string {
	if len(known) == 0 {
		return "it takes text only"
	}
	words := make([]string, len(known))
	for i, k := range known {
		words[i] = k
		if strings.HasSuffix(k, ":") {
			words[i] += "…"
		}
	}
	return "it knows " + strings.Join(words, " ")
}
