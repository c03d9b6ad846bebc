package cli

import (
	"io"
	"reflect"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/ui"
)

// msgCatcher ends its program at the first message equal to want.
type msgCatcher struct{ want tea.Msg }

func (m msgCatcher) Init() tea.Cmd { return nil }
func (m msgCatcher) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if reflect.DeepEqual(msg, m.want) {
		return m, tea.Quit
	}
	return m, nil
}
func (m msgCatcher) View() tea.View { return tea.NewView("") }

// A 429 answered to the prefetch before the program exists is not lost:
// the program is told of the wait once it starts.
func TestARetryHeardBeforeTheProgramReachesIt(t *testing.T) {
	var r retryRelay
	wait := api.RequestLog{Method: "GET", Path: "/api/v1/configs", Status: 429, RetryIn: 2 * time.Second}
	r.heard(wait)
	r.heard(api.RequestLog{Method: "GET", Path: "/api/v1/configs", Status: 200}) // no wait: nothing to tell
	p := tea.NewProgram(msgCatcher{want: ui.Retrying(wait)}, tea.WithInput(nil), tea.WithOutput(io.Discard),
		tea.WithoutRenderer(), tea.WithoutSignals())
	r.start(p)
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		p.Kill()
		t.Fatal("the program never heard of the wait")
	}
}
