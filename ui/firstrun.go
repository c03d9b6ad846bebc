package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"tweakdash/internal/termsafe"
	"tweakdash/theme"
)

// FirstRunOptions configures RunFirstRun.
type FirstRunOptions struct {
	// Profile and Host are named in the prompt so that the user knows which
	// account the key is for.
	Profile string
	Host    string
	// SavePath is offered as the place to save the key; "" skips the question
	// (the settings file cannot be rewritten safely).
	SavePath string
	// Check tries a key against the API (GET /api/v1/configs) and returns an
	// error worded for the user; one that wraps ErrKeyRefused says the
	// server refused the key itself. The UI does no HTTP itself.
	Check func(ctx context.Context, key string) error
	// Notice says what went wrong while looking for a key (a settings file
	// others can read, a failing api_key_command), shown above the form.
	Notice string
	// Refused says the server refused the key in use (a 401), rather
	// than that there was none.
	Refused bool
	// NoColor draws without colour (NO_COLOR); pass the matching colour
	// profile in ProgramOptions too.
	NoColor bool
	// ProgramOptions are passed to tea.NewProgram (I/O, colour profile).
	ProgramOptions []tea.ProgramOption
}

// ErrKeyRefused is what a FirstRunOptions.Check wraps when the server
// refused the key (as opposed to not answering).
var ErrKeyRefused = errors.New("API key missing or invalid")

// RunFirstRun asks for the API key (masked), checks it with opts.Check and
// asks whether to save it. It runs its own small program inline, before the
// dashboard. Ctrl+C at any point returns an error wrapping
// tea.ErrInterrupted.
func RunFirstRun(ctx context.Context, opts FirstRunOptions) (key string, save bool, err error) {
	m := newFirstRun(ctx, opts)
	popts := append([]tea.ProgramOption{tea.WithContext(ctx)}, opts.ProgramOptions...)
	if _, err := tea.NewProgram(m, popts...).Run(); err != nil {
		if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) {
			return "", false, fmt.Errorf("first run: %w", tea.ErrInterrupted)
		}
		return "", false, err
	}
	if m.aborted {
		return "", false, fmt.Errorf("first run: %w", tea.ErrInterrupted)
	}
	return m.key, m.save, nil
}

type firstRunStep int

const (
	stepKey firstRunStep = iota
	stepChecking
	stepSave
	stepDone
)

// firstRun is the model behind RunFirstRun: a huh form for the key, a
// spinner while the key is checked, then a huh confirm for saving it.
type firstRun struct {
	ctx  context.Context
	opts FirstRunOptions
	step firstRunStep

	form     *huh.Form
	keyInput *huh.Input
	key      string
	save     bool

	// checkErr is the last failed check of checkErrFor, shown at the field
	// once; pressing enter again on the same key checks it again (the
	// network may be back). A refused key is not kept: the field is
	// emptied, so that the next paste is not appended to it.
	checkErr    error
	checkErrFor string
	cancelCheck context.CancelFunc
	spinner     spinner.Model

	aborted  bool
	width    int
	height   int
	isDark   bool
	bg       tea.Msg // the terminal's BackgroundColorMsg, for rebuilt forms
	huhTheme huh.Theme
	keys     keyTable[*firstRun] // ctrl+c cancels while the key is checked
}

// checkedMsg carries the result of Check for key.
type checkedMsg struct {
	key string
	err error
}

func newFirstRun(ctx context.Context, opts FirstRunOptions) *firstRun {
	m := &firstRun{ctx: ctx, opts: opts, save: true, isDark: true, width: 72,
		huhTheme: theme.New(true, opts.NoColor).Huh(),
		keys: keyTable[*firstRun]{{Binding: newKey("ctrl+c", "cancel", "ctrl+c"),
			off: onlyWhen(func(m *firstRun) bool { return m.step == stepChecking }),
			do:  func(m *firstRun) (tea.Cmd, tea.Msg) { _, cmd := m.abort(); return cmd, nil }}}}
	m.spinner = spinner.New(spinner.WithSpinner(spinner.Dot))
	m.form = m.keyForm()
	return m
}

// theme is the dashboard's form theme; it picks light or dark itself from
// the forwarded tea.BackgroundColorMsg.
func (m *firstRun) theme() huh.Theme { return m.huhTheme }

// formWidth keeps the form readable on wide terminals and inside narrow ones.
func (m *firstRun) formWidth() int { return max(20, min(m.width, 76)) }

func (m *firstRun) keyForm() *huh.Form {
	opening := "No API key found for profile %q."
	if m.opts.Refused {
		opening = "The API key of profile %q was refused."
	}
	desc := fmt.Sprintf(opening+" Paste the key from the HTTP Tweak panel; it is checked with GET /api/v1/configs on %s.",
		termsafe.Line(m.opts.Profile), termsafe.Line(m.opts.Host))
	m.keyInput = huh.NewInput().
		Key("api_key").
		Title("API key").
		Description(desc).
		EchoMode(huh.EchoModePassword).
		Value(&m.key).
		Validate(m.validateKey)
	return huh.NewForm(huh.NewGroup(m.keyInput)).
		WithTheme(m.theme()).
		WithWidth(m.formWidth()).
		WithShowHelp(true).
		WithShowErrors(true)
}

