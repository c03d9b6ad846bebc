// Package form builds the create and edit forms of every resource from the
// field tables in model: huh fields in one group each, so that a group hides
// when the tunnel type (or the password options) say the field does not
// apply, drawn stacked by our own layout with each field's hint and errors
// under it. Errors are ours too, not huh's: client rules as the user types,
// and a server's 422 under the field it names, kept until that value changes.
package form

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"tweakdash/internal/termsafe"
	"tweakdash/internal/words"
	"tweakdash/model"
)

// Styles colour the parts of the form that huh does not draw.
type Styles struct {
	Title   lipgloss.Style
	Hint    lipgloss.Style
	Error   lipgloss.Style
	Notice  lipgloss.Style
	Help    lipgloss.Style
	Huh     huh.Theme
	Confirm lipgloss.Style
}

// Options describe the form to build.
type Options struct {
	Resource model.Resource
	Op       model.Op
	Title    string
	Values   model.Values // prefill (edit) or defaults (create)
	Styles   Styles
	Width    int
	Height   int
	// Existing holds the upper-cased device IDs already in the
	// configuration, for the batch box's preview.
	Existing map[string]bool
	// Help is the owner's keys that act on the form (ctrl+o), shown in its
	// key line after its own.
	Help []key.Binding
}

// SubmitMsg asks the owner to send the values; the form stays open until
// the owner closes it, so nothing typed is lost if the request fails.
type SubmitMsg struct {
	Form   *Form
	Values model.Values
}

// CancelMsg says the user left the form (after confirming, if it was dirty).
type CancelMsg struct{ Form *Form }

// entry is one field of the form and its group.
type entry struct {
	field model.Field
	input huh.Field
	group *huh.Group
}

// Form is a create or edit form over one resource.
type Form struct {
	res   model.Resource
	op    model.Op
	title string
	st    Styles

	strs    map[string]*string
	bools   map[string]*bool
	initial model.Values
	// kept holds, by key, a prefilled value that a one-line field cannot
	// hold as it is (its text input drops U+FFFD, which a server may well
	// send in a name) and what the field makes of it: the value is sent as
	// it came unless the user edits the field.
	kept map[string][2]string

	entries []entry
	huh     *huh.Form
	width   int
	height  int

	keys         Keys
	ownerHelp    []key.Binding
	revealed     bool
	touched      map[string]bool
	lastFocus    string
	attempted    bool              // a submit was tried: show every client error
	passed       string            // the values a warned submit held: saving them again is the user's call
	clientErrs   model.FieldErrors // from model.Validate on the current values
	serverErrs   model.FieldErrors // from the last 422, by bare field key
	submitted    model.Values      // values at the last submit, to expire serverErrs
	general      []string          // messages not tied to a field (limits, network)
	busy         bool
	confirming   bool   // asking whether to discard changes
	dropping     string // asking whether to save a new type that drops fields: the question
	batchVersion int    // the batch box's version when the form opened

	submittedBatch int // the batch box's version at the last 422
}

// New builds the form.
func New(o Options) *Form {
	f := &Form{
		res: o.Resource, op: o.Op, title: o.Title, st: o.Styles,
		strs: map[string]*string{}, bools: map[string]*bool{}, kept: map[string][2]string{},
		touched: map[string]bool{}, width: max(o.Width, 40), height: max(o.Height, 3), keys: defaultKeys(), ownerHelp: o.Help,
	}
	for _, fl := range orderedFields(o.Resource, o.Op) {
		f.addField(fl, o.Values[fl.Key], o.Existing)
	}
	f.initial = f.values(false)
	for _, e := range f.entries {
		if b, ok := e.input.(*batch); ok {
			f.batchVersion = b.box.Version()
		}
	}
	groups := make([]*huh.Group, len(f.entries))
	for i, e := range f.entries {
		groups[i] = e.group
	}
	km := huh.NewDefaultKeyMap()
	km.Quit.SetEnabled(false) // ctrl+c belongs to the program, esc to us
	km.Text.Editor.SetEnabled(false)
	choiceKeys(km)
	f.huh = huh.NewForm(groups...).
		WithLayout(stack{f}).
		WithShowHelp(false).
		WithShowErrors(false).
		WithKeyMap(km).
		WithWidth(f.width)
	if o.Styles.Huh != nil {
		f.huh.WithTheme(o.Styles.Huh)
	}
	fitBatch(f.entries, f.width, f.height)
	f.revalidate()
	return f
}

