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
	path    *lineInput
	ask     transferMsg
	keys    keyTable[*pathPrompt]
	err     string // why the last path could not be read
	reading bool   // an import's file is being read
}

func newPathPrompt(st *theme.Styles, files HostFiles, ask transferMsg) *pathPrompt {
	title, path := "Import into “"+ask.cfg.Name+"” from the file:", ""
	if ask.export {
		title, path = "Export “"+ask.cfg.Name+"” (servers and tweaks, credentials included) to:", fileName(ask.cfg.Name)+".json"
	}
	return &pathPrompt{st: st, files: files, title: title, path: newLineInput(path), ask: ask, keys: pathKeys()}
}

// pathKeys are the prompt's keys; any other key edits the path. While an
// import's file is read only esc acts: the path stays as it was sent.
func pathKeys() keyTable[*pathPrompt] {
	return keyTable[*pathPrompt]{
		{Binding: newKey("tab", "complete", "tab"), do: func(p *pathPrompt) (tea.Cmd, tea.Msg) {
			if p.reading {
				return nil, nil
			}
			return complete(p, p.path.String()), nil
		}},
		{Binding: newKey("enter", "ok", "enter"), do: (*pathPrompt).ok},
		{Binding: newKey("esc", "cancel", "esc"), do: func(*pathPrompt) (tea.Cmd, tea.Msg) { return nil, closeMsg{} }},
	}
}

// ok answers an export's path at once; an import's file is read first.
func (p *pathPrompt) ok() (tea.Cmd, tea.Msg) {
	switch {
	case p.reading || p.path.empty():
		return nil, nil
	case p.ask.export:
		return nil, pathMsg{ask: p.ask, path: p.path.String()}
	}
	p.reading, p.err = true, ""
	return readImport(p, p.path.String()), nil
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
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if cmd, req, ok := p.keys.press(p, k); ok {
			return cmd, req
		}
	}
	if p.reading {
		return nil, nil // the path stays as it was sent until it is read
	}
	before := p.path.String()
	if c, ok := msg.(completedMsg); ok {
		if c.p == p {
			p.path.set(c.path)
		}
	} else {
		p.path.update(msg)
	}
	if p.path.String() != before {
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
		" " + p.st.Table.Filter.Render(fit("> "+termsafe.Line(p.path.String())+"▏", w-2)),
		" " + note,
		p.st.Table.Empty.Render(fit(" "+helpLine(p.help()), w)),
	}
	return block(lines, w, h)
}

// failed takes back an import path that could not be read: it stays,
// with why, for the user to fix.
func (p *pathPrompt) failed(err error) {
	p.reading, p.err = false, termsafe.Brief(err.Error())
}

func (p *pathPrompt) help() []key.Binding { return p.keys.shown(p) }

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
