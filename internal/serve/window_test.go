package serve

import (
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/charmbracelet/x/vt"

	"tweakdash/internal/settings"
)

// footerAt waits until the dashboard is laid out for a window rows high:
// its key help on the last row.
func footerAt(tm *sshTerm, rows int) {
	tm.t.Helper()
	tm.waitFor("the layout with its help on the last row", func(s string) bool {
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		return len(lines) >= rows && strings.Contains(lines[rows-1], "q quit")
	})
}

// A window of 4500×4500 or 100000×100000, asked for when the session
// starts or by a resize, is drawn at max_window (512×256 by default): it
// once allocated a renderer buffer that killed the whole server. The
// server goes on serving.
func TestHugeWindowsAreClamped(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, nil)
	max := settings.DefaultServeMaxWindow
	for _, huge := range []int{4500, 100000} {
		// The client's terminal is max_window: what the dashboard is
		// drawn for when clamped.
		tm, err := startTermAsking(t, e.mustDial(alice.signer), max.Cols, max.Rows, huge, huge, nil)
		if err != nil {
			t.Fatal(err)
		}
		tm.loaded(e)
		footerAt(tm, max.Rows)

		tm.resize(120, 40)
		footerAt(tm, 40)
		tm.emu.Resize(max.Cols, max.Rows)
		if err := tm.sess.WindowChange(huge, huge); err != nil {
			t.Fatal(err)
		}
		footerAt(tm, max.Rows)
		tm.press("q")
		tm.wait()
	}
	e.connect(alice, 100, 30).loaded(e) // still serving
}

// max_window is the Config's: a smaller one clamps to it.
func TestMaxWindowIsConfigurable(t *testing.T) {
	alice := newTestUser(t, "alice", false)
	e := startServer(t, []testUser{alice}, func(c *Config) { c.MaxWindow = settings.WindowSize{Cols: 100, Rows: 30} })
	tm, err := startTermAsking(t, e.mustDial(alice.signer), 100, 30, 300, 90, nil)
	if err != nil {
		t.Fatal(err)
	}
	tm.loaded(e)
	footerAt(tm, 30)
}

// A session drawn at the largest window, asked for as 4500×4500, adds at
// most 64 MB to the server: at the default max_window and at the largest
// one the settings allow. The test's client terminal lives in the same
// process: what a terminal of that size costs after the same output is
// measured alone and taken off.
func TestLargestWindowCostsAtMost64MB(t *testing.T) {
	for _, max := range []settings.WindowSize{settings.DefaultServeMaxWindow, settings.LargestServeWindow} {
		t.Run(max.String(), func(t *testing.T) {
			alice := newTestUser(t, "alice", false)
			e := startServer(t, []testUser{alice}, func(c *Config) { c.MaxWindow = max })
			warm := e.connect(alice, 100, 30) // what every session shares: the API's lists, the theme
			warm.loaded(e)
			before := heapInUse()
			tm, err := startTermAsking(t, e.mustDial(alice.signer), max.Cols, max.Rows, 4500, 4500, nil)
			if err != nil {
				t.Fatal(err)
			}
			tm.loaded(e)
			footerAt(tm, max.Rows)
			tm.press("\r") // a second screen: the renderer's buffers are in use
			tm.waitText("Servers (")
			added := int64(heapInUse()) - int64(before)

			before = heapInUse()
			client := vt.NewSafeEmulator(max.Cols, max.Rows)
			go func() { _, _ = io.Copy(io.Discard, client) }() // its replies to queries
			_, _ = client.Write([]byte(tm.output()))
			clientCost := int64(heapInUse()) - int64(before)
			runtime.KeepAlive(client)
			if pw, ok := client.InputPipe().(*io.PipeWriter); ok { // ends the copy above
				_ = pw.CloseWithError(io.EOF)
			}

			server := added - clientCost
			t.Logf("a session at %s: %.1f MB on the server (%.1f MB with the client's terminal)", max, float64(server)/(1<<20), float64(added)/(1<<20))
			if server > 64<<20 {
				t.Errorf("a session at %s added %.1f MB to the server, want at most 64", max, float64(server)/(1<<20))
			}
		})
	}
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}
