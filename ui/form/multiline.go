package form

import (
	"errors"
	"io"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"tweakdash/model"
	"tweakdash/ui/linebox"
)

// multiline is a huh field over our linebox editor, for configs and keys:
// huh's Text (a textarea) stops taking input at 99 lines, which a real
// OpenVPN config with inline certificates passes.
//
// A value with secrets in it (a key, the passwords and ids of a config) is
// masked until the form's ctrl+r as model masks it, all dots while it has
// the focus; shadow draws the masked text in an editor of the same look.
type multiline struct {
	key, title string
	ed         *linebox.Model
	focused    bool
	field      model.Field
	tunnel     func() model.TunnelType
	revealed   *bool // the form's reveal switch
	width      int
	theme      huh.Theme
	dark       bool

	shadow   *linebox.Model
	shadowOf string // the value shadow masks
	edWidth  int
}

func newMultiline(fl model.Field, title, value string, lines int, tunnel func() model.TunnelType, revealed *bool) *multiline {
	ed := linebox.New()
	ed.SetValue(value)
	ed.SetSize(60, lines)
	return &multiline{key: fl.Key, title: title, ed: ed, field: fl, tunnel: tunnel, revealed: revealed, shadow: linebox.New(), edWidth: 60}
}

var errNoAccessible = errors.New("multi-line fields need a terminal")

func (m *multiline) Init() tea.Cmd { return nil }

func (m *multiline) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
	case tea.PasteMsg:
		if m.focused {
			m.ed.Update(msg)
		}
	case tea.KeyPressMsg:
		if !m.focused {
			return m, nil
		}
		switch msg.String() {
		case "enter", "tab":
			return m, huh.NextField
		case "shift+tab":
			return m, huh.PrevField
		case "alt+enter", "ctrl+j":
			m.ed.Insert("\n")
		default:
			m.ed.Update(msg)
		}
	}
	return m, nil
}

func (m *multiline) styles() *huh.FieldStyles {
	t := m.theme
	if t == nil {
		t = huh.ThemeFunc(huh.ThemeCharm)
	}
	if m.focused {
		return &t.Theme(m.dark).Focused
	}
	return &t.Theme(m.dark).Blurred
}

// View shows the title and the editor; a secret is masked until revealed.
func (m *multiline) View() string {
	st := m.styles()
	hidden := m.field.Sensitive() && !*m.revealed
	m.ed.Mask = hidden && (m.focused || m.field.Secret)
	ed := m.ed
	if hidden && !m.ed.Mask {
		ed = m.masked()
	}
	ed.Styles.Text = st.TextInput.Text
	ed.Styles.Cursor = st.TextInput.Cursor.Reverse(true)
	ed.Styles.LineNo = st.Description
	ed.Styles.Muted = st.Description
	title := st.Title.Render(m.title)
	if n := m.ed.Len(); n > m.ed.Height() {
		title += st.Description.Render(" (" + strconv.Itoa(n) + " lines)")
	}
	return st.Base.Width(m.width).Render(title + "\n" + ed.View())
}

// masked is the shadow editor holding the value as model masks it,
// refilled only when the value changed.
func (m *multiline) masked() *linebox.Model {
	v := m.ed.Value()
	if v != m.shadowOf || m.shadow.Len() == 0 {
		shown, _ := m.field.Masked(m.tunnel(), v)
		m.shadow.SetValue(shown)
		m.shadowOf = v
	}
	m.shadow.SetSize(m.edWidth, m.ed.Height())
	return m.shadow
}

func (m *multiline) Blur() tea.Cmd  { m.focused = false; m.ed.Blur(); return nil }
func (m *multiline) Focus() tea.Cmd { m.focused = true; m.ed.Focus(); return nil }
func (m *multiline) Error() error   { return nil }
func (m *multiline) Run() error     { return errNoAccessible }
func (m *multiline) RunAccessible(io.Writer, io.Reader) error {
	return errNoAccessible
}
func (m *multiline) Skip() bool { return false }
func (m *multiline) Zoom() bool { return false }
func (m *multiline) KeyBinds() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("ctrl+j"), key.WithHelp("ctrl+j", "new line")),
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")),
	}
}
func (m *multiline) WithTheme(t huh.Theme) huh.Field          { m.theme = t; return m }
func (m *multiline) WithKeyMap(*huh.KeyMap) huh.Field         { return m }
func (m *multiline) WithHeight(int) huh.Field                 { return m }
func (m *multiline) WithPosition(huh.FieldPosition) huh.Field { return m }
func (m *multiline) WithWidth(w int) huh.Field {
	m.width = w
	m.edWidth = max(w-m.styles().Base.GetHorizontalFrameSize(), 10)
	m.ed.SetSize(m.edWidth, m.ed.Height())
	return m
}
func (m *multiline) GetKey() string { return m.key }
func (m *multiline) GetValue() any  { return m.ed.Value() }
