package serve

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"tweakdash/internal/drafts"
	"tweakdash/ui"
)

// sessionModel is the one program of a served session: a question for
// each draft the user left (restore it? newest first, as the local
// dashboard asks), then the dashboard. One program for both, so that the
// session's input goes to one place from start to end.
type sessionModel struct {
	pending []drafts.Saved
	ask     *huh.Form // the question about pending[0]; nil once the dashboard runs
	yes     bool

	// dashboard makes the dashboard, with the draft to restore (nil for
	// none); discard deletes a draft the user declined.
	dashboard func(restore *drafts.Saved) *ui.App
	discard   func(drafts.Saved)

	app  *ui.App
	size tea.WindowSizeMsg // the latest, for the dashboard when it takes over
}

func newSessionModel(pending []drafts.Saved, dashboard func(*drafts.Saved) *ui.App, discard func(drafts.Saved)) *sessionModel {
	return &sessionModel{pending: pending, dashboard: dashboard, discard: discard}
}

func (m *sessionModel) Init() tea.Cmd { return m.next() }

// next asks about the next draft, or starts the dashboard when none is left.
func (m *sessionModel) next() tea.Cmd {
	if len(m.pending) == 0 {
		return m.start(nil)
	}
	m.yes = true
	m.ask = huh.NewForm(huh.NewGroup(
		huh.NewConfirm().Title(m.pending[0].Question()).Affirmative("Yes").Negative("No").Value(&m.yes),
	)).WithShowHelp(false).WithAccessible(false) // not from the server's $TERM
	cmd := m.ask.Init()
	if m.size.Width > 0 {
		var size tea.Cmd
		m.ask, size = m.askUpdate(m.size)
		cmd = tea.Batch(cmd, size)
	}
	return cmd
}

// start makes the dashboard, restoring d when it is not nil, and gives it
// the window's size: the program told the question, not the dashboard.
func (m *sessionModel) start(d *drafts.Saved) tea.Cmd {
	m.ask = nil
	m.app = m.dashboard(d)
	init := m.app.Init()
	if m.size.Width == 0 {
		return init
	}
	_, size := m.app.Update(m.size)
	return tea.Batch(init, size)
}

func (m *sessionModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if size, ok := msg.(tea.WindowSizeMsg); ok {
		m.size = size
	}
	if m.app != nil {
		_, cmd := m.app.Update(msg)
		return m, cmd
	}
	var cmd tea.Cmd
	m.ask, cmd = m.askUpdate(msg)
	switch m.ask.State {
	case huh.StateAborted:
		// ctrl+c or esc keeps every draft, as the local question does.
		return m, tea.Interrupt
	case huh.StateCompleted:
		d := m.pending[0]
		m.pending = m.pending[1:]
		if m.yes {
			return m, m.start(&d)
		}
		m.discard(d)
		return m, m.next()
	}
	return m, cmd
}

// askUpdate updates the question; a form's Update returns the form.
func (m *sessionModel) askUpdate(msg tea.Msg) (*huh.Form, tea.Cmd) {
	f, cmd := m.ask.Update(msg)
	if form, ok := f.(*huh.Form); ok {
		return form, cmd
	}
	return m.ask, cmd
}

func (m *sessionModel) View() tea.View {
	if m.app != nil {
		return m.app.View()
	}
	// On the alternate screen, as the dashboard: the question leaves
	// nothing behind on the client's screen when the session ends.
	v := tea.NewView(m.ask.View())
	v.AltScreen = true
	return v
}
