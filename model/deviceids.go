package model

import "strings"

// IsDeviceID reports whether s is exactly 32 characters of 0-9 and A-F.
func IsDeviceID(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// Entry is one item of a pasted batch: the normalised text and the line it
// was on (1-based).
type Entry struct {
	Line int
	Text string
}

// Batch is a pasted list of device IDs sorted into what will be sent and what
// will not, in the order they were pasted.
type Batch struct {
	New        []Entry // valid, upper-cased, first occurrence, not already present
	Duplicates []Entry // valid, but already earlier in the batch
	Existing   []Entry // valid, but already in the configuration
	Malformed  []Entry // not 32 hexadecimal characters (Text as typed, trimmed)
	Lines      int     // lines in the input
}

// IDs returns the new IDs, ready to send.
func (b Batch) IDs() []string {
	out := make([]string, len(b.New))
	for i, e := range b.New {
		out[i] = e.Text
	}
	return out
}

// ParseDeviceIDs splits input on LF, CRLF, commas and semicolons, trims
// blanks, upper-cases, and sorts each entry into the batch. existing holds the
// upper-cased IDs already in the configuration; it may be nil.
func ParseDeviceIDs(input string, existing map[string]bool) Batch {
	var b Batch
	seen := make(map[string]struct{})
	line := 0
	for rest := input; rest != "" || line == 0; {
		line++
		var ln string
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			ln, rest = rest[:i], rest[i+1:]
		} else {
			ln, rest = rest, ""
		}
		for ln != "" {
			var item string
			if i := strings.IndexAny(ln, ",;"); i >= 0 {
				item, ln = ln[:i], ln[i+1:]
			} else {
				item, ln = ln, ""
			}
			item = strings.TrimSpace(item) // also drops the \r of CRLF
			if item == "" {
				continue
			}
			id := strings.ToUpper(item)
			e := Entry{Line: line, Text: id}
			switch _, dup := seen[id]; {
			case !IsDeviceID(id):
				e.Text = item
				b.Malformed = append(b.Malformed, e)
			case dup:
				b.Duplicates = append(b.Duplicates, e)
			case existing[id]:
				seen[id] = struct{}{}
				b.Existing = append(b.Existing, e)
			default:
				seen[id] = struct{}{}
				b.New = append(b.New, e)
			}
		}
	}
	if input == "" {
		line = 0
	}
	b.Lines = line
	return b
}
