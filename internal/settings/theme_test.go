package settings

import (
	"strings"
	"testing"

	"tweakdash/theme"
)

func TestThemeTableSetsBaseAndOverrides(t *testing.T) {
	s, notices, err := parseSettings([]byte(`
[theme]
base = "high-contrast"
accent = "#ff8700"
selection = "yellow"
header = "12"
`))
	if err != nil || len(notices) > 0 {
		t.Fatalf("err %v, notices %q", err, notices)
	}
	if s.Theme.Base != "high-contrast" || len(s.Theme.Overrides) != 3 {
		t.Fatalf("theme = %+v", s.Theme)
	}
	want, _ := theme.ParseColor("#ff8700")
	if s.Theme.Overrides["accent"] != want {
		t.Errorf("accent = %v, want %v", s.Theme.Overrides["accent"], want)
	}
}

func TestThemeBadValuesAreNamedAndKeepTheDefaults(t *testing.T) {
	cases := []struct {
		toml, notice string
		check        func(theme.Theme) bool
	}{
		{`base = "solarized"`, `theme.base: "solarized" is not one of default, high-contrast, ansi; using default`,
			func(th theme.Theme) bool { return th.Base == "" }},
		{"accent = \"purpel\"\nok = \"green\"", `theme.accent: "purpel" is not a colour name`,
			func(th theme.Theme) bool { return th.Overrides["accent"] == nil && th.Overrides["ok"] != nil }},
		{`accent = 12`, `3: `, func(th theme.Theme) bool { return th.Overrides["accent"] == nil }},
		{`acent = "red"`, `unknown setting "theme.acent" ignored`, func(th theme.Theme) bool { return len(th.Overrides) == 0 }},
	}
	for _, c := range cases {
		s, notices, err := parseSettings([]byte("\n[theme]\n" + c.toml + "\n"))
		if err != nil {
			t.Fatalf("%s: %v", c.toml, err)
		}
		if len(notices) != 1 || !strings.Contains(notices[0], c.notice) {
			t.Errorf("%s: notices %q, want one saying %q", c.toml, notices, c.notice)
		}
		if !c.check(s.Theme) {
			t.Errorf("%s: theme %+v", c.toml, s.Theme)
		}
	}
	if _, notices, _ := parseSettings([]byte(`theme = "dark"`)); len(notices) != 1 || !strings.Contains(notices[0], "theme must be a table") {
		t.Errorf("theme as a string: notices %q", notices)
	}
}
