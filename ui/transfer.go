package ui

import (
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/syncplan"
	"tweakdash/internal/termsafe"
	"tweakdash/model"
	"tweakdash/theme"
)

// Export (X) and import (I) of a config's servers and tweaks as a sync file:
// a path prompt, the reads the file needs, then for an import the plan's
// preview and one sync request. The files are read and written through
// the host's HostFiles, in commands, never in Update; without them (a
// served session) X and I only say how to do it over SSH.

// transferMsg is a view's request to the root: export or import cfg.
type transferMsg struct {
	cfg    model.Config
	export bool
}

// askTransfer is X's and I's action: the path prompt, or, without the
// host's files, the command that does it from the user's side.
func askTransfer(h HostAccess, cfg model.Config, export bool) (tea.Cmd, tea.Msg) {
	if why := h.filesOff(export, cfg.UniqueKey); why != "" {
		return setStatus(statusWarn, why), nil
	}
	return nil, transferMsg{cfg: cfg, export: export}
}

// pathPrompt asks for a file's path; tab completes it from the disk. An
// import's file is read while the prompt stays open: a path that cannot
// be read is said under it, to fix.
type pathPrompt struct {
	st      *theme.Styles
	files   HostFiles
	title   string
	path    []rune
	ask     transferMsg
	keys    pathKeys
	err     string // why the last path could not be read
	reading bool   // an import's file is being read
}

type pathKeys struct {
	Complete, OK, Cancel key.Binding
}

func newPathPrompt(st *theme.Styles, files HostFiles, ask transferMsg) *pathPrompt {
	title, path := "Import into “"+ask.cfg.Name+"” from the file:", ""
	if ask.export {
		title, path = "Export “"+ask.cfg.Name+"” (servers and tweaks, credentials included) to:", fileName(ask.cfg.Name)+".json"
	}
	return &pathPrompt{st: st, files: files, title: title, path: []rune(path), ask: ask, keys: pathKeys{
		Complete: newKey("tab", "complete", "tab"),
		OK:       newKey("enter", "ok", "enter"),
		Cancel:   newKey("esc", "cancel", "esc"),
	}}
}

// fileName makes a config's name a file name: letters, digits, - and _.
func fileName(name string) string {
	s := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, name)
	s = strings.Trim(s, "-")
	if s == "" {
		return "config"
	}
	return s
}

// completedMsg carries a path completed by a command.
type completedMsg struct {
	p    *pathPrompt
	path string
}

// complete extends a path to what every entry it starts shares.
func complete(p *pathPrompt, path string) tea.Cmd {
	files := p.files
	return func() tea.Msg { return completedMsg{p, files.Complete(path)} }
}

func (p *pathPrompt) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, p.keys.Cancel) {
		return nil, closeMsg{}
	}
	if p.reading {
		return nil, nil // the path stays as it was sent until it is read
	}
	before := string(p.path)
	switch msg := msg.(type) {
	case completedMsg:
		if msg.p == p {
			p.path = []rune(msg.path)
		}
	case tea.PasteMsg:
		p.path = appendQuery(p.path, msg.Content)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.keys.Complete):
			return complete(p, string(p.path)), nil
		case key.Matches(msg, p.keys.OK):
			switch {
			case len(p.path) == 0:
				return nil, nil
			case p.ask.export:
				return nil, pathMsg{ask: p.ask, path: string(p.path)}
			}
			p.reading, p.err = true, ""
			return readImport(p, string(p.path)), nil
		case msg.String() == "backspace":
			if len(p.path) > 0 {
				p.path = p.path[:len(p.path)-1]
			}
		case msg.String() == "ctrl+u":
			p.path = nil
		case msg.Text != "" && msg.Mod&^tea.ModShift == 0:
			p.path = appendQuery(p.path, msg.Text)
		}
	}
	if string(p.path) != before {
		p.err = "" // it was about the path as it was
	}
	return nil, nil
}

func (p *pathPrompt) view(w, h int) string {
	note := ""
	switch {
	case p.reading:
		note = p.st.Table.Empty.Render(fit("Reading…", w-2))
	case p.err != "":
		note = p.st.Table.Error.Render(fit("✗ "+termsafe.Line(p.err), w-2))
	}
	lines := []string{
		"",
		" " + p.st.Detail.Title.Render(fit(termsafe.Line(p.title), w-2)),
		" " + p.st.Table.Filter.Render(fit("> "+termsafe.Line(string(p.path))+"▏", w-2)),
		" " + note,
		p.st.Table.Empty.Render(fit(" "+helpLine(p.help()), w)),
	}
	return block(lines, w, h)
}

// failed takes back an import path that could not be read: it stays,
// with why, for the user to fix.
func (p *pathPrompt) failed(err error) {
	p.reading, p.err = false, oneLine(err.Error())
}

func (p *pathPrompt) help() []key.Binding {
	return []key.Binding{p.keys.Complete, p.keys.OK, p.keys.Cancel}
}

// pathMsg is the prompt's answer: the file to export to or import from.
type pathMsg struct {
	ask  transferMsg
	path string
}

// exportedMsg says how writing an export went.
type exportedMsg struct {
	path            string
	servers, tweaks int
	err             error
}

// exportFile writes cfg's servers and tweaks to path, 0600.
func exportFile(files HostFiles, path string, cfg model.Config, servers []model.Server, tweaks []model.Tweak) tea.Cmd {
	return func() tea.Msg {
		data, err := syncplan.Export(cfg.UniqueKey, servers, tweaks)
		if err == nil {
			err = files.WriteExport(path, data)
		}
		return exportedMsg{path: path, servers: len(servers), tweaks: len(tweaks), err: err}
	}
}

// parsedMsg carries an import file read and parsed by a command, for
// the prompt p that asked.
type parsedMsg struct {
	p    *pathPrompt
	ask  transferMsg
	path string
	file *syncplan.File
	err  error
}

// readImport reads and parses the sync file at path for p.
func readImport(p *pathPrompt, path string) tea.Cmd {
	files, ask := p.files, p.ask
	return func() tea.Msg {
		m := parsedMsg{p: p, ask: ask, path: path}
		data, err := files.ReadImport(path)
		if err == nil {
			m.file, err = syncplan.Parse(data)
		}
		m.err = err
		return m
	}
}

// importPlan is the import's plan against the target's full records.
func importPlan(file *syncplan.File, v *configView) *syncplan.Plan {
	servers, tweaks := v.fullRecords()
	return syncplan.Import(file, syncplan.Target{Config: v.cfg, Servers: servers, Tweaks: tweaks})
}
