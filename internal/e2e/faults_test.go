package e2e

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"tweakdash/api/apitest"
)

// faultSandbox is the demo sandbox served over HTTP, for faults to be
// injected into, and the environment that points the binary at it.
func faultSandbox(t *testing.T) (*apitest.Server, []string) {
	t.Helper()
	sb, url, _ := testSandbox(t, apitest.Options{Data: apitest.DataDemo})
	return sb, append(baseEnv(t), "HTTPTWEAK_BASE_URL="+url, "HTTPTWEAK_API_KEY="+e2eKey)
}

// The demo data's first config and its first server, as the screen shows
// them.
const (
	demoConfig = "SurfLink Main"
	demoServer = "Main SSH Server"
)

// rawBodyOnScreen returns the first piece of a raw HTML or JSON body on
// screen, or "".
func rawBodyOnScreen(screen string) string {
	low := strings.ToLower(screen)
	for _, raw := range []string{"<html", "<!doctype", "<head", "<title", "<body", "<center", "<h1", "</", "nginx", `{"`, `":`} {
		if strings.Contains(low, raw) {
			return raw
		}
	}
	return ""
}

// rowsWith counts the rows of screen that contain s.
func rowsWith(screen, s string) int {
	n := 0
	for _, row := range strings.Split(screen, "\n") {
		if strings.Contains(row, s) {
			n++
		}
	}
	return n
}

// A proxy's 502 page on the very first request, through every retry: one
// line names the status, no HTML is drawn, and r loads the list once the
// server is back.
func TestE2EFault502HTMLAtStartIsOneLineAndRRecovers(t *testing.T) {
	sb, env := faultSandbox(t)
	sb.Inject(apitest.Fault{Method: http.MethodGet, PathPrefix: "/api/v1/configs", Times: -1, Status: 502, HTML: true})
	tm := startTerm(t, 120, 40, env)
	s := tm.waitText("Server error 502", "try again")
	if raw := rawBodyOnScreen(s); raw != "" {
		t.Errorf("the screen shows the HTML body (%q):\n%s", raw, s)
	}
	// The header names the server by host and port, which may hold "502".
	if _, body, _ := strings.Cut(s, "\n"); rowsWith(body, "502") != 1 {
		t.Errorf("%d rows name the 502, want 1:\n%s", rowsWith(body, "502"), s)
	}
	if n := sb.Count(http.MethodGet, "/api/v1/configs"); n < 2 {
		t.Errorf("the 502 was tried %d times, want it retried", n)
	}

	sb.ClearFaults()
	tm.press("r")
	s = tm.waitFor("the config list, the error gone", func(s string) bool {
		return strings.Contains(s, demoConfig) && !strings.Contains(s, "Server error")
	})
	if raw := rawBodyOnScreen(s); raw != "" {
		t.Errorf("the screen shows a raw body (%q):\n%s", raw, s)
	}
	quit(t, tm)
	assertNoKey(t, tm)
}

// A body cut in half, on every attempt, at start (the config list) and
// when a config is opened (its resources): an error is shown instead of
// the list, no body is drawn, the program stays up, and r loads the list
// once the bodies are whole.
func TestE2EFaultTruncatedJSONIsSurvivedAndRRecovers(t *testing.T) {
	cut := apitest.Fault{Method: http.MethodGet, Times: -1, Truncate: true}
	t.Run("config list", func(t *testing.T) {
		sb, env := faultSandbox(t)
		f := cut
		f.PathPrefix = "/api/v1/configs"
		sb.Inject(f)
		tm := startTerm(t, 120, 40, env)
		assertCutBodySurvived(t, tm, sb, "/api/v1/configs", demoConfig)
	})
	t.Run("opening a config", func(t *testing.T) {
		sb, env := faultSandbox(t)
		tm := startTerm(t, 120, 40, env)
		tm.waitText(demoConfig)
		f := cut
		f.PathPrefix = "/api/v1/configs/"
		sb.Inject(f)
		tm.press("\r")
		assertCutBodySurvived(t, tm, sb, "/api/v1/configs/", demoServer)
	})
}

// assertCutBodySurvived waits for the error of a cut body on path, clears
// the fault and checks that r brings want.
func assertCutBodySurvived(t *testing.T, tm *term, sb *apitest.Server, path, want string) {
	t.Helper()
	s := tm.waitText("closed the connection")
	if raw := rawBodyOnScreen(s); raw != "" {
		t.Errorf("the screen shows a raw body (%q):\n%s", raw, s)
	}
	if strings.Contains(s, want) {
		t.Errorf("%q is shown although its list never came whole:\n%s", want, s)
	}
	if n := sb.Count(http.MethodGet, path); n < 2 {
		t.Errorf("the cut body was tried %d times, want it retried", n)
	}
	sb.ClearFaults()
	tm.press("r")
	tm.waitFor(want+", the error gone", func(s string) bool {
		return strings.Contains(s, want) && !strings.Contains(s, "closed the connection")
	})
	quit(t, tm)
	assertNoKey(t, tm)
}

