package ui

import (
	"image/color"
	"strings"
)

// header is the top line: app, profile (label in its colour), DEMO and
// read-only marks and host on the left; account usage and rate headroom
// on the right.
type header struct {
	env        *env
	opts       *Options // profile, label, marks and host: fixed for the App's life
	labelColor color.Color
	list       *configList
	pane       *configPane
	status     *statusBar
	width      int // of the line being built
	// present is who else has which config open (tweakdash serve).
	present presentMsg
}

func (h *header) view(width int) string {
	h.width = width
	r := h.status.rate
	rate := ""
	if r.Known {
		rate = rateText(r)
	}
	return h.env.memo.get(memoKey("header", h.width, rateLow(r), h.list.usage(), rate, h.cachedMark(), h.company()), h.build)
}

// cachedMark is the header's mark while the config list, or the list of
// the config shown, holds rows painted from the snapshot: "cached 3m ago".
func (h *header) cachedMark() string {
	since := h.list.cachedSince
	if v := h.pane.cur; v != nil && since.IsZero() {
		since = v.stale.since[listRequest(v.shown())]
	}
	if since.IsZero() {
		return ""
	}
	return cachedMark(since, h.env.cache.clock())
}

func (h *header) build() string {
	hs := h.env.st.Header
	sep := headerPart{" · ", hs.Sep}
	var right []headerPart
	if c := h.company(); c != "" {
		right = append(right, headerPart{c, hs.Text})
	}
	if u := h.list.usage(); u != "" {
		if len(right) > 0 {
			right = append(right, sep)
		}
		right = append(right, headerPart{u, hs.Text})
	}
	if r := h.status.rate; r.Known {
		if len(right) > 0 {
			right = append(right, sep)
		}
		st := hs.Rate
		if rateLow(r) {
			st = hs.RateLow
		}
		right = append(right, headerPart{rateText(r), st})
	}
	right = append(right, headerPart{" ", hs.Text})
	rs, rw := parts(right, h.width/2)

	left := []headerPart{{" ", hs.Text}, {"tweakdash", hs.App}}
	if p := h.opts.Profile; p != "" {
		left = append(left, sep, headerPart{p, hs.Text})
	}
	if l := h.opts.Label; l != "" {
		left = append(left, headerPart{" ", hs.Text}, headerPart{" " + l + " ", h.env.st.Badge(h.labelColor)})
	}
	if h.opts.Demo {
		left = append(left, headerPart{" ", hs.Text}, headerPart{" DEMO ", hs.Demo})
	}
	if h.opts.ReadOnly {
		left = append(left, headerPart{" ", hs.Text}, headerPart{"read-only", hs.ReadOnly})
	}
	if m := h.cachedMark(); m != "" {
		left = append(left, headerPart{" ", hs.Text}, headerPart{m, hs.Cached})
	}
	// The host comes last: on a narrow terminal it is what gets cut, not
	// the marks that tell production from a test account.
	if h.opts.Host != "" {
		left = append(left, sep, headerPart{h.opts.Host, hs.Text})
	}
	ls, lw := parts(left, h.width-rw-1)
	return ls + strings.Repeat(" ", max(h.width-lw-rw, 0)) + rs
}
