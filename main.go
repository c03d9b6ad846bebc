// Command tweakdash is a terminal dashboard for the HTTP Tweak Client API.
// Its commands are in package cli (internal/cli).
package main

import (
	"context"
	"os"

	"tweakdash/internal/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], os.Environ(), os.Stdout, os.Stderr))
}
