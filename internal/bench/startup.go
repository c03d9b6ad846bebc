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

// slowListings are how long the slower servers of measure 1 take to
// list: the acceptance names 10-20 ms. Several, because where a
// reply lands between two of Bubble Tea's frame ticks (8.3 ms apart)
// decides up to a frame of the result: one latency alone would measure
// its luck with the ticker.
var slowListings = []time.Duration{10 * time.Millisecond, 12500 * time.Microsecond, 15 * time.Millisecond,
	17500 * time.Microsecond, 20 * time.Millisecond}

// measureStartup is #1: from exec to the first config name on the screen
// of a 120x40 pty, without a snapshot (--no-cache: the fresh list).
//
// Bubble Tea writes a frame only on its ticker, so no program built on it
// draws sooner than its first tick; the budget is the floor, timed in the
// same rounds: the smallest Bubble Tea v2 program (internal/bench/floor) filling
// the same screen with text, plus 5 ms. curl's plain GET /api/v1/configs
// to the same sandbox (exec to exit) is beside it for scale.
//
// The second budget is the overlap of start-up and the first request:
// against a server that takes 10-20 ms to list, the list must be on
// screen within 10 ms of the later of curl's full listing and the floor's
// first full screen (the median over the latencies and rounds of how much
// later ours was).
func measureStartup(e benchEnv) []result {
	const name, budget = "1 start to config list on screen", "<= full floor + 5ms"
	const floorName = "1 floor: smallest Bubble Tea v2 program"
	const fullName = "1 floor, full 120x40 screen of text"
	const curlName = "1 curl GET /api/v1/configs, loopback"
	const slowName = "1 start to list, server listing in 10-20ms"
	const slowBudget = "<= max(curl, floor) + 10ms"
	fail := func(err error) []result {
		return []result{failed(name, budget, err), failed(slowName, slowBudget, err)}
	}
	s := apitest.New(apitest.Options{APIKey: benchKey, SeedConfigs: 20})
	fast, err := apitest.Serve("", s, apitest.Network{})
	if err != nil {
		return fail(err)
	}
	defer func() { _ = fast.Stop() }()
	// The same sandbox behind slower networks: every answer 10-20 ms late.
	var slow []*apitest.Served
	for _, l := range slowListings {
		sv, err := apitest.Serve("", s, apitest.Network{Latency: l})
		if err != nil {
			return fail(err)
		}
		defer func() { _ = sv.Stop() }()
		slow = append(slow, sv)
	}
	curl, err := exec.LookPath("curl")
	if err != nil {
		return fail(errors.New("curl not found"))
	}
	floorBin := filepath.Join(e.dir, "floor")
	if out, err := exec.Command("go", "build", "-o", floorBin, "./internal/bench/floor").CombinedOutput(); err != nil {
		return fail(fmt.Errorf("building internal/bench/floor: %v\n%s", err, out))
	}
	env := cleanEnv(e.dir, fast.URL, benchKey)
	var ours, base, first, floor, full, oursSlow, baseSlow, late []float64
	for i := 0; i < e.rounds; i++ {
		d, fb, err := timeToText(e.bin, env, "Bench 00001", "--no-cache")
		if err != nil {
			return fail(err)
		}
		ours, first = append(ours, d), append(first, fb)

		d, _, err = timeToText(floorBin, env, "floor ready", "floor ready")
		if err != nil {
			return fail(fmt.Errorf("floor: %v", err))
		}
		floor = append(floor, d)
		d, _, err = timeToText(floorBin, env, "floor ready", "floor ready", "fill")
		if err != nil {
			return fail(fmt.Errorf("floor: %v", err))
		}
		full = append(full, d)

		d, err = timeCurl(curl, fast.URL)
		if err != nil {
			return fail(err)
		}
		base = append(base, d)

		for _, sv := range slow {
			o, _, err := timeToText(e.bin, cleanEnv(e.dir, sv.URL, benchKey), "Bench 00001", "--no-cache")
			if err != nil {
				return fail(err)
			}
			c, err := timeCurl(curl, sv.URL)
			if err != nil {
				return fail(err)
			}
			oursSlow, baseSlow, late = append(oursSlow, o), append(baseSlow, c), append(late, o-max(c, full[i]))
		}
	}
	o, b, f, ff := median(ours), median(base), median(floor), median(full)
	os, bs, lt := median(oursSlow), median(baseSlow), median(late)
	later := max(bs, ff)
	const ms = float64(time.Millisecond)
	return []result{
		{name: name, ours: dur(o), baseline: dur(ff), ratio: times(o / ff), budget: budget, pass: o <= ff+5*ms,
			note: "baseline: the full-screen floor below, same rounds; " + dur(o-ff) + " after it; " + times(o/b) +
				" curl; ours wrote its first byte at " + dur(median(first)) + "; --no-cache: the fresh list"},
		{name: floorName, ours: dur(f), baseline: dur(b), ratio: times(f / b), budget: "-", info: true,
			note: "one line on the alternate screen at 120 fps: its first frame waits for the renderer's first tick"},
		{name: fullName, ours: dur(ff), baseline: dur(b), ratio: times(ff / b), budget: "-", info: true,
			note: "the same program filling the window: what painting a whole first screen costs"},
		{name: curlName, ours: dur(b), baseline: "-", ratio: "-", budget: "-", info: true,
			note: "curl -s GET /api/v1/configs to the same sandbox, exec to exit"},
		{name: slowName, ours: dur(os), baseline: dur(later), ratio: times(os / later), budget: slowBudget, pass: lt <= 10*ms,
			note: fmt.Sprintf("the sandbox answering 10, 12.5, 15, 17.5 and 20 ms late; baseline: the later of curl's listing (median %s) "+
				"and the full floor (%s); ours came a median %s after it, round by round", dur(bs), dur(ff), signed(lt))},
	}
}

// timeCurl times curl's GET /api/v1/configs to url, exec to exit, which
// includes reading the whole reply; args go before the URL (--cacert).
func timeCurl(curl, url string, args ...string) (float64, error) {
	t0 := time.Now()
	cmd := exec.Command(curl, append(append([]string{"-sf", "-H", "X-API-Key: " + benchKey}, args...), url+"/api/v1/configs")...)
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("curl: %v", err)
	}
	d := float64(time.Since(t0))
	if len(out) == 0 {
		return 0, errors.New("curl got an empty reply")
	}
	return d, nil
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
