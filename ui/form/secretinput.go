package form

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"tweakdash/model"
)

// secretInput is a one-line field whose value holds a secret (a password,
// the credentials of an address or a proxy). Until the form's ctrl+r it
// shows the value as model masks it, host and user readable, and while it
// has the focus all of it is dots, as in a password field: typing is
// never shown in the clear. The value itself is never changed.
type secretInput struct {
	*huh.Input
	field    model.Field
	tunnel   func() model.TunnelType
	revealed *bool
	focused  bool
	shadow   *huh.Input // the same field, drawing the masked value
	shown    string
}

func newSecretInput(in *huh.Input, title string, fl model.Field, tunnel func() model.TunnelType, revealed *bool) *secretInput {
	s := &secretInput{Input: in, field: fl, tunnel: tunnel, revealed: revealed}
	s.shadow = huh.NewInput().Title(title).Inline(true).Value(&s.shown)
	return s
}

func (s *secretInput) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	if bg, ok := msg.(tea.BackgroundColorMsg); ok {
		s.shadow.Update(bg)
	}
	_, cmd := s.Input.Update(msg)
	return s, cmd
}

func (s *secretInput) Focus() tea.Cmd { s.focused = true; return s.Input.Focus() }
func (s *secretInput) Blur() tea.Cmd  { s.focused = false; return s.Input.Blur() }

func (s *secretInput) View() string {
	switch {
	case *s.revealed:
		s.Input.EchoMode(huh.EchoModeNormal)
	case s.focused:
		s.Input.EchoMode(huh.EchoModePassword)
	default:
		v, _ := s.Input.GetValue().(string)
		s.shown, _ = s.field.Masked(s.tunnel(), v)
		s.shadow.Value(&s.shown)
		return s.shadow.View()
	}
	return s.Input.View()
}

func (s *secretInput) WithTheme(t huh.Theme) huh.Field {
	s.Input.WithTheme(t)
	s.shadow.WithTheme(t)
	return s
}

func (s *secretInput) WithWidth(w int) huh.Field {
	s.Input.WithWidth(w)
	s.shadow.WithWidth(w)
	return s
}

func (s *secretInput) WithKeyMap(k *huh.KeyMap) huh.Field         { s.Input.WithKeyMap(k); return s }
func (s *secretInput) WithHeight(h int) huh.Field                 { s.Input.WithHeight(h); return s }
func (s *secretInput) WithPosition(p huh.FieldPosition) huh.Field { s.Input.WithPosition(p); return s }
