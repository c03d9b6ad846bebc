package form

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"tweakdash/model"
)

func (f *Form) submit() tea.Cmd {
	if f.busy {
		return nil
	}
	f.attempted = true
	f.revalidate()
	if len(f.clientErrs) > 0 {
		f.general = []string{fmt.Sprintf("%d field(s) need attention", len(f.clientErrs))}
		return nil
	}
	f.general = nil
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
