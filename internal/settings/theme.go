package settings

import (
	"fmt"
	"image/color"
	"maps"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"tweakdash/internal/termsafe"
	"tweakdash/theme"
)

// parseTheme decodes [theme]: a base and colours for its roles. A bad
// value is a notice and leaves the base's own colour; nothing in it
// stops start-up.
func parseTheme(md toml.MetaData, prim toml.Primitive, notices *[]string) theme.Theme {
	var th theme.Theme
	if _, ok := tableOf(md, prim, notices, ` theme must be a table: [theme] with base = "default"; ignored`); !ok {
		return th
	}
	var raw map[string]toml.Primitive
	if err := md.PrimitiveDecode(prim, &raw); err != nil {
		*notices = append(*notices, tomlMessage(err))
		return th
	}
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		var v string
		if err := md.PrimitiveDecode(raw[k], &v); err != nil {
			*notices = append(*notices, tomlMessage(err)+"; the base's colour kept")
			continue
		}
		name := termsafe.Line(k)
		switch {
		case k == "base" && theme.KnownBase(v):
			th.Base = v
		case k == "base":
			*notices = append(*notices, fmt.Sprintf(" theme.base: %q is not one of %s; using default",
				termsafe.Line(v), strings.Join(theme.Bases, ", ")))
		case theme.KnownRole(k):
			c, ok := theme.ParseColor(v)
			if !ok {
				*notices = append(*notices, fmt.Sprintf(" theme.%s: %q is not a colour name, #rrggbb or 0-255; the base's colour kept",
					name, termsafe.Line(v)))
				continue
			}
			if th.Overrides == nil {
				th.Overrides = map[string]color.Color{}
			}
			th.Overrides[k] = c
		default:
			*notices = append(*notices, fmt.Sprintf(" unknown setting %q ignored (the theme takes base and %s)",
				"theme."+name, strings.Join(theme.Roles, ", ")))
		}
	}
	return th
}
