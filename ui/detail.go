package ui

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/clipperhouse/uax29/v2/graphemes"

	"tweakdash/internal/termsafe"
	"tweakdash/model"
	"tweakdash/theme"
)

// detailField is one field of a resource as the API returned it.
type detailField struct {
	key, label string
	value      string // the string itself, or the JSON text of anything else
	null       bool
	// secret: value holds a secret (model.Field.Sensitive) and masked is
	// how it shows until revealed; whole: all of it is secret.
	secret, whole bool
	masked        string
	muted         bool // a note of ours, not a value from the server
}

// Fields the spec tables do not list but the API returns, with labels;
// leading ones go before the table's fields, trailing ones after.
var (
	leadFields  = []string{"id", "unique_key", "name", "device_id", "password"}
	trailFields = []string{"action", "used_device_id", "used_at", "created_at", "updated_at"}
	extraLabels = map[string]string{
		"id": "ID", "unique_key": "Unique key", "action": "Action",
		"used_device_id": "Used by device", "used_at": "Used at",
		"created_at": "Created", "updated_at": "Updated",
	}
)

// detailFields lists every field in raw: the known ones first in a
// sensible order (identity, then the spec table's order, then timestamps),
// then the ones this program does not know, by name. Secrets are marked
// and masked as model says (model.Field.Sensitive and Masked). Fields that are null and do not
// exist for the record's tunnel type are named together on one last line
// rather than each shown as null.
func detailFields(r model.Resource, raw model.Raw) []detailField {
	var tt model.TunnelType
	if r.Typed {
		if v, ok := raw["tunnel_type"]; ok {
			s, _ := rawText(v)
			tt = model.TunnelType(s)
		}
	}
	var unused []string
	order := slices.Clone(leadFields)
	for _, f := range r.Fields {
		if !slices.Contains(order, f.Key) {
			order = append(order, f.Key)
		}
	}
	order = append(order, trailFields...)

	out := make([]detailField, 0, len(raw))
	add := func(k string) {
		v, ok := raw[k]
		if !ok {
			return
		}
		df := detailField{key: k, label: fieldLabel(k)}
		df.value, df.null = rawText(v)
		if f, ok := r.Field(k); ok {
			df.label = f.Label
			if f.Kind == model.KindBool {
				df.value = boolText(df.value) // yes or no, as the lists and the form say
			}
			df.masked, df.secret = f.Masked(tt, df.value)
			df.whole = df.secret && f.Secret
		} else if l, ok := extraLabels[k]; ok {
			df.label = l
		}
		if f, known := r.Field(k); known && df.null && tt != "" && !f.AppliesTo(tt) {
			unused = append(unused, f.Label)
			return
		}
		out = append(out, df)
	}
	for _, k := range order {
		add(k)
	}
	var rest []string
	for k := range raw {
		if !slices.Contains(order, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	for _, k := range rest {
		add(k)
	}
	if len(unused) > 0 {
		out = append(out, detailField{label: "Not for " + string(tt), value: strings.Join(unused, ", "), muted: true})
	}
	return out
}

// fieldLabel names a field the program does not know as a person would
// read it: "configuration_id" is "Configuration ID".
func fieldLabel(k string) string {
	words := strings.FieldsFunc(k, func(r rune) bool { return r == '_' || r == '-' })
	for i, w := range words {
		switch {
		case w == "id" || w == "ip" || w == "url" || w == "ssl" || w == "ssh":
			words[i] = strings.ToUpper(w)
		case i == 0:
			words[i] = upperFirst(w)
		}
	}
	if len(words) == 0 {
		return k
	}
	return strings.Join(words, " ")
}

// rawText turns a JSON value into the text shown for it: a string as
// itself, null as null, anything else as compact JSON.
func rawText(v json.RawMessage) (text string, null bool) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return "", true
	}
	if v[0] == '"' {
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s, false
		}
	}
	var b bytes.Buffer
	if json.Compact(&b, v) == nil {
		return b.String(), false
	}
	return string(v), false
}

// detail shows every field of one resource, secrets masked until revealed.
// It scrolls; values are wrapped at the pane's width, never cut.
type detail struct {
	st   *theme.Styles
	keys keyTable[*detail]

	title    string
	fields   []detailField
	revealed bool
	// pending: the full record has been asked for; what is shown may be
	// only part of it.
	pending bool

	// copyWhat and copyValue are what y copies (the raw value, not the
	// display form), e.g. "device ID" and the ID.
	copyWhat, copyValue string

	width, height int
	lines         []string // the body, drawn for width and revealed
	offset        int
}

func newDetail(st *theme.Styles, title string, fields []detailField) *detail {
	d := &detail{st: st, keys: detailKeys()}
	d.setFields(title, fields)
	return d
}

// setFields shows new fields (the full record arrived); whether secrets
// are revealed and where the view is scrolled stay.
func (d *detail) setFields(title string, fields []detailField) {
	d.title, d.fields = title, fields
	d.build()
}

func (d *detail) hasSecrets() bool {
	for _, f := range d.fields {
		if f.secret && !f.null {
			return true
		}
	}
	return false
}

func (d *detail) setSize(w, h int) {
	d.width, d.height = max(w, 0), max(h, 0)
	d.build()
}

// bodyHeight is the number of field lines shown under the title.
func (d *detail) bodyHeight() int { return max(d.height-2, 1) }

