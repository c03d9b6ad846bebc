package e2e

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

// hostileCase is a string a hostile server sends as a name or note, and
// what the screen must show in its place: every control escaped, the text
// around it intact and on one row. Each control sits between short words
// that name the case, so that its bytes can be looked for in the stream.
type hostileCase struct {
	what  string
	raw   string
	shows string
}

func hostileCases() []hostileCase {
	return []hostileCase{
		{"OSC 0 title", "T0a\x1b]0;EVIL-T0\x07T0b", `T0a^[]0;EVIL-T0^GT0b`},
		{"OSC 2 title", "T2a\x1b]2;EVIL-T2\x1b\\T2b", `T2a^[]2;EVIL-T2^[\T2b`},
		{"OSC 52 clipboard", "CBa\x1b]52;c;RVZJTA==\x07CBb", `CBa^[]52;c;RVZJTA==^GCBb`},
		{"OSC 8 link", "LKa\x1b]8;;http://e.vil/\x1b\\LKb\x1b]8;;\x1b\\LKc", `LKa^[]8;;http://e.vil/^[\LKb^[]8;;^[\LKc`},
		{"CSI 2J clear", "CLa\x1b[2JCLb", `CLa^[[2JCLb`},
		{"CSI H home", "HMa\x1b[HHMb", `HMa^[[HHMb`},
		{"CR overwrite", "safe\rEVIL", `safe^MEVIL`},
		{"BEL", "BLa\x07BLb", `BLa^GBLb`},
		{"DCS", "DCa\x1bP+q544e\x1b\\DCb", `DCa^[P+q544e^[\DCb`},
		{"APC", "APa\x1b_Gf=100;QQ\x1b\\APb", `APa^[_Gf=100;QQ^[\APb`},
		{"C1 CSI U+009B", "C1a\u009b2JC1b", `C1a\u009b2JC1b`},
		{"bidi U+202E", "BDa\u202eBDb", `BDa\u202eBDb`},
		{"U+2028", "LSa\u2028LSb", `LSa\u2028LSb`},
	}
}

// benignNames are wide and joined characters that must come through as
// sent.
var benignNames = []string{"東京サーバー", "👩\u200d💻 team"}

// hostileConfigName names the config that holds the data; it is hostile
// too, so that the pane title and the header are covered.
const (
	hostileConfigName = "Data \x1b]2;EVIL-CFG\x07\u202e"
	hostileConfigShow = `Data ^[]2;EVIL-CFG^G\u202e`
)

// hostileData is what a sandbox is seeded with: config names, and in the
// first config servers and tweaks named and noted with names, and device
// IDs noted with names; tweaks and device IDs also get extra, the whole
// list of termsafe.Hostile, each after its marker.
type hostileData struct {
	first string   // the first config's name
	names []string // the cases, then the benign names
	extra []string
}

// hostileMarker makes the i-th extra string findable on the screen.
func hostileMarker(i int) string { return fmt.Sprintf("H%02d ", i) }

// startHostileSandbox serves d, seeded through the real client so that
// the sandbox's validation applies, and returns its URL.
func startHostileSandbox(t *testing.T, d hostileData) string {
	t.Helper()
	big := apitest.Limits{Configs: 100, Servers: 500, Tweaks: 500, DeviceIDs: 500, Passwords: 500,
		DeviceIDsPerConfig: 500, PasswordsPerConfig: 500}
	sb, url, c := testSandbox(t, apitest.Options{Data: apitest.DataEmpty, Seed: 11, Limits: &big})
	key := sb.AddConfig(apitest.ConfigSpec{Name: d.first, CloudHWIDLock: true, CloudPassword: true})
	for _, n := range d.names {
		sb.AddConfig(apitest.ConfigSpec{Name: n})
	}
	ctx := context.Background()
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding %s: %v", what, err)
		}
	}
	for i, n := range d.names {
		_, _, err := c.CreateServer(ctx, key, model.Server{Name: n, TunnelType: model.SSH,
			IPPortUserPass: "203.0.113.5:22", Note: n})
		check(fmt.Sprintf("server %q", n), err)
		_, _, err = c.CreateTweak(ctx, key, model.Tweak{Name: n, TunnelType: model.OVPNTCPSSH, Note: n})
		check(fmt.Sprintf("tweak %q", n), err)
		_, _, err = c.CreateDeviceIDs(ctx, key, api.DeviceIDCreate{IDs: []string{fmt.Sprintf("%032X", i+1)}, Note: n, IsActive: true})
		check(fmt.Sprintf("device ID noted %q", n), err)
	}
	for i, h := range d.extra {
		_, _, err := c.CreateTweak(ctx, key, model.Tweak{Name: hostileMarker(i) + h, TunnelType: model.OVPNTCPSSH, Note: h})
		check(fmt.Sprintf("tweak %q", h), err)
		_, _, err = c.CreateDeviceIDs(ctx, key, api.DeviceIDCreate{IDs: []string{fmt.Sprintf("%032X", 0x100+i)},
			Note: hostileMarker(i) + h, IsActive: true})
		check(fmt.Sprintf("device ID noted %q", h), err)
	}
	return url
}

