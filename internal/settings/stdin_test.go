package settings

import (
	"context"
	"os"
	"strings"
	"testing"
)

// --api-key-stdin takes the first line of stdin over every other source,
// as pass and docker login --password-stdin do.
func TestKeyFromStdinWinsAndTakesTheFirstLine(t *testing.T) {
	path := writeSettings(t, "[profiles.default]\napi_key = \"k-file\"\n", 0o600)

	stdin := strings.NewReader("  k-stdin  \nlogin: me\n")
	st, err := Resolve(context.Background(), Flags{KeyStdin: stdin}, envOf("HTTPTWEAK_API_KEY", "k-env"), path)
	if err != nil || st.Key != "k-stdin" || st.KeySource != KeyFromStdin {
		t.Fatalf("key %q from %q, err %v; want k-stdin from stdin", st.Key, st.KeySource, err)
	}

	_, err = Resolve(context.Background(), Flags{KeyStdin: strings.NewReader("\n")}, envOf(), path)
	if err == nil || !strings.Contains(err.Error(), "stdin held no key") {
		t.Fatalf("an empty stdin gave %v", err)
	}
}

func TestKeyFromStdinRefusesATerminal(t *testing.T) {
	tty, err := os.Open("/dev/ptmx") // a terminal device, without needing one attached
	if err != nil {
		t.Fatalf("opening a pty master: %v", err)
	}
	defer tty.Close()
	if _, err := readKeyLine(tty); err == nil || !strings.Contains(err.Error(), "stdin is a terminal") {
		t.Fatalf("reading the key from a terminal gave %v; the key would echo", err)
	}
}
