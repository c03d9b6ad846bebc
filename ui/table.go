package ui

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"tweakdash/internal/termsafe"
	"tweakdash/internal/words"
	"tweakdash/theme"
)

// column is one column of a table. Widths are fixed so that columns do not
// jump as the user scrolls; the one flex column takes the space left over
// (at least width cells). When the pane is too narrow, columns are dropped
// from the right.
type column struct {
	title string
	width int
	flex  bool
	muted bool
}

// table is a list of rows with a cursor, a filter (text and qualifiers,
// tablequery.go), an order (tableorder.go) and fixed column widths. It draws only the rows on screen, and refilters only when
// the filter text changes, so that the cost of a frame does not grow with
// the number of rows (10,000 device IDs is a real case; bubbles/list and
// lipgloss/table are O(rows) per keystroke or frame).
type table struct {
	st   *theme.Styles
	keys keyTable[*table]

	cols   []column
	widths []int // per column; 0 hides it

	rows  [][]string // display cells, made terminal-safe once in setRows
	hay   []string   // per row, the cells lower-cased and joined, for the filter
	index []int      // rows that pass the filter, in the order shown
	// tags are each row's qualifiers (is:active, type:ssh), and
	// qualifiers the words the rows can carry, both set by the owner
	// before setRows; a table without them knows no qualifier.
	tags       [][]string
	qualifiers []string
	order      rowOrder
	// sorted, when the owner sets it, keeps a change of order.
	sorted func(rowOrder) tea.Cmd
	// flags mark rows a reload found added (+) or changed (~), by row,
	// for a few seconds (flagRows); flagGen counts the markings.
	flags   map[int]string
	flagGen int
	// cursor and offset are positions in index: the selected row and the
	// first row drawn.
	cursor, offset int

	width, height int
	header        bool // draw the column titles
	filterLine    bool // always draw the filter line (a hint when idle)
	focused       bool
	empty         string // shown when there are no rows at all

	query   lineInput // the filter as typed
	typing  bool
	applied rowQuery // the query that index was computed for

	// drawn caches the drawing of each row when it is not under the
	// cursor, so that a cursor move draws two rows anew, not a screenful.
	// It holds for the width and theme in drawnFor.
	drawn    []string
	drawnFor drawKey

	// marks holds the rows (indexes into rows) marked for a bulk action;
	// recordKeys, when the owner sets them, name each row's record, so
	// that the marks can follow the records when the rows change.
	marks      map[int]bool
	recordKeys []string
}

// drawKey is what a row's drawing depends on besides its cells.
type drawKey struct {
	width         int
	dark, noColor bool
}

func newTable(st *theme.Styles, cols []column, header bool, empty string) *table {
	return &table{st: st, keys: tableKeys(), cols: cols, header: header, empty: empty, order: unsorted()}
}

// The first rows of a table's keys, for the owners' help.
const (
	keyFilter = iota
	keyAccept
	keyClear
	keySort
	keyReverse
)

// tableKeys are a table's own keys: the filter's, then moving. A key that
// does not apply now is hidden, so that the owner gets it (esc with no
// filter is back, enter is open).
func tableKeys() keyTable[*table] {
	return append(keyTable[*table]{
		{id: "filter", Binding: newKey("/", "filter", "/"),
			off: func(t *table) string { return hiddenIf(t.typing) },
			do:  func(t *table) (tea.Cmd, tea.Msg) { t.typing = true; t.clamp(); return nil, nil }},
		{Binding: newKey("enter", "keep filter", "enter"),
			off: func(t *table) string { return hiddenIf(!t.typing) },
			do:  func(t *table) (tea.Cmd, tea.Msg) { t.typing = false; t.clamp(); return nil, nil }},
		{Binding: newKey("esc", "clear filter", "esc"),
			off: func(t *table) string { return hiddenIf(!t.typing && t.query.empty()) },
			do:  func(t *table) (tea.Cmd, tea.Msg) { t.clearFilter(); return nil, nil }},
		// Only a table with column titles sorts: they show the arrow.
		{id: "sort", Binding: newKey("o", "sort by column", "o"),
			off: func(t *table) string { return hiddenIf(!t.header) },
			do:  func(t *table) (tea.Cmd, tea.Msg) { return t.sortBy(t.order.next(len(t.cols))), nil }},
		{id: "reverse", Binding: newKey("O", "reverse sort", "O"),
			off: func(t *table) string {
				switch {
				case !t.header:
					return hidden
				case t.order.col < 0:
					return "not sorted: " + t.keys[keySort].Help().Key + " sorts by a column first"
				}
				return ""
			},
			do: func(t *table) (tea.Cmd, tea.Msg) {
				o := t.order
				o.desc = !o.desc
				return t.sortBy(o), nil
			}},
	}, navRows((*table).moveBy, (*table).visible, func(t *table) int { return len(t.index) })...)
}

