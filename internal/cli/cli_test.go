package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/adrg/xdg"

	"tweakdash/api"
)

// xdgHome points the XDG directories at a fresh temporary home.
func xdgHome(t *testing.T) (config, state string) {
	t.Helper()
	home := t.TempDir()
	config, state = filepath.Join(home, "config"), filepath.Join(home, "state")
	t.Setenv("XDG_CONFIG_HOME", config)
	t.Setenv("XDG_STATE_HOME", state)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, "cache"))
	xdg.Reload()
	t.Cleanup(xdg.Reload)
	return config, state
}

func runArgs(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(context.Background(), args, []string{"TERM=dumb"}, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestHelpNamesTheSettingsAndStatePaths(t *testing.T) {
	config, state := xdgHome(t)
	for _, arg := range []string{"--help", "-h", "-help"} {
		out, errOut, code := runArgs(t, arg)
		if code != 0 || errOut != "" {
			t.Fatalf("%s: status %d, stderr %q", arg, code, errOut)
		}
		for _, want := range []string{
			filepath.Join(config, "tweakdash", "config.toml"),
			filepath.Join(state, "tweakdash"),
			filepath.Join(filepath.Dir(config), "cache", "tweakdash"),
			"--demo", "--profile NAME", "--base-url URL", "--read-only", "--mouse", "--no-cache", "--debug", "--version",
			"HTTPTWEAK_API_KEY", "HTTPTWEAK_BASE_URL", "api_key_command", "tweakdash sandbox",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%s output lacks %q:\n%s", arg, want, out)
			}
		}
	}
	if _, err := os.Stat(config); err == nil {
		t.Error("--help created the settings directory; it must leave the disk alone")
	}
}

func TestVersionPrintsTheVersion(t *testing.T) {
	out, errOut, code := runArgs(t, "--version")
	if code != 0 || errOut != "" || out != "tweakdash "+api.Version+"\n" {
		t.Errorf("status %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestThereIsNoFlagForTheKey(t *testing.T) {
	for _, args := range [][]string{
		{"--api-key", "k"}, {"--key", "k"}, {"--api-key=k"}, {"-apikey", "k"},
	} {
		out, errOut, code := runArgs(t, args...)
		if code != exitUsage || out != "" {
			t.Errorf("%q: status %d stdout %q; want usage error 2 and nothing on stdout", args, code, out)
		}
		if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "not defined") || !strings.Contains(errOut, "HTTPTWEAK_API_KEY") {
			t.Errorf("%q: want one line saying the flag is not defined and where the key goes, got %q", args, errOut)
		}
		if strings.Contains(errOut, "=k") {
			t.Errorf("%q: the value was echoed: %q", args, errOut)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--demo", "--base-url", "https://x.example"},
		{"--demo", "--profile", "prod"},
		{"extra"},
		{"--profile", " prod"},
	} {
		out, errOut, code := runArgs(t, args...)
		if code != exitUsage || out != "" || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "tweakdash: ") {
			t.Errorf("%q: status %d stdout %q stderr %q", args, code, out, errOut)
		}
	}
}

func TestParseFlags(t *testing.T) {
	f, err := parseFlags([]string{"--profile", "prod", "--base-url=https://x.example", "--read-only", "--mouse", "--no-cache", "--debug"})
	if err != nil {
		t.Fatal(err)
	}
	want := dashboardFlags{profile: "prod", baseURL: "https://x.example", readOnly: true, mouse: true, noCache: true, debug: true}
	if f != want {
		t.Errorf("got %+v, want %+v", f, want)
	}
	if f, err := parseFlags([]string{"--demo"}); err != nil || !f.demo {
		t.Errorf("--demo: %+v %v", f, err)
	}
}

func TestBadBaseURLIsOneLineOnStderr(t *testing.T) {
	xdgHome(t)
	var out, errOut bytes.Buffer
	code := Main(context.Background(), []string{"--base-url", "http://example.com"},
		[]string{"TERM=dumb", "HTTPTWEAK_API_KEY=k-secret"}, &out, &errOut)
	if code != exitError || out.Len() != 0 {
		t.Fatalf("status %d stdout %q", code, out.String())
	}
	if s := errOut.String(); strings.Count(s, "\n") != 1 || !strings.HasPrefix(s, "tweakdash: ") || strings.Contains(s, "k-secret") {
		t.Errorf("stderr %q", s)
	}
}

func TestDebugLogIsPrivateAndHoldsNoKey(t *testing.T) {
	_, state := xdgHome(t)
	opt, closeLog, err := openDebugLog()
	if err != nil {
		t.Fatal(err)
	}
	if opt == nil {
		t.Fatal("no logger option")
	}
	closeLog()
	path := filepath.Join(state, "tweakdash", "debug.log")
	assertMode(t, path, 0o600)
	assertMode(t, filepath.Dir(path), 0o700)

	line := formatRequestLog(api.RequestLog{Method: "GET", Path: "/api/v1/configs", Status: 429,
		Duration: 1234 * time.Microsecond, Attempt: 2, Rate: api.Rate{Limit: 60, Remaining: 0, Known: true},
		Err: errors.New("Too Many Attempts.\nsecond line"), RetryIn: 3 * time.Second, RetryReason: "429"})
	for _, want := range []string{"GET /api/v1/configs", "status=429", "duration=1ms", "attempt=2", "rate=0/60", "retry_in=3s", `error="Too Many Attempts. second line"`} {
		if !strings.Contains(line, want) {
			t.Errorf("log line %q lacks %q", line, want)
		}
	}
}

func TestDemoWithKeyStdinIsAUsageError(t *testing.T) {
	if _, err := parseFlags([]string{"--demo", "--api-key-stdin"}); err == nil {
		t.Fatal("--demo --api-key-stdin was accepted")
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: mode %04o, want %04o", path, got, want)
	}
}

// A debug.log that is a symbolic link is refused: its target is neither
// appended to nor chmodded.
func TestDebugLogSymlinkIsRefused(t *testing.T) {
	_, state := xdgHome(t)
	dir := filepath.Join(state, "tweakdash")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.WriteFile(target, []byte("not ours\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(target, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "debug.log")); err != nil {
		t.Fatal(err)
	}
	_, closeLog, err := openDebugLog()
	if err == nil {
		closeLog()
		t.Error("a symlinked debug.log was opened")
	} else if !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("error %q does not say why", err)
	}
	if data, _ := os.ReadFile(target); string(data) != "not ours\n" {
		t.Errorf("the link's target was written: %q", data)
	}
	assertMode(t, target, 0o644)
}
