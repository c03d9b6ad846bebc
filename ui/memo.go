package ui

import "strconv"

// memo keeps styled strings that come out the same frame after frame (pane
// borders, the header, the tab line, the key help), so a cursor move pays
// lipgloss only for what changed. A key names every input of its string
// but the styles: reset drops everything when those change. A nil memo
// builds every time.
type memo struct{ m map[string]string }

// memoMax bounds the entries; past it the memo starts over, which costs
// one frame built in full.
const memoMax = 256

func (c *memo) get(key string, build func() string) string {
	if c == nil {
		return build()
	}
	if s, ok := c.m[key]; ok {
		return s
	}
	if c.m == nil || len(c.m) >= memoMax {
		c.m = make(map[string]string, 32)
	}
	s := build()
	c.m[key] = s
	return s
}

func (c *memo) reset() {
	if c != nil {
		c.m = nil
	}
}

// memoKey joins the inputs of a memoised string, each text preceded by
// its length, so distinct inputs always give distinct keys.
func memoKey(kind string, w int, flag bool, texts ...string) string {
	n := len(kind) + 8
	for _, t := range texts {
		n += len(t) + 4
	}
	b := make([]byte, 0, n)
	b = append(b, kind...)
	b = strconv.AppendInt(b, int64(w), 10)
	b = strconv.AppendBool(b, flag)
	for _, t := range texts {
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(len(t)), 10)
		b = append(b, ':')
		b = append(b, t...)
	}
	return string(b)
}
