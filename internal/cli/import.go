package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"tweakdash/api"
	"tweakdash/internal/syncplan"
	"tweakdash/internal/termsafe"
	"tweakdash/internal/words"
)

const importUsage = `Usage: tweakdash import CONFIG FILE [--dry-run] [--yes] [--json] [--profile NAME] [--base-url URL]

Plans the sync of FILE (a sync file, as tweakdash export writes it) into
CONFIG (its unique_key or exact name), prints the plan, and sends what
changes in one POST /api/v1/configs. Each item of FILE is created, updated
(field by field, old → new) or unchanged, matched by unique_key; an item is
the whole resource, so a field taken out of it is cleared. Nothing is ever
deleted. Secrets and credentials are never printed.

  --dry-run   print the plan and send nothing
  --yes       send without asking; without it, import asks on the terminal
              and refuses when there is none
  --json      print the plan, or the plan and the result, as JSON
  --profile, --base-url, --api-key-stdin, --read-only, --debug   as for the dashboard

Exit status: 0 sent, or nothing to change (or a dry run); 1 failed or not
sent; 2 usage.
`

// importResult is the --json output: the plan, and what came of it.
type importResult struct {
	Plan     *syncplan.Plan    `json:"plan"`
	Sent     bool              `json:"sent"`
	Summary  *api.Summary      `json:"summary,omitempty"`
	Rejected syncplan.Problems `json:"rejected,omitempty"`
	Errors   []string          `json:"errors,omitempty"`
}

// runImport is "tweakdash import".
func runImport(ctx context.Context, args, environ []string, cio cmdIO) int {
	fs := flag.NewFlagSet("tweakdash import", flag.ContinueOnError)
	var af apiFlags
	af.register(fs)
	var dryRun, yes, asJSON bool
	fs.BoolVar(&dryRun, "dry-run", false, "")
	fs.BoolVar(&yes, "yes", false, "")
	fs.BoolVar(&yes, "y", false, "")
	fs.BoolVar(&asJSON, "json", false, "")
	pos, err := parseArgs(fs, args)
	if code, done := parsed(cio, "import", importUsage, err); done {
		return code
	}
	switch {
	case len(pos) != 2:
		return cmdFailed(cio, "import", fmt.Errorf("%w: want CONFIG and FILE, got %d arguments", errUsage, len(pos)))
	case af.keyStdin && !yes && !dryRun:
		return cmdFailed(cio, "import", fmt.Errorf("%w: --api-key-stdin takes stdin, so import cannot ask there: add --yes, or --dry-run", errUsage))
	}
	configArg, path := pos[0], pos[1]

	// The file first: a mistake in it costs no request.
	file, err := readSyncFile(path)
	if err != nil {
		return fileFailed(cio, path, err)
	}

	c, st, closeLog, err := apiClient(ctx, "import", af, environ, cio)
	if err != nil {
		return cmdFailed(cio, "import", err)
	}
	defer closeLog()
	j := importCmd{config: configArg, path: path, file: file, dryRun: dryRun, yes: yes, asJSON: asJSON}
	if st.ReadOnly {
		j.readOnly = "profile " + syncplan.Quote(st.Profile) + " is read-only"
	}
	return j.run(ctx, c, cio)
}

// importCmd is an import with its file read and its flags parsed.
type importCmd struct {
	config, path        string // path names the file in the plan
	file                *syncplan.File
	dryRun, yes, asJSON bool
	// readOnly says why nothing may be written ("" when it may): then only
	// a dry run goes on.
	readOnly string
	// logged, when set, is told of the sync request once it was sent, and
	// how it ended (the audit log of a served user).
	logged func(p *syncplan.Plan, req api.SyncRequest, err error)
}