func hiddenIf(b bool) string {
	if b {
		return hidden
	}
	return ""
}

// filterHelp is the help of the filter keys that work now: "/ filter"
// when browsing, "enter keep filter · esc clear filter" while typing.
func (t *table) filterHelp() []key.Binding {
	return []key.Binding{t.keys[keyFilter].binding(t), t.keys[keyAccept].binding(t), t.keys[keyClear].binding(t)}
}

// setRows replaces the rows. Cells are made terminal-safe here, once, so
// that drawing a frame does no sanitising. The cursor keeps its position
// when it can (a reload), and the filter is applied again.
func (t *table) setRows(rows [][]string) {
	t.rows = make([][]string, len(rows))
	t.hay = make([]string, len(rows))
	for i, r := range rows {
		cells := make([]string, len(r))
		for j, c := range r {
			cells[j] = termsafe.Line(c)
		}
		t.rows[i] = cells
		t.hay[i] = strings.ToLower(strings.Join(cells, "\x00"))
	}
	t.drawn = make([]string, len(rows))
	t.marks, t.flags = nil, nil // row indexes mean other records now
	cur := t.cursor
	t.refilter(true)
	t.cursor = cur
	t.clamp()
}

// refilter recomputes index when the query changed since it was last
// applied (or force). A query that narrows the previous one can only
// match fewer rows, so then only the rows that matched before are
// searched; they are in order already. The selected row stays selected
// when it still matches.
func (t *table) refilter(force bool) {
	q := parseRowQuery(t.query.String())
	if !force && q.text == t.applied.text && slices.Equal(q.quals, t.applied.quals) {
		return
	}
	sel, hadSel := t.selected()
	tagsOf := func(r int) []string { // the qualifiers' words of row r
		if r < len(t.tags) {
			return t.tags[r]
		}
		return nil
	}
	narrowing := !force && t.index != nil && q.narrows(t.applied)
	var next []int
	if narrowing {
		next = make([]int, 0, len(t.index))
		for _, i := range t.index {
			if q.matches(t.hay[i], tagsOf(i)) {
				next = append(next, i)
			}
		}
	} else {
		next = make([]int, 0, len(t.rows))
		for i, h := range t.hay {
			if q.matches(h, tagsOf(i)) {
				next = append(next, i)
			}
		}
		t.order.sort(next, t.rows)
	}
	t.index, t.applied = next, q
	t.cursor = 0
	if hadSel {
		if p := slices.Index(t.index, sel); p >= 0 {
			t.cursor = p
		}
	}
	t.clamp()
}

// sortBy shows the rows in order o, the selected row kept, and returns
// what keeps the new order.
func (t *table) sortBy(o rowOrder) tea.Cmd {
	t.order = o
	t.refilter(true)
	if t.sorted == nil {
		return nil
	}
	return t.sorted(o)
}

// setSize sets the cells the table draws into, filter and header lines
// included, and works out the column widths.
func (t *table) setSize(w, h int) {
	t.width, t.height = max(w, 0), max(h, 0)
	t.layoutColumns()
	t.clamp()
}

