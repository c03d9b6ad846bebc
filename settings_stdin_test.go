package main

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
	old := keyInput
	t.Cleanup(func() { keyInput = old })

	keyInput = strings.NewReader("  k-stdin  \nlogin: me\n")
	st, err := resolveStartup(context.Background(), cliFlags{keyStdin: true}, envOf("HTTPTWEAK_API_KEY", "k-env"), path)
	if err != nil || st.key != "k-stdin" || st.keySource != keyFromStdin {
		t.Fatalf("key %q from %q, err %v; want k-stdin from stdin", st.key, st.keySource, err)
	}

	keyInput = strings.NewReader("\n")
	_, err = resolveStartup(context.Background(), cliFlags{keyStdin: true}, envOf(), path)
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

func TestDemoWithKeyStdinIsAUsageError(t *testing.T) {
	if _, err := parseFlags([]string{"--demo", "--api-key-stdin"}); err == nil {
		t.Fatal("--demo --api-key-stdin was accepted")
	}
}