// orderedFields lists the fields in the order the form shows them: the
// tunnel type, the name, the type's fields (required first), the note, and
// the upsert key last. An edit never opens on a choice (it opens on the
// name, or a password's value): a letter typed out of habit there would
// change the record's tunnel type or password type.
func orderedFields(r model.Resource, op model.Op) []model.Field {
	var head, required, optional, tail []model.Field
	for _, fl := range r.Fields {
		switch {
		case op == model.Update && fl.CreateOnly || op == model.Create && fl.UpdateOnly:
		case fl.Key == "tunnel_type" || fl.Key == "type":
			head = append([]model.Field{fl}, head...)
		case fl.Key == "name" || fl.Key == "device_id":
			head = append(head, fl)
		case fl.Key == "note" || fl.Key == "unique_key":
			tail = append(tail, fl)
		case !r.Typed:
			optional = append(optional, fl)
		case fl.RequiredFor != nil || fl.Required:
			required = append(required, fl)
		default:
			optional = append(optional, fl)
		}
	}
	// note before unique_key, whatever the table's order
	if len(tail) == 2 && tail[0].Key == "unique_key" {
		tail[0], tail[1] = tail[1], tail[0]
	}
	out := append(append(append(head, required...), optional...), tail...)
	if op == model.Update && len(out) > 1 && out[0].Kind == model.KindEnum {
		out[0], out[1] = out[1], out[0]
	}
	return out
}

func (f *Form) addField(fl model.Field, v any, existing map[string]bool) {
	var in huh.Field
	switch {
	case isBatch(fl, f.op):
		s := stringOf(v)
		f.strs[fl.Key] = &s
		in = newBatch(fl.Key, "Device IDs (paste any number: one per line, or separated by , or ;)", s, existing)
	default:
		in = f.plainField(fl, v)
	}
	g := huh.NewGroup(in).WithHideFunc(func() bool { return !f.visible(fl) })
	f.entries = append(f.entries, entry{field: fl, input: in, group: g})
}

func (f *Form) plainField(fl model.Field, v any) huh.Field {
	title := fl.Label
	var in huh.Field
	switch fl.Kind {
	case model.KindBool:
		b, _ := model.AsBool(v)
		f.bools[fl.Key] = &b
		in = huh.NewConfirm().Key(fl.Key).Title(title).Affirmative("Yes").Negative("No").Inline(true).Value(&b)
	case model.KindEnum:
		s := stringOf(v)
		if s == "" && fl.Required {
			s = fl.Enum[0]
		}
		f.strs[fl.Key] = &s
		opts := make([]huh.Option[string], 0, len(fl.Enum)+1)
		if !fl.Required {
			opts = append(opts, huh.NewOption("(not set)", ""))
		}
		for _, e := range fl.Enum {
			opts = append(opts, huh.NewOption(e, e))
		}
		in = huh.NewSelect[string]().Key(fl.Key).Title(title).Options(opts...).Inline(true).Filtering(false).Value(&s)
	case model.KindMultiLine:
		s := stringOf(v)
		f.strs[fl.Key] = &s
		in = newMultiline(fl, title, s, 5, f.tunnel, &f.revealed)
	default:
		s := stringOf(v)
		f.strs[fl.Key] = &s
		ti := textinput.New()
		ti.SetValue(s)
		if ti.Value() != s {
			f.kept[fl.Key] = [2]string{s, ti.Value()}
		}
		i := huh.NewInput().Key(fl.Key).Title(title + " ").Inline(true).Value(&s)
		if fl.MaxLen > 0 {
			i.CharLimit(fl.MaxLen)
		}
		in = i
		if fl.Sensitive() {
			in = newSecretInput(i, title+" ", fl, f.tunnel, &f.revealed)
		}
	}
	return in
}

