package settings

import (
	"fmt"
	"strings"
)

// sourceLines finds where a value sits in a settings file, so that a notice
// about it names its line (as tweakdash serve --check must). The TOML
// library keeps no positions for decoded values; this reads the simple
// layout people write ([table] headers, key = value lines) and answers 0
// when the value is written some other way.
type sourceLines []string

func newSourceLines(data []byte) sourceLines { return strings.Split(string(data), "\n") }

// tableLine is the line of the header [table], or 0.
func (s sourceLines) tableLine(table string) int {
	for i, l := range s {
		if h, ok := tableHeader(l); ok && h == table {
			return i + 1
		}
	}
	return 0
}

// keyLine is the line of "key = …" in [table], or else that table's header
// line, or 0.
func (s sourceLines) keyLine(table, key string) int {
	if n := s.entryLine(table, key); n > 0 {
		return n
	}
	return s.tableLine(table)
}

// entryLine is the line of "key = …" in [table], or of a dotted
// "table.key = …" before any table, or 0. Names may be quoted.
func (s sourceLines) entryLine(table, key string) int {
	current := ""
	for i, l := range s {
		if h, ok := tableHeader(l); ok {
			current = h
			continue
		}
		name, _, found := strings.Cut(l, "=")
		if !found {
			continue
		}
		if n := dottedName(name); current == table && n == key || current == "" && n == table+"."+key {
			return i + 1
		}
	}
	return 0
}

// dottedName is a key's name as written before its "=", each dotted part
// without its spaces and quotes.
func dottedName(name string) string {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// valueLine is the first line at or after from (a line number) that holds
// text, or 0.
func (s sourceLines) valueLine(text string, from int) int {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0
	}
	for i := max(from-1, 0); i < len(s); i++ {
		if strings.Contains(s[i], text) {
			return i + 1
		}
	}
	return 0
}

// tableHeader reads "[a.b]" (or "[[a.b]]") with its quotes and spaces
// removed from each part.
func tableHeader(line string) (string, bool) {
	l := strings.TrimSpace(line)
	if i := strings.Index(l, "#"); i >= 0 && !strings.Contains(l[:i], `"`) {
		l = strings.TrimSpace(l[:i])
	}
	if !strings.HasPrefix(l, "[") || !strings.HasSuffix(l, "]") {
		return "", false
	}
	return dottedName(strings.Trim(l, "[]")), true
}

// at starts a notice with its line number, as the TOML library's own
// notices start, or with a space when the line is not known.
func at(line int, format string, a ...any) string {
	if line > 0 {
		return fmt.Sprintf("%d: ", line) + fmt.Sprintf(format, a...)
	}
	return " " + fmt.Sprintf(format, a...)
}
