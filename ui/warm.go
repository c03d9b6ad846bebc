package ui

import (
	"io"
	"strings"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// warmUp does the one-time work of Bubble Tea's first frame: go-runewidth
// builds its width table on the first wide rune (about 2.6 ms), and the
// renderer's code and heap are cold. Init runs it as a command, so it
// overlaps the wait for the first reply and the first frame tick, which
// then draws in about 1 ms instead of about 4. Started any earlier, in
// main, it competed with start-up for the CPU and the collector. It touches
// no shared state and writes nowhere.
func warmUp() {
	ansi.StringWidthWc("─")
	const w, h = 120, 40
	buf := uv.NewScreenBuffer(w, h)
	line := "\x1b[1;36mwarm\x1b[m \x1b[90m─│\x1b[m text ·\n"
	uv.NewStyledString(strings.Repeat(line, h)).Draw(buf, buf.Bounds())
	scr := uv.NewTerminalRenderer(io.Discard, nil)
	scr.SetColorProfile(colorprofile.ANSI256)
	scr.Render(buf.RenderBuffer)
	_ = scr.Flush()
}