func stringOf(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	if n, ok := model.AsInt(v); ok {
		return fmt.Sprint(n)
	}
	return fmt.Sprint(v)
}

func (f *Form) visible(fl model.Field) bool {
	return model.Visible(f.res, fl, f.values(false), f.op)
}

// values collects what the fields hold; onlyVisible drops the fields the
// current choices hide. A batch of device IDs is represented by a stand-in
// (see batch.standIn): submitValues has the real thing.
func (f *Form) values(onlyVisible bool) model.Values {
	v := make(model.Values, len(f.entries))
	for _, e := range f.entries {
		k := e.field.Key
		if b, ok := e.input.(*batch); ok {
			v[k] = b.standIn()
			continue
		}
		switch {
		case f.bools[k] != nil:
			v[k] = *f.bools[k]
		case e.field.Kind == model.KindMultiLine:
			v[k] = e.input.GetValue()
		default:
			v[k] = *f.strs[k]
			if kept, ok := f.kept[k]; ok && *f.strs[k] == kept[1] {
				v[k] = kept[0]
			}
		}
	}
	if onlyVisible {
		for _, e := range f.entries {
			if !model.Visible(f.res, e.field, v, f.op) {
				delete(v, e.field.Key)
			}
		}
	}
	return v
}

// Values returns the values a submit would send.
func (f *Form) Values() model.Values {
	v := f.values(true)
	for _, e := range f.entries {
		if b, ok := e.input.(*batch); ok {
			v[e.field.Key] = b.GetValue()
		}
	}
	return v
}

// Dirty reports whether anything differs from how the form opened.
func (f *Form) Dirty() bool {
	for _, e := range f.entries {
		if b, ok := e.input.(*batch); ok && b.box.Version() != f.batchVersion {
			return true
		}
	}
	now := f.values(false)
	for k, v := range f.initial {
		if fmt.Sprint(now[k]) != fmt.Sprint(v) {
			return true
		}
	}
	return false
}

// Init starts the huh form.
func (f *Form) Init() tea.Cmd { return f.huh.Init() }

// SetSize sets the space the form may use.
func (f *Form) SetSize(w, h int) {
	f.width, f.height = max(w, 40), max(h, 3)
	f.huh.WithWidth(f.width)
	fitBatch(f.entries, f.width, f.height)
}

// SetServerErrors shows a 422: field messages under their fields (by bare
// field key, as api.Error.FormErrors gives them), the rest at the top.
// Every value stays as typed.
func (f *Form) SetServerErrors(fields model.FieldErrors, general []string) {
	f.busy = false
	f.serverErrs = model.FieldErrors{}
	f.general = append([]string(nil), general...)
	for k, msgs := range fields {
		if _, ok := f.res.Field(k); ok {
			f.serverErrs[k] = msgs
		} else {
			f.general = append(f.general, msgs...)
		}
	}
	f.submitted = f.values(false)
	f.submittedBatch = f.currentBatchVersion()
}

// currentBatchVersion is the batch box's version, or -1 without one.
func (f *Form) currentBatchVersion() int {
	for _, e := range f.entries {
		if b, ok := e.input.(*batch); ok {
			return b.box.Version()
		}
	}
	return -1
}

// SetError shows a message that is not about one field (401, 403, 404,
// 429, 5xx, network) at the top of the form.
func (f *Form) SetError(msg string) {
	f.busy = false
	f.serverErrs = nil // they judged an earlier request
	f.general = []string{msg}
}

// Warn shows msg at the top of the form once, leaving what the server said
// and a save in flight as they are: it is news about the record, not an
// answer to a request.
func (f *Form) Warn(msg string) {
	if !slices.Contains(f.general, msg) {
		f.general = append(f.general, msg)
	}
}

