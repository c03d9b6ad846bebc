package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/charmbracelet/x/ansi"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
	"tweakdash/theme"
)

// statusBar is the bottom line: the last result or error, or the words of
// a request in flight with a spinner, rate headroom when it runs low, and
// short key help on the right. A line belongs to the screen it was decided
// on and goes with it.
type statusBar struct {
	st       *theme.Styles
	memo     *memo // the App's; nil draws every time
	spin     spinner.Model
	spinning bool
	help     help.Model

	kind statusKind
	text string
	rate api.Rate
	// sticky keeps a start-up notice on screen until the first key press:
	// only an error replaces it before then.
	sticky bool

	// A countdown ("try again in 12s"): the seconds left, and the line's
	// generation, which its ticks carry.
	countdown string
	left      int
	gen       int
	// retrying: the line counts down to the client's next attempt of a
	// request; the next reply ends it.
	retrying bool
	// made is when the line shown was decided (statusMsg.made).
	made time.Time
	// pending: the line is the words of a request in flight (the spinner
	// turns beside it while one is).
	pending bool
	// at is when the line shown was decided, or set if it does not say;
	// opened is when the screen shown now (an overlay, or the panes
	// without one) opened. A line decided before opened was made by a
	// screen that has gone.
	at, opened time.Time
}

func newStatusBar(st *theme.Styles) *statusBar {
	s := &statusBar{st: st, spin: spinner.New(spinner.WithSpinner(spinner.MiniDot)), help: help.New()}
	s.help.ShortSeparator = "  "
	s.restyle()
	return s
}

func (s *statusBar) restyle() {
	s.spin.Style = s.st.Status.Spinner
	s.help.Styles = s.st.Help
}

// set shows msg; it returns the first tick of a countdown, if msg is one.
func (s *statusBar) set(msg statusMsg) tea.Cmd {
	if s.sticky && msg.kind != statusError {
		return nil
	}
	at := msg.made
	if !msg.made.IsZero() {
		if msg.made.Before(s.made) || msg.made.Before(s.opened) {
			return nil // decided before the line shown (old news), or by a screen that has gone
		}
		s.made = msg.made
	} else {
		at = time.Now()
	}
	s.kind, s.text, s.sticky, s.pending, s.at = msg.kind, msg.text, false, msg.pending || msg.retry, at
	s.gen++
	s.countdown, s.left, s.retrying = "", 0, msg.retry
	if msg.retryIn <= 0 || msg.countdown == "" {
		return nil
	}
	s.countdown, s.left = msg.countdown, int((msg.retryIn+time.Second-1)/time.Second)
	return s.tickCountdown()
}

func (s *statusBar) tickCountdown() tea.Cmd {
	gen := s.gen
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return countdownMsg{gen: gen} })
}

// countdownTick counts the line down by a second; at zero it says that
// the wait is over.
func (s *statusBar) countdownTick(msg countdownMsg) tea.Cmd {
	if msg.gen != s.gen || s.countdown == "" {
		return nil
	}
	s.left--
	if s.left <= 0 {
		s.kind, s.text, s.countdown = statusWarn, "Rate limit window over: r to retry", ""
		if s.retrying {
			s.text = "Retrying…"
		}
		return nil
	}
	s.text = fmt.Sprintf(s.countdown, strconv.Itoa(s.left)+"s")
	return s.tickCountdown()
}

// endRetry clears a retry countdown: a reply has come, and says itself
// how the request went.
func (s *statusBar) endRetry() {
	if s.retrying {
		s.clear()
	}
}

// screenChanged says that another screen shows from at on (an overlay
// opened or closed, in an Update that began at at): the line shown goes
// if the screen that has gone made it, unless it is a start-up notice
// (kept until a key) or a retry's countdown (a request's, not a
// screen's). Lines from the old screen that arrive later are dropped by
// set.
func (s *statusBar) screenChanged(at time.Time) {
	s.opened = at
	if !s.sticky && !s.retrying && s.at.Before(at) {
		s.clear()
	}
}