func (m *firstRun) saveForm() *huh.Form {
	return huh.NewForm(huh.NewGroup(
		huh.NewConfirm().
			Key("save").
			Title(fmt.Sprintf("Save the key to %s?", termsafe.Line(m.opts.SavePath))).
			Description("Written with mode 0600; otherwise set HTTPTWEAK_API_KEY or api_key_command.").
			Affirmative("Save").
			Negative("Not now").
			Value(&m.save),
	)).
		WithTheme(m.theme()).
		WithWidth(m.formWidth()).
		WithShowHelp(true)
}

// validateKey runs as the user presses enter: an empty key or one with
// spaces (a paste that caught more than the key) is refused before any
// request, and a failed check is shown once at the field.
func (m *firstRun) validateKey(s string) error {
	s = strings.TrimSpace(s)
	if m.checkErr != nil && s == m.checkErrFor {
		err := m.checkErr
		m.checkErr = nil
		return err
	}
	if s == "" {
		return errors.New("enter the API key")
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return errors.New("the key has spaces or control characters: paste the key alone")
	}
	return nil
}

func (m *firstRun) Init() tea.Cmd {
	return tea.Batch(m.form.Init(), tea.RequestBackgroundColor)
}

func (m *firstRun) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.form = m.form.WithWidth(m.formWidth())
	case tea.BackgroundColorMsg:
		m.isDark, m.bg = msg.IsDark(), msg
	case tea.KeyPressMsg:
		if cmd, _, ok := m.keys.press(m, msg); ok {
			return m, cmd
		}
	case checkedMsg:
		return m.checked(msg)
	case spinner.TickMsg:
		if m.step != stepChecking {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	}
	if m.step != stepKey && m.step != stepSave {
		return m, nil
	}

	f, cmd := m.form.Update(msg)
	if ff, ok := f.(*huh.Form); ok {
		m.form = ff
	}
	switch m.form.State {
	case huh.StateAborted:
		return m.abort()
	case huh.StateCompleted:
		if m.step == stepKey {
			return m.startCheck()
		}
		m.step = stepDone
		return m, tea.Quit
	}
	return m, cmd
}

func (m *firstRun) abort() (tea.Model, tea.Cmd) {
	if m.cancelCheck != nil {
		m.cancelCheck()
	}
	m.aborted = true
	m.step = stepDone
	return m, tea.Quit
}

// startCheck runs Check in a command with a copy of the key, so that the
// model is never read from another goroutine.
func (m *firstRun) startCheck() (tea.Model, tea.Cmd) {
	m.key = strings.TrimSpace(m.key)
	m.step = stepChecking
	ctx, cancel := context.WithCancel(m.ctx)
	m.cancelCheck = cancel
	key, check := m.key, m.opts.Check
	run := func() tea.Msg {
		defer cancel()
		return checkedMsg{key: key, err: check(ctx, key)}
	}
	return m, tea.Batch(run, m.spinner.Tick)
}

func (m *firstRun) checked(msg checkedMsg) (tea.Model, tea.Cmd) {
	if m.step != stepChecking || msg.key != m.key {
		return m, nil
	}
	m.cancelCheck = nil
	if msg.err != nil {
		// A completed huh form is inert: rebuild it with the same value (or
		// none, after a refusal) and let Validate report the failure. Blur stores the error; Init then
		// focuses the field again so that the user can edit at once.
		m.checkErr, m.checkErrFor = errors.New(termsafe.Line(msg.err.Error())), msg.key
		if errors.Is(msg.err, ErrKeyRefused) {
			m.key, m.checkErrFor = "", ""
		}
		m.step = stepKey
		m.form = m.keyForm()
		m.keyInput.Blur()
		return m, m.startForm()
	}
	if m.opts.SavePath == "" {
		m.save = false
		m.step = stepDone
		return m, tea.Quit
	}
	m.step = stepSave
	m.form = m.saveForm()
	return m, m.startForm()
}

// startForm starts a rebuilt form. huh sizes a form's groups only when a
// WindowSizeMsg reaches it, and the one its Init asks for does not come
// back when the size has not changed, so the known size is handed over;
// so is the background colour, which a new form assumes light.
func (m *firstRun) startForm() tea.Cmd {
	cmd := m.form.Init()
	if m.height > 0 {
		m.form.Update(tea.WindowSizeMsg{Width: m.width, Height: m.height})
	}
	if m.bg != nil {
		m.form.Update(m.bg)
	}
	return cmd
}

func (m *firstRun) View() tea.View {
	switch m.step {
	case stepDone:
		return tea.NewView("")
	case stepChecking:
		st := m.theme().Theme(m.isDark).Focused
		return tea.NewView(st.Title.Render("API key") + "\n" +
			m.spinner.View() + " " + st.Description.Render("Checking the key with "+termsafe.Line(m.opts.Host)+"…") +
			"\n\n" + st.Description.Render(helpLine(m.keys.shown(m))) + "\n")
	}
	return tea.NewView(m.noticeView() + m.form.View() + "\n")
}

// noticeView is the notice, wrapped to the form's width, and a blank line.
func (m *firstRun) noticeView() string {
	if m.opts.Notice == "" {
		return ""
	}
	st := m.theme().Theme(m.isDark).Focused
	return st.ErrorMessage.Width(m.formWidth()).Render(termsafe.Line(m.opts.Notice)) + "\n\n"
}
