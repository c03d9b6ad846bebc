package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// measureMemory is #7: the binary's peak resident memory (VmHWM) with
// 1,000 configs listed and a config of 10,000 device IDs open on its
// Access tab. The sandbox runs in another process (`tweakdash sandbox`),
// so that only the dashboard's memory is counted. One run per round; the
// median is reported.
func measureMemory(e benchEnv) []result {
	const name, budget = "7 peak RSS, 1,000 configs + 10,000 IDs", "<= 60 MB"
	sb := exec.Command(e.bin, "sandbox", "--addr", "127.0.0.1:0", "--api-key", benchKey,
		"--data", "empty", "--seed-configs", "1000", "--seed-device-ids", "10000")
	out, err := sb.StdoutPipe()
	if err != nil {
		return []result{failed(name, budget, err)}
	}
	if err := sb.Start(); err != nil {
		return []result{failed(name, budget, err)}
	}
	defer func() { _ = sb.Process.Kill(); _ = sb.Wait() }()
	url := ""
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if i := strings.Index(sc.Text(), "http://"); i >= 0 {
			url = strings.TrimSpace(sc.Text()[i:])
			break
		}
	}
	if url == "" {
		return []result{failed(name, budget, errors.New("the sandbox printed no URL"))}
	}
	go func() { // keep the pipe drained
		for sc.Scan() {
		}
	}()

	var peaks []float64
	for r := 0; r < e.rounds; r++ {
		kb, err := peakRSS(e, url)
		if err != nil {
			return []result{failed(name, budget, err)}
		}
		peaks = append(peaks, kb)
	}
	m := median(peaks) / 1024
	return []result{{name: name, ours: fmt.Sprintf("%.1f MB", m), baseline: "-", ratio: "-", budget: budget,
		pass: m <= 60, note: "VmHWM of the binary; sandbox in its own process"}}
}

// peakRSS runs the binary once, opens the first config's Access tab and
// returns its VmHWM in kB.
func peakRSS(e benchEnv, url string) (float64, error) {
	tm, err := startTerm(e.bin, cleanEnv(e.dir, url, benchKey), 120, 40)
	if err != nil {
		return 0, err
	}
	defer tm.stop()
	if !tm.waitFor("Bench 00001", 30*time.Second) {
		return 0, errors.New("the config list never appeared")
	}
	tm.settle(300*time.Millisecond, 10*time.Second)
	tm.press("\r")
	tm.settle(300*time.Millisecond, 10*time.Second)
	tm.press("3")
	if !tm.waitFor("10,000", 30*time.Second) && !tm.waitFor("10000", time.Second) {
		return 0, errors.New("the Access tab never showed 10,000 device IDs")
	}
	tm.settle(500*time.Millisecond, 10*time.Second)
	return vmHWM(tm.pid())
}

func vmHWM(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			return strconv.ParseFloat(f[1], 64)
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}
