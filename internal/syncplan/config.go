package syncplan

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"tweakdash/model"
)

// FindConfig picks the configuration that arg names: its unique_key, or
// else its exact name. A name that several configurations share is an
// error listing their keys: the key is the way to say which.
func FindConfig(configs []model.Config, arg string) (model.Config, error) {
	for _, c := range configs {
		if c.UniqueKey == arg {
			return c, nil
		}
	}
	var named []model.Config
	for _, c := range configs {
		if c.Name == arg {
			named = append(named, c)
		}
	}
	switch len(named) {
	case 1:
		return named[0], nil
	case 0:
		msg := fmt.Sprintf("no configuration has the unique_key or name %s (%d configurations listed)", Quote(arg), len(configs))
		if near := nearest(configs, arg, 3); len(near) > 0 {
			msg += fmt.Sprintf("; nearest: %s; did you mean %s?", strings.Join(near, ", "), near[0])
		}
		return model.Config{}, errors.New(msg)
	}
	keys := make([]string, len(named))
	for i, c := range named {
		keys[i] = Quote(c.UniqueKey)
	}
	return model.Config{}, fmt.Errorf("%d configurations are named %s: give the unique_key of one (%s)", len(named), Quote(arg), strings.Join(keys, ", "))
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// nearest lists, quoted, the n names or unique_keys of configs closest to
// arg (edit distance, ignoring case), closest first: a typo's likely
// meaning. A config is listed once, by whichever of the two is closer.
func nearest(configs []model.Config, arg string, n int) []string {
	type cand struct {
		text string
		d    int
	}
	want := strings.ToLower(arg)
	cands := make([]cand, 0, len(configs))
	for _, c := range configs {
		best := cand{c.Name, distance(want, strings.ToLower(c.Name))}
		if d := distance(want, strings.ToLower(c.UniqueKey)); d < best.d {
			best = cand{c.UniqueKey, d}
		}
		cands = append(cands, best)
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(a.d, b.d) })
	out := make([]string, 0, n)
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, Quote(c.text))
	}
	return out
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			sub := prev[j-1]
			if ra[i-1] != rb[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
