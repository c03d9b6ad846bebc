package termsafe

import (
	"fmt"
	"strings"
)

// JSON escapes, inside JSON text, the runes that encoding/json leaves raw
// and a terminal would act on: DEL, the C1 controls and the bidi controls
// (encoding/json escapes C0 controls and U+2028/U+2029 itself). Each
// becomes a \uXXXX escape, so the JSON decodes to the same values; JSON
// that holds a server's names goes to stdout and into files read with cat.
func JSON(b []byte) []byte {
	s := string(b)
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x7f && Acts(r) }) {
		return b
	}
	var out strings.Builder
	out.Grow(len(s) + 16)
	for _, r := range s {
		if r >= 0x7f && Acts(r) { // outside strings JSON has only ASCII: these are inside one
			fmt.Fprintf(&out, "\\u%04x", r)
			continue
		}
		out.WriteRune(r)
	}
	return []byte(out.String())
}
