package ui

import (
	"strconv"

	tea "charm.land/bubbletea/v2"

	"tweakdash/model"
	"tweakdash/ui/termsafe"
)

// createdList shows the passwords a create made, once, so that they can be
// copied (y) before they are masked in the list again (esc).
type createdList struct {
	pws    []model.Password
	cursor int
}

func (r *resources) createdKey(msg tea.KeyPressMsg) tea.Cmd {
	c := r.created
	switch msg.String() {
	case "up", "k":
		c.cursor = max(c.cursor-1, 0)
	case "down", "j":
		c.cursor = min(c.cursor+1, len(c.pws)-1)
	case "y":
		return copyCmd("password", c.pws[c.cursor].Password)
	case "esc", "enter", "q":
		r.created = nil
		r.updateKeys()
	}
	return nil
}

func (r *resources) createdView() string {
	c := r.created
	lines := []string{" " + r.st.Detail.Title.Render(fit("Created "+plural(len(c.pws), "password"), r.width-2)), ""}
	room := max(r.height-5, 1)
	start := max(c.cursor-room+1, 0)
	for i := start; i < len(c.pws) && i < start+room; i++ {
		p := c.pws[i]
		text := "#" + strconv.FormatInt(int64(p.ID), 10) + "  " + termsafe.Line(p.Password) + "  " + termsafe.Line(p.Type)
		if i == c.cursor {
			lines = append(lines, r.st.Table.Selected.Render(fit("▌"+text, r.width)))
		} else {
			lines = append(lines, r.st.Table.Cell.Render(fit(" "+text, r.width)))
		}
	}
	lines = append(lines, "", r.st.Table.Empty.Render(fit(" ↑/↓ choose · y copy · esc close", r.width)))
	return block(lines, r.width, r.height-1)
}
