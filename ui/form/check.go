package form

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/words"
	"tweakdash/model"
)

// What ctrl+s checks before anything is sent, in order: the rules (an
// error stops the save and the focus goes to the first field at fault; a
// server's 422 does not: the same values may be sent again, as what it
// judged may have changed),
// the formats the spec gives (a warning stops the first save only: the API
// takes any string there), and, on an edit that changes the tunnel type,
// the fields the new type drops (asked, naming them).

func (f *Form) submit() tea.Cmd {
	if f.busy {
		return nil
	}
	f.attempted = true
	f.revalidate()
	f.general = nil
	now := f.values(false)
	if bad := f.first(func(fl model.Field) bool { return len(f.clientErrs[fl.Key]) > 0 }); bad != "" {
		return f.focus(bad)
	}
	sent := fmt.Sprint(f.values(true))
	if odd := f.first(func(fl model.Field) bool { return f.warningFor(fl, now) != "" }); odd != "" && f.passed != sent {
		f.passed = sent
		return f.focus(odd)
	}
	if q := f.dropQuestion(); q != "" {
		f.dropping = q
		return nil
	}
	return f.send()
}

// send hands the values to the owner; nothing is sent before.
func (f *Form) send() tea.Cmd {
	f.busy = true
	v := f.Values()
	return func() tea.Msg { return SubmitMsg{Form: f, Values: v} }
}

// first is the key of the first visible field, in the form's order, for
// which bad holds; "" for none.
func (f *Form) first(bad func(model.Field) bool) string {
	now := f.values(false)
	for _, e := range f.entries {
		if model.Visible(f.res, e.field, now, f.op) && bad(e.field) {
			return e.field.Key
		}
	}
	return ""
}

// focus moves the focus to the visible field key, as tab and shift+tab do.
func (f *Form) focus(key string) tea.Cmd {
	at := -1
	for i, e := range f.entries {
		if e.field.Key == key {
			at = i
		}
	}
	var cmds []tea.Cmd
	for range f.entries {
		cur := -1
		for i, e := range f.entries {
			if e.field.Key == f.focusedKey() {
				cur = i
			}
		}
		switch {
		case at < 0 || cur < 0 || cur == at:
			return tea.Batch(cmds...)
		case cur < at:
			cmds = append(cmds, f.move(f.huh.NextField, f.huh.NextGroup))
		default:
			cmds = append(cmds, f.move(f.huh.PrevField, f.huh.PrevGroup))
		}
	}
	return tea.Batch(cmds...)
}

// warningFor is what looks wrong with a field's format, shown once the
// user has left the field or tried to save.
func (f *Form) warningFor(fl model.Field, now model.Values) string {
	if !f.attempted && !f.touched[fl.Key] {
		return ""
	}
	s, _ := now[fl.Key].(string)
	return model.FormatWarning(fl, model.TunnelTypeOf(now), s)
}

// banner is the line at the top after a save was refused: how many fields
// are still wrong (an error), or how many look wrong and that ctrl+s saves
// them as they are (warn). It goes as soon as nothing is left to say.
func (f *Form) banner(now model.Values) (line string, warn bool) {
	if !f.attempted {
		return "", false
	}
	errs, odd := 0, 0
	for _, e := range f.entries {
		if !model.Visible(f.res, e.field, now, f.op) {
			continue
		}
		if len(f.errorsFor(e.field.Key, now)) > 0 {
			errs++
		} else if f.warningFor(e.field, now) != "" {
			odd++
		}
	}
	switch {
	case errs > 0:
		return "✗ " + fieldCount(errs) + " need" + verbS(errs) + " attention", false
	case odd > 0 && f.passed == fmt.Sprint(f.values(true)):
		return "! " + fieldCount(odd) + " look" + verbS(odd) + " wrong: " + f.keys.Save.Help().Key + " again saves as typed", true
	}
	return "", false
}

func fieldCount(n int) string {
	if n == 1 {
		return "1 field"
	}
	return words.Thousands(n) + " fields"
}

// verbS is the -s of a verb after fieldCount(n).
func verbS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}

// dropQuestion is what to ask before an edit saves the record as another
// tunnel type that loses filled fields, naming them; "" when nothing is
// lost.
func (f *Form) dropQuestion() string {
	now := f.values(false)
	to := model.TunnelTypeOf(now)
	if f.op != model.Update || to == model.TunnelTypeOf(f.initial) {
		return ""
	}
	lost := model.Dropped(f.res, now, to)
	if len(lost) == 0 {
		return ""
	}
	names := make([]string, len(lost))
	for i, fl := range lost {
		names[i] = fl.Label
	}
	return "Saving as " + string(to) + " drops " + strings.Join(names, ", ")
}
