package batchbox

import (
	"charm.land/bubbles/v2/key"
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"strconv"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"tweakdash/ui/linebox"

	"tweakdash/internal/words"
)

// Styles colour the box; the caller fills them from the theme.
type Styles struct {
	Editor    linebox.Styles
	New       lipgloss.Style
	Duplicate lipgloss.Style
	Existing  lipgloss.Style
	Malformed lipgloss.Style
	Summary   lipgloss.Style
}

// Model is the batch box: a summary line over the editor.
type Model struct {
	ed     *linebox.Model
	tally  *tally
	width  int
	Styles Styles
	Keys   Keys

	// bad caches the first line numbers holding a malformed entry, for
	// the text version badFor: the summary asks every frame.
	bad    []int
	badFor int
}

// Keys are the box's own keys besides typing and moving.
type Keys struct {
	NewLine key.Binding // ends a line: IDs come one per line
	NextBad key.Binding // to the next line holding a malformed entry
}

// DefaultKeys are the box's keys.
func DefaultKeys() Keys {
	return Keys{
		NewLine: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line")),
		NextBad: key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "next bad")),
	}
}

// Help is the box's keys that act now: ctrl+n only while a line is bad.
func (m *Model) Help() []key.Binding {
	if m.tally.badLines == 0 {
		return []key.Binding{m.Keys.NewLine}
	}
	return []key.Binding{m.Keys.NewLine, m.Keys.NextBad}
}

const tagWidth = 11

// New returns an empty, focused box; existing holds the upper-cased IDs
// already in the configuration (it may be nil).
func New(existing map[string]bool) *Model {
	m := &Model{ed: linebox.New(), tally: newTally(existing), width: 60, Keys: DefaultKeys(), badFor: -1}
	m.ed.LineNumbers = true
	m.ed.OnSplice = m.tally.splice
	m.ed.Tag = m.tag
	m.ed.TagWidth = tagWidth
	m.ed.Focus()
	return m
}

// SetStyles sets the styles of the box and its editor.
func (m *Model) SetStyles(s Styles) {
	m.Styles = s
	m.ed.Styles = s.Editor
}

// SetSize sets the width and the number of text lines shown (the summary
// takes one more).
func (m *Model) SetSize(width, height int) {
	m.width = width
	m.ed.SetSize(width, height)
}

// Focus and Blur decide whether keys are taken and the cursor drawn.
func (m *Model) Focus()        { m.ed.Focus() }
func (m *Model) Blur()         { m.ed.Blur() }
func (m *Model) Focused() bool { return m.ed.Focused() }

// Stats returns the live totals.
func (m *Model) Stats() Stats { return m.tally.stats() }

// IDs returns the IDs a submit sends: valid, new, upper-cased, deduplicated.
func (m *Model) IDs() []string { return m.tally.newIDs() }

// Version changes whenever the text does: a cheap key for caching what is
// derived from it.
func (m *Model) Version() int { return m.tally.version }

// Value returns the text as typed, with LF line ends.
func (m *Model) Value() string { return m.ed.Value() }

// SetValue replaces the whole text (for drafts and tests).
func (m *Model) SetValue(s string) { m.ed.SetValue(s) }

// Update takes keys and pastes while focused.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && m.Focused() && key.Matches(k, m.Keys.NextBad) {
		if i := m.tally.nextBad(m.ed.Row()); i >= 0 {
			m.ed.GoTo(i)
		}
		return nil
	}
	return m.ed.Update(msg)
}

// Row is the 0-based line the cursor is on.
func (m *Model) Row() int { return m.ed.Row() }

// View draws the summary line and the visible lines only.
func (m *Model) View() string { return m.summary() + "\n" + m.ed.View() }

// tag says what line i holds: ✓ new, duplicate, in config, or malformed.
func (m *Model) tag(row int) string {
	items := m.tally.items[row]
	var nw, dup, ex, bad int
	for j, it := range items {
		switch {
		case !it.valid:
			bad++
		case m.tally.existing[it.id]:
			ex++
		case m.tally.counts[it.id] > 1 && !m.tally.first(row, j):
			dup++
		default:
			nw++
		}
	}
	switch n := len(items); {
	case n == 0:
		return ""
	case n == 1 && bad == 1:
		return m.Styles.Malformed.Render("✗ malformed")
	case n == 1 && ex == 1:
		return m.Styles.Existing.Render("in config")
	case n == 1 && dup == 1:
		return m.Styles.Duplicate.Render("duplicate")
	case n == 1:
		return m.Styles.New.Render("✓")
	}
	parts := make([]string, 0, 4)
	for _, p := range []struct {
		n     int
		label string
		st    lipgloss.Style
	}{{nw, "✓", m.Styles.New}, {dup, "dup", m.Styles.Duplicate}, {ex, "in", m.Styles.Existing}, {bad, "✗", m.Styles.Malformed}} {
		if p.n > 0 {
			parts = append(parts, p.st.Render(fmt.Sprintf("%s%d", p.label, p.n)))
		}
	}
	return strings.Join(parts, " ")
}

