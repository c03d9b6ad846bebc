package settings

import (
	"strings"
	"testing"
	"time"
)

func TestRefreshTakesADurationAndNamesABadOne(t *testing.T) {
	cases := []struct {
		toml   string
		want   time.Duration
		notice string
	}{
		{`refresh = "45s"`, 45 * time.Second, ""},
		{`refresh = "2m"`, 2 * time.Minute, ""},
		{`refresh = "soon"`, 0, `refresh: "soon" is not a duration`},
		{`refresh = "1s"`, MinRefresh, "shorter than 5s"},
		{`refresh = 30`, 0, `1: `},
	}
	for _, c := range cases {
		s, notices, err := parseSettings([]byte(c.toml))
		if err != nil {
			t.Fatalf("%s: %v", c.toml, err)
		}
		if s.Refresh != c.want {
			t.Errorf("%s: refresh %v, want %v", c.toml, s.Refresh, c.want)
		}
		if c.notice == "" && len(notices) > 0 || c.notice != "" && (len(notices) != 1 || !strings.Contains(notices[0], c.notice)) {
			t.Errorf("%s: notices %q, want %q", c.toml, notices, c.notice)
		}
	}
}
