package settings

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestKeyOrderEnvThenCommandThenFile(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	cmd := "touch " + marker + "; echo k-command; echo 'login: me'"
	path := writeSettings(t, `[profiles.default]
api_key = "k-file"
api_key_command = "`+cmd+`"
`, 0o600)
	ctx := context.Background()

	st, err := Resolve(ctx, Flags{}, envOf("HTTPTWEAK_API_KEY", "k-env"), path)
	if err != nil || st.Key != "k-env" || st.KeySource != KeyFromEnv {
		t.Fatalf("env must win: key %q from %q, err %v", st.Key, st.KeySource, err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("api_key_command ran although HTTPTWEAK_API_KEY was set")
	}

	st, _ = Resolve(ctx, Flags{}, envOf(), path)
	if st.Key != "k-command" || st.KeySource != KeyFromCommand {
		t.Fatalf("the command comes second, first line only: key %q from %q", st.Key, st.KeySource)
	}

	path = writeSettings(t, "[profiles.default]\napi_key = \"k-file\"\napi_key_command = \"exit 3\"\n", 0o600)
	st, _ = Resolve(ctx, Flags{}, envOf(), path)
	if st.Key != "k-file" || st.KeySource != KeyFromFile {
		t.Fatalf("a failing command falls through to api_key: key %q from %q", st.Key, st.KeySource)
	}
	if all := joinNotices(st.Notices); !strings.Contains(all, "api_key_command: exit status 3") {
		t.Errorf("the failure should be a notice: %q", all)
	}

	path = writeSettings(t, "[profiles.default]\nbase_url = \"https://example.com\"\n", 0o600)
	st, _ = Resolve(ctx, Flags{}, envOf(), path)
	if st.Key != "" || len(st.Notices) != 0 {
		t.Errorf("no key anywhere: key %q, notices %q", st.Key, st.Notices)
	}
}

func TestKeyCommandFailureDoesNotShowTheKey(t *testing.T) {
	_, err := runKeyCommand(context.Background(), "echo s3cr3t-key; echo 'bad token s3cr3t-key' >&2; exit 4")
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("error shows the key: %q", err)
	}
	if !strings.Contains(err.Error(), "exit status 4") || strings.Contains(err.Error(), "bad token") {
		t.Errorf("error should give the status and nothing of stderr: %q", err)
	}
}

