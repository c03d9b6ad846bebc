// Command bench measures tweakdash against the baselines of the
// Performance issue: each measure runs interleaved with its baseline in
// the same process, at least five rounds each, and the medians are
// compared with the budget. Run it with `go run ./internal/bench`; it exits 1 when
// a budget is missed.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
)

func main() {
	rounds := flag.Int("rounds", 5, "rounds per measure (at least 5)")
	only := flag.String("only", "", "comma-separated measure numbers to run (default: all)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	if *rounds < 5 {
		*rounds = 5
	}
	dir, err := os.MkdirTemp("", "tweakdash-bench-")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "tweakdash")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fatal(fmt.Errorf("building tweakdash: %v\n%s", err, out))
	}
	env := benchEnv{bin: bin, dir: dir, rounds: *rounds}

	var rs report
	for i, m := range []func(benchEnv) []result{
		measureStartup, measureCursor, measureFilter, measureBytes,
		measureBatch, measureRequests, measureMemory, measureNetwork, measureScripting, measureTeam,
	} {
		if *only != "" && !slices.Contains(strings.Split(*only, ","), strconv.Itoa(i+1)) {
			continue
		}
		for _, r := range m(env) {
			rs.add(r)
		}
	}
	if !rs.print(os.Stdout) {
		pprof.StopCPUProfile()
		os.RemoveAll(dir)
		os.Exit(1)
	}
}

// benchEnv is what every measure shares: the built binary, a scratch
// directory and the number of rounds.
type benchEnv struct {
	bin, dir string
	rounds   int
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(2)
}
