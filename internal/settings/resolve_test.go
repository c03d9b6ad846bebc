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
		name string
		flag string
		env  string
		path string
		want string
	}{
		{"flag wins", "https://flag.example/", "https://env.example", path, "https://flag.example"},
		{"env next", "", "https://env.example", path, "https://env.example"},
		{"profile next", "", "", path, "https://file.example"},
		{"default last", "", "", filepath.Join(t.TempDir(), "none.toml"), DefaultBaseURL},
	}
	for _, c := range cases {
		st, err := Resolve(ctx, Flags{BaseURL: c.flag}, envOf("HTTPTWEAK_BASE_URL", c.env), c.path)
		if err != nil || st.BaseURL != c.want {
			t.Errorf("%s: got %q, err %v; want %q", c.name, st.BaseURL, err, c.want)
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

// A base_url the client refuses is an error for the profile that has it,
// never a fall back to another host with that profile's key; --base-url
// or HTTPTWEAK_BASE_URL refused the same way. No message quotes a password.
func TestRefusedBaseURLIsAnErrorAndNeverAnotherHost(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	ctx := context.Background()
	for _, c := range []struct {
		name, file string
		flags      Flags
		env        []string
		want       string
	}{
		{"plain http to a remote host", "http://staging.example.invalid", Flags{}, nil,
			"profiles.default.base_url: refusing to send the API key over plain http to host staging.example.invalid"},
		{"a password in the profile", "https://me:pw-s3cret@staging.example.com", Flags{}, nil,
			"profiles.default.base_url: must not hold a user name or password"},
		{"a password in --base-url", "", Flags{BaseURL: "https://me:pw-s3cret@staging.example.com"}, nil,
			"--base-url: must not hold a user name or password"},
		{"a password in HTTPTWEAK_BASE_URL", "", Flags{}, []string{"HTTPTWEAK_BASE_URL", "https://me:pw-s3cret@x.example"},
			"HTTPTWEAK_BASE_URL: must not hold a user name or password"},
	} {
		_ = os.Remove(marker)
		body := "[profiles.default]\napi_key_command = \"touch " + marker + "; echo k\"\n"
		if c.file != "" {
			body += "base_url = \"" + c.file + "\"\n"
		}
		path := writeSettings(t, body, 0o600)
		st, err := Resolve(ctx, c.flags, envOf(c.env...), path)
		if err == nil {
			t.Errorf("%s: no error; base URL %q, key from %q", c.name, st.BaseURL, st.KeySource)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want it to say %q", c.name, err, c.want)
		}
		if strings.Contains(err.Error(), "s3cret") || strings.Contains(joinNotices(st.Notices), "s3cret") {
			t.Errorf("%s: the password was echoed: %q %q", c.name, err, st.Notices)
		}
		if _, err := os.Stat(marker); err == nil {
			t.Errorf("%s: api_key_command ran for a run that cannot send its key", c.name)
		}
	}

	// A refused base_url that --base-url overrides is never used: a notice.
	path := writeSettings(t, "[profiles.default]\nbase_url = \"http://staging.example.invalid\"\n", 0o600)
	st, err := Resolve(ctx, Flags{BaseURL: "https://ok.example"}, envOf(), path)
	if err != nil || st.BaseURL != "https://ok.example" || !strings.Contains(joinNotices(st.Notices), "profiles.default.base_url") {
		t.Errorf("overridden: base URL %q, err %v, notices %q", st.BaseURL, err, st.Notices)
	}
	// Another profile's refused base_url does not stop this one.
	path = writeSettings(t, "[profiles.default]\nbase_url = \"https://ok.example\"\n[profiles.staging]\nbase_url = \"http://staging.example.invalid\"\n", 0o600)
	if st, err := Resolve(ctx, Flags{}, envOf(), path); err != nil || st.BaseURL != "https://ok.example" {
		t.Errorf("another profile: base URL %q, err %v", st.BaseURL, err)
	}
}

func TestCacheIsOnUnlessTurnedOff(t *testing.T) {
	ctx := context.Background()
	none := filepath.Join(t.TempDir(), "none.toml")
	if st, _ := Resolve(ctx, Flags{}, envOf(), none); !st.Cache {
		t.Error("without settings the cache is on")
	}
	if st, _ := Resolve(ctx, Flags{NoCache: true}, envOf(), none); st.Cache {
		t.Error("--no-cache turns it off")
	}
	off := writeSettings(t, "cache = false\n", 0o600)
	if st, _ := Resolve(ctx, Flags{}, envOf(), off); st.Cache {
		t.Error("cache = false turns it off")
	}
	if st, _ := Resolve(ctx, Flags{Demo: true}, envOf(), none); st.Cache {
		t.Error("the demo keeps nothing")
	}
	bad := writeSettings(t, "cache = \"no\"\n", 0o600)
	st, _ := Resolve(ctx, Flags{}, envOf(), bad)
	if all := joinNotices(st.Notices); st.Cache || !strings.Contains(all, "1: cache:") || !strings.Contains(all, "cache kept off") {
		t.Errorf("an unreadable cache value: cache %v, notices %q; want off, with a notice", st.Cache, all)
	}
}

// Shell completion resolves the profile and base URL to find the cache on
// every tab: it must not run api_key_command.
func TestNoKeyResolvesTheProfileWithoutRunningTheKeyCommand(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	path := writeSettings(t, "[profiles.default]\nbase_url = \"https://panel.example.com\"\napi_key_command = \"touch "+marker+"; echo k\"\n", 0o600)
	st, err := Resolve(context.Background(), Flags{NoKey: true}, envOf(), path)
	if err != nil || st.Profile != "default" || st.BaseURL != "https://panel.example.com" || st.Key != "" {
		t.Errorf("err %v profile %q base %q key %q", err, st.Profile, st.BaseURL, st.Key)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("NoKey ran api_key_command")
	}
}
