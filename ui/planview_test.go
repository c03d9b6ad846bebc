package ui

import (
	"fmt"
	"strings"
	"testing"

	"tweakdash/internal/syncplan"
	"tweakdash/model"
	"tweakdash/theme"
)

// A plan's long warning wraps instead of being cut, and a plan longer
// than the screen scrolls (the key line says how) down to its last line.
func TestPlanWarningsWrapAndThePlanScrolls(t *testing.T) {
	st := theme.New(true, true)
	p := &syncplan.Plan{Config: model.Config{Name: "Prod"}}
	for i := range 40 {
		p.Steps = append(p.Steps, syncplan.Step{Item: syncplan.Item{List: syncplan.Servers, Index: i,
			Values: model.Values{"name": fmt.Sprintf("Server %02d", i)}}, Action: syncplan.Create})
	}
	warning := "the configuration already has a server named like this one, and the copy makes a second with the same name: rename one of them after"
	p.Warnings = syncplan.Problems{{List: syncplan.Servers, Index: 39, Name: "Server 39", Message: warning}}
	c := newPlanPreview(&st, "https://httptweak.com", "Copy to", p)
	v := stripSGR(c.view(80, 24))
	if !strings.Contains(v, "Server 00") || !strings.Contains(v, "↑↓/pgup/pgdn/g/G scroll") {
		t.Fatalf("the top of a long plan, with its keys:\n%s", v)
	}
	c.update(keyPress("G"))
	v = stripSGR(c.view(80, 24))
	text := strings.Join(strings.Fields(v), " ")
	if !strings.Contains(text, "rename one of them after") || !strings.Contains(v, "Server 39") {
		t.Fatalf("G does not show the whole warning:\n%s", v)
	}
	for _, l := range strings.Split(v, "\n") {
		if len([]rune(l)) > 80 {
			t.Fatalf("a line is wider than 80:\n%s", v)
		}
	}
	c.update(keyPress("g"))
	if v := stripSGR(c.view(80, 24)); !strings.Contains(v, "Server 00") {
		t.Fatalf("g does not go back to the top:\n%s", v)
	}
}
