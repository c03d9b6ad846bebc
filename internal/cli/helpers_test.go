package cli

import (
	"net/http/httptest"
	"testing"
	"time"

	"tweakdash/api"
	"tweakdash/api/apitest"
)

// testKey is the sandbox key in these tests; what the commands print is
// scanned for it.
const testKey = "cli-key-4f9c2a7d1b"

// waitDeadline bounds a wait for a log line or a connection: generous, as
// CI has two cores shared with other packages' tests. Waits end as soon as
// what they wait for arrives.
const waitDeadline = 20 * time.Second

// testSandbox serves a sandbox made with opts and the key testKey for the
// test's life; it returns the sandbox, its URL and a client for it.
func testSandbox(t *testing.T, opts apitest.Options) (*apitest.Server, string, *api.Client) {
	t.Helper()
	opts.APIKey = testKey
	sb := apitest.New(opts)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := api.NewClient(srv.URL, testKey)
	if err != nil {
		t.Fatal(err)
	}
	return sb, srv.URL, c
}
