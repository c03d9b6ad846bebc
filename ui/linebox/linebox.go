// Package linebox is a multi-line text editor that takes a paste of any size
// and draws only the lines in view. The stock textarea (and huh's Text, built
// on it) stops taking input at 99 lines, truncates pastes at 10,000 lines,
// doubles CRLF line breaks and re-renders every line per keystroke; an
// OpenVPN config or a batch of device IDs needs none of that.
package linebox

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"tweakdash/internal/termsafe"
)

// Styles colour the box; the caller fills them from the theme.
type Styles struct {
	LineNo lipgloss.Style
	Text   lipgloss.Style
	Cursor lipgloss.Style
	Muted  lipgloss.Style
}

// Model is the editor. Its methods mutate it in place: copying a
// 10,000-line buffer per keystroke is what it exists to avoid.
type Model struct {
	lines         []string
	row, col      int // cursor: line, byte offset at a rune boundary
	offset        int // first visible line
	width, height int
	focused       bool

	Styles      Styles
	LineNumbers bool
	Mask        bool // draw every character as • (secrets)

	// OnSplice, when set, is told of every change before it is applied:
	// lines [from, to) are replaced by repl. It lets an owner keep derived
	// data (counts, parses) up to date per line instead of per buffer.
	OnSplice func(from, to int, repl []string)
	// Tag, when set, draws a status at the right of line i, TagWidth cells.
	Tag      func(i int) string
	TagWidth int
}

// New returns an empty editor.
func New() *Model {
	return &Model{lines: []string{""}, width: 60, height: 6}
}

// SetSize sets the width and the number of lines shown.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = max(width, 10), max(height, 1)
	m.scroll()
}

// Height is the number of lines shown.
func (m *Model) Height() int { return m.height }

// Focus and Blur decide whether keys are taken and the cursor drawn.
func (m *Model) Focus()        { m.focused = true }
func (m *Model) Blur()         { m.focused = false }
func (m *Model) Focused() bool { return m.focused }

// Len is the number of lines.
func (m *Model) Len() int { return len(m.lines) }

// Line returns line i.
func (m *Model) Line(i int) string { return m.lines[i] }

// Value returns the text with LF line ends.
func (m *Model) Value() string { return strings.Join(m.lines, "\n") }

// SetValue replaces the whole text; CRLF and CR become LF.
func (m *Model) SetValue(s string) {
	m.splice(0, len(m.lines), strings.Split(normalizeNewlines(s), "\n"))
	m.row, m.col, m.offset = 0, 0, 0
}

// Row is the cursor's line.
func (m *Model) Row() int { return m.row }

// GoTo puts the cursor at the start of line i, scrolled into view.
func (m *Model) GoTo(i int) {
	m.row, m.col = min(max(i, 0), len(m.lines)-1), 0
	m.scroll()
}

// cursorEnd puts the cursor after the last character.
func (m *Model) cursorEnd() {
	m.row = len(m.lines) - 1
	m.col = len(m.lines[m.row])
	m.scroll()
}

// splice replaces lines [from, to) with repl: the one way the text changes.
func (m *Model) splice(from, to int, repl []string) {
	if m.OnSplice != nil {
		m.OnSplice(from, to, repl)
	}
	if to-from == len(repl) {
		copy(m.lines[from:to], repl)
		return
	}
	m.lines = append(m.lines[:from], append(repl, m.lines[to:]...)...)
}

func (m *Model) set(i int, s string) { m.splice(i, i+1, []string{s}) }

// Update takes keys and pastes while focused.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if !m.focused {
		return nil
	}
	switch msg := msg.(type) {
	case tea.PasteMsg:
		m.Insert(msg.Content)
	case tea.KeyPressMsg:
		m.key(msg)
	}
	return nil
}

func (m *Model) key(k tea.KeyPressMsg) {
	cur := m.lines[m.row]
	switch k.String() {
	case "enter", "ctrl+j":
		m.Insert("\n")
	case "backspace", "ctrl+h":
		switch {
		case m.col > 0:
			_, n := utf8.DecodeLastRuneInString(cur[:m.col])
			m.set(m.row, cur[:m.col-n]+cur[m.col:])
			m.col -= n
		case m.row > 0:
			prev := m.lines[m.row-1]
			m.splice(m.row-1, m.row+1, []string{prev + cur})
			m.row--
			m.col = len(prev)
		}
	case "delete", "ctrl+d":
		switch {
		case m.col < len(cur):
			_, n := utf8.DecodeRuneInString(cur[m.col:])
			m.set(m.row, cur[:m.col]+cur[m.col+n:])
		case m.row < len(m.lines)-1:
			m.splice(m.row, m.row+2, []string{cur + m.lines[m.row+1]})
		}
	case "left", "ctrl+b":
		if m.col > 0 {
			_, n := utf8.DecodeLastRuneInString(cur[:m.col])
			m.col -= n
		} else if m.row > 0 {
			m.row--
			m.col = len(m.lines[m.row])
		}
	case "right", "ctrl+f":
		if m.col < len(cur) {
			_, n := utf8.DecodeRuneInString(cur[m.col:])
			m.col += n
		} else if m.row < len(m.lines)-1 {
			m.row, m.col = m.row+1, 0
		}
	case "up":
		m.moveRow(-1)
	case "down":
		m.moveRow(1)
	case "pgup":
		m.moveRow(-m.height)
	case "pgdown":
		m.moveRow(m.height)
	case "home", "ctrl+a":
		m.col = 0
	case "end", "ctrl+e":
		m.col = len(cur)
	case "ctrl+home":
		m.row, m.col = 0, 0
	case "ctrl+end":
		m.cursorEnd()
	case "ctrl+u":
		m.set(m.row, cur[m.col:])
		m.col = 0
	case "ctrl+k":
		m.set(m.row, cur[:m.col])
	default:
		if k.Text != "" && k.Mod&^tea.ModShift == 0 {
			m.Insert(k.Text)
		}
	}
	m.scroll()
}

