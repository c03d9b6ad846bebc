package main

import (
	"errors"
	"fmt"
	"time"

	"tweakdash/api/apitest"
)

// measureBytes is #4: the bytes the binary writes to a 120x40 pty for one
// cursor move (j in the Access tab of a config with 10,000 device IDs,
// counted until the output is quiet for 300ms), against a full repaint of
// the same screen: the emulator's screen after the move, rendered with its
// styles (what a renderer without diffing would write).
func measureBytes(e benchEnv) []result {
	const name, budget = "4 pty bytes per cursor move at 120x40", ">= 20x fewer"
	s := apitest.New(apitest.Options{APIKey: benchKey, SeedConfigs: 1, SeedDeviceIDs: 10000})
	url, stop, err := apitest.Start("", s)
	if err != nil {
		return []result{failed(name, budget, err)}
	}
	defer stop()
	tm, err := startTerm(e.bin, cleanEnv(e.dir, url, benchKey), 120, 40)
	if err != nil {
		return []result{failed(name, budget, err)}
	}
	defer tm.stop()
	if !tm.waitFor("Bench 00001", 20*time.Second) {
		return []result{failed(name, budget, errors.New("the config list never appeared"))}
	}
	tm.settle(300*time.Millisecond, 5*time.Second)
	tm.press("\r")
	tm.settle(300*time.Millisecond, 10*time.Second)
	tm.press("3")
	tm.settle(500*time.Millisecond, 10*time.Second)

	var ours, full []float64
	for r := 0; r < e.rounds; r++ {
		before := tm.bytes()
		tm.press("j")
		after := tm.settle(300*time.Millisecond, 5*time.Second)
		ours = append(ours, float64(after-before))
		full = append(full, float64(len(tm.screen())))
	}
	o, b := median(ours), median(full)
	if o == 0 {
		return []result{failed(name, budget, errors.New("nothing was written for j: the cursor did not move"))}
	}
	return []result{{name: name, ours: fmt.Sprintf("%.0f B", o), baseline: fmt.Sprintf("%.0f B", b),
		ratio: times(b/o) + " fewer", budget: budget, pass: b/o >= 20,
		note: "baseline: the emulator's screen after the move, rendered in full"}}
}
