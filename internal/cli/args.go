package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// noArgs, exactArgs and minArgs check a command's arguments; a mistake is
// a usage error (exit 2) that names what was expected.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, args[0])
	}
	return nil
}

func exactArgs(n int, names ...string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return fmt.Errorf("%w: want %s, got %d arguments", errUsage, strings.Join(names, " "), len(args))
		}
		return nil
	}
}

func minArgs(n int, names ...string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) < n {
			return fmt.Errorf("%w: want %s, got %d arguments", errUsage, strings.Join(names, " "), len(args))
		}
		return nil
	}
}
