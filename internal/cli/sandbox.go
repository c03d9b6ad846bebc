package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"tweakdash/api/apitest"
	"tweakdash/internal/termsafe"
)

const sandboxUsage = `Usage: tweakdash sandbox [--addr 127.0.0.1:8787] [--api-key KEY] [--data demo|empty] [--rate N]
                         [--tls] [--latency 150ms]

Runs the sandbox API server alone: an in-memory copy of the HTTP Tweak Client
API, for trying curl commands or scripts. Nothing leaves the machine.

  --addr ADDR      where to listen (default 127.0.0.1:8787; loopback is advised)
  --api-key KEY    the key clients must send (default: a random one, printed)
  --data SET       demo (sample configurations, the default) or empty
  --rate N         requests per minute per key; 0 for no rate limit (default)
  --tls            serve https (HTTP/2 offered) with a self-signed certificate
                   made for this run; it is written to a file, named at start,
                   for curl --cacert or SSL_CERT_FILE
  --latency D      answer every request D later, and every TLS handshake too:
                   a far server's round trips (e.g. 150ms)
  --seed-configs N, --seed-device-ids M
                   add N bulk configurations, the first with M device IDs
                   (for benchmarks)
`

// runSandbox is the "tweakdash sandbox" command: it serves until SIGINT or
// SIGTERM and returns the exit status.
func runSandbox(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serveSandbox(ctx, args, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "tweakdash sandbox: %s\n", termsafe.OneLine(err.Error()))
		return exitError
	}
	return exitOK
}

// serveSandbox is runSandbox until ctx is done.
func serveSandbox(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tweakdash sandbox", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8787", "")
	key := fs.String("api-key", "", "")
	data := fs.String("data", apitest.DataDemo, "")
	rate := fs.Int("rate", 0, "")
	seedConfigs := fs.Int("seed-configs", 0, "")
	seedDeviceIDs := fs.Int("seed-device-ids", 0, "")
	useTLS := fs.Bool("tls", false, "")
	latency := fs.Duration("latency", 0, "")
	switch help, err := parseOptions(fs, args); {
	case err != nil:
		return fmt.Errorf("%w: sandbox: %v", errUsage, err)
	case help:
		_, err = io.WriteString(stdout, sandboxUsage)
		return err
	}
	switch {
	case *data != apitest.DataDemo && *data != apitest.DataEmpty:
		return fmt.Errorf("%w: sandbox: --data is %q; want demo or empty", errUsage, *data)
	case *rate < 0 || *seedConfigs < 0 || *seedDeviceIDs < 0:
		return fmt.Errorf("%w: sandbox: --rate and --seed-* take numbers from 0 up", errUsage)
	case *latency < 0:
		return fmt.Errorf("%w: sandbox: --latency takes a duration from 0 up, such as 150ms", errUsage)
	case *seedDeviceIDs > 0 && *seedConfigs == 0:
		*seedConfigs = 1
	}
	if *key == "" {
		*key = randomSandboxKey()
	}
	if !apitest.IsLoopback(*addr) {
		fmt.Fprintf(stderr, "warning: %s is reachable from other machines; the sandbox is meant for loopback (127.0.0.1)\n", *addr)
	}
	srv := apitest.New(apitest.Options{APIKey: *key, Data: *data, Rate: *rate,
		SeedConfigs: *seedConfigs, SeedDeviceIDs: *seedDeviceIDs})
	sv, err := apitest.Serve(*addr, srv, apitest.Network{TLS: *useTLS, Latency: *latency})
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	curl, env := "curl", ""
	if *useTLS {
		cert, err := writeCert(sv.CertPEM)
		if err != nil {
			_ = sv.Stop()
			return fmt.Errorf("sandbox: %w", err)
		}
		defer os.Remove(cert)
		curl, env = "curl --cacert "+cert, "SSL_CERT_FILE="+cert+" "
	}
	url := sv.URL
	fmt.Fprintf(stdout, "Sandbox API (%s data) listening on %s\n", *data, url)
	if *latency > 0 {
		fmt.Fprintf(stdout, "Latency: %s per request and per TLS handshake\n", *latency)
	}
	fmt.Fprintf(stdout, "API key: %s\n", *key)
	fmt.Fprintf(stdout, "Try:\n  %s -H \"X-API-Key: %s\" %s/api/v1/configs\n", curl, *key, url)
	fmt.Fprintf(stdout, "Or the dashboard:\n  %sHTTPTWEAK_API_KEY=%s tweakdash --base-url %s\n", env, *key, url)
	fmt.Fprintln(stdout, "Stop with Ctrl+C.")
	<-ctx.Done()
	return sv.Stop()
}

// writeCert puts the sandbox's self-signed certificate in a file of its
// own for clients to trust; the caller removes it when the sandbox stops.
func writeCert(pemData []byte) (string, error) {
	f, err := os.CreateTemp("", "tweakdash-sandbox-*.pem")
	if err != nil {
		return "", err
	}
	if _, err := f.Write(pemData); err != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return "", err
	}
	return f.Name(), f.Close()
}

// randomSandboxKey makes a key for a sandbox started without --api-key.
func randomSandboxKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return "sandbox-" + hex.EncodeToString(b)
}
