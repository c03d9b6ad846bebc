package main

import (
	"errors"
	"fmt"
	"os/exec"
	"time"

	"tweakdash/api/apitest"
)

const benchKey = "bench-api-key"

// measureStartup is #1: from exec to the first config name on the screen
// of a 120x40 pty, against curl's plain GET /api/v1/configs to the same
// sandbox (exec to exit, which includes reading the whole reply).
func measureStartup(e benchEnv) []result {
	const name, budget = "1 start to config list on screen", "<= 1.5x curl"
	s := apitest.New(apitest.Options{APIKey: benchKey, SeedConfigs: 20})
	url, stop, err := apitest.Start("", s)
	if err != nil {
		return []result{failed(name, budget, err)}
	}
	defer stop()
	curl, err := exec.LookPath("curl")
	if err != nil {
		return []result{failed(name, budget, errors.New("curl not found"))}
	}
	env := cleanEnv(e.dir, url, benchKey)
	var ours, base, first []float64
	for i := 0; i < e.rounds; i++ {
		t0 := time.Now()
		tm, err := startTerm(e.bin, env, 120, 40)
		if err != nil {
			return []result{failed(name, budget, err)}
		}
		ok := tm.waitFor("Bench 00001", 20*time.Second)
		d := time.Since(t0)
		first = append(first, float64(tm.firstByte().Sub(t0)))
		tm.stop()
		if !ok {
			return []result{failed(name, budget, errors.New("the config list never appeared"))}
		}
		ours = append(ours, float64(d))

		t0 = time.Now()
		out, err := exec.Command(curl, "-sf", "-H", "X-API-Key: "+benchKey, url+"/api/v1/configs").Output()
		if err != nil {
			return []result{failed(name, budget, fmt.Errorf("curl: %v", err))}
		}
		base = append(base, float64(time.Since(t0)))
		if len(out) == 0 {
			return []result{failed(name, budget, errors.New("curl got an empty reply"))}
		}
	}
	o, b := median(ours), median(base)
	return []result{{name: name, ours: dur(o), baseline: dur(b), ratio: times(o / b), budget: budget,
		pass: o <= 1.5*b, note: "baseline: curl -s GET /api/v1/configs, exec to exit; ours wrote its first byte at " + dur(median(first))}}
}
