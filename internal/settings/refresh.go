package settings

import (
	"fmt"
	"time"

	"github.com/BurntSushi/toml"

	"tweakdash/internal/termsafe"
)

// MinRefresh is the shortest refresh taken: a watch more often than this
// would spend the rate limit that the rest of the dashboard needs.
const MinRefresh = 5 * time.Second

// parseRefresh decodes refresh = "30s"; a bad or too short value is a
// notice, and the default stays.
func parseRefresh(md toml.MetaData, prim toml.Primitive, notices *[]string) time.Duration {
	var s string
	if err := md.PrimitiveDecode(prim, &s); err != nil {
		*notices = append(*notices, tomlMessage(err)+`; refresh takes a duration like "30s"`)
		return 0
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		*notices = append(*notices, fmt.Sprintf(` refresh: %q is not a duration like "30s" or "2m"; using the default`, termsafe.Line(s)))
		return 0
	case d < MinRefresh:
		*notices = append(*notices, fmt.Sprintf(" refresh: %s is shorter than %s; using %s", d, MinRefresh, MinRefresh))
		return MinRefresh
	}
	return d
}
