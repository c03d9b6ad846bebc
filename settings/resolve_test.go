package settings

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBaseURLPrecedence(t *testing.T) {
	path := writeSettings(t, "[profiles.default]\nbase_url = \"https://file.example\"\n", 0o600)
	ctx := context.Background()
	cases := []struct {
		name     string
		flag     string
		env      string
		path     string
		want     string
		fromFile bool
	}{
		{"flag wins", "https://flag.example/", "https://env.example", path, "https://flag.example", false},
		{"env next", "", "https://env.example", path, "https://env.example", false},
		{"profile next", "", "", path, "https://file.example", true},
		{"default last", "", "", filepath.Join(t.TempDir(), "none.toml"), DefaultBaseURL, false},
	}
	for _, c := range cases {
		st, err := Resolve(ctx, Flags{BaseURL: c.flag}, envOf("HTTPTWEAK_BASE_URL", c.env), c.path)
		if err != nil || st.BaseURL != c.want || st.BaseURLFromFile != c.fromFile {
			t.Errorf("%s: got %q (from file %v), err %v; want %q", c.name, st.BaseURL, st.BaseURLFromFile, err, c.want)
		}
	}
	if _, err := Resolve(ctx, Flags{BaseURL: "httptweak.com"}, envOf(), path); err == nil {
		t.Error("a --base-url without a scheme must be an error")
	}
	if _, err := Resolve(ctx, Flags{}, envOf("HTTPTWEAK_BASE_URL", "https://u:p@x.example"), path); err == nil {
		t.Error("a base URL with credentials must be an error")
	}
}

func TestProfileSelection(t *testing.T) {
	path := writeSettings(t, `profile = "b"
[profiles.a]
label = "A"
[profiles.b]
label = "B"
read_only = true
`, 0o600)
	ctx := context.Background()
	if st, _ := Resolve(ctx, Flags{}, envOf(), path); st.Profile != "b" || st.Label != "B" || !st.ReadOnly {
		t.Errorf("the file's default profile: %+v", st)
	}
	if st, _ := Resolve(ctx, Flags{Profile: "a"}, envOf(), path); st.Profile != "a" || st.Label != "A" || st.ReadOnly {
		t.Errorf("--profile wins: %+v", st)
	}
	if st, _ := Resolve(ctx, Flags{Profile: "a", ReadOnly: true}, envOf(), path); !st.ReadOnly {
		t.Error("--read-only must apply to any profile")
	}
	st, _ := Resolve(ctx, Flags{Profile: "prod"}, envOf(), path)
	if st.Profile != "prod" || st.Label != "" {
		t.Errorf("unknown profile must not borrow another's settings: %+v", st)
	}
	if all := joinNotices(st.Notices); !strings.Contains(all, `profile "prod" not found in `+path+" (profiles: a, b)") {
		t.Errorf("notice: %q", all)
	}
}

func TestDemoReadsOnlyTheMouseSetting(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	path := writeSettings(t, "mouse = true\nprofile = \"gone\"\n[profiles.default]\napi_key_command = \"touch "+marker+"; echo k\"\n", 0o600)
	st, err := Resolve(context.Background(), Flags{Demo: true}, envOf("HTTPTWEAK_BASE_URL", "not a url"), path)
	if err != nil || !st.Mouse || st.Key != "" || len(st.Notices) != 0 {
		t.Errorf("demo: err %v mouse %v key %q notices %q", err, st.Mouse, st.Key, st.Notices)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the demo ran api_key_command")
	}
}