// run plans the import against config's records, read with c, prints the
// plan, and sends it when the command says so (--yes, or a yes on the
// terminal); it returns the exit status.
func (j importCmd) run(ctx context.Context, c *api.Client, cio cmdIO) int {
	configArg, path, file, dryRun, yes, asJSON := j.config, j.path, j.file, j.dryRun, j.yes, j.asJSON
	if j.readOnly != "" && !dryRun {
		return cmdFailed(cio, "import", fmt.Errorf("%s: import would write; --dry-run shows the plan; nothing was sent", j.readOnly))
	}
	tg, err := loadTarget(ctx, c, configArg)
	if err != nil {
		return cmdFailed(cio, "import", err)
	}
	plan := syncplan.Import(file, tg)
	res := importResult{Plan: plan}
	finish := func(code int) int {
		if asJSON {
			out, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				return cmdFailed(cio, "import", err)
			}
			fmt.Fprintf(cio.stdout, "%s\n", termsafe.JSON(out))
		}
		return code
	}

	// The readable plan goes to stdout, or with --json to stderr when
	// someone is asked to confirm it.
	switch {
	case !asJSON:
		printPlan(cio.stdout, plan, path)
	case !yes && !dryRun && plan.Sendable() && cio.tty:
		printPlan(cio.stderr, plan, path)
	}
	switch {
	case len(plan.Problems) > 0:
		for _, p := range plan.Problems {
			fmt.Fprintf(cio.stderr, "tweakdash import: %s\n", termsafe.OneLine(p.String()))
		}
		fmt.Fprintf(cio.stderr, "tweakdash import: %s in the plan: nothing was sent\n", words.Plural(len(plan.Problems), "problem"))
		return finish(exitError)
	case plan.Changing() == 0:
		if !asJSON {
			fmt.Fprintln(cio.stdout, "Nothing to change: nothing was sent.")
		}
		return finish(exitOK)
	case dryRun:
		if !asJSON {
			fmt.Fprintln(cio.stdout, "Dry run: nothing was sent.")
		}
		return finish(exitOK)
	case !yes && !cio.tty:
		return finish(cmdFailed(cio, "import", errors.New("not sending without --yes: stdin is not a terminal to ask on; nothing was sent")))
	case !yes && !confirm(cio, plan):
		fmt.Fprintln(cio.stderr, "tweakdash import: not sent")
		return finish(exitError)
	}

	req, err := plan.Request()
	if err != nil {
		return finish(cmdFailed(cio, "import", err))
	}
	m, _, err := c.SyncConfig(ctx, req)
	if j.logged != nil {
		j.logged(plan, req, err)
	}
	if err != nil {
		items, general := plan.Explain(err)
		res.Rejected = items
		var e *api.Error
		if errors.As(err, &e) && e.Status == 422 {
			for _, p := range items {
				res.Errors = append(res.Errors, p.String())
			}
			res.Errors = append(res.Errors, general...)
			res.Errors = append(res.Errors, fmt.Sprintf("the server refused the sync (HTTP 422): nothing was applied (%s)", syncplan.Quote(tg.Config.Name)))
		} else {
			msg := err.Error()
			if e == nil || e.Status == 0 || e.Status >= 500 {
				msg += "; it may or may not have been applied: tweakdash import --dry-run shows what is left"
			}
			res.Errors = append(res.Errors, msg)
		}
		for _, line := range res.Errors {
			fmt.Fprintf(cio.stderr, "tweakdash import: %s\n", termsafe.OneLine(line))
		}
		return finish(exitError)
	}
	res.Sent, res.Summary = true, &m.Summary
	if !asJSON {
		printResult(cio.stdout, plan, m)
	}
	return finish(exitOK)
}

// fileFailed says why the sync file at path cannot be imported: each
// problem of its content on a line, or why it could not be read.
func fileFailed(cio cmdIO, path string, err error) int {
	var ps syncplan.Problems
	if !errors.As(err, &ps) {
		return cmdFailed(cio, "import", err)
	}
	for _, p := range ps {
		fmt.Fprintf(cio.stderr, "tweakdash import: %s: %s\n", termsafe.Line(path), termsafe.OneLine(p.String()))
	}
	fmt.Fprintln(cio.stderr, "tweakdash import: nothing was sent")
	return exitError
}

