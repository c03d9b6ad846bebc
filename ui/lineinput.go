package ui

import (
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
)

// lineInput is a one-line text the user types: a list's filter, the
// finder's query, the copy picker's filter, the path prompt's path. Typed
// and pasted text go in as appendQuery lets them; its editing keys are a
// key table like any pane's, so that nothing compares raw key strings.
// The zero value is an empty input.
type lineInput struct {
	text []rune
	keys keyTable[*lineInput]
}

// maxQuery bounds the text; a longer paste is cut.
const maxQuery = 256

// appendQuery appends typed or pasted text to a one-line query of at most
// maxQuery runes: line breaks become spaces, other controls are dropped.
func appendQuery(q []rune, s string) []rune {
	for _, r := range s {
		switch {
		case len(q) >= maxQuery:
			return q
		case r == '\n' || r == '\r' || r == '\t':
			q = append(q, ' ')
		case unicode.IsPrint(r):
			q = append(q, r)
		}
	}
	return q
}

func newLineInput(text string) *lineInput { return &lineInput{text: []rune(text)} }

func lineInputKeys() keyTable[*lineInput] {
	edit := func(f func(*lineInput)) func(*lineInput) (tea.Cmd, tea.Msg) {
		return func(l *lineInput) (tea.Cmd, tea.Msg) { f(l); return nil, nil }
	}
	return keyTable[*lineInput]{
		{Binding: newKey("backspace", "erase a character", "backspace"), do: edit(func(l *lineInput) {
			l.text = l.text[:max(len(l.text)-1, 0)]
		})},
		{Binding: newKey("ctrl+w", "erase a word", "ctrl+w"), do: edit(func(l *lineInput) {
			q := strings.TrimRightFunc(string(l.text), unicode.IsSpace)
			l.text = []rune(q[:strings.LastIndexFunc(q, unicode.IsSpace)+1])
		})},
		{Binding: newKey("ctrl+u", "erase the line", "ctrl+u"), do: edit(func(l *lineInput) { l.text = nil })},
	}
}

// update takes a paste or a key press; ok is false when msg is neither
// text nor one of the editing keys, for the overlay to handle.
func (l *lineInput) update(msg tea.Msg) (ok bool) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		l.text = appendQuery(l.text, msg.Content)
		return true
	case tea.KeyPressMsg:
		if l.keys == nil { // made at the first key, so that the zero value works
			l.keys = lineInputKeys()
		}
		if _, _, ok := l.keys.press(l, msg); ok {
			return true
		}
		// Text typed with ctrl or alt held is a key, not text.
		if msg.Text != "" && msg.Mod&^tea.ModShift == 0 {
			l.text = appendQuery(l.text, msg.Text)
			return true
		}
	}
	return false
}

func (l *lineInput) String() string { return string(l.text) }

func (l *lineInput) empty() bool { return len(l.text) == 0 }

// set replaces the text (a path completed on the disk).
func (l *lineInput) set(s string) { l.text = []rune(s) }