// browseHostile runs the binary at 120x40 on the sandbox at url and goes
// through every view the data shows in: the config list, the servers and
// the detail of each, the tweaks and the device IDs page by page, and the
// help. shows are the names as they must appear; extra is how many marked
// rows follow them in the tweaks and device IDs. It returns every byte the
// program wrote, and the number of screens it waited for.
func browseHostile(t *testing.T, url string, shows []string, extra int) (string, int) {
	t.Helper()
	env := append(baseEnv(t), "HTTPTWEAK_BASE_URL="+url, "HTTPTWEAK_API_KEY="+e2eKey)
	tm := startTerm(t, 120, 40, env)
	n := 0
	step := func(keys string, texts ...string) string {
		t.Helper()
		if keys != "" {
			tm.press(keys)
		}
		n++
		return tm.waitText(texts...)
	}

	// The config list: a column of about 24 cells.
	var cut []string
	for _, s := range shows {
		cut = append(cut, prefix(s, 18))
	}
	step("", append(cut, prefix(hostileConfigShow, 18))...)

	// The servers, each name whole (the screen's rows are joined by
	// newlines, so a text found in it is on one row).
	step("\r", shows...)
	// The detail of each server: its title, its name and its note.
	for i, x := range shows {
		if i > 0 {
			tm.press("j")
		}
		tm.press("\r")
		n++
		tm.waitFor(fmt.Sprintf("the detail of %q: title, name and note", x), func(s string) bool {
			return strings.Contains(s, "Server · "+x) && strings.Count(s, x) >= 3
		})
		step("\x1b", "UPDATED")
	}

	// The tweaks and the device IDs (notes in a narrow column), page by
	// page to the last of the marked rows. Each page down is waited for by
	// the first row it brings, read off a settled screen: a frame can
	// arrive in pieces, and a piece shows a page not yet whole.
	pages := func() {
		t.Helper()
		for {
			tm.pt.Settle(150*time.Millisecond, screenDeadline)
			s := tm.screen()
			if strings.Contains(s, hostileMarker(extra-1)) {
				return
			}
			next := extra - 1
			for i := extra - 1; i >= 0 && !strings.Contains(s, hostileMarker(i)); i-- {
				next = i
			}
			step("\x1b[6~", hostileMarker(next))
		}
	}
	step("2", shows...)
	pages()
	for i := range cut {
		cut[i] = prefix(shows[i], 8)
	}
	step("3", cut...)
	pages()

	step("?", "quit", "filter")
	tm.press("?")
	quit(t, tm)
	assertNoKey(t, tm)
	return tm.output(), n
}

// TestE2EHostileNamesAndNotesReachTheTerminalEscaped runs the binary in a
// pty against a server whose config names, server and tweak names and
// notes, and device-ID notes carry escape sequences, controls and bidi
// overrides, browses every view they show in, and checks what reached the
// terminal: no title, clipboard, link, bell, clear or report sequence of
// the data's, every control shown escaped on one row, wide text intact. A
// second run, on the same walk over the escaped text sent as plain data,
// is the baseline for which sequences the program writes itself.
func TestE2EHostileNamesAndNotesReachTheTerminalEscaped(t *testing.T) {
	cases := hostileCases()
	extra := termsafe.Hostile()
	var raws, shows []string
	for _, c := range cases {
		raws, shows = append(raws, c.raw), append(shows, c.shows)
	}
	raws, shows = append(raws, benignNames...), append(shows, benignNames...)

	var plainExtra []string
	for range extra {
		plainExtra = append(plainExtra, "plain")
	}
	base, _ := browseHostile(t, startHostileSandbox(t, hostileData{first: hostileConfigShow, names: shows, extra: plainExtra}),
		shows, len(extra))
	out, screens := browseHostile(t, startHostileSandbox(t, hostileData{first: hostileConfigName, names: raws, extra: extra}),
		shows, len(extra))

	for _, p := range streamProblems(out, base, hostileProbes(cases, extra)) {
		t.Error(p)
	}
	t.Logf("%d cases and %d benign names in configs, servers (table and detail), tweaks, device IDs; %d more hostile strings in tweaks and device IDs; %d screens",
		len(cases), len(benignNames), len(extra), screens)
}

