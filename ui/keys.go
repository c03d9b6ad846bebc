package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// binding is a key.Binding that knows why it is off. A disabled binding is
// hidden from help and does not match; pressing its key anyway makes the
// owner say why in the status bar (lazygit's "disabled reason").
type binding struct {
	key.Binding
	why string
}

func newBinding(keyHelp, desc string, keys ...string) binding {
	return binding{Binding: key.NewBinding(key.WithKeys(keys...), key.WithHelp(keyHelp, desc))}
}

// set enables the binding, or disables it with the reason shown when its
// key is pressed.
func (b *binding) set(on bool, why string) {
	b.SetEnabled(on)
	b.why = ""
	if !on {
		b.why = why
	}
}

// matches reports whether msg presses this binding while it is enabled.
func (b binding) matches(msg tea.KeyPressMsg) bool {
	return key.Matches(msg, b.Binding)
}

// blocked returns why the binding is off when msg presses its key while it
// is disabled.
func (b binding) blocked(msg tea.KeyPressMsg) (why string, ok bool) {
	if b.Enabled() || b.why == "" {
		return "", false
	}
	return b.why, slices.Contains(b.Keys(), msg.String())
}

// whyBlocked looks through bs for a disabled binding that msg presses.
func whyBlocked(msg tea.KeyPressMsg, bs ...*binding) (string, bool) {
	for _, b := range bs {
		if why, ok := b.blocked(msg); ok {
			return why, true
		}
	}
	return "", false
}

// bindings turns our bindings into the help bubble's.
func bindings(bs ...*binding) []key.Binding {
	out := make([]key.Binding, 0, len(bs))
	for _, b := range bs {
		out = append(out, b.Binding)
	}
	return out
}

// appKeys are the keys the root handles whatever has focus.
type appKeys struct {
	Quit      binding
	ForceQuit binding
	Help      binding
	CloseHelp binding
}

func defaultAppKeys() appKeys {
	return appKeys{
		Quit:      newBinding("q", "quit", "q"),
		ForceQuit: newBinding("ctrl+c", "quit now", "ctrl+c"),
		Help:      newBinding("?", "help", "?"),
		CloseHelp: newBinding("esc/?", "close help", "esc", "?"),
	}
}

// navKeys move a cursor through a list or scroll a view; every list and the
// detail view share one set so that they move alike.
type navKeys struct {
	Up       binding
	Down     binding
	Top      binding
	Bottom   binding
	PageUp   binding
	PageDown binding
}

func defaultNavKeys() navKeys {
	return navKeys{
		Up:       newBinding("↑/k", "up", "up", "k"),
		Down:     newBinding("↓/j", "down", "down", "j"),
		Top:      newBinding("g", "top", "g", "home"),
		Bottom:   newBinding("G", "bottom", "G", "end"),
		PageUp:   newBinding("pgup", "page up", "pgup"),
		PageDown: newBinding("pgdn", "page down", "pgdown"),
	}
}

func (k *navKeys) all() []*binding {
	return []*binding{&k.Up, &k.Down, &k.Top, &k.Bottom, &k.PageUp, &k.PageDown}
}

// filterKeys start, accept and clear a list's filter.
type filterKeys struct {
	Filter binding // start typing a filter
	Accept binding // stop typing, keep the filter
	Clear  binding // stop typing and show every row
}

func defaultFilterKeys() filterKeys {
	return filterKeys{
		Filter: newBinding("/", "filter", "/"),
		Accept: newBinding("enter", "keep filter", "enter"),
		Clear:  newBinding("esc", "clear filter", "esc"),
	}
}

// configListKeys are the list's keys besides moving and filtering.
type configListKeys struct {
	Open   binding
	Reload binding
	Copy   binding
}

func defaultConfigListKeys() configListKeys {
	return configListKeys{
		Open:   newBinding("enter", "open config", "enter", "right", "l"),
		Reload: newBinding("r", "reload", "r"),
		Copy:   newBinding("y", "copy config key", "y"),
	}
}

// resourceKeys are the pane's keys besides moving and filtering.
type resourceKeys struct {
	Servers  binding
	Tweaks   binding
	Access   binding
	NextTab  binding
	PrevTab  binding
	PrevList binding
	NextList binding
	Open     binding
	Back     binding
	Reload   binding
	Copy     binding
	New      binding
	Edit     binding
	Delete   binding
	Mark     binding
}

func defaultResourceKeys() resourceKeys {
	return resourceKeys{
		Servers:  newBinding("1", "servers", "1"),
		Tweaks:   newBinding("2", "tweaks", "2"),
		Access:   newBinding("3", "access", "3"),
		NextTab:  newBinding("tab", "next tab", "tab"),
		PrevTab:  newBinding("shift+tab", "previous tab", "shift+tab"),
		PrevList: newBinding("[", "device IDs", "["),
		NextList: newBinding("]", "passwords", "]"),
		Open:     newBinding("enter", "details", "enter", "right", "l"),
		Back:     newBinding("esc", "back", "esc", "left", "h"),
		Reload:   newBinding("r", "reload", "r"),
		Copy:     newBinding("y", "copy", "y"),
		New:      newBinding("n", "new", "n"),
		Edit:     newBinding("e", "edit", "e"),
		Delete:   newBinding("d", "delete", "d", "delete"),
		Mark:     newBinding("space", "mark", "space"),
	}
}

// detailKeys are the keys of the detail view besides moving.
type detailKeys struct {
	Reveal binding
}

func defaultDetailKeys() detailKeys {
	return detailKeys{Reveal: newBinding("s", "reveal secrets", "s")}
}
