package ui

import (
	"slices"
	"strconv"
	"strings"
)

// rowOrder is the order a table shows its rows in: the API's (col < 0),
// or by one column, ascending or reversed. The sort is stable, so rows
// that tie keep the API's order and a reload does not shuffle them.
type rowOrder struct {
	col  int // -1: the order the rows came in
	desc bool
}

func unsorted() rowOrder { return rowOrder{col: -1} }

// next sorts by the column after the current one, and after the last
// column goes back to the API's order.
func (o rowOrder) next(cols int) rowOrder {
	o.col++
	if o.col >= cols {
		return unsorted()
	}
	return o
}

// sort puts index (rows that passed the filter) in the order o says.
func (o rowOrder) sort(index []int, rows [][]string) {
	if o.col < 0 {
		return
	}
	cell := func(r int) string {
		if o.col < len(rows[r]) {
			return rows[r][o.col]
		}
		return ""
	}
	slices.SortStableFunc(index, func(a, b int) int {
		c := compareCells(cell(a), cell(b))
		if o.desc {
			return -c
		}
		return c
	})
}

// arrow is what column i's title carries: ↑ or ↓ on the sorted column.
func (o rowOrder) arrow(i int) string {
	switch {
	case i != o.col:
		return ""
	case o.desc:
		return "↓"
	}
	return "↑"
}

// compareCells orders two cells as a person reads them: numbers by value
// ("#9" before "#10"), text without regard to case, an empty cell or
// a dash (nothing there) last.
func compareCells(a, b string) int {
	ea, eb := blankCell(a), blankCell(b)
	if ea || eb {
		switch {
		case ea && eb:
			return 0
		case ea:
			return 1
		}
		return -1
	}
	if na, ok := cellNumber(a); ok {
		if nb, ok := cellNumber(b); ok {
			return cmpInt(na, nb)
		}
	}
	return foldCompare(a, b)
}

func blankCell(s string) bool { return s == "" || s == "—" }

// cellNumber reads a cell that is a whole number ("#12", "300"). Only
// digits are given to ParseInt: its error for anything else allocates,
// and a sort asks this of every pair it compares.
func cellNumber(s string) (int64, bool) {
	s = strings.TrimPrefix(s, "#")
	if s == "" || len(s) > 18 || strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// foldCompare compares without regard to ASCII case, without allocating:
// it runs for every comparison of a 10,000-row sort.
func foldCompare(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := lowerASCII(a[i]), lowerASCII(b[i])
		if ca != cb {
			return cmpInt(int64(ca), int64(cb))
		}
	}
	return cmpInt(int64(len(a)), int64(len(b)))
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
