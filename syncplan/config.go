package syncplan

import (
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
		return model.Config{}, fmt.Errorf("no configuration has the unique_key or name %s (%d configurations listed)", Quote(arg), len(configs))
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
