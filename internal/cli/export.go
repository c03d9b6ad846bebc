package cli

import (
	"context"
	"flag"
	"fmt"

	"tweakdash/api"
	"tweakdash/internal/safefile"
	"tweakdash/internal/syncplan"
	"tweakdash/internal/termsafe"
	"tweakdash/internal/words"
)

const exportUsage = `Usage: tweakdash export CONFIG [-o FILE] [--profile NAME] [--base-url URL] [--api-key-stdin]

Writes the servers and tweaks of CONFIG (its unique_key or exact name) as a
sync file: the JSON body of POST /api/v1/configs, each item with its
unique_key and every field of its tunnel type. Edit it and bring it back
with tweakdash import. The file holds credentials and private keys: -o
writes it with mode 0600; without -o it goes to stdout.

  -o, --output FILE   write to FILE (atomically, mode 0600) instead of stdout
  --profile, --base-url, --api-key-stdin, --debug   as for the dashboard
`

// runExport is "tweakdash export".
func runExport(ctx context.Context, args, environ []string, cio cmdIO) int {
	fs := flag.NewFlagSet("tweakdash export", flag.ContinueOnError)
	var af apiFlags
	af.register(fs)
	var out string
	fs.StringVar(&out, "o", "", "")
	fs.StringVar(&out, "output", "", "")
	pos, err := parseArgs(fs, args)
	if code, done := parsed(cio, "export", exportUsage, err); done {
		return code
	}
	if len(pos) != 1 {
		return cmdFailed(cio, "export", fmt.Errorf("%w: want one CONFIG (a unique_key or an exact name), got %d arguments", errUsage, len(pos)))
	}
	c, _, closeLog, err := apiClient(ctx, "export", af, environ, cio)
	if err != nil {
		return cmdFailed(cio, "export", err)
	}
	defer closeLog()
	return exportTo(ctx, c, pos[0], out, cio)
}

// exportTo writes the sync file of config, read with c, to out: a file
// (0600, only over a regular file), or stdout when out is "" or "-".
func exportTo(ctx context.Context, c *api.Client, config, out string, cio cmdIO) int {
	tg, err := loadTarget(ctx, c, config)
	if err != nil {
		return cmdFailed(cio, "export", err)
	}
	data, err := syncplan.Export(tg.Config.UniqueKey, tg.Servers, tg.Tweaks)
	if err != nil {
		return cmdFailed(cio, "export", err)
	}
	what := fmt.Sprintf("%s and %s of %s", words.Plural(len(tg.Servers), "server"), words.Plural(len(tg.Tweaks), "tweak"), syncplan.Quote(tg.Config.Name))
	if out == "" || out == "-" {
		if _, err := cio.stdout.Write(data); err != nil {
			return cmdFailed(cio, "export", err)
		}
		fmt.Fprintf(cio.stderr, "tweakdash export: %s: the output holds their credentials and private keys; keep it private\n", what)
		return exitOK
	}
	if err := safefile.WriteOver(out, data); err != nil {
		return cmdFailed(cio, "export", err)
	}
	fmt.Fprintf(cio.stderr, "tweakdash export: wrote %s to %s (mode 0600): it holds their credentials and private keys; keep it private\n",
		what, termsafe.Line(out))
	return exitOK
}
