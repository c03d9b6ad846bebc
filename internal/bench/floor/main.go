// Command floor is the smallest Bubble Tea v2 program that puts a line on
// the alternate screen at the dashboard's frame rate. The bench times it
// beside tweakdash: no program built on Bubble Tea can show its first frame
// sooner, because the renderer writes only on its frame ticker (at most
// 120 a second), the first tick coming one frame after the program starts.
// With "fill" it fills the whole window with text, as a dashboard does:
// the renderer's cost of painting a full first screen.
package main

import (
	"fmt"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"
)

type model struct {
	text string
	fill bool
	w, h int
}

func (m model) Init() tea.Cmd { return nil }
func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if s, ok := msg.(tea.WindowSizeMsg); ok {
		m.w, m.h = s.Width, s.Height
	}
	return m, nil
}

func (m model) View() tea.View {
	content := m.text
	if m.fill && m.w > 0 {
		row := strings.Repeat("lorem ipsum ", m.w/12+1)[:m.w]
		content = m.text + strings.Repeat("\n"+row, m.h-1)
	}
	v := tea.NewView(content)
	v.AltScreen = true
	return v
}

func main() {
	m := model{text: "floor"}
	if len(os.Args) > 1 {
		m.text = os.Args[1]
	}
	m.fill = len(os.Args) > 2 && os.Args[2] == "fill"
	if _, err := tea.NewProgram(m, tea.WithFPS(120)).Run(); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}
