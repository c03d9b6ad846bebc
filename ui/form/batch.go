package form

import (
	"io"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"tweakdash/ui/batchbox"
)

// batch is a huh field over the batch box, for pasting device IDs: its value
// is the new, valid IDs one per line, which is what a create sends.
type batch struct {
	key, title string
	box        *batchbox.Model
	focused    bool
	width      int
	lines      int // the text lines the box shows
	theme      huh.Theme
	dark       bool

	// The joined IDs are asked for on every frame (visibility, errors);
	// they are rebuilt only when the box's text changed.
	cached        string
	cachedVersion int
}

func newBatch(key, title, value string, existing map[string]bool) *batch {
	box := batchbox.New(existing)
	box.SetValue(value)
	box.SetSize(60, minBatchLines)
	box.Blur()
	return &batch{key: key, title: title, box: box, lines: minBatchLines}
}

// minBatchLines is the least the box shows; batchChrome is what the rest
// of a device-ID form takes (title, notices, the other fields, the keys),
// which the box leaves on a taller window.
const (
	minBatchLines = 8
	batchChrome   = 12
)

// fitBatch lets the batch box among entries grow with the form's height,
// so that a long paste is read where it lands.
func fitBatch(entries []entry, width, height int) {
	for _, e := range entries {
		if b, ok := e.input.(*batch); ok {
			b.lines = max(height-batchChrome, minBatchLines)
			b.WithWidth(width)
		}
	}
}

func (b *batch) Init() tea.Cmd { return nil }

func (b *batch) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		b.dark = msg.IsDark()
	case tea.PasteMsg:
		b.box.Update(msg)
	case tea.KeyPressMsg:
		if !b.focused {
			return b, nil
		}
		switch msg.String() {
		case "tab":
			return b, huh.NextField
		case "shift+tab":
			return b, huh.PrevField
		default:
			b.box.Update(msg) // enter is a new line here: IDs come one per line
		}
	}
	return b, nil
}

func (b *batch) View() string {
	t := b.theme
	if t == nil {
		t = huh.ThemeFunc(huh.ThemeCharm)
	}
	st := &t.Theme(b.dark).Blurred
	if b.focused {
		st = &t.Theme(b.dark).Focused
	}
	// ErrorMessage carries a " *" prefix in huh's themes: take its colour only.
	bad := lipgloss.NewStyle().Foreground(st.ErrorMessage.GetForeground())
	styles := batchbox.Styles{
		New: st.SelectedOption, Duplicate: st.Description, Existing: st.Description,
		Malformed: bad, Summary: st.Title,
	}
	styles.Editor.Text = st.TextInput.Text
	styles.Editor.Cursor = st.TextInput.Cursor.Reverse(true)
	styles.Editor.LineNo = st.Description
	styles.Editor.Muted = st.Description
	b.box.SetStyles(styles)
	return st.Base.Width(b.width).Render(st.Title.Render(b.title) + "\n" + b.box.View())
}

func (b *batch) Blur() tea.Cmd  { b.focused = false; b.box.Blur(); return nil }
func (b *batch) Focus() tea.Cmd { b.focused = true; b.box.Focus(); return nil }
func (b *batch) Error() error   { return nil }
func (b *batch) Run() error     { return errNoAccessible }
func (b *batch) RunAccessible(io.Writer, io.Reader) error {
	return errNoAccessible
}
func (b *batch) Skip() bool { return false }
func (b *batch) Zoom() bool { return false }

// KeyBinds are the box's keys (enter is a new line there, ctrl+n goes to
// the next bad line), then tab to leave it: the form's key line shows them
// while the box has focus.
func (b *batch) KeyBinds() []key.Binding {
	return append(b.box.Help(), key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")))
}
func (b *batch) WithTheme(t huh.Theme) huh.Field          { b.theme = t; return b }
func (b *batch) WithKeyMap(*huh.KeyMap) huh.Field         { return b }
func (b *batch) WithHeight(int) huh.Field                 { return b }
func (b *batch) WithPosition(huh.FieldPosition) huh.Field { return b }
func (b *batch) WithWidth(w int) huh.Field {
	b.width = w
	b.box.SetSize(max(w-2, 20), b.lines)
	return b
}
func (b *batch) GetKey() string { return b.key }

// GetValue is what a submit sends: the new valid IDs, one per line.
func (b *batch) GetValue() any {
	if v := b.box.Version(); v != b.cachedVersion || b.cachedVersion == 0 {
		b.cached, b.cachedVersion = strings.Join(b.box.IDs(), "\n"), v
	}
	return b.cached
}

// standIn is what the form's own bookkeeping (visibility, client rules)
// sees instead of the joined IDs, which cost milliseconds at 10,000: one
// valid ID when there is something new to send, else nothing. The box has
// judged every ID already.
func (b *batch) standIn() string {
	if b.box.Stats().New > 0 {
		return strings.Repeat("0", 32)
	}
	return ""
}