func (t *table) layoutColumns() {
	t.widths = make([]int, len(t.cols))
	avail := t.width - 1 // the cursor mark
	shown := make([]bool, len(t.cols))
	for i := range t.cols {
		shown[i] = true
	}
	need := func() (n, count int) {
		for i, c := range t.cols {
			if shown[i] {
				n += c.width
				count++
			}
		}
		return n + max(count-1, 0), count
	}
	for n, _ := need(); n > avail; n, _ = need() {
		drop := -1
		for i := len(t.cols) - 1; i >= 0; i-- {
			if shown[i] && !t.cols[i].flex {
				drop = i
				break
			}
		}
		if drop < 0 {
			break
		}
		shown[drop] = false
	}
	n, _ := need()
	spare := max(avail-n, 0)
	for i, c := range t.cols {
		if !shown[i] {
			continue
		}
		t.widths[i] = c.width
		if c.flex {
			t.widths[i] += spare
			spare = 0
		}
	}
	// No flex column: the last shown one takes the rest.
	for i := len(t.cols) - 1; i >= 0 && spare > 0; i-- {
		if shown[i] {
			t.widths[i] += spare
			break
		}
	}
	// Narrower than the flex column's minimum: cut it (or the last column)
	// so that a row never outgrows the table.
	if over := n - avail; over > 0 {
		for i := len(t.cols) - 1; i >= 0 && over > 0; i-- {
			if !shown[i] || !t.cols[i].flex && i != lastShown(shown) {
				continue
			}
			cut := min(over, t.widths[i])
			t.widths[i] -= cut
			over -= cut
		}
	}
}

func lastShown(shown []bool) int {
	for i := len(shown) - 1; i >= 0; i-- {
		if shown[i] {
			return i
		}
	}
	return -1
}

// showFilter reports whether the filter line is drawn.
func (t *table) showFilter() bool {
	return t.filterLine || t.typing || !t.query.empty() || len(t.marks) > 0
}

// chrome is the number of lines above the rows.
func (t *table) chrome() int {
	n := 0
	if t.showFilter() {
		n++
	}
	if t.header {
		n++
	}
	return n
}

// visible is the number of rows drawn.
func (t *table) visible() int { return max(t.height-t.chrome(), 1) }

// clamp keeps the cursor on a row and on screen.
func (t *table) clamp() {
	n := len(t.index)
	t.cursor = min(max(t.cursor, 0), max(n-1, 0))
	v := t.visible()
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+v {
		t.offset = t.cursor - v + 1
	}
	t.offset = min(max(t.offset, 0), max(n-v, 0))
}

func (t *table) moveBy(d int) {
	t.cursor += d
	t.clamp()
}

// selected returns the index (into the rows given to setRows) of the row
// under the cursor.
func (t *table) selected() (int, bool) {
	if t.cursor < 0 || t.cursor >= len(t.index) {
		return 0, false
	}
	return t.index[t.cursor], true
}

// total and shown count all rows and the rows that pass the filter.
func (t *table) total() int { return len(t.rows) }
func (t *table) shown() int { return len(t.index) }

// update handles a key. It reports whether the key was the table's, so
// that the owner can handle the rest; while the filter is being typed every
// key is the table's. cmd keeps a new order, or says why a key cannot act.
// update takes a key: the table's own, or while the filter is typed,
// the filter's (the arrows still move).
func (t *table) update(msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	if !t.typing {
		cmd, _, ok = t.keys.press(t, msg)
		return cmd, ok
	}
	for _, k := range []int{keyClear, keyAccept} {
		if key.Matches(msg, t.keys[k].Binding) {
			t.keys[k].do(t)
			return nil, true
		}
	}
	switch msg.Code {
	case tea.KeyUp:
		t.moveBy(-1)
	case tea.KeyDown:
		t.moveBy(1)
	case tea.KeyPgUp:
		t.moveBy(-t.visible())
	case tea.KeyPgDown:
		t.moveBy(t.visible())
	default:
		t.query.update(msg)
		t.refilter(false)
	}
	return nil, true
}

// paste adds pasted text to the filter while it is being typed; a paste is
// never read as keys.
func (t *table) paste(s string) {
	if !t.typing {
		return
	}
	t.query.update(tea.PasteMsg{Content: s})
	t.refilter(false)
}

