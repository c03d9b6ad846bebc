package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
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

// watchRSS samples the resident memory of pid until the test ends, and
// kills it (failing the test) when it goes over limit: a runaway read grows
// by gigabytes a second, faster than a screen wait would notice. It
// returns the highest sample so far.
func watchRSS(t *testing.T, pid int, limit int64) func() int64 {
	t.Helper()
	var peak atomic.Int64
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	go func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			rss := residentBytes(pid)
			if rss > peak.Load() {
				peak.Store(rss)
			}
			if rss > limit {
				_ = syscall.Kill(pid, syscall.SIGKILL)
				return
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return peak.Load
}

// residentBytes is pid's VmRSS, or 0 once it is gone.
func residentBytes(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// A settings file that is a link to /dev/zero is not read: the dashboard
// starts, says why, and memory stays small (a plain read would grow it
// until the process died).
func TestE2ESettingsLinkedToDevZeroStartsWithANotice(t *testing.T) {
	sb := startE2ESandbox(t)
	env := dashboardEnv(t, sb)
	path := filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "tweakdash", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", path); err != nil {
		t.Fatal(err)
	}
	tm := startTerm(t, 160, 30, env)
	peak := watchRSS(t, tm.pt.Pid(), 200<<20)
	tm.waitText(prefix(sb.configs[0].Name, 12), "not a regular file")
	quit(t, tm)
	if p := peak(); p > 200<<20 {
		t.Errorf("resident memory reached %d MB", p>>20)
	}
}

// A FIFO among the drafts is skipped with a notice: start-up completes.
func TestE2EFIFOAmongDraftsIsSkipped(t *testing.T) {
	sb := startE2ESandbox(t)
	env := dashboardEnv(t, sb)
	dir := filepath.Join(envValue(env, "XDG_STATE_HOME"), "tweakdash", "drafts")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "stuck.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	tm := startTerm(t, 160, 30, env)
	tm.waitText(prefix(sb.configs[0].Name, 12), "stuck.json")
	quit(t, tm)
}