// recordingServer is another server, which a redirect points to: it
// records the headers of every request it gets.
type recordingServer struct {
	*httptest.Server
	mu  sync.Mutex
	got []http.Header
}

func startRecordingServer(t *testing.T) *recordingServer {
	t.Helper()
	r := &recordingServer{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.got = append(r.got, req.Header.Clone())
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"success":true,"configurations":[{"id":1,"unique_key":"stolen","name":"Elsewhere"}]}`))
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recordingServer) requests() []http.Header {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]http.Header(nil), r.got...)
}

// A redirect to another server is not followed, so the key never goes
// there; the error names where the redirect pointed.
func TestE2ERedirectToAnotherHostCarriesNoKey(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			sb, env := faultSandbox(t)
			other := startRecordingServer(t)
			sb.Inject(apitest.Fault{Method: http.MethodGet, PathPrefix: "/api/v1/configs", Times: -1, Status: status,
				Header: http.Header{"Location": {other.URL + "/api/v1/configs"}}})
			tm := startTerm(t, 120, 40, env)
			host := strings.TrimPrefix(other.URL, "http://")
			s := tm.waitText("redirected to", host)
			if sb.Count(http.MethodGet, "/api/v1/configs") == 0 {
				t.Fatal("the sandbox got no request: nothing was tested")
			}
			for i, h := range other.requests() {
				t.Errorf("the other server got request %d (X-API-Key %q): redirects must not be followed", i+1, h.Get("X-API-Key"))
			}
			if strings.Contains(s, "Elsewhere") {
				t.Errorf("the other server's answer is shown:\n%s", s)
			}
			quit(t, tm)
			assertNoKey(t, tm)
		})
	}
}

// After a --debug session that loads, retries, fails on a redirect whose
// address holds the key, opens a config and a server, and leaves a form
// as a draft, no file under HOME, nor in the working directory or TMPDIR,
// holds the key.
func TestE2EDebugSessionLeavesTheKeyNowhereOnDisk(t *testing.T) {
	sb, env := faultSandbox(t)
	home := envValue(env, "HOME")
	tmp := filepath.Join(home, "tmp")
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	env = append(env, "TMPDIR="+tmp)
	settings := filepath.Join(envValue(env, "XDG_CONFIG_HOME"), "tweakdash", "config.toml")
	if err := os.MkdirAll(filepath.Dir(settings), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(settings, []byte("[profiles.default]\nlabel = \"debug session\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A server that echoes the key back in a Location.
	sb.Inject(apitest.Fault{Method: http.MethodGet, PathPrefix: "/api/v1/configs", Status: http.StatusFound,
		Header: http.Header{"Location": {"http://127.0.0.1:9/steal?key=" + e2eKey}}})
	// A 502 on opening the config, retried.
	sb.Inject(apitest.Fault{Method: http.MethodGet, PathPrefix: "/api/v1/configs/", Status: 502, HTML: true})

	tm := startTerm(t, 120, 40, env, "--debug")
	tm.waitText("redirected to")
	tm.press("r")
	tm.waitText(demoConfig)
	tm.press("\r")
	tm.waitText(demoServer)
	tm.press("\r")
	tm.waitText("Server · " + demoServer)
	tm.press("\x1b")
	tm.waitText("UPDATED")
	tm.press("n")
	tm.waitText("New server", "Tunnel type")
	tm.press("\rDrafted in debug")
	tm.waitText("Drafted in debug")
	tm.press("\x03")
	if code := tm.wait(); code != exitOK {
		t.Errorf("exit status %d after ctrl+c, want 0", code)
	}
	assertNoKey(t, tm)

	files := 0
	var seen []string
	for _, root := range []string{home, tm.cmd.Dir} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files++
			rel, _ := filepath.Rel(root, path)
			seen = append(seen, rel)
			if strings.Contains(string(data), e2eKey) {
				t.Errorf("%s holds the API key", path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// The walk saw what the session wrote: the log with its requests and
	// the draft.
	log, err := os.ReadFile(filepath.Join(envValue(env, "XDG_STATE_HOME"), "tweakdash", "debug.log"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"GET /api/v1/configs status=302", "status=502", "status=200"} {
		if !strings.Contains(string(log), want) {
			t.Errorf("debug.log lacks %q:\n%s", want, log)
		}
	}
	if n := len(draftFiles(t, env)); n != 1 {
		t.Errorf("%d draft files, want 1", n)
	}
	t.Logf("%d files checked: %q", files, seen)
}
