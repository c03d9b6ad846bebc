package ui

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/keymap"
	"tweakdash/internal/termsafe"
	"tweakdash/internal/words"
	"tweakdash/model"
	"tweakdash/theme"
	"tweakdash/ui/form"
)

// overlay is what opens over the config pane and takes every key until it
// closes: the form editor, the delete confirmation, the created-passwords
// list (and, next, previews, job progress, conflicts). It sits in the
// App's one slot. Its update gets keys, pastes and its own messages, and
// may return a request for the root: closeMsg, a write to run.
type overlay interface {
	update(msg tea.Msg) (tea.Cmd, tea.Msg)
	// view draws exactly h lines of w cells.
	view(w, h int) string
	// help is its keys for the status bar; nil when it draws its own.
	help() []key.Binding
}

// editTarget is what a form edits: the config, the list, create or update,
// and which record (a server's or tweak's unique_key, a device ID's or
// password's id).
type editTarget struct {
	cfgKey, cfgName string
	list            listID
	op              model.Op
	key             string
	id              int64
	// orig is the record as the edit form opened on it: saving first
	// checks that nobody changed it since (nil for a create).
	orig model.Values
}

// editor is a create or edit form over a config. Its submit is a write
// for the app to run; the form stays open, busy, until the app says how
// the write went.
type editor struct {
	f *form.Form
	editTarget
	w, h        int // the size the form was last given
	st          *theme.Styles
	base        string       // the API's base URL, for the request preview
	opts        form.Options // how the form was built, to build it again
	previewSlot              // ctrl+o: the request saving would send
	conflict    *conflict    // the record changed since the form opened
	keys        keyTable[*editor]
}

// editorKeys are the editor's own keys; the form has the rest.
func editorKeys() keyTable[*editor] {
	return keyTable[*editor]{{id: "request", Binding: newKey("ctrl+o", "request", "ctrl+o"), do: (*editor).showRequest}}
}

func newEditor(st *theme.Styles, km keymap.Map, base string, t editTarget, title string, vals model.Values, existing map[string]bool, w, h int) *editor {
	keys := editorKeys().rebound(km)
	opts := form.Options{
		Resource: resourceOf(t.list), Op: t.op, Title: title, Values: vals, Existing: existing,
		Styles: form.Styles{
			Title: st.Detail.Title, Hint: st.Detail.Hint, Error: st.Table.Error,
			Notice: st.Status.Warn, Help: st.Table.Muted, Huh: st.Huh(), Confirm: st.Status.Warn,
		},
		Width: w, Height: h, Help: keys.shown(nil), // the form draws the key line
	}
	return &editor{f: form.New(opts), editTarget: t, st: st, base: base, opts: opts, keys: keys}
}

func (e *editor) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if e.conflict != nil {
			return e.resolve(k)
		}
		if cmd, ok := e.previewKey(k); ok {
			return cmd, nil
		}
		if cmd, req, ok := e.keys.press(e, k); ok {
			return cmd, req
		}
	}
	switch msg := msg.(type) {
	case form.SubmitMsg:
		if msg.Form != e.f {
			return nil, nil
		}
		return nil, &formSave{editTarget: e.editTarget, form: e.f, values: msg.Values, name: strOf(msg.Values, "name")}
	case form.CancelMsg:
		if msg.Form != e.f {
			return nil, nil
		}
		return nil, closeMsg{}
	}
	return e.f.Update(msg), nil
}

// showRequest opens the preview of the request saving would send.
func (e *editor) showRequest() (tea.Cmd, tea.Msg) {
	w, err := formWrite(e.editTarget, e.f.Values())
	if err != nil {
		return setStatus(statusWarn, "No request to show yet: "+termsafe.Brief(err.Error())), nil
	}
	e.preview = newPreview(e.st, e.base, resourceOf(e.list), []api.Request{w.req})
	return nil, nil
}

func (e *editor) view(w, h int) string {
	if e.conflict != nil {
		return e.conflict.view(w, h)
	}
	if e.preview != nil {
		return e.preview.view(w, h)
	}
	if w != e.w || h != e.h {
		e.w, e.h = w, h
		e.f.SetSize(w-1, h)
	}
	return margin(block(safeFormLines(e.f.View(), w-1), w-1, h), " ", "")
}

func (e *editor) help() []key.Binding { return nil } // the form's own key line

// confirm asks a question before something that cannot be taken back (a
// delete, a bulk job, quitting with a job running). Each answer is a key
// and a request for the root; any other key is No, the default.
type confirm struct {
	st       *theme.Styles
	question string
	answers  []answer
	no       string // the status line after any other key
	other    key.Binding
	keys     keyTable[*confirm] // the answers, then ctrl+o
	// The requests yes would send, shown by ctrl+o.
	base string
	res  model.Resource
	reqs []api.Request
	previewSlot
}

