package theme

import (
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// Huh returns the forms' theme in the same palette. huh asks the theme for
// light or dark itself (it is told by a forwarded tea.BackgroundColorMsg),
// so the returned theme follows that answer; whether colour is used at all
// stays as s says.
func (s Styles) Huh() huh.Theme {
	noColor, th := s.NoColor, s.Theme
	return huh.ThemeFunc(func(dark bool) *huh.Styles { return huhStyles(th, dark, noColor) })
}

func huhStyles(th Theme, dark, noColor bool) *huh.Styles {
	t := huh.ThemeBase(dark)
	st := th.Styles(dark, noColor)
	n := lipgloss.NewStyle()
	button := n.Padding(0, 2).MarginRight(1)

	if noColor {
		t.Focused.Base = t.Focused.Base.UnsetBorderForeground()
		t.Focused.Title = n.Bold(true)
		t.Focused.NoteTitle = n.Bold(true).MarginBottom(1)
		t.Focused.Description = n.Faint(true)
		t.Focused.FocusedButton = button.Reverse(true).Bold(true)
		t.Focused.BlurredButton = button
		t.Focused.TextInput.Placeholder = n.Faint(true)
		t.Focused.ErrorIndicator = t.Focused.ErrorIndicator.Bold(true)
		t.Focused.ErrorMessage = t.Focused.ErrorMessage.Bold(true)
	} else {
		p := st.Palette
		t.Focused.Base = t.Focused.Base.BorderForeground(p.Border)
		t.Focused.Title = n.Foreground(p.Accent).Bold(true)
		t.Focused.NoteTitle = n.Foreground(p.Accent).Bold(true).MarginBottom(1)
		t.Focused.Description = n.Foreground(p.Muted)
		t.Focused.ErrorIndicator = t.Focused.ErrorIndicator.Foreground(p.Error)
		t.Focused.ErrorMessage = t.Focused.ErrorMessage.Foreground(p.Error)
		t.Focused.SelectSelector = t.Focused.SelectSelector.Foreground(p.Accent)
		t.Focused.NextIndicator = t.Focused.NextIndicator.Foreground(p.Accent)
		t.Focused.PrevIndicator = t.Focused.PrevIndicator.Foreground(p.Accent)
		t.Focused.MultiSelectSelector = t.Focused.MultiSelectSelector.Foreground(p.Accent)
		t.Focused.SelectedOption = n.Foreground(p.OK)
		t.Focused.SelectedPrefix = n.Foreground(p.OK).SetString("✓ ")
		t.Focused.UnselectedPrefix = n.Foreground(p.Muted).SetString("• ")
		t.Focused.FocusedButton = button.Foreground(p.SelectionFG).Background(p.SelectionBG).Bold(true)
		t.Focused.BlurredButton = button.Foreground(p.Muted)
		t.Focused.TextInput.Cursor = n.Foreground(p.Accent)
		t.Focused.TextInput.Placeholder = n.Foreground(p.Muted)
		t.Focused.TextInput.Prompt = n.Foreground(p.Accent)
	}
	t.Focused.Card = t.Focused.Base
	t.Focused.Next = t.Focused.FocusedButton
	t.Help = st.Help

	t.Blurred = t.Focused
	t.Blurred.Base = t.Focused.Base.BorderStyle(lipgloss.HiddenBorder())
	t.Blurred.Card = t.Blurred.Base
	t.Blurred.NextIndicator = n
	t.Blurred.PrevIndicator = n

	t.Group.Title = t.Focused.Title
	t.Group.Description = t.Focused.Description
	return t
}
