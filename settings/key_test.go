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
	if !strings.Contains(err.Error(), "exit status 4") || !strings.Contains(err.Error(), "bad token ***") {
		t.Errorf("error should give the status and the stderr line, redacted: %q", err)
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
