package form

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

// A choice (the tunnel type, the password type) is a huh Select drawn on
// one line, "← ssh →": 14 tunnel types picked blind. So the line under it
// shows the options around the current one, and typing a letter jumps to
// the next option that starts with it, whatever the case of either
// (t finds TLSv1.2).

// choiceKeys frees the letters for jumping: huh's select also moves on h,
// l, g and G (and / filters), and "hysteria" starts with h.
func choiceKeys(km *huh.KeyMap) {
	km.Select.Left.SetKeys("left")
	km.Select.Right.SetKeys("right")
	km.Select.GotoTop.SetKeys("home")
	km.Select.GotoBottom.SetKeys("end")
	km.Select.Filter.SetEnabled(false)
}

// choices are the option values of the enum field key, in order ("" for
// "(not set)").
func (f *Form) choices(key string) []string {
	fl, ok := f.res.Field(key)
	if !ok || fl.Kind != model.KindEnum {
		return nil
	}
	var out []string
	if !fl.Required {
		out = append(out, "")
	}
	return append(out, fl.Enum...)
}

// jump moves the focused choice to the next option after the current one
// that starts with the typed letter, wrapping; ok is false when the key is
// not such a letter or no option starts with it.
func (f *Form) jump(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	key := f.focusedKey()
	opts := f.choices(key)
	cur := f.strs[key]
	if len(opts) == 0 || cur == nil || len([]rune(msg.Text)) != 1 || msg.Mod != 0 {
		return nil, false
	}
	letter := strings.ToLower(msg.Text)
	from := max(indexOf(opts, *cur), 0)
	for step := 1; step <= len(opts); step++ {
		i := (from + step) % len(opts)
		if opts[i] != "" && strings.HasPrefix(strings.ToLower(opts[i]), letter) {
			return f.moveChoice(i - from), true
		}
	}
	return nil, false
}

// moveChoice moves the focused choice by n options, as the arrows do.
func (f *Form) moveChoice(n int) tea.Cmd {
	k := tea.KeyPressMsg{Code: tea.KeyRight}
	if n < 0 {
		k, n = tea.KeyPressMsg{Code: tea.KeyLeft}, -n
	}
	var cmds []tea.Cmd
	for range n {
		cmds = append(cmds, f.forward(k))
	}
	return tea.Batch(cmds...)
}

// choiceStrip is the line under a focused choice: the options around the
// current one, which is bracketed, in at most w cells.
func (f *Form) choiceStrip(key string, w int) string {
	opts := f.choices(key)
	cur := f.strs[key]
	if len(opts) < 2 || cur == nil {
		return ""
	}
	at := max(indexOf(opts, *cur), 0)
	label := func(i int) string {
		s := opts[i]
		if s == "" {
			s = "(not set)"
		}
		if i == at {
			return "[" + s + "]"
		}
		return s
	}
	// Grow the window around the current option while it fits.
	lo, hi := at, at
	width := func(lo, hi int) int {
		n := 0
		for i := lo; i <= hi; i++ {
			n += termsafe.Width(label(i)) + 1
		}
		return n + 4 // the ellipses
	}
	for grew := true; grew; {
		grew = false
		if hi+1 < len(opts) && width(lo, hi+1) <= w {
			hi, grew = hi+1, true
		}
		if lo > 0 && width(lo-1, hi) <= w {
			lo, grew = lo-1, true
		}
	}
	parts := make([]string, 0, hi-lo+3)
	if lo > 0 {
		parts = append(parts, "…")
	}
	for i := lo; i <= hi; i++ {
		parts = append(parts, label(i))
	}
	if hi < len(opts)-1 {
		parts = append(parts, "…")
	}
	return strings.Join(parts, " ")
}

func indexOf(opts []string, v string) int {
	for i, o := range opts {
		if o == v {
			return i
		}
	}
	return -1
}