// detailKeys are the detail's keys: reveal, then scrolling.
func detailKeys() keyTable[*detail] {
	return append(keyTable[*detail]{
		{id: "reveal", Binding: newKey("s", "reveal secrets", "s"),
			off: func(d *detail) string {
				if !d.hasSecrets() {
					return "nothing secret here"
				}
				return ""
			},
			desc: func(d *detail) string {
				if d.revealed {
					return "hide secrets"
				}
				return "reveal secrets"
			},
			do: func(d *detail) (tea.Cmd, tea.Msg) { d.revealed = !d.revealed; d.build(); return nil, nil }},
	}, navRows((*detail).scroll, (*detail).bodyHeight, func(d *detail) int { return len(d.lines) })...)
}

// update handles a key; ok is false when it is not the detail's.
func (d *detail) update(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	cmd, _, ok := d.keys.press(d, msg)
	return cmd, ok
}

// revealKey is the reveal key as it stands, for the owner's help.
func (d *detail) revealKey() key.Binding { return d.keys[0].binding(d) }

func (d *detail) scroll(n int) {
	d.offset = min(max(d.offset+n, 0), max(len(d.lines)-d.bodyHeight(), 0))
}

// maskText stands for a secret on every screen.
const maskText = model.Mask

// build lays the fields out for the current width: "label  value", with a
// long value continued under itself and a multi-line value (configs, keys)
// under its label.
func (d *detail) build() {
	d.lines = d.lines[:0]
	if d.width <= 0 {
		return
	}
	lw := 0
	for _, f := range d.fields {
		lw = max(lw, termsafe.Width(termsafe.Line(f.label)))
	}
	lw = min(lw, 22, max(d.width/3, 1))
	indent := strings.Repeat(" ", lw+2)
	vw := max(d.width-lw-2, 1)
	s := d.st.Detail
	for _, f := range d.fields {
		label := s.Label.Render(fit(termsafe.Line(f.label), lw)) + "  "
		value := f.value
		if f.secret && !d.revealed {
			value = f.masked
		}
		switch {
		case f.null:
			d.lines = append(d.lines, label+s.Null.Render(fit("—", vw)))
		case f.whole && !d.revealed:
			d.lines = append(d.lines, label+s.Secret.Render(maskText)+s.Hint.Render(fit("  s to reveal", vw-termsafe.Width(maskText))))
		case strings.Contains(value, "\n"):
			d.lines = append(d.lines, label+strings.Repeat(" ", vw))
			for _, l := range strings.Split(termsafe.Text(value), "\n") {
				for _, w := range wrap(l, max(d.width-2, 1)) {
					d.lines = append(d.lines, "  "+d.valueStyle(f).Render(fit(w, d.width-2)))
				}
			}
		default:
			for i, w := range wrap(termsafe.Line(value), vw) {
				pre := label
				if i > 0 {
					pre = indent
				}
				d.lines = append(d.lines, pre+d.valueStyle(f).Render(fit(w, vw)))
			}
		}
	}
	d.scroll(0)
}

func (d *detail) valueStyle(f detailField) styleRenderer {
	if f.muted {
		return d.st.Detail.Null
	}
	if f.secret {
		return d.st.Detail.Secret
	}
	return d.st.Detail.Value
}

// styleRenderer is what build needs of a lipgloss.Style.
type styleRenderer interface{ Render(...string) string }

// view draws exactly height lines of width cells: the title, a blank line,
// then the visible part of the fields.
func (d *detail) view() string {
	if d.width <= 0 || d.height <= 0 {
		return ""
	}
	hint := ""
	switch {
	case d.pending:
		hint = "loading every field…"
	case d.hasSecrets():
		hint = "s reveal"
		if d.revealed {
			hint = "s hide"
		}
	}
	hint = termsafe.Truncate(hint, d.width/2)
	tw := d.width - termsafe.Width(hint)
	out := make([]string, 0, d.height)
	out = append(out, d.st.Detail.Title.Render(fit(termsafe.Line(d.title), tw))+d.st.Detail.Hint.Render(hint))
	out = append(out, strings.Repeat(" ", d.width))
	end := min(d.offset+d.bodyHeight(), len(d.lines))
	for _, l := range d.lines[d.offset:end] {
		// Only on a pane too narrow for label and value side by side.
		if lipgloss.Width(l) > d.width {
			l = ansi.Truncate(l, d.width, "")
		}
		out = append(out, l)
	}
	for len(out) < d.height {
		out = append(out, strings.Repeat(" ", d.width))
	}
	return strings.Join(out[:d.height], "\n")
}

// wrap breaks a terminal-safe line into pieces of at most w cells, at
// spaces when it can, else between grapheme clusters. It never returns
// nothing: an empty line is one empty piece.
func wrap(s string, w int) []string {
	if termsafe.Width(s) <= w || w <= 0 {
		return []string{s}
	}
	var out []string
	for termsafe.Width(s) > w {
		cut := cutAt(s, w)
		// Break at the last space unless the piece already ends a word.
		if cut < len(s) && s[cut] != ' ' {
			if i := strings.LastIndexByte(s[:cut], ' '); i > 0 {
				cut = i
			}
		}
		out = append(out, strings.TrimRight(s[:cut], " "))
		s = strings.TrimLeft(s[cut:], " ")
	}
	if s != "" || len(out) == 0 {
		out = append(out, s)
	}
	return out
}

// cutAt returns the byte length of the longest prefix of s that fits in w
// cells without splitting a grapheme cluster (at least one cluster, so
// that wrapping always advances).
func cutAt(s string, w int) int {
	col, cut := 0, 0
	seg := graphemes.FromString(s)
	for seg.Next() {
		cw := termsafe.Width(seg.Value())
		if col+cw > w && cut > 0 {
			break
		}
		col, cut = col+cw, seg.End()
	}
	return cut
}