func TestKeyCommandEmptyOutputAndTimeout(t *testing.T) {
	if _, err := runKeyCommand(context.Background(), "true"); err == nil || !strings.Contains(err.Error(), "printed nothing") {
		t.Errorf("empty output: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := runKeyCommand(ctx, "sleep 30")
	if err == nil || !strings.Contains(err.Error(), "no answer within") {
		t.Errorf("timeout: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a hung command held start-up for %s", d)
	}
}

func TestGroupReadableKeyFileIsRefusedWithChmodHint(t *testing.T) {
	body := "[profiles.default]\napi_key = \"k-file\"\n"
	for _, perm := range []os.FileMode{0o640, 0o604, 0o644} {
		path := writeSettings(t, body, perm)
		st, err := Resolve(context.Background(), Flags{}, envOf(), path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Key != "" {
			t.Errorf("mode %04o: key used from a file others can read", perm)
		}
		if all := joinNotices(st.Notices); !strings.Contains(all, "chmod 600 "+path) {
			t.Errorf("mode %04o: notice lacks the fix: %q", perm, all)
		}
	}
	path := writeSettings(t, body, 0o600)
	if st, _ := Resolve(context.Background(), Flags{}, envOf(), path); st.Key != "k-file" || len(st.Notices) != 0 {
		t.Errorf("0600: key %q notices %q", st.Key, st.Notices)
	}
}

func TestKeyCommandInGroupWritableFileIsNotRun(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	path := writeSettings(t, "[profiles.default]\napi_key_command = \"touch "+marker+"; echo k\"\n", 0o620)
	st, _ := Resolve(context.Background(), Flags{}, envOf(), path)
	if st.Key != "" {
		t.Errorf("key %q from a command others could have written", st.Key)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the command ran")
	}
	if all := joinNotices(st.Notices); !strings.Contains(all, "chmod 600 "+path) {
		t.Errorf("notice lacks the fix: %q", all)
	}
}

// asAnotherUser makes path (and dir, if not "") another user's as far as
// load can tell, and returns the uid to load as: as root, by giving them to
// uid 4242; otherwise, by pretending to be the next uid.
func asAnotherUser(t *testing.T, paths ...string) int {
	t.Helper()
	if os.Getuid() != 0 {
		return os.Getuid() + 1
	}
	for _, p := range paths {
		if err := os.Chown(p, 4242, 4242); err != nil {
			t.Fatal(err)
		}
	}
	return 0
}

// As OpenSSH does with its config: a settings file, or its directory, that
// another user owns (root excepted) or that group or others can write is
// not used at all: its api_key_command could be anyone's. The notice gives
// the fix.
func TestSettingsOthersOwnOrCanWriteAreNotUsed(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	body := "[profiles.default]\nlabel = \"L\"\napi_key_command = \"touch " + marker + "; echo k\"\n"
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		setup func(path string) int // returns the uid to load as
		want  string
	}{
		{"file owned by another user", func(path string) int { return asAnotherUser(t, path) }, "chown"},
		{"directory owned by another user", func(path string) int { return asAnotherUser(t, filepath.Dir(path)) }, "chown"},
		{"file writable by group", func(path string) int { return chmodded(t, path, 0o620) }, "chmod 600 " + "PATH"},
		{"directory writable by others", func(path string) int { return chmodded(t, filepath.Dir(path), 0o777) }, "chmod go-w " + "DIR"},
		{"directory writable by group, sticky", func(path string) int { return chmodded(t, filepath.Dir(path), 0o1770) }, "chmod go-w " + "DIR"},
	} {
		_ = os.Remove(marker)
		path := writeSettings(t, body, 0o600)
		uid := c.setup(path)
		want := strings.NewReplacer("PATH", path, "DIR", filepath.Dir(path)).Replace(c.want)
		st, err := resolve(ctx, Flags{}, envOf(), path, load(path, uid))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if _, err := os.Stat(marker); err == nil {
			t.Errorf("%s: the api_key_command ran", c.name)
		}
		if st.Key != "" || st.Label != "" || st.SavePath != "" {
			t.Errorf("%s: settings used: key %q label %q, save offered to %q", c.name, st.Key, st.Label, st.SavePath)
		}
		if all := joinNotices(st.Notices); !strings.Contains(all, "not used") || !strings.Contains(all, want) {
			t.Errorf("%s: notices %q, want them to say the file is not used and %q", c.name, all, want)
		}
	}

	// A file root owns is trusted, as by ssh (only root can make one).
	if os.Getuid() == 0 {
		_ = os.Remove(marker)
		path := writeSettings(t, body, 0o600)
		st, _ := resolve(ctx, Flags{}, envOf(), path, load(path, 4242))
		if st.Key != "k" || st.Label != "L" {
			t.Errorf("a root-owned file: key %q label %q notices %q", st.Key, st.Label, st.Notices)
		}
	}
}

// chmodded sets path's mode and returns the uid to load as: the caller's.
func chmodded(t *testing.T, path string, mode os.FileMode) int {
	t.Helper()
	if mode&0o1000 != 0 {
		mode = mode&0o777 | os.ModeSticky
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return os.Getuid()
}

// A command that leaves a background child holding its stdout (an agent it
// started) still gives its key, without waiting for the child.
func TestKeyCommandWithABackgroundChildKeepsTheKey(t *testing.T) {
	start := time.Now()
	key, err := runKeyCommand(context.Background(), "echo k-bg; sleep 3 &")
	if err != nil || key != "k-bg" {
		t.Errorf("key %q, err %v; want k-bg", key, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("waited %s for the background child", d)
	}
}

// A failing command's stderr is never shown, not even a line of it: a
// password manager may print the key, or part of it, there.
func TestKeyCommandFailureNeverShowsItsStderr(t *testing.T) {
	_, err := runKeyCommand(context.Background(), "echo 'token: s3cr3t-key' >&2; exit 4")
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "token") {
		t.Errorf("error shows the command's stderr: %q", err)
	}
	if !strings.Contains(err.Error(), "exit status 4") {
		t.Errorf("error should give the exit status: %q", err)
	}
}
