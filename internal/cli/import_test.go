package cli

import (
	"strings"
	"testing"

	"tweakdash/internal/syncplan"
	"tweakdash/model"
)

// A plan's counts are spelled as every screen spells them: "1,200
// servers", not "1200 servers".
func TestImportPlanSpellsLargeCountsWithSeparators(t *testing.T) {
	p := &syncplan.Plan{Config: model.Config{Name: "Big", UniqueKey: "big"}}
	for i := range 1200 {
		p.Steps = append(p.Steps, syncplan.Step{Item: syncplan.Item{List: syncplan.Servers, Index: i}, Action: syncplan.Unchanged, Sent: -1})
	}
	p.Steps = append(p.Steps, syncplan.Step{Item: syncplan.Item{List: syncplan.Tweaks}, Action: syncplan.Unchanged, Sent: -1})
	var out strings.Builder
	printPlan(&out, p, "big.json")
	if !strings.Contains(out.String(), "unchanged: 1,200 servers, 1 tweak\n") {
		t.Errorf("plan:\n%s", out.String())
	}
}
