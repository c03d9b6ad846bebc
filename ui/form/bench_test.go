package form

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/model"
)

// One keystroke and the frame it causes in the device-ID form whose batch
// box holds 10,000 pasted IDs: what a user pays per key after a big paste.
func BenchmarkBatchFormKeystroke10000(b *testing.B) {
	var sb strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&sb, "%032X\r\n", i)
	}
	f := New(Options{Resource: model.DeviceIDResource, Op: model.Create, Width: 100, Height: 30})
	f.Init()
	f.Update(tea.PasteMsg{Content: sb.String()})
	keys := []tea.KeyPressMsg{{Code: 'a', Text: "a"}, {Code: tea.KeyBackspace}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.Update(keys[i%2])
		_ = f.View()
	}
}
