// Package batchbox is the device-ID batch box: a linebox editor that takes a
// paste of any size, with a live count of what it holds and a line-by-line
// preview. Each line is parsed when it changes and the totals are kept up to
// date incrementally, so a keystroke costs the same at 10 lines or 10,000.
package batchbox

import (
	"strings"

	"tweakdash/model"
)

// item is one comma- or semicolon-separated entry of a line.
type item struct {
	id    string // upper-cased and trimmed
	valid bool
}

// Stats are the live totals of the buffer.
type Stats struct {
	Lines      int // lines in the buffer
	Entries    int // non-blank entries
	New        int // distinct valid IDs not in the configuration: what will be sent
	Duplicates int // valid entries that repeat an earlier one
	Existing   int // distinct valid IDs already in the configuration
	Malformed  int // entries that are not 32 hexadecimal characters
}

// tally holds the parsed entries of each line and the counts that make
// Stats cheap. It mirrors the editor's lines through splice.
type tally struct {
	items    [][]item
	existing map[string]bool
	counts   map[string]int // valid ID → occurrences in the buffer
	valid    int            // valid entries
	existN   int            // distinct valid IDs in existing
	bad      int            // malformed entries
	entries  int
	badLines int // lines holding a malformed entry
	version  int // bumped on every change, so owners can cache derived values
}

func newTally(existing map[string]bool) *tally {
	return &tally{items: [][]item{nil}, existing: existing, counts: make(map[string]int)}
}

func parseLine(text string) []item {
	var items []item
	for rest := text; rest != ""; {
		var s string
		if i := strings.IndexAny(rest, ",;"); i >= 0 {
			s, rest = rest[:i], rest[i+1:]
		} else {
			s, rest = rest, ""
		}
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		id := strings.ToUpper(s)
		items = append(items, item{id: id, valid: model.IsDeviceID(id)})
	}
	return items
}

func (t *tally) count(items []item, delta int) {
	for _, it := range items {
		t.entries += delta
		if !it.valid {
			t.bad += delta
			continue
		}
		t.valid += delta
		n := t.counts[it.id]
		switch {
		case delta > 0 && n == 0 && t.existing[it.id]:
			t.existN++
		case delta < 0 && n == 1 && t.existing[it.id]:
			t.existN--
		}
		if n+delta == 0 {
			delete(t.counts, it.id)
		} else {
			t.counts[it.id] = n + delta
		}
	}
}

// splice follows the editor: lines [from, to) become repl.
func (t *tally) splice(from, to int, repl []string) {
	t.version++
	for _, items := range t.items[from:to] {
		t.count(items, -1)
		if hasBad(items) {
			t.badLines--
		}
	}
	parsed := make([][]item, len(repl))
	for i, s := range repl {
		parsed[i] = parseLine(s)
		t.count(parsed[i], +1)
		if hasBad(parsed[i]) {
			t.badLines++
		}
	}
	if to-from == len(parsed) {
		copy(t.items[from:to], parsed)
		return
	}
	t.items = append(t.items[:from], append(parsed, t.items[to:]...)...)
}

func (t *tally) stats() Stats {
	return Stats{
		Lines:      len(t.items),
		Entries:    t.entries,
		New:        len(t.counts) - t.existN,
		Duplicates: t.valid - len(t.counts),
		Existing:   t.existN,
		Malformed:  t.bad,
	}
}

// newIDs returns the IDs to send: valid, upper-cased, first occurrence only,
// not already in the configuration, in the order they appear.
func (t *tally) newIDs() []string {
	out := make([]string, 0, len(t.counts))
	seen := make(map[string]bool, len(t.counts))
	for _, items := range t.items {
		for _, it := range items {
			if it.valid && !seen[it.id] && !t.existing[it.id] {
				seen[it.id] = true
				out = append(out, it.id)
			}
		}
	}
	return out
}

// first reports whether item j of line row is the first occurrence of its ID.
// Only the visible rows ask, and only for IDs that occur more than once, so
// the scan is bounded by the distance to the earlier copy.
func (t *tally) first(row, j int) bool {
	id := t.items[row][j].id
	for _, it := range t.items[row][:j] {
		if it.id == id {
			return false
		}
	}
	for i := row - 1; i >= 0; i-- {
		for _, it := range t.items[i] {
			if it.id == id {
				return false
			}
		}
	}
	return true
}

// hasBad reports whether a line holds a malformed entry.
func hasBad(items []item) bool {
	for _, it := range items {
		if !it.valid {
			return true
		}
	}
	return false
}

// malformedLines returns up to n 1-based line numbers holding a malformed
// entry, and whether there are more.
func (t *tally) malformedLines(n int) ([]int, bool) {
	var out []int
	if t.badLines == 0 {
		return nil, false
	}
	for i, items := range t.items {
		if hasBad(items) {
			if len(out) == n {
				return out, true
			}
			out = append(out, i+1)
		}
	}
	return out, false
}

// nextBad is the first line after row holding a malformed entry, from the
// top again after the last; -1 when there is none.
func (t *tally) nextBad(row int) int {
	n := len(t.items)
	for k := 1; k <= n; k++ {
		if i := (row + k) % n; hasBad(t.items[i]) {
			return i
		}
	}
	return -1
}