// Update routes keys: ctrl+s submits from any field, esc cancels (asking
// first when something changed), enter on the last field submits; the rest
// goes to huh.
func (f *Form) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		msg.Content = strings.ReplaceAll(msg.Content, "\r\n", "\n")
		return f.forward(msg)
	case tea.KeyPressMsg:
		k := &f.keys
		if f.confirming {
			f.confirming = false
			if key.Matches(msg, k.Discard) {
				return f.cancel()
			}
			return nil
		}
		if f.dropping != "" {
			f.dropping = ""
			if key.Matches(msg, k.Discard) {
				return f.send()
			}
			return nil
		}
		switch {
		case key.Matches(msg, k.Save):
			return f.submit()
		case key.Matches(msg, k.Cancel):
			if f.Dirty() {
				f.confirming = true
				return nil
			}
			return f.cancel()
		case key.Matches(msg, k.Reveal) && f.hasSecrets():
			f.revealed = !f.revealed // the secret fields read it as they draw
			return nil
		case key.Matches(msg, k.Next):
			enter := msg.Code == tea.KeyEnter
			if _, ok := f.huh.GetFocusedField().(*batch); ok && enter {
				break // one ID per line: enter is a new line in the batch box
			}
			if enter && f.onLastField() {
				return f.submit()
			}
			return f.move(f.huh.NextField, f.huh.NextGroup)
		case key.Matches(msg, k.Prev):
			return f.move(f.huh.PrevField, f.huh.PrevGroup)
		}
		if cmd, ok := f.jump(msg); ok {
			return cmd
		}
	}
	return f.forward(msg)
}

// move goes to the next or previous field at once. Left to huh, the move
// takes two round trips through the event loop, and a key typed meanwhile
// (a fast typist, a paste of keys over SSH) lands in the field being left.
// Every group holds one field, so a field move is a group move: the field
// step's own command (a deferred group move) is dropped and the group move
// made here.
func (f *Form) move(field, group func() tea.Cmd) tea.Cmd {
	_ = field()
	cmd := group()
	f.noteFocus()
	f.revalidate()
	return cmd
}

func (f *Form) noteFocus() {
	if focused := f.focusedKey(); focused != f.lastFocus {
		if f.lastFocus != "" {
			f.touched[f.lastFocus] = true
		}
		f.lastFocus = focused
	}
}

func (f *Form) forward(msg tea.Msg) tea.Cmd {
	m, cmd := f.huh.Update(msg)
	if hf, ok := m.(*huh.Form); ok {
		f.huh = hf
	}
	f.noteFocus()
	f.revalidate()
	return cmd
}

func (f *Form) revalidate() {
	f.clientErrs = model.Validate(f.res, f.values(true), f.op)
}

func (f *Form) cancel() tea.Cmd {
	return func() tea.Msg { return CancelMsg{Form: f} }
}

func (f *Form) focusedKey() string {
	if fl := f.huh.GetFocusedField(); fl != nil {
		return fl.GetKey()
	}
	return ""
}

func (f *Form) onLastField() bool {
	key := f.focusedKey()
	for i := len(f.entries) - 1; i >= 0; i-- {
		if f.visible(f.entries[i].field) {
			return f.entries[i].field.Key == key
		}
	}
	return false
}

// errorsFor returns what to show under a field: the server's words while
// the value is the one it judged, else the client rules once the user has
// left the field or tried to submit.
func (f *Form) errorsFor(key string, now model.Values) []string {
	same := fmt.Sprint(now[key]) == fmt.Sprint(f.submitted[key])
	if fl, _ := f.res.Field(key); fl.Hex32 && f.op == model.Create {
		same = f.currentBatchVersion() == f.submittedBatch
	}
	if msgs, ok := f.serverErrs[key]; ok && same {
		return msgs
	}
	if f.attempted || f.touched[key] {
		return f.clientErrs[key]
	}
	return nil
}