func (s *statusBar) clear() {
	s.kind, s.text, s.countdown, s.left, s.retrying, s.pending = statusInfo, "", "", 0, false, false
	s.gen++
}

func (s *statusBar) setRate(r api.Rate) {
	if r.Known {
		s.rate = r
	}
}

// spin starts or stops the spinner to match busy (and a line for it to
// turn beside); it returns the tick that keeps it turning, or nil.
func (s *statusBar) startSpinner(busy bool) tea.Cmd {
	if busy && s.pending && !s.spinning {
		s.spinning = true
		return s.spin.Tick
	}
	return nil
}

// tick turns the spinner while busy and lets it stop otherwise.
func (s *statusBar) tick(msg spinner.TickMsg, busy bool) tea.Cmd {
	if !busy || !s.pending {
		s.spinning = false
		return nil
	}
	var cmd tea.Cmd
	s.spin, cmd = s.spin.Update(msg)
	return cmd
}

// rateLow reports whether less than a tenth of the rate limit is left.
func rateLow(r api.Rate) bool {
	return r.Known && r.Limit > 0 && r.Remaining*10 < r.Limit
}

func rateText(r api.Rate) string {
	return "rate " + strconv.Itoa(r.Remaining) + "/" + strconv.Itoa(r.Limit)
}

// view draws the line, exactly w cells wide. The message comes first: it
// says what just happened. The key help takes the room left, and the keys
// in always (help, quit) are kept when the others are cut.
func (s *statusBar) view(w int, busy bool, keys, always []key.Binding) string {
	if w <= 0 {
		return ""
	}
	var left strings.Builder
	left.WriteByte(' ')
	used := 1
	if busy && s.pending {
		sp := s.spin.View() + " "
		left.WriteString(sp)
		used += lipgloss.Width(sp)
	}
	if rateLow(s.rate) {
		t := rateText(s.rate) + "  "
		left.WriteString(s.st.Header.RateLow.Render(t))
		used += termsafe.Width(t)
	}
	text := termsafe.Line(strings.TrimSpace(s.text))
	right := ""
	if len(always) > 0 {
		right = s.shortHelp(always, 0) // no limit: these are kept whole
	}
	room := max(lipgloss.Width(right), w-used-termsafe.Width(text)-2)
	if len(keys) > 0 {
		if k := s.shortHelp(keys, max(room-lipgloss.Width(right)-len(s.help.ShortSeparator), 1)); k != "" && right != "" {
			right = k + s.st.Help.ShortSeparator.Render(s.help.ShortSeparator) + right
		} else if k != "" {
			right = k
		}
	}
	rw := lipgloss.Width(right)
	if rw > w-used-1 {
		right, rw = "", 0
	}
	text = termsafe.Truncate(text, max(w-used-rw-1, 0))
	st := s.st.Status.Info
	switch s.kind {
	case statusOK:
		st = s.st.Status.OK
	case statusWarn:
		st = s.st.Status.Warn
	case statusError:
		st = s.st.Status.Error
	}
	if text != "" {
		left.WriteString(st.Render(text))
	}
	l := left.String()
	l = ansi.Truncate(l, w-rw, "")
	pad := w - lipgloss.Width(l) - rw
	return l + strings.Repeat(" ", max(pad, 0)) + right
}

// shortHelp is the key help for keys in at most width cells (0: no limit).
func (s *statusBar) shortHelp(keys []key.Binding, width int) string {
	texts := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		if k.Enabled() {
			h := k.Help()
			texts = append(texts, h.Key, h.Desc)
		}
	}
	return s.memo.get(memoKey("keys", width, false, texts...), func() string {
		s.help.SetWidth(width)
		// The help bubble adds an item that does not fit when even its "…"
		// would not: drop keys from the end until the line fits.
		for n := len(keys); n > 0; n-- {
			if v := s.help.ShortHelpView(keys[:n]); width <= 0 || lipgloss.Width(v) <= width {
				return v
			}
		}
		return ""
	})
}
