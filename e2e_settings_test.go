package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// writeE2ESettings writes the settings file of env (0600 in a 0700
// directory) and returns its path.
func writeE2ESettings(t *testing.T, env []string, body string) string {
	t.Helper()
	path := filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "tweakdash", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A refused base URL, from the profile, --base-url or HTTPTWEAK_BASE_URL,
// ends the run with status 1 and the reason on stderr; the key goes
// nowhere: not to the default host (every request the binary makes goes
// through a proxy that counts them), not to the refused one. A password in
// the URL is never echoed.
func TestE2ERefusedBaseURLSendsNothingAnywhere(t *testing.T) {
	var received atomic.Int64
	counter := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		received.Add(1)
		http.Error(w, "counted", http.StatusBadGateway)
	}))
	t.Cleanup(counter.Close)
	const password = "pw-s3cret-9d1e"
	loopbackWithPassword := strings.Replace(counter.URL, "http://", "https://me:"+password+"@", 1)

	for _, c := range []struct {
		name     string
		settings string
		args     []string
		env      []string
		want     string
	}{
		{name: "profile base_url over plain http",
			settings: "[profiles.default]\nbase_url = \"http://staging.example.invalid\"\n",
			want:     "profiles.default.base_url: refusing to send the API key over plain http to host staging.example.invalid"},
		{name: "profile base_url with a password",
			settings: "[profiles.default]\nbase_url = \"" + loopbackWithPassword + "\"\n",
			want:     "profiles.default.base_url: must not hold a user name or password"},
		{name: "--base-url with a password", args: []string{"--base-url", loopbackWithPassword},
			want: "--base-url: must not hold a user name or password"},
		{name: "HTTPTWEAK_BASE_URL with a password", env: []string{"HTTPTWEAK_BASE_URL=" + loopbackWithPassword},
			want: "HTTPTWEAK_BASE_URL: must not hold a user name or password"},
	} {
		t.Run(c.name, func(t *testing.T) {
			received.Store(0)
			env := append(baseEnv(t), "HTTPTWEAK_API_KEY="+e2eKey,
				"HTTPS_PROXY="+counter.URL, "HTTP_PROXY="+counter.URL)
			env = append(env, c.env...)
			if c.settings != "" {
				writeE2ESettings(t, env, c.settings)
			}
			tm := startTerm(t, 200, 24, env, c.args...)
			if code := tm.wait(); code != exitError {
				t.Errorf("exit status %d, want %d", code, exitError)
			}
			if s := tm.screen(); !strings.Contains(s, "tweakdash: ") || !strings.Contains(s, c.want) {
				t.Errorf("the screen does not say %q:\n%s", c.want, s)
			}
			if strings.Contains(tm.output(), password) {
				t.Error("the URL's password was written to the terminal")
			}
			assertNoKey(t, tm)
			if n := received.Load(); n != 0 {
				t.Errorf("%d requests were sent", n)
			}
		})
	}
}
