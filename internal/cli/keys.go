package cli

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"tweakdash/internal/keymap"
	"tweakdash/internal/settings"
)

const keysUsage = `Usage: tweakdash keys

Prints every action the dashboard's keys run, by the id a [keys] table in
the settings file rebinds it with, and the keys in force. What is wrong
with the settings file goes to stderr; the actions it concerns keep their
default keys.

  [keys]
  delete = ["x"]
  find = ["ctrl+f", "F"]
`

// runKeys prints the effective key map of the settings file at path.
func runKeys(args []string, path string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tweakdash keys", flag.ContinueOnError)
	switch help, err := parseOptions(fs, args); {
	case err != nil:
		fmt.Fprintf(stderr, "tweakdash keys: %s\n", usageError(err).Error())
		return exitUsage
	case help:
		_, _ = io.WriteString(stdout, keysUsage)
		return exitOK
	}
	f := settings.Load(path)
	for _, n := range f.Notices {
		fmt.Fprintln(stderr, "tweakdash keys: "+n)
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ACTION\tKEYS\tDOES")
	for _, a := range keymap.Actions {
		keys := f.Keys.Keys(a.ID)
		note := ""
		if !slices.Equal(keys, a.Keys) {
			note = " (default " + strings.Join(a.Keys, ", ") + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%s%s\n", a.ID, strings.Join(keys, ", "), a.Desc, note)
	}
	if err := w.Flush(); err != nil {
		return exitError
	}
	return exitOK
}