// selectRow puts the cursor on row r (an index into the rows), if shown.
func (t *table) selectRow(r int) {
	for p, i := range t.index {
		if i == r {
			t.cursor = p
			t.clamp()
			return
		}
	}
}

func (t *table) clearFilter() {
	t.query, t.typing = lineInput{}, false
	t.refilter(false)
}

// clickRow selects the row drawn on line y of the table (0 is its first
// line). It reports whether y was a row.
func (t *table) clickRow(y int) bool {
	p := t.offset + y - t.chrome()
	if y < t.chrome() || p >= len(t.index) || p >= t.offset+t.visible() {
		return false
	}
	t.cursor = p
	t.clamp()
	return true
}

// view draws exactly height lines, each exactly width cells wide.
func (t *table) view() string {
	if t.width <= 0 || t.height <= 0 {
		return ""
	}
	lines := make([]string, 0, t.height)
	if t.showFilter() {
		lines = append(lines, t.filterView())
	}
	if t.header {
		lines = append(lines, t.st.Table.Header.Render(t.line(t.titles(), " ")))
	}
	if len(t.index) == 0 {
		msg := t.empty
		if len(t.rows) > 0 {
			msg = "no match for “" + t.query.String() + "”"
		}
		if w := t.applied.unknown(t.qualifiers); w != "" {
			msg = "“" + w + "” is not a filter of this list; " + knownQualifiers(t.qualifiers)
		}
		lines = append(lines, t.st.Table.Empty.Render(fit(" "+msg, t.width)))
	}
	end := min(t.offset+t.visible(), len(t.index))
	for p := t.offset; p < end; p++ {
		lines = append(lines, t.rowView(t.index[p], p == t.cursor))
	}
	blank := strings.Repeat(" ", t.width)
	for len(lines) < t.height {
		lines = append(lines, blank)
	}
	return strings.Join(lines[:t.height], "\n")
}

func (t *table) titles() []string {
	out := make([]string, len(t.cols))
	for i, c := range t.cols {
		out[i] = c.title
		if arrow := t.order.arrow(i); arrow != "" {
			// The arrow is what says the list is sorted: the title gives way.
			if i < len(t.widths) && termsafe.Width(c.title) >= t.widths[i] {
				out[i] = termsafe.Truncate(c.title, max(t.widths[i]-1, 1))
			}
			out[i] += arrow
		}
	}
	return out
}

