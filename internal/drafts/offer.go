package drafts

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// Offer asks, one draft at a time and newest first, whether to restore it.
// Yes returns that draft; No deletes it and asks about the next. ctrl+c or
// esc keeps every draft and is an interrupt.
func Offer(ctx context.Context, store Store, profile string, popts []tea.ProgramOption) (*Saved, []string, error) {
	drafts, notices := store.List(profile)
	for i := range drafts {
		d := &drafts[i]
		yes := true
		err := huh.NewForm(huh.NewGroup(
			huh.NewConfirm().Title(d.Question()).Affirmative("Yes").Negative("No").Value(&yes),
		)).WithShowHelp(false).WithProgramOptions(popts...).RunWithContext(ctx)
		switch {
		case errors.Is(err, huh.ErrUserAborted):
			return nil, notices, tea.ErrInterrupted
		case err != nil:
			return nil, notices, err
		case yes:
			return d, notices, nil
		}
		if err := store.Remove(d.path); err != nil {
			notices = append(notices, "draft not deleted: "+oneLine(err))
		}
	}
	return nil, notices, nil
}
