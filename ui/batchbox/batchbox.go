package batchbox

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"tweakdash/ui/linebox"

	"tweakdash/ui/words"
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
}

const tagWidth = 11

// New returns an empty, focused box; existing holds the upper-cased IDs
// already in the configuration (it may be nil).
func New(existing map[string]bool) *Model {
	m := &Model{ed: linebox.New(), tally: newTally(existing), width: 60}
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
func (m *Model) Update(msg tea.Msg) tea.Cmd { return m.ed.Update(msg) }

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

func (m *Model) summary() string {
	st := m.tally.stats()
	parts := []string{
		m.Styles.New.Render(fmt.Sprintf("%s new", words.Thousands(st.New))),
		m.Styles.Duplicate.Render(fmt.Sprintf("%s duplicate", words.Thousands(st.Duplicates))),
		m.Styles.Existing.Render(fmt.Sprintf("%s already in config", words.Thousands(st.Existing))),
	}
	bad := m.Styles.Malformed.Render(fmt.Sprintf("%s malformed", words.Thousands(st.Malformed)))
	if nums, more := m.tally.malformedLines(3); len(nums) > 0 {
		s := make([]string, len(nums))
		for i, n := range nums {
			s[i] = strconv.Itoa(n)
		}
		list := "line " + strings.Join(s, ", ")
		if more {
			list += ", …"
		}
		bad += m.Styles.Editor.Muted.Render(" (" + list + ")")
	}
	parts = append(parts, bad)
	out := m.Styles.Summary.Render(words.Thousands(st.Lines)+" lines: ") + strings.Join(parts, " · ")
	if lipgloss.Width(out) > m.width {
		// Too narrow for words: the counts alone, in the same order.
		out = fmt.Sprintf("%s new · %s dup · %s in · %s bad", words.Thousands(st.New), words.Thousands(st.Duplicates), words.Thousands(st.Existing), words.Thousands(st.Malformed))
	}
	return out
}