// readSyncFile reads and parses path, bounded by syncplan.MaxFileSize. A
// pipe (<(jq ...)) will do as well as a file.
func readSyncFile(path string) (*syncplan.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, syncplan.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	return syncplan.Parse(data)
}

// confirm asks on stderr and reads the answer from stdin, a terminal.
func confirm(cio cmdIO, p *syncplan.Plan) bool {
	c := p.Count("")
	fmt.Fprintf(cio.stderr, "Send %s and %s to %s in one request? [y/N] ",
		words.Plural(c.Create, "create"), words.Plural(c.Update, "update"), syncplan.Quote(p.Config.Name))
	line, _ := bufio.NewReader(cio.stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	}
	return false
}

// printPlan writes the plan for a person: what changes, item by item and
// field by field, what is flagged, and what the counts become. Values are
// quoted (every control character escaped); secrets and credentials are
// never shown.
func printPlan(w io.Writer, p *syncplan.Plan, path string) {
	fmt.Fprintf(w, "Import of %s into %s (%s)\n", syncplan.Quote(path), syncplan.Quote(p.Config.Name), syncplan.Quote(p.Config.UniqueKey))
	for _, s := range p.Steps {
		if s.Action == syncplan.Unchanged {
			continue
		}
		key := ""
		if k := s.UniqueKey(); k != "" {
			key = ", unique_key " + syncplan.Quote(k)
		}
		fmt.Fprintf(w, "  %-6s %s %s (%s[%d], line %d%s)\n", s.Action, strings.TrimSuffix(s.List, "s"), syncplan.Quote(s.Name()), s.List, s.Index, s.Line, key)
		for _, c := range s.Changes {
			if s.Action == syncplan.Create && c.Field == "name" {
				continue // in the line above
			}
			fmt.Fprintf(w, "           %s: %s\n", c.Field, c.Describe(s.Action))
		}
	}
	if n := p.Count("").Unchanged; n > 0 {
		fmt.Fprintf(w, "  unchanged: %s, %s\n", words.Plural(p.Count(syncplan.Servers).Unchanged, "server"), words.Plural(p.Count(syncplan.Tweaks).Unchanged, "tweak"))
	}
	for _, warn := range p.Warnings {
		fmt.Fprintf(w, "  ! %s\n", termsafe.OneLine(warn.String()))
	}
	for _, u := range p.Usage {
		line := fmt.Sprintf("  %s: %d → %d in this configuration", u.List, u.Config, u.ConfigAfter)
		if u.Account != nil {
			line += fmt.Sprintf(", %d → %d in the account", *u.Account, *u.AccountAfter)
		}
		if u.Max > 0 {
			line += fmt.Sprintf(" (limit %d)", u.Max)
		} else if u.ConfigAfter > u.Config {
			line += " (the API does not publish this limit: the server checks it)"
		}
		fmt.Fprintln(w, line)
	}
	c := p.Count("")
	fmt.Fprintf(w, "Plan: %d to create, %d to update, %d unchanged", c.Create, c.Update, c.Unchanged)
	if p.Changing() > 0 {
		fmt.Fprintf(w, ": one POST /api/v1/configs with %s", words.Plural(p.Changing(), "item"))
	}
	fmt.Fprintln(w, ". Nothing is deleted.")
}

// printResult says what the server did, from its summary; a summary that
// differs from the plan is said to.
func printResult(w io.Writer, p *syncplan.Plan, m *api.Mutation) {
	s := m.Summary
	created, updated := int(s.ServersCreated+s.TweaksCreated), int(s.ServersUpdated+s.TweaksUpdated)
	fmt.Fprintf(w, "Sent to %s: %d created, %d updated (servers: %d created, %d updated; tweaks: %d created, %d updated).\n",
		syncplan.Quote(p.Config.Name), created, updated, s.ServersCreated, s.ServersUpdated, s.TweaksCreated, s.TweaksUpdated)
	if c := p.Count(""); c.Create != created || c.Update != updated {
		fmt.Fprintf(w, "The server's summary differs from the plan (%d to create, %d to update): the configuration may have changed meanwhile.\n", c.Create, c.Update)
	}
}
