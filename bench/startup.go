package main

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"time"

	"tweakdash/api/apitest"
)

const benchKey = "bench-api-key"

// measureStartup is #1: from exec to the first config name on the screen
// of a 120x40 pty, against curl's plain GET /api/v1/configs to the same
// sandbox (exec to exit, which includes reading the whole reply). The
// floor, timed in the same rounds, is the smallest Bubble Tea v2 program
// (bench/floor) showing one line: Bubble Tea writes a frame only on its
// ticker, so no program built on it draws sooner than that.
func measureStartup(e benchEnv) []result {
	const name, budget = "1 start to config list on screen", "<= 1.5x curl"
	const floorName = "1 floor: smallest Bubble Tea v2 program"
	const fullName = "1 floor, full 120x40 screen of text"
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
	floorBin := filepath.Join(e.dir, "floor")
	if out, err := exec.Command("go", "build", "-o", floorBin, "./bench/floor").CombinedOutput(); err != nil {
		return []result{failed(name, budget, fmt.Errorf("building bench/floor: %v\n%s", err, out))}
	}
	env := cleanEnv(e.dir, url, benchKey)
	var ours, base, first, floor, full []float64
	for i := 0; i < e.rounds; i++ {
		d, fb, err := timeToText(e.bin, env, "Bench 00001")
		if err != nil {
			return []result{failed(name, budget, err)}
		}
		ours, first = append(ours, d), append(first, fb)

		d, _, err = timeToText(floorBin, env, "floor ready", "floor ready")
		if err != nil {
			return []result{failed(name, budget, fmt.Errorf("floor: %v", err))}
		}
		floor = append(floor, d)
		d, _, err = timeToText(floorBin, env, "floor ready", "floor ready", "fill")
		if err != nil {
			return []result{failed(name, budget, fmt.Errorf("floor: %v", err))}
		}
		full = append(full, d)

		t0 := time.Now()
		out, err := exec.Command(curl, "-sf", "-H", "X-API-Key: "+benchKey, url+"/api/v1/configs").Output()
		if err != nil {
			return []result{failed(name, budget, fmt.Errorf("curl: %v", err))}
		}
		base = append(base, float64(time.Since(t0)))
		if len(out) == 0 {
			return []result{failed(name, budget, errors.New("curl got an empty reply"))}
		}
	}
	o, b, f, ff := median(ours), median(base), median(floor), median(full)
	return []result{
		{name: name, ours: dur(o), baseline: dur(b), ratio: times(o / b), budget: budget, pass: o <= 1.5*b,
			note: "baseline: curl -s GET /api/v1/configs, exec to exit; ours wrote its first byte at " + dur(median(first)) +
				", " + dur(o-f) + " after the floor"},
		{name: floorName, ours: dur(f), baseline: dur(b), ratio: times(f / b), budget: "-", info: true,
			note: "one line on the alternate screen at 120 fps: its first frame waits for the renderer's first tick"},
		{name: fullName, ours: dur(ff), baseline: dur(b), ratio: times(ff / b), budget: "-", info: true,
			note: "the same program filling the window: what painting a whole first screen costs"},
	}
}

// timeToText starts bin in a 120x40 pty and times exec to text on the
// screen; it returns that and the time of the program's first byte.
func timeToText(bin string, env []string, text string, args ...string) (float64, float64, error) {
	t0 := time.Now()
	tm, err := startTerm(bin, env, 120, 40, args...)
	if err != nil {
		return 0, 0, err
	}
	defer tm.stop()
	if !tm.waitFor(text, 20*time.Second) {
		return 0, 0, fmt.Errorf("%q never appeared", text)
	}
	return float64(time.Since(t0)), float64(tm.firstByte().Sub(t0)), nil
}
