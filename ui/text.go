package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

// Small wording and drawing helpers shared by the models.

// noun names one record of list l: "server", "device ID".
func noun(l listID) string { return kindOf(l).noun }

func resourceOf(l listID) model.Resource { return kindOf(l).res }

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// seconds spells a wait rounded up to whole seconds: "12s".
func seconds(d time.Duration) string {
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10) + "s"
}

// roughly spells a long wait in its largest unit, rounded up: "90s",
// "5m", "24h".
func roughly(d time.Duration) string {
	switch {
	case d <= 2*time.Minute:
		return seconds(d)
	case d <= 2*time.Hour:
		return strconv.FormatInt(int64((d+time.Minute-1)/time.Minute), 10) + "m"
	}
	return strconv.FormatInt(int64((d+time.Hour-1)/time.Hour), 10) + "h"
}

// shortKey shortens a unique key for a column: "8bcb3c4f…".
func shortKey(k string) string { return termsafe.Truncate(k, 9) }

// shortTime shows "2026-02-20 09:10:00" (or an ISO 8601 time) as
// "02-20 09:10"; anything else is shown as sent.
func shortTime(s string) string {
	if len(s) >= 16 && s[4] == '-' && s[7] == '-' && (s[10] == ' ' || s[10] == 'T') && s[13] == ':' {
		return s[5:10] + " " + s[11:16]
	}
	return s
}

// boolText is a boolean as the server sent it (true, false, 1 or 0) in
// the lists' words, yes or no; anything else as sent.
func boolText(s string) string {
	switch s {
	case "true", "1":
		return yesNo(true)
	case "false", "0":
		return yesNo(false)
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// safeFormLines splits a form's view into lines that are safe to draw and
// fit w. Its inputs hold values from the server (an edit is prefilled), and
// the text inputs drop C0 and C1 controls but keep bidi controls and line
// separators, which would reorder or break the screen: those are escaped as
// termsafe.Line escapes them. Our own styling is ASCII, so it is untouched.
func safeFormLines(view string, w int) []string {
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		if strings.IndexFunc(l, unsafeInStyled) >= 0 {
			var b strings.Builder
			for _, c := range l {
				if unsafeInStyled(c) {
					b.WriteString(termsafe.Line(string(c)))
				} else {
					b.WriteRune(c)
				}
			}
			l = b.String()
		}
		lines[i] = ansi.Truncate(l, w, "…")
	}
	return lines
}

// unsafeInStyled reports whether c, found in styled text, is a control that
// termsafe.Line would escape. ESC and the other C0 controls are left alone:
// our styling is made of them.
func unsafeInStyled(c rune) bool {
	return c >= 0x80 && termsafe.Line(string(c)) != string(c)
}