// hostileProbes are byte strings only the data can put in the stream: each
// case whole and its controls with the text around them, and each hostile
// string that has a control.
func hostileProbes(cases []hostileCase, extra []string) []string {
	var probes []string
	for _, c := range cases {
		probes = append(probes, c.raw)
		probes = append(probes, flanks(c.raw)...)
	}
	for _, h := range append(slices.Clone(extra), hostileConfigName) {
		if len(h) > 1 && termsafe.Line(h) != h {
			probes = append(probes, h)
		}
	}
	return probes
}

// ownTitle is the window title the program sets for the default profile.
const ownTitle = "tweakdash · default"

// streamProblems lists what in out, every byte the program wrote, a
// terminal would act on that did not come from the program itself. base
// is the stream of the same walk over harmless data: the program's own
// sequences are those it writes there too.
func streamProblems(out, base string, probes []string) []string {
	var bad []string
	// What a terminal does with the stream: the titles it sets, the
	// clipboard writes, links and bells it acts on.
	eff := replay(out, 120, 40)
	if len(eff.titles) == 0 || eff.titles[0] != ownTitle {
		bad = append(bad, fmt.Sprintf("the window titles set were %q, want %q first", eff.titles, ownTitle))
	}
	for i, ti := range eff.titles {
		// Bubble Tea clears its title on the way out.
		if ti != ownTitle && !(ti == "" && i == len(eff.titles)-1) {
			bad = append(bad, fmt.Sprintf("the window title was set to %q", ti))
		}
	}
	if len(eff.icons) > 0 {
		bad = append(bad, fmt.Sprintf("the icon name was set to %q", eff.icons))
	}
	if len(eff.clipboard) > 0 {
		bad = append(bad, fmt.Sprintf("the clipboard was written (OSC 52): %q", eff.clipboard))
	}
	if len(eff.links) > 0 {
		bad = append(bad, fmt.Sprintf("links were made (OSC 8): %q", eff.links))
	}
	if eff.bells > 0 {
		bad = append(bad, fmt.Sprintf("the bell rang %d times", eff.bells))
	}

	// Every sequence other than text, styles and cursor moves was also
	// written in the baseline, and clears and resets no more often.
	got, want := controlSequences(out), controlSequences(base)
	for _, seq := range slices.Sorted(maps.Keys(got)) {
		n := got[seq]
		clears := strings.HasSuffix(seq, "J") || seq == "\x1bc"
		if want[seq] == 0 || clears && n > want[seq] {
			bad = append(bad, fmt.Sprintf("the program wrote %q %d times, %d times in the baseline", seq, n, want[seq]))
		}
	}

	// No rune a terminal acts on or reorders by, nor broken UTF-8: the
	// program writes none itself.
	if !utf8.ValidString(out) {
		bad = append(bad, "the program wrote invalid UTF-8")
	}
	for i, r := range out {
		if r >= 0x80 && r <= 0x9f || r == 0x061c || r == 0x200e || r == 0x200f ||
			r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x2028 || r == 0x2029 {
			bad = append(bad, fmt.Sprintf("the program wrote %U near %q", r, out[max(i-20, 0):min(i+20, len(out))]))
		}
	}

	// The data's own bytes, no more often than in the baseline.
	for _, p := range probes {
		if n, b := strings.Count(out, p), strings.Count(base, p); n > b {
			bad = append(bad, fmt.Sprintf("the data's %q reached the terminal raw (%d times, %d in the baseline)", p, n, b))
		}
	}
	return bad
}