func (m *Model) moveRow(d int) {
	m.row = min(max(m.row+d, 0), len(m.lines)-1)
	m.col = min(m.col, len(m.lines[m.row]))
	for m.col > 0 && !utf8.RuneStart(m.lines[m.row][m.col]) {
		m.col--
	}
}

// Insert puts text at the cursor; newlines (LF, CRLF or CR) split the line.
func (m *Model) Insert(s string) {
	s = normalizeNewlines(s)
	cur := m.lines[m.row]
	before, after := cur[:m.col], cur[m.col:]
	parts := strings.Split(s, "\n")
	last := len(parts) - 1
	m.col = len(parts[last])
	parts[0] = before + parts[0]
	parts[last] += after
	if last == 0 {
		m.set(m.row, parts[0])
		m.col += len(before)
	} else {
		m.splice(m.row, m.row+1, parts)
		m.row += last
	}
	m.scroll()
}

// scroll keeps the cursor line visible.
func (m *Model) scroll() {
	switch {
	case m.row < m.offset:
		m.offset = m.row
	case m.row >= m.offset+m.height:
		m.offset = m.row - m.height + 1
	}
	m.offset = max(min(m.offset, len(m.lines)-m.height), 0)
}

// View draws the visible lines only, so its cost does not grow with the
// length of the text.
func (m *Model) View() string {
	var sb strings.Builder
	gutter := 0
	if m.LineNumbers {
		gutter = len(strconv.Itoa(len(m.lines))) + 1
	}
	tagw := 0
	if m.Tag != nil {
		tagw = m.TagWidth + 1
	}
	textWidth := max(m.width-gutter-tagw, 4)
	for i := m.offset; i < m.offset+m.height; i++ {
		if i > m.offset {
			sb.WriteByte('\n')
		}
		if i >= len(m.lines) {
			if m.LineNumbers {
				sb.WriteString(m.Styles.Muted.Render(fmt.Sprintf("%*s", gutter-1, "~")))
			}
			continue
		}
		if m.LineNumbers {
			sb.WriteString(m.Styles.LineNo.Render(fmt.Sprintf("%*d ", gutter-1, i+1)))
		}
		sb.WriteString(m.lineText(i, textWidth))
		if m.Tag != nil {
			// The tag is styled: measure it as drawn, and never let it push
			// the line past the width.
			tag := m.Tag(i)
			if w := lipgloss.Width(tag); w > m.TagWidth {
				tag = termsafe.Truncate(ansi.Strip(tag), m.TagWidth)
			} else {
				tag += strings.Repeat(" ", m.TagWidth-w)
			}
			sb.WriteByte(' ')
			sb.WriteString(tag)
		}
	}
	return sb.String()
}

func (m *Model) display(s string) string {
	if m.Mask {
		return strings.Repeat("•", utf8.RuneCountInString(s))
	}
	return termsafe.Line(s)
}

// lineText draws line i padded to w cells, scrolled horizontally so that the
// cursor stays in view, with the cursor drawn in reverse.
func (m *Model) lineText(i, w int) string {
	text := m.lines[i]
	if i != m.row || !m.focused {
		s := termsafe.Truncate(m.display(text), w)
		return m.Styles.Text.Render(s) + strings.Repeat(" ", max(w-termsafe.Width(s), 0))
	}
	before, after := text[:m.col], text[m.col:]
	// Show the tail of what precedes the cursor when the line is too long.
	b := m.display(before)
	for termsafe.Width(b) > w-1 {
		_, n := utf8.DecodeRuneInString(b)
		b = b[n:]
	}
	at, rest := " ", ""
	if after != "" {
		r, n := utf8.DecodeRuneInString(after)
		at, rest = m.display(string(r)), after[n:]
	}
	room := max(w-termsafe.Width(b)-termsafe.Width(at), 0)
	r := termsafe.Truncate(m.display(rest), room)
	out := m.Styles.Text.Render(b) + m.Styles.Cursor.Render(at) + m.Styles.Text.Render(r)
	return out + strings.Repeat(" ", max(room-termsafe.Width(r), 0))
}

// normalizeNewlines turns CRLF and lone CR into LF: terminals paste CR line
// ends, Windows clipboards CRLF.
func normalizeNewlines(s string) string {
	if !strings.ContainsRune(s, '\r') {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
