package ui

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/model"
	"tweakdash/safefile"
	"tweakdash/syncplan"
	"tweakdash/theme"
	"tweakdash/ui/termsafe"
)

// Export (X) and import (I) of a config's servers and tweaks as a sync file:
// a path prompt, the reads the file needs, then for an import the plan's
// preview and one sync request. The files are read and written in
// commands, never in Update.

// transferMsg is a view's request to the root: export or import cfg.
type transferMsg struct {
	cfg    model.Config
	export bool
}

// pathPrompt asks for a file's path; tab completes it from the disk.
type pathPrompt struct {
	st    *theme.Styles
	title string
	path  []rune
	ask   transferMsg
	keys  pathKeys
}

type pathKeys struct {
	Complete, OK, Cancel key.Binding
}

func newPathPrompt(st *theme.Styles, ask transferMsg) *pathPrompt {
	title, path := "Import into “"+ask.cfg.Name+"” from the file:", ""
	if ask.export {
		title, path = "Export “"+ask.cfg.Name+"” (servers and tweaks, credentials included) to:", fileName(ask.cfg.Name)+".json"
	}
	return &pathPrompt{st: st, title: title, path: []rune(path), ask: ask, keys: pathKeys{
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

// complete extends a path to what every match on the disk shares.
func complete(p *pathPrompt, path string) tea.Cmd {
	return func() tea.Msg {
		matches, _ := filepath.Glob(path + "*")
		if len(matches) == 0 {
			return completedMsg{p, path}
		}
		common := matches[0]
		for _, m := range matches[1:] {
			for !strings.HasPrefix(m, common) {
				common = common[:len(common)-1]
			}
		}
		if len(matches) == 1 {
			if fi, err := os.Stat(common); err == nil && fi.IsDir() {
				common += string(filepath.Separator)
			}
		}
		return completedMsg{p, common}
	}
}

func (p *pathPrompt) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	switch msg := msg.(type) {
	case completedMsg:
		if msg.p == p {
			p.path = []rune(msg.path)
		}
	case tea.PasteMsg:
		p.path = appendQuery(p.path, msg.Content)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.keys.Cancel):
			return nil, closeMsg{}
		case key.Matches(msg, p.keys.Complete):
			return complete(p, string(p.path)), nil
		case key.Matches(msg, p.keys.OK):
			if len(p.path) == 0 {
				return nil, nil
			}
			return nil, pathMsg{ask: p.ask, path: string(p.path)}
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
	return nil, nil
}

func (p *pathPrompt) view(w, h int) string {
	lines := []string{
		"",
		" " + p.st.Detail.Title.Render(fit(termsafe.Line(p.title), w-2)),
		" " + p.st.Table.Filter.Render(fit("> "+termsafe.Line(string(p.path))+"▏", w-2)),
		"",
		p.st.Table.Empty.Render(fit(" "+helpLine(p.help()), w)),
	}
	return block(lines, w, h)
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
func exportFile(path string, cfg model.Config, servers []model.Server, tweaks []model.Tweak) tea.Cmd {
	return func() tea.Msg {
		data, err := syncplan.Export(cfg.UniqueKey, servers, tweaks)
		if err == nil {
			err = safefile.WriteAtomic(path, data)
		}
		return exportedMsg{path: path, servers: len(servers), tweaks: len(tweaks), err: err}
	}
}

// parsedMsg carries an import file read and parsed by a command.
type parsedMsg struct {
	ask  transferMsg
	path string
	file *syncplan.File
	err  error
}

// readImport reads and parses a sync file: a regular file of at most
// syncplan.MaxFileSize.
func readImport(ask transferMsg, path string) tea.Cmd {
	return func() tea.Msg {
		m := parsedMsg{ask: ask, path: path}
		f, err := os.Open(path)
		if err != nil {
			m.err = err
			return m
		}
		defer f.Close()
		if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
			m.err = errNotRegular
			return m
		}
		data, err := io.ReadAll(io.LimitReader(f, syncplan.MaxFileSize+1))
		if err == nil {
			m.file, err = syncplan.Parse(data)
		}
		m.err = err
		return m
	}
}

var errNotRegular = errors.New("not a regular file")

// importPlan is the import's plan against the target's full records.
func importPlan(file *syncplan.File, v *configView) *syncplan.Plan {
	servers, tweaks := v.fullRecords()
	return syncplan.Import(file, syncplan.Target{Config: v.cfg, Servers: servers, Tweaks: tweaks})
}