// The stream check must catch each case and each hostile string written
// raw in the middle of an otherwise clean stream, and pass the clean one.
func TestE2EHostileStreamCheckCatchesRawData(t *testing.T) {
	base := "\x1b[?1049h\x1b]2;" + ownTitle + "\x07\x1b[2J\x1b[H\x1b[1mhello\x1b[m\r\n"
	cases, extra := hostileCases(), termsafe.Hostile()
	probes := hostileProbes(cases, extra)
	if bad := streamProblems(base+"world", base, probes); len(bad) > 0 {
		t.Fatalf("a clean stream fails: %q", bad)
	}
	var raws []string
	for _, c := range cases {
		raws = append(raws, c.raw)
	}
	for _, h := range append(raws, extra...) {
		if len(h) < 2 || termsafe.Line(h) == h {
			continue // one ESC alone is the start of anything
		}
		if bad := streamProblems(base+"x "+h+" y", base, probes); len(bad) == 0 {
			t.Errorf("%q written raw goes unnoticed", h)
		}
	}
	// The effects themselves, without the help of the byte probes.
	for _, h := range []string{"\x1b]0;x\x07", "\x1b]52;c;QQ==\x07", "\x1b]8;;http://e.vil/\x1b\\x", "\x07", "\x1b]1;icon\x07"} {
		if bad := streamProblems(base+h, base, nil); len(bad) == 0 {
			t.Errorf("the effect of %q goes unnoticed", h)
		}
	}
}

// flanks are the first control of raw with the text before it, and the
// last control with the text after it.
func flanks(raw string) []string {
	first, last := -1, -1
	for i, r := range raw {
		if termsafe.Line(string(r)) != string(r) {
			if first < 0 {
				first = i + utf8.RuneLen(r)
			}
			last = i
		}
	}
	if first < 0 {
		return nil
	}
	return []string{raw[:first], raw[last:]}
}

// controlSequences counts the escape sequences and C0 controls in out,
// leaving out those that only draw: SGR styles, cursor moves and position,
// erasing characters or the rest of a line, and CR, LF, BS, TAB. What is
// left (modes, clears, queries, titles and other OSC, DCS, APC...) is
// counted by its exact bytes.
func controlSequences(out string) map[string]int {
	seen := map[string]int{}
	var state byte
	for len(out) > 0 {
		seq, _, n, next := ansi.DecodeSequence(out, state, nil)
		state, out = next, out[n:]
		if seq == "" || seq[0] >= 0x20 && seq[0] != 0x7f {
			continue
		}
		switch {
		case seq == "\r" || seq == "\n" || seq == "\b" || seq == "\t":
			continue
		case ansi.HasCsiPrefix(seq) && !strings.ContainsAny(seq[2:], "?<>="):
			if final := seq[len(seq)-1]; strings.IndexByte("mHfABCDEGd`Xb", final) >= 0 ||
				final == 'K' && (seq == "\x1b[K" || seq == "\x1b[0K") {
				continue
			}
		}
		seen[seq]++
	}
	return seen
}

// effects are what a terminal did with a stream: what it set the title
// and icon name to, what it put in the clipboard, the links it made and
// how often it rang the bell.
type effects struct {
	titles, icons, clipboard, links []string
	bells                           int
}

// replay feeds out to a fresh emulator that records what it acts on.
func replay(out string, w, h int) effects {
	var e effects
	emu := vt.NewEmulator(w, h)
	emu.SetCallbacks(vt.Callbacks{
		Title:    func(s string) { e.titles = append(e.titles, s) },
		IconName: func(s string) { e.icons = append(e.icons, s) },
		Bell:     func() { e.bells++ },
	})
	emu.RegisterOscHandler(52, func(data []byte) bool {
		e.clipboard = append(e.clipboard, string(data))
		return true
	})
	emu.RegisterOscHandler(8, func(data []byte) bool {
		// "8;;" closes a link; anything else opens one.
		if string(data) != "8;;" {
			e.links = append(e.links, string(data))
		}
		return true
	})
	// The emulator answers queries on a synchronous pipe: drain it.
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.Copy(io.Discard, emu)
	}()
	_, _ = emu.WriteString(out)
	if pw, ok := emu.InputPipe().(*io.PipeWriter); ok {
		_ = pw.CloseWithError(io.EOF)
	}
	<-done
	return e
}