func (f *Form) hint(fl model.Field, now model.Values) string {
	h := fl.Hint
	if fl.Kind == model.KindEnum {
		h = "←/→ or a letter to jump"
	}
	if fl.Key == "ip_port_user_pass" {
		h = model.ServerAddressHint(model.TunnelTypeOf(now))
	}
	req := fl.RequiredWith(model.TunnelTypeOf(now)) || fl.Key == "password"
	switch {
	case req && h != "":
		return "required · " + h
	case req:
		return "required"
	}
	return h
}

// View draws the form.
func (f *Form) View() string { return f.huh.View() }

// At most this many messages show at the top, and under each field; the
// rest are counted ("and 9,998 more").
const maxGeneral, maxPerField = 3, 2

// stack is the huh layout: the visible groups one under another, each with
// its hint (when focused) and errors, scrolled to keep the focused field in
// view, under a title and the general messages, over a line of key help.
type stack struct{ f *Form }

func (s stack) GroupWidth(_ *huh.Form, _ *huh.Group, w int) int { return w }

func (s stack) View(*huh.Form) string {
	f := s.f
	now := f.values(false)
	focused := f.focusedKey()
	var head []string
	if f.title != "" {
		head = append(head, f.st.Title.Render(termsafe.Truncate(f.title, f.width)))
	}
	// A 422 can name thousands of errors: the first few show, under their
	// fields and at the top, and the rest are counted, so that the form and
	// its keys stay on screen.
	more := max(len(f.general)-maxGeneral, 0)
	for _, g := range f.general[:len(f.general)-more] {
		head = append(head, f.st.Error.Render(termsafe.Truncate("✗ "+termsafe.Line(g), f.width)))
	}
	if b, warn := f.banner(now); b != "" {
		st := f.st.Error
		if warn {
			st = f.st.Notice
		}
		head = append(head, st.Render(termsafe.Truncate(b, f.width)))
	}
	if q := termsafe.Line(f.dropping); q != "" && termsafe.Width(q+": y save / esc back") > f.width {
		for _, l := range strings.Split(ansi.Wrap(q+":", f.width, ""), "\n") {
			head = append(head, f.st.Confirm.Render(l))
		}
	}
	for _, e := range f.entries {
		if model.Visible(f.res, e.field, now, f.op) {
			more += max(len(f.errorsFor(e.field.Key, now))-maxPerField, 0)
		}
	}
	if more > 0 {
		head = append(head, f.st.Error.Render(termsafe.Truncate("  and "+words.Thousands(more)+" more", f.width)))
	}
	var body []string
	focusTop, focusBottom := 0, 0
	for _, e := range f.entries {
		if !model.Visible(f.res, e.field, now, f.op) {
			continue
		}
		top := len(body)
		body = append(body, strings.Split(e.group.Content(), "\n")...)
		if e.field.Key == focused {
			if e.field.Kind == model.KindEnum {
				if strip := f.choiceStrip(e.field.Key, f.width-2); strip != "" {
					body = append(body, f.st.Hint.Render(termsafe.Truncate("  "+strip, f.width)))
				}
			}
			if h := f.hint(e.field, now); h != "" {
				body = append(body, f.st.Hint.Render(termsafe.Truncate("  "+h, f.width)))
			}
		}
		msgs := f.errorsFor(e.field.Key, now)
		for _, msg := range msgs[:min(len(msgs), maxPerField)] {
			body = append(body, f.st.Error.Render(termsafe.Truncate("  ✗ "+termsafe.Line(e.field.Labelled(msg)), f.width)))
		}
		if w := f.warningFor(e.field, now); w != "" && len(msgs) == 0 {
			body = append(body, f.st.Notice.Render(termsafe.Truncate("  ! "+termsafe.Line(w), f.width)))
		}
		if e.field.Key == focused {
			focusTop, focusBottom = top, len(body)
		}
	}
	// The footer (the keys) always shows, then the title, then at least the
	// focused field's first line; blank lines go first when room is short.
	foot := f.footer()
	head = head[:min(len(head), max(f.height/2, 1))]
	gap := 1
	room := f.height - len(head) - 1 - 2*gap
	if room < 1 {
		gap = 0
		room = max(f.height-len(head)-1, 1)
		head = head[:min(len(head), max(f.height-2, 0))]
	}
	start := 0
	if focusBottom > room {
		start = focusBottom - room
	}
	if focusTop < start {
		start = focusTop
	}
	end := min(start+room, len(body))
	out := head
	if gap > 0 {
		out = append(out, "")
	}
	out = append(out, body[start:end]...)
	if gap > 0 {
		out = append(out, "")
	}
	return strings.Join(append(out, foot), "\n")
}