// summary is the line over the editor: the counts, and the numbers of the
// lines holding a malformed entry, as many as fit ("+3 more" for the rest)
// at any width: they are the only pointer to what needs fixing.
func (m *Model) summary() string {
	st := m.tally.stats()
	if st.Entries == 0 {
		return m.Styles.Summary.Render(fitText("empty: paste or type device IDs, one per line", m.width))
	}
	type count struct {
		n           int
		wide, short string
		st          lipgloss.Style
	}
	counts := []count{
		{st.New, "new", "new", m.Styles.New},
		{st.Duplicates, "duplicate", "dup", m.Styles.Duplicate},
		{st.Existing, "already in config", "in", m.Styles.Existing},
		{st.Malformed, "malformed", "bad", m.Styles.Malformed},
	}
	// join spells the counts, long or short, all or only those not zero.
	join := func(short, nonZero bool) string {
		parts := make([]string, 0, len(counts))
		for _, c := range counts {
			if nonZero && c.n == 0 {
				continue
			}
			label := c.wide
			if short {
				label = c.short
			}
			parts = append(parts, c.st.Render(words.Thousands(c.n)+" "+label))
		}
		return strings.Join(parts, " · ")
	}
	head := m.Styles.Summary.Render(words.Plural(st.Lines, "line") + ": ")
	nums := m.badLines()
	// The counts take the longest form that leaves room for the whole
	// list of bad lines, or else for its first number and a count of the
	// others.
	all, least := 0, 0
	if len(nums) > 0 {
		all = cells(badList(nums, m.tally.badLines, m.width))
		least = cells(" · bad: " + strconv.Itoa(nums[0]) + ", +" + words.Thousands(m.tally.badLines) + " more")
	}
	forms := []string{head + join(false, false), head + join(true, false), join(true, false), join(true, true)}
	out := forms[len(forms)-1]
outer:
	for _, need := range []int{all, least} {
		for _, c := range forms {
			if lipgloss.Width(c)+need <= m.width {
				out = c
				break outer
			}
		}
	}
	if len(nums) > 0 {
		list := badList(nums, m.tally.badLines, m.width-lipgloss.Width(out))
		if strings.HasSuffix(out, m.Styles.Malformed.Render(words.Thousands(st.Malformed)+" bad")) {
			list = strings.Replace(list, " · bad: ", ": ", 1) // "2 bad: 1, 2", not "2 bad · bad: 1, 2"
		}
		out += m.Styles.Malformed.Render(list)
	}
	return ansi.Truncate(out, m.width, "…")
}

// badLines are the first line numbers holding a malformed entry, as many
// as a line of the box could show.
func (m *Model) badLines() []int {
	if m.badFor != m.tally.version {
		m.bad, _ = m.tally.malformedLines(max(m.width/2, 1))
		m.badFor = m.tally.version
	}
	return m.bad
}

// badList is " · bad: 18, 26, 109" in at most room cells, with "+N more"
// for the numbers that do not fit; total is how many lines are bad.
func badList(nums []int, total, room int) string {
	if len(nums) == total {
		strs := make([]string, len(nums))
		for i, n := range nums {
			strs[i] = strconv.Itoa(n)
		}
		if all := " · bad: " + strings.Join(strs, ", "); cells(all) <= room {
			return all
		}
	}
	out := " · bad: "
	for i, n := range nums {
		s := strconv.Itoa(n)
		if i > 0 {
			s = ", " + s
		}
		rest := total - i - 1
		more := ""
		if rest > 0 {
			more = ", +" + words.Thousands(rest) + " more"
		}
		if i > 0 && cells(out)+cells(s)+cells(more) > room {
			return out + ", +" + words.Thousands(total-i) + " more"
		}
		out += s
	}
	if rest := total - len(nums); rest > 0 {
		out += ", +" + words.Thousands(rest) + " more"
	}
	return out
}

func cells(s string) int { return utf8.RuneCountInString(s) } // the text here is one cell a rune

// fitText cuts s to w cells.
func fitText(s string, w int) string {
	if len(s) <= w {
		return s
	}
	return s[:max(w-1, 0)] + "…"
}