// line lays cells out in the column widths after a one-cell mark.
func (t *table) line(cells []string, mark string) string {
	var b strings.Builder
	b.WriteString(mark)
	first := true
	for i, w := range t.widths {
		if w == 0 {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		c := ""
		if i < len(cells) {
			c = cells[i]
		}
		b.WriteString(fit(c, w))
	}
	return fit(b.String(), t.width)
}

func (t *table) rowView(r int, selected bool) string {
	cells := t.rows[r]
	if selected {
		st := t.st.Table.SelectedBlurred
		if t.focused {
			st = t.st.Table.Selected
		}
		mark := "▌"
		if t.marks[r] {
			mark = "✓"
		}
		return st.Render(t.line(cells, mark))
	}
	key := drawKey{width: t.width, dark: t.st.Dark, noColor: t.st.NoColor}
	if key != t.drawnFor {
		clear(t.drawn)
		t.drawnFor = key
	}
	if d := t.drawn[r]; d != "" {
		return d
	}
	// Each cell is styled on its own so that muted columns stay muted.
	var b strings.Builder
	switch f := t.flags[r]; {
	case t.marks[r]:
		b.WriteString(t.st.Table.Selected.Render("✓"))
	case f != "":
		b.WriteString(t.st.Table.Flag.Render(f))
	default:
		b.WriteByte(' ')
	}
	first := true
	used := 1
	for i, w := range t.widths {
		if w == 0 {
			continue
		}
		if !first {
			b.WriteByte(' ')
			used++
		}
		first = false
		c := ""
		if i < len(cells) {
			c = cells[i]
		}
		st := t.st.Table.Cell
		if t.cols[i].muted {
			st = t.st.Table.Muted
		}
		b.WriteString(st.Render(fit(c, w)))
		used += w
	}
	if used < t.width {
		b.WriteString(strings.Repeat(" ", t.width-used))
	}
	t.drawn[r] = b.String()
	return t.drawn[r]
}

func (t *table) filterView() string {
	count := ""
	if !t.query.empty() || t.typing {
		count = strconv.Itoa(len(t.index)) + "/" + strconv.Itoa(len(t.rows))
	}
	if n := len(t.marks); n > 0 {
		if count != "" {
			count += " · "
		}
		count += words.Thousands(n) + " marked"
	}
	cw := lipgloss.Width(count)
	if !t.typing && t.query.empty() {
		if pad := t.width - 9 - cw; count != "" && pad >= 0 {
			return t.st.Table.FilterHint.Render(" / filter"+strings.Repeat(" ", pad)) + t.st.Table.Selected.Render(count)
		}
		return t.st.Table.FilterHint.Render(fit(" / filter", t.width))
	}
	// " / query" then, while typing, a block cursor; the count on the right.
	room := max(t.width-cw-4, 1)
	q := termsafe.Line(t.query.String())
	if t.typing {
		room--
		if termsafe.Width(q) > room {
			q = tail(q, room)
		}
	} else {
		q = termsafe.Truncate(q, room)
	}
	left := t.st.Table.Filter.Render(" / " + q)
	used := 3 + termsafe.Width(q)
	if t.typing {
		left += t.st.Table.Selected.Render(" ")
		used++
	}
	pad := t.width - used - cw
	if pad < 0 {
		return fit(" / "+q, t.width)
	}
	return left + strings.Repeat(" ", pad) + t.st.Table.FilterHint.Render(count)
}

// fit cuts s (terminal-safe, unstyled) to w cells with "…" and pads it
// with spaces to exactly w cells.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = termsafe.Truncate(s, w)
	if n := termsafe.Width(s); n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// tail keeps the last w cells of s, marking the cut with "…" at the start.
func tail(s string, w int) string {
	if w <= 0 {
		return ""
	}
	rs := []rune(s)
	for i := range rs {
		if termsafe.Width(string(rs[i:])) <= w-1 {
			return "…" + string(rs[i:])
		}
	}
	return "…"
}

// setFlags marks rows as a reload found them (nil: none) and returns the
// marks' generation: an unflagMsg of an older one leaves them.
func (t *table) setFlags(flags map[int]string) int {
	t.flags = flags
	t.flagGen++
	clear(t.drawn)
	return t.flagGen
}

// toggleMark marks or unmarks row r (an index into the rows).
func (t *table) toggleMark(r int) {
	if t.marks == nil {
		t.marks = map[int]bool{}
	}
	if t.marks[r] {
		delete(t.marks, r)
	} else {
		t.marks[r] = true
	}
	if r < len(t.drawn) {
		t.drawn[r] = ""
	}
	t.clamp() // the marks line may come or go
}

// markShown marks every row shown (after a filter: the matches); when all
// of them are marked already, it unmarks them.
func (t *table) markShown() {
	all := len(t.index) > 0
	for _, r := range t.index {
		if !t.marks[r] {
			all = false
			break
		}
	}
	if t.marks == nil {
		t.marks = map[int]bool{}
	}
	for _, r := range t.index {
		if all {
			delete(t.marks, r)
		} else {
			t.marks[r] = true
		}
	}
	clear(t.drawn)
	t.clamp()
}

// marked returns the marked rows in order. It is asked on every key press
// (which write keys apply), so it costs the marks, not the rows.
func (t *table) marked() []int {
	out := make([]int, 0, len(t.marks))
	for r, on := range t.marks {
		if on && r < len(t.rows) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}

// clearMarks unmarks every row; it reports whether any was marked.
func (t *table) clearMarks() bool {
	if len(t.marks) == 0 {
		return false
	}
	t.marks = nil
	clear(t.drawn)
	t.clamp()
	return true
}

// unmark unmarks the rows whose record keys are in keys.
func (t *table) unmark(keys map[string]bool) {
	for r := range t.marks {
		if r < len(t.recordKeys) && keys[t.recordKeys[r]] {
			t.toggleMark(r)
		}
	}
}