func (f *Form) footer() string {
	k := &f.keys
	switch {
	case f.confirming:
		return f.st.Confirm.Render(termsafe.Truncate("Discard your changes? "+k.Discard.Help().Key+" "+k.Discard.Help().Desc+" · any other key keeps editing", f.width))
	case f.dropping != "":
		keys := k.Discard.Help().Key + " save / esc back"
		if line := termsafe.Line(f.dropping) + ": " + keys; termsafe.Width(line) <= f.width {
			return f.st.Confirm.Render(line)
		}
		return f.st.Confirm.Render(termsafe.Truncate(keys, f.width)) // the question is at the top
	case f.busy:
		return f.st.Help.Render("Saving…")
	}
	bs := []key.Binding{k.Next, k.Prev, k.Save, k.Cancel}
	if b, ok := f.huh.GetFocusedField().(*batch); ok { // enter is a new line there
		bs = append(b.KeyBinds(), k.Save, k.Cancel)
	}
	if f.hasSecrets() {
		bs = append(bs, k.Reveal)
	}
	bs = append(bs, f.ownerHelp...)
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = b.Help().Key + " " + b.Help().Desc
	}
	return f.st.Help.Render(termsafe.Truncate(strings.Join(parts, " · "), f.width))
}

// hasSecrets reports whether a field shown holds secrets, so that ctrl+r
// applies.
func (f *Form) hasSecrets() bool {
	now := f.values(false)
	for _, e := range f.entries {
		if e.field.Sensitive() && model.Visible(f.res, e.field, now, f.op) {
			return true
		}
	}
	return false
}

// tunnel is the tunnel type chosen, which says what of an address is
// secret.
func (f *Form) tunnel() model.TunnelType {
	if p := f.strs["tunnel_type"]; p != nil {
		return model.TunnelType(*p)
	}
	return ""
}

// Keys are the form's own keys; the fields' (typing, ctrl+j for a new
// line) are huh's and the batch box's.
type Keys struct {
	Next    key.Binding
	Prev    key.Binding
	Save    key.Binding
	Cancel  key.Binding
	Reveal  key.Binding
	Discard key.Binding // answers "Discard your changes?"
}

func defaultKeys() Keys {
	return Keys{
		Next:    key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", "next")),
		Prev:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "back")),
		Save:    key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Reveal:  key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "reveal")),
		Discard: key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "discards")),
	}
}

// DraftValues are the values to keep in a draft when the program dies with
// the form open: every field as it stands, minus the secret ones
// (passwords, private keys), which never go to disk. A batch of device IDs
// is kept as typed, lines that would not be sent included, so that the
// restored box is the one that was left.
func (f *Form) DraftValues() model.Values {
	v := f.Values()
	for _, e := range f.entries {
		if e.field.Secret {
			delete(v, e.field.Key)
		}
		if b, ok := e.input.(*batch); ok {
			v[e.field.Key] = b.box.Value()
		}
	}
	return v
}

// Resource is the resource the form edits.
func (f *Form) Resource() model.Resource { return f.res }

// Title is the form's title line.
func (f *Form) Title() string { return f.title }