// answer is one way to answer a confirm: its key, and what it asks of the
// root.
type answer struct {
	key key.Binding
	req tea.Msg
}

// newConfirm asks a yes/no question: y asks for yes (yesHelp says what it
// does), any other key keeps and says no.
func newConfirm(st *theme.Styles, question, yesHelp string, yes tea.Msg, no string) *confirm {
	return newChoice(st, question, []answer{{newKey("y", yesHelp, "y", "Y"), yes}}, no)
}

// newChoice asks a question with several answers.
func newChoice(st *theme.Styles, question string, answers []answer, no string) *confirm {
	keys := make(keyTable[*confirm], 0, len(answers)+1)
	for _, a := range answers {
		keys = append(keys, action[*confirm]{Binding: a.key, do: func(*confirm) (tea.Cmd, tea.Msg) { return nil, a.req }})
	}
	keys = append(keys, action[*confirm]{id: "request", Binding: newKey("ctrl+o", "requests", "ctrl+o"),
		off: onlyWhen(func(c *confirm) bool { return len(c.reqs) > 0 }),
		do: func(c *confirm) (tea.Cmd, tea.Msg) {
			c.preview = newPreview(c.st, c.base, c.res, c.reqs)
			return nil, nil
		}})
	return &confirm{st: st, question: question, answers: answers, no: no, other: newKey("any other key", "keep"), keys: keys}
}

// showing makes ctrl+o show reqs, the requests yes sends, against base.
func (c *confirm) showing(base string, res model.Resource, reqs []api.Request) *confirm {
	c.base, c.res, c.reqs = base, res, reqs
	return c
}

func (c *confirm) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, nil
	}
	if cmd, ok := c.previewKey(k); ok {
		return cmd, nil
	}
	if cmd, req, ok := c.keys.press(c, k); ok {
		return cmd, req
	}
	return setStatus(statusInfo, c.no), closeMsg{}
}

func (c *confirm) view(w, h int) string {
	if c.preview != nil {
		return c.preview.view(w, h)
	}
	lines := []string{""}
	for _, l := range wrap(termsafe.Line(c.question), w-2) {
		lines = append(lines, " "+c.st.Status.Warn.Render(fit(l, w-2)))
	}
	lines = append(lines, "", c.st.Table.Empty.Render(fit(" "+helpLine(c.help()), w)))
	return block(lines, w, h)
}

// help is the answers, then "any other key keep", then ctrl+o.
func (c *confirm) help() []key.Binding {
	return slices.Insert(c.keys.shown(c), len(c.answers), c.other)
}

// createdList shows the passwords a create made, once, so that they can be
// copied (y) before they are masked in the list again.
type createdList struct {
	st     *theme.Styles
	pws    []model.Password
	cursor int
	keys   keyTable[*createdList]
}

func newCreatedList(st *theme.Styles, pws []model.Password) *createdList {
	return &createdList{st: st, pws: pws, keys: createdKeys()}
}

func createdKeys() keyTable[*createdList] {
	nav := defaultNavKeys()
	rows := cursorRows(nav.Up, nav.Down, func(c *createdList) *int { return &c.cursor }, func(c *createdList) int { return len(c.pws) })
	return append(rows,
		action[*createdList]{Binding: newKey("y", "copy", "y"), do: func(c *createdList) (tea.Cmd, tea.Msg) {
			return copyCmd("password", c.pws[c.cursor].Password), nil
		}},
		action[*createdList]{Binding: newKey("esc", "close", "esc", "enter", "q"), do: func(*createdList) (tea.Cmd, tea.Msg) { return nil, closeMsg{} }})
}

func (c *createdList) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		cmd, req, _ := c.keys.press(c, k)
		return cmd, req
	}
	return nil, nil
}

func (c *createdList) view(w, h int) string {
	lines := []string{" " + c.st.Detail.Title.Render(fit("Created "+words.Plural(len(c.pws), "password"), w-2)), ""}
	room := max(h-4, 1)
	start := max(c.cursor-room+1, 0)
	for i := start; i < len(c.pws) && i < start+room; i++ {
		p := c.pws[i]
		text := "#" + strconv.FormatInt(int64(p.ID), 10) + "  " + termsafe.Line(p.Password) + "  " + termsafe.Line(p.Type)
		if i == c.cursor {
			lines = append(lines, c.st.Table.Selected.Render(fit("▌"+text, w)))
		} else {
			lines = append(lines, c.st.Table.Cell.Render(fit(" "+text, w)))
		}
	}
	lines = append(lines, "", c.st.Table.Empty.Render(fit(" "+helpLine(c.help()), w)))
	return block(lines, w, h)
}

func (c *createdList) help() []key.Binding { return c.keys.shown(c) }

// helpLine spells bindings as one plain line: "y delete · any other key keep".
func helpLine(bs []key.Binding) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = b.Help().Key + " " + b.Help().Desc
	}
	return strings.Join(parts, " · ")
}
