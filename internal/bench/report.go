package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// result is one output line: a measure, our median, the baseline's, their
// ratio and whether the budget holds.
type result struct {
	name     string
	ours     string
	baseline string
	ratio    string
	budget   string
	pass     bool
	note     string // why a measure could not run, or how it was taken
	// info marks a line that explains another (a floor, a breakdown): it
	// has no budget and is not counted.
	info bool
}

type report struct{ rs []result }

func (r *report) add(x result) { r.rs = append(r.rs, x) }

// print writes the table and the summary line; it reports whether every
// budget was met.
func (r *report) print(w io.Writer) bool {
	fmt.Fprintf(w, "%-44s %12s %14s %9s %-26s %s\n", "MEASURE", "OURS", "BASELINE", "RATIO", "BUDGET", "RESULT")
	met, budgets := 0, 0
	for _, x := range r.rs {
		verdict := "FAIL"
		switch {
		case x.info:
			verdict = "info"
		case x.pass:
			verdict = "PASS"
			met++
		}
		if !x.info {
			budgets++
		}
		line := fmt.Sprintf("%-44s %12s %14s %9s %-26s %s", x.name, x.ours, x.baseline, x.ratio, x.budget, verdict)
		if x.note != "" {
			line += "  (" + x.note + ")"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "%d/%d budgets met\n", met, budgets)
	return met == budgets
}

// failed is a measure that could not be taken: it counts as a miss.
func failed(name, budget string, err error) result {
	return result{name: name, ours: "-", baseline: "-", ratio: "-", budget: budget, note: err.Error()}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// dur formats nanoseconds for the table.
func dur(ns float64) string {
	d := time.Duration(ns)
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d)/1e6)
	case d >= time.Microsecond:
		return fmt.Sprintf("%.1fµs", float64(d)/1e3)
	}
	return fmt.Sprintf("%dns", d.Nanoseconds())
}

func times(x float64) string { return fmt.Sprintf("%.2fx", x) }

// perOp times fn over enough iterations to fill about d and returns the
// mean nanoseconds per call: one round of an in-process measure.
func perOp(d time.Duration, fn func(i int)) float64 {
	n, i := 0, 0
	start := time.Now()
	for time.Since(start) < d || n < 3 {
		fn(i)
		i++
		n++
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

// interleaved runs one round of each fn in turn, rounds times, and returns
// the median nanoseconds per call of each: ours and its baseline see the
// machine in the same state.
func interleaved(rounds int, fns ...func(i int)) []float64 {
	samples := make([][]float64, len(fns))
	for r := 0; r < rounds; r++ {
		for j, fn := range fns {
			samples[j] = append(samples[j], perOp(roundTime, fn))
		}
	}
	medians := make([]float64, len(fns))
	for j, xs := range samples {
		medians[j] = median(xs)
	}
	return medians
}

// roundTime is how long one round of an in-process measure runs.
const roundTime = 300 * time.Millisecond
