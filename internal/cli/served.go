package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"tweakdash/api"
	"tweakdash/internal/audit"
	"tweakdash/internal/serve"
	"tweakdash/internal/syncplan"
	"tweakdash/internal/termsafe"
)

// The commands a served user may run, ssh HOST export|import: the same
// code as tweakdash export and import, with the user's client and rights,
// stdin and stdout the SSH channel. Nothing reaches the server's files:
// there is no -o and no FILE (the file is stdin), and no flag that picks a
// profile, a base URL, a key or a debug log.

const servedExportUsage = `Usage: ssh HOST export CONFIG > FILE

Writes the servers and tweaks of CONFIG (its unique_key or exact name) to
stdout as a sync file. It holds their credentials and private keys: keep
it private. Edit it and bring it back with ssh HOST import.
`

const servedImportUsage = `Usage: ssh HOST import CONFIG [--dry-run] [--yes] [--json] < FILE

Plans the sync of the sync file on stdin into CONFIG (its unique_key or
exact name), prints the plan, and with --yes sends what changes in one
POST /api/v1/configs. Nothing is ever deleted; secrets are never printed.

  --dry-run   print the plan and send nothing
  --yes       send it (there is no terminal to ask on); a read-only user
              may only --dry-run
  --json      print the plan, or the plan and the result, as JSON

Exit status: 0 sent, or nothing to change (or a dry run); 1 failed or not
sent; 2 usage.
`

// servedCommand is serve's CommandRunner.
func servedCommand(ctx context.Context, c serve.Command) int {
	cio := cmdIO{stdin: c.Stdin, stdout: c.Stdout, stderr: c.Stderr} // no terminal: import never asks
	if c.Args[0] == "export" {
		return servedExport(ctx, c, cio)
	}
	return servedImport(ctx, c, cio)
}

// servedExport is ssh HOST export CONFIG.
func servedExport(ctx context.Context, c serve.Command, cio cmdIO) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	pos, code, done := servedParse(fs, c.Args[1:], cio, "export", servedExportUsage, "over ssh the file is stdout: ssh HOST export CONFIG > file")
	if done {
		return code
	}
	return exportTo(ctx, c.Client, servedConfig(pos), "", cio)
}

// servedImport is ssh HOST import CONFIG [--dry-run|--yes] [--json] < FILE.
func servedImport(ctx context.Context, c serve.Command, cio cmdIO) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	var j importCmd
	fs.BoolVar(&j.dryRun, "dry-run", false, "")
	fs.BoolVar(&j.yes, "yes", false, "")
	fs.BoolVar(&j.yes, "y", false, "")
	fs.BoolVar(&j.asJSON, "json", false, "")
	const where = "over ssh the file is stdin: ssh HOST import CONFIG --dry-run < file"
	pos, code, done := servedParse(fs, c.Args[1:], cio, "import", servedImportUsage, where)
	switch {
	case done:
		return code
	case len(pos) > 1 && slices.ContainsFunc(pos[1:], looksLikePath):
		return servedUsage(cio, "import", "want CONFIG, not a FILE; "+where)
	}
	j.config, j.path = servedConfig(pos), "stdin"
	if c.ReadOnly {
		j.readOnly = "your access here is read-only"
	}

	// The file first, bounded as a file is: a mistake in it costs no request.
	data, err := io.ReadAll(io.LimitReader(cio.stdin, syncplan.MaxFileSize+1))
	switch {
	case err != nil:
		return cmdFailed(cio, "import", fmt.Errorf("reading stdin: %w; nothing was sent", err))
	case len(data) > syncplan.MaxFileSize:
		return cmdFailed(cio, "import", fmt.Errorf("stdin is larger than %d MiB, the most a sync file may be; nothing was sent", syncplan.MaxFileSize>>20))
	}
	if j.file, err = syncplan.Parse(data); err != nil {
		return fileFailed(cio, j.path, err)
	}
	j.logged = func(p *syncplan.Plan, req api.SyncRequest, err error) {
		r := api.SyncConfigRequest(req)
		e := audit.Entry{Session: audit.NewSession(), Profile: c.Profile, Host: c.Host, Method: r.Method, Path: r.Path,
			Result: audit.Result(err), Fields: p.Fields(), What: p.Config.Name + ": import into “" + p.Config.Name + "” over ssh"}
		if err := c.Audit.Append(e); err != nil {
			fmt.Fprintf(cio.stderr, "tweakdash import: not in the audit log: %s\n", termsafe.OneLine(err.Error()))
		}
	}
	return j.run(ctx, c.Client, cio)
}

// servedParse reads a served command's flags and words. done: it has
// answered itself (--help, a usage mistake, no CONFIG), with status code;
// where says where the file is over ssh.
func servedParse(fs *flag.FlagSet, args []string, cio cmdIO, name, usage, where string) (pos []string, code int, done bool) {
	pos, err := parseArgs(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(cio.stdout, usage)
		return nil, exitOK, true
	case err != nil:
		return nil, servedUsage(cio, name, err.Error()+"; "+where), true
	case len(pos) == 0:
		return nil, servedUsage(cio, name, "want CONFIG (a unique_key or an exact name); "+where), true
	}
	return pos, 0, false
}

// servedConfig is the CONFIG a served command names. ssh sends a command
// as one line, its words joined by spaces, so that the quotes of
// ssh HOST export "Production EU" are gone when it arrives: the words left
// after the flags are the name, joined again. (Quotes for the server,
// 'export "Production EU"', give one word, which is the same.)
func servedConfig(words []string) string { return strings.Join(words, " ") }

// looksLikePath says whether a word after CONFIG is a file's path (the
// local import's FILE), which over ssh would name a file on the server.
func looksLikePath(w string) bool {
	return strings.ContainsRune(w, '/') || strings.HasSuffix(strings.ToLower(w), ".json")
}

// servedUsage reports a usage mistake in a served command: exit status 2.
func servedUsage(cio cmdIO, name, msg string) int {
	fmt.Fprintf(cio.stderr, "tweakdash %s: %s (see ssh HOST %s --help)\n", name, termsafe.OneLine(msg), name)
	return exitUsage
}
