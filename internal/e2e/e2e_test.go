package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/internal/settings"
	"tweakdash/model"
)

// The binary's exit statuses, as internal/cli defines them.
const (
	exitOK          = 0
	exitError       = 1
	exitHangUp      = 129 // 128 + SIGHUP
	exitInterrupted = 130 // 128 + SIGINT
	exitTerminated  = 143 // 128 + SIGTERM
)

// e2eKey is the sandbox key in these tests; every screen and log is scanned
// for it.
const e2eKey = "e2e-key-4f9c2a7d1b"

// e2eSandbox is an API sandbox with the demo data, served by the test process,
// and what it holds, read through the real client so that the assertions
// follow the data instead of repeating it.
type e2eSandbox struct {
	url     string
	configs []model.Config
	servers []model.Server
	tweaks  []model.Tweak
	ids     []model.DeviceID
}

// testSandbox serves a sandbox made with opts and the key e2eKey for the
// test's life; it returns the sandbox, its URL and a client for it.
func testSandbox(t *testing.T, opts apitest.Options) (*apitest.Server, string, *api.Client) {
	t.Helper()
	opts.APIKey = e2eKey
	sb := apitest.New(opts)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := api.NewClient(srv.URL, e2eKey)
	if err != nil {
		t.Fatal(err)
	}
	return sb, srv.URL, c
}

func startE2ESandbox(t *testing.T) e2eSandbox {
	t.Helper()
	_, url, c := testSandbox(t, apitest.Options{Data: apitest.DataDemo})
	ctx := context.Background()
	list, _, err := c.ListConfigs(ctx)
	if err != nil || len(list.Configurations) < 2 {
		t.Fatalf("sandbox configs: %v %+v", err, list)
	}
	first := list.Configurations[0].UniqueKey
	res, _, err := c.ListResources(ctx, first)
	if err != nil || len(res.Servers) == 0 || len(res.Tweaks) == 0 {
		t.Fatalf("sandbox resources of %s: %v %+v", first, err, res)
	}
	ids, _, err := c.ListDeviceIDs(ctx, first)
	if err != nil || len(ids) == 0 {
		t.Fatalf("sandbox device IDs of %s: %v", first, err)
	}
	return e2eSandbox{url: url, configs: list.Configurations, servers: res.Servers, tweaks: res.Tweaks, ids: ids}
}

// prefix is the start of s that fits even in a narrow column.
func prefix(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// dashboardEnv is a clean environment pointing the binary at sb.
func dashboardEnv(t *testing.T, sb e2eSandbox, extra ...string) []string {
	return append(append(baseEnv(t), "HTTPTWEAK_BASE_URL="+sb.url, "HTTPTWEAK_API_KEY="+e2eKey), extra...)
}

// assertNoKey fails when the API key was ever drawn or written.
func assertNoKey(t *testing.T, tm *term) {
	t.Helper()
	if strings.Contains(tm.output(), e2eKey) {
		t.Error("the API key was written to the terminal")
	}
}

// quit presses q and checks the exit: status 0, nothing left on the
// alternate screen.
func quit(t *testing.T, tm *term) {
	t.Helper()
	tm.press("q")
	if code := tm.wait(); code != 0 {
		t.Errorf("exit status %d after q, want 0", code)
	}
	if tm.altScreen() {
		t.Error("the terminal was left on the alternate screen")
	}
}

func TestE2EBrowseConfigsServersTweaksDeviceIDsAndHelp(t *testing.T) {
	sb := startE2ESandbox(t)
	for _, size := range []struct{ w, h int }{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			tm := startTerm(t, size.w, size.h, dashboardEnv(t, sb))

			tm.waitText(prefix(sb.configs[0].Name, 12), prefix(sb.configs[1].Name, 12))
			if !tm.altScreen() {
				t.Error("the dashboard is not on the alternate screen")
			}

			tm.press("\r") // open the first config: its servers with their tunnel types
			srv := sb.servers[0]
			tm.waitText(prefix(srv.Name, 12), string(srv.TunnelType))

			tm.press("2")
			tm.waitText(prefix(sb.tweaks[0].Name, 12))

			tm.press("3")
			tm.waitText(prefix(sb.ids[0].DeviceID, 12))

			tm.press("?")
			tm.waitText("quit", "filter")
			tm.press("?")
			tm.waitFor("the help closed", func(s string) bool {
				return !strings.Contains(s, "filter") || strings.Contains(s, prefix(sb.ids[0].DeviceID, 12))
			})

			quit(t, tm)
			assertNoKey(t, tm)
		})
	}
}

func TestE2EDemoStartsWithoutKeyOrSettings(t *testing.T) {
	env := baseEnv(t) // no key, no base URL, no settings file
	tm := startTerm(t, 100, 30, env, "--demo")
	tm.waitText("DEMO")
	// The demo data's configurations are listed.
	tm.waitFor("a configuration", func(s string) bool { return strings.Contains(s, "SurfLink") })
	quit(t, tm)
	if _, err := os.Stat(filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "tweakdash")); err == nil {
		t.Error("--demo wrote to the settings directory")
	}
}

