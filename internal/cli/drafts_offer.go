package cli

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"tweakdash/internal/drafts"
	"tweakdash/internal/termsafe"
)

// offerDrafts asks, one draft of profile at a time and newest first,
// whether to restore it. Yes returns that draft; No deletes it and asks
// about the next. ctrl+c or esc keeps every draft and is an interrupt.
// Drafts saved by ds from now on belong to profile.
func offerDrafts(ctx context.Context, ds *drafts.Session, profile string, popts []tea.ProgramOption) (*drafts.Saved, []string, error) {
	pending, notices := ds.Pending(profile)
	for i := range pending {
		d := &pending[i]
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
		if err := ds.Discard(*d); err != nil {
			notices = append(notices, "draft not deleted: "+termsafe.OneLine(err.Error()))
		}
	}
	return nil, notices, nil
}
