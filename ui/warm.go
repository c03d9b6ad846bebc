package ui

import (
	"io"
	"strings"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// WarmUp does, off the critical path, the one-time work of Bubble Tea's
// first frame: go-runewidth builds its width table on the first wide rune
// (about 2.6 ms), and the renderer's code and heap are cold. Run it in a
// goroutine at start: it finishes while the program waits for its first
// reply and its first frame tick, so that frame is drawn in about 1 ms
// instead of about 4. It touches no shared state and writes nowhere.
func WarmUp() {
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