func TestE2ENoColorMeansNoColourAnyValue(t *testing.T) {
	sb := startE2ESandbox(t)
	for _, c := range []struct {
		name      string
		env       []string
		wantColor bool
	}{
		{"default", nil, true},
		{"NO_COLOR=yes", []string{"NO_COLOR=yes"}, false},
		{"NO_COLOR=1", []string{"NO_COLOR=1"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			tm := startTerm(t, 100, 30, dashboardEnv(t, sb, c.env...))
			tm.waitText(prefix(sb.configs[0].Name, 12))
			tm.press("\r")
			tm.waitText(prefix(sb.servers[0].Name, 12))
			quit(t, tm)
			got := colourSGRs(tm.output())
			if c.wantColor && len(got) == 0 {
				t.Error("no colour at all without NO_COLOR")
			}
			if !c.wantColor && len(got) > 0 {
				t.Errorf("%d colour sequences with %s, e.g. %q", len(got), c.name, got[0])
			}
		})
	}
}

func TestE2EFirstRunChecksAndSavesTheKey(t *testing.T) {
	sb := startE2ESandbox(t)
	env := append(baseEnv(t), "HTTPTWEAK_BASE_URL="+sb.url) // no key anywhere
	tm := startTerm(t, 100, 30, env)

	tm.waitText("API key", "No API key found")
	tm.press("wrong-key\r")
	tm.waitText("API key missing or invalid")

	tm.press(e2eKey + "\r") // the refused key was taken out of the field
	path := filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "tweakdash", "config.toml")
	tm.waitText("Save the key to", "Save", "Not now")
	tm.press("\r") // yes is the default

	tm.waitText(prefix(sb.configs[0].Name, 12))
	quit(t, tm)
	assertNoKey(t, tm)

	assertMode(t, path, 0o600)
	assertMode(t, filepath.Dir(path), 0o700)
	sf := settings.Load(path)
	if got := sf.Profiles["default"].APIKey; got != e2eKey || len(sf.Notices) != 0 {
		t.Errorf("saved key %q, notices %q", got, sf.Notices)
	}

	// The next start finds the key and goes straight to the dashboard.
	tm = startTerm(t, 100, 30, env)
	tm.waitText(prefix(sb.configs[0].Name, 12))
	quit(t, tm)
}

func TestE2ECtrlCAtFirstRunExits130(t *testing.T) {
	env := append(baseEnv(t), "HTTPTWEAK_BASE_URL=http://127.0.0.1:9") // never reached
	tm := startTerm(t, 80, 24, env)
	tm.waitText("API key")
	tm.press("\x03")
	if code := tm.wait(); code != exitInterrupted {
		t.Errorf("exit status %d, want %d", code, exitInterrupted)
	}
	if s := tm.screen(); !strings.Contains(s, "tweakdash: interrupted") {
		t.Errorf("want a one-line message, screen:\n%s", s)
	}
	if tm.altScreen() {
		t.Error("left on the alternate screen")
	}
}

func TestE2EBrokenSettingsFileDoesNotBlockStartUp(t *testing.T) {
	sb := startE2ESandbox(t)
	env := dashboardEnv(t, sb)
	path := filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "tweakdash", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("mouse = \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tm := startTerm(t, 160, 30, env)
	tm.waitText(prefix(sb.configs[0].Name, 12), "config.toml:1:")
	quit(t, tm)
}

func TestE2EDebugLogHasRequestsButNoKey(t *testing.T) {
	sb := startE2ESandbox(t)
	env := dashboardEnv(t, sb)
	tm := startTerm(t, 100, 30, env, "--debug")
	tm.waitText(prefix(sb.configs[0].Name, 12))
	quit(t, tm)
	data, err := os.ReadFile(filepath.Join(envValue(env, "XDG_STATE_HOME"), "tweakdash", "debug.log"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "GET /api/v1/configs status=200") {
		t.Errorf("debug.log lacks the configs request:\n%s", data)
	}
	if strings.Contains(string(data), e2eKey) {
		t.Error("debug.log holds the API key")
	}
}

func TestE2EHelpAndVersionWithoutATerminal(t *testing.T) {
	env := baseEnv(t)
	out, errOut, code := runPlain(t, env, "--help")
	want := filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "tweakdash", "config.toml")
	if code != 0 || errOut != "" || !strings.Contains(out, want) {
		t.Errorf("--help: status %d, stderr %q, stdout lacks %s:\n%s", code, errOut, want, out)
	}
	out, errOut, code = runPlain(t, env, "--version")
	if code != 0 || errOut != "" || !strings.HasPrefix(out, "tweakdash ") || strings.Count(out, "\n") != 1 {
		t.Errorf("--version: status %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestE2EKeyInAFileOthersCanReadIsRefusedWithTheFix(t *testing.T) {
	sb := startE2ESandbox(t)
	env := append(baseEnv(t), "HTTPTWEAK_BASE_URL="+sb.url)
	path := filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "tweakdash", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("[profiles.default]\napi_key = \""+e2eKey+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	tm := startTerm(t, 100, 30, env)
	// The key is not used: the first-run form asks, and says why and how to fix it.
	tm.waitText("API key", "others can read it", "fix with: chmod 600")
	tm.press("\x03")
	if code := tm.wait(); code != exitInterrupted {
		t.Errorf("exit status %d, want %d", code, exitInterrupted)
	}
	assertNoKey(t, tm)
}

func TestE2EHangUpRestoresTheTerminal(t *testing.T) {
	sb := startE2ESandbox(t)
	tm := startTerm(t, 100, 30, dashboardEnv(t, sb))
	tm.waitText(prefix(sb.configs[0].Name, 12))
	if err := tm.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if code := tm.wait(); code != exitHangUp {
		t.Errorf("exit status %d after SIGHUP, want %d", code, exitHangUp)
	}
	if tm.altScreen() {
		t.Error("left on the alternate screen after a hang-up")
	}
}

// assertMode fails unless path has the permission bits want.
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
