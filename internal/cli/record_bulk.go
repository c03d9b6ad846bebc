package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"tweakdash/api"
	"tweakdash/internal/syncplan"
	"tweakdash/internal/words"
)

// bulkFlags are a bulk write's: which records besides the arguments, the
// confirmation, the pacing bound and --dry-run.
type bulkFlags struct {
	scriptFlags
	all, yes, dryRun bool
	match            string
}

// bulkVerb is a write run over several records: delete, or the update of
// an access list's records ((de)activating them).
type bulkVerb struct {
	name, past string // "delete", "deleted"
	long       string // what it does, for --help
	// flags adds the verb's own flags and returns the write of one record.
	flags func(c *cobra.Command) func(config string, r record) (api.Request, sendFunc, error)
}

// recordDelete is "delete CONFIG KEY…" (or --all, --match TEXT).
func recordDelete(ctx context.Context, environ []string, sio scriptIO, k recordKind) *cobra.Command {
	return recordBulk(ctx, environ, sio, k, bulkVerb{name: "delete", past: "deleted",
		long: "Deletes the %s named (by %s), or --all, or those whose name holds --match TEXT.",
		flags: func(*cobra.Command) func(string, record) (api.Request, sendFunc, error) {
			return func(config string, r record) (api.Request, sendFunc, error) {
				req, send := k.remove(config, r.key)
				return req, send, nil
			}
		}})
}

// recordBulk runs verb over the records named, --all or --match TEXT: one
// paced request per record. A record named that is gone already is
// skipped, so that running a stopped job again finishes the rest and
// sends nothing twice.
func recordBulk(ctx context.Context, environ []string, sio scriptIO, k recordKind, verb bulkVerb) *cobra.Command {
	var f bulkFlags
	c := &cobra.Command{
		Use:   verb.name + " CONFIG [" + upper(k.one) + "…]",
		Short: titled(verb.name) + " " + k.plural + " of CONFIG",
		Long: fmt.Sprintf(verb.long+"\nOne request per record, paced by the rate limit. On a terminal it asks first; otherwise\n"+
			"it needs --yes. ctrl+c stops after the request in flight and says what was done;\n"+
			"running it again does the rest (names already gone are skipped).\n\n%s", k.plural, k.named, exitCodesHelp),
		Args:              minArgs(1, "CONFIG", "["+upper(k.one)+"…]"),
		ValidArgsFunction: completeConfig(environ, &f.scriptFlags),
	}
	plan := verb.flags(c)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 1 && !f.all && f.match == "" {
			return fmt.Errorf("%w: name the %s to %s, or give --all or --match TEXT", errUsage, k.plural, verb.name)
		}
		if !f.yes && !f.dryRun && !sio.tty {
			return fmt.Errorf("%w: stdin is not a terminal to ask on: add --yes to %s", errUsage, verb.name)
		}
		ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
		defer stop()
		s, cfg, all, err := f.openList(ctx, cmd, environ, sio, args[0], k)
		if err != nil {
			return err
		}
		defer s.close()
		var targets []record
		for _, r := range all {
			if f.all || (f.match != "" && strings.Contains(r.name, f.match)) {
				targets = append(targets, r)
			}
		}
		for _, a := range args[1:] {
			found, err := k.pick(all, []string{a})
			var ec *exitCode
			if errors.As(err, &ec) && ec.code == exitNotFound {
				fmt.Fprintf(sio.stderr, "no %s %s (deleted already?): skipped\n", k.one, syncplan.Quote(a))
				continue
			}
			if err != nil {
				return err
			}
			targets = append(targets, found...)
		}
		targets = uniqueRecords(targets)
		steps := make([]step, len(targets))
		// Every write is built, and checked, before the first is sent.
		for i, r := range targets {
			req, send, err := plan(cfg.UniqueKey, r)
			if err != nil {
				return err
			}
			if f.dryRun {
				if err := f.out.dryRun(sio, k.resource, req, s.client.BaseURL()); err != nil {
					return err
				}
				continue
			}
			steps[i] = step{label: verb.past + " " + syncplan.Quote(r.name) + " (" + r.key + ")", send: send}
		}
		if f.dryRun || len(steps) == 0 {
			return nil
		}
		if !f.yes && !ask(sio, fmt.Sprintf("%s %s of %s?", titled(verb.name), words.Plural(len(steps), k.one), syncplan.Quote(cfg.Name))) {
			return &exitCode{code: exitError, err: errors.New("nothing " + verb.past)}
		}
		job := pacedJob{client: s.client, maxWait: f.api.maxWait, clock: sio.clock}
		if sio.errTTY {
			job.progress = sio.stderr
		}
		n, err := job.run(ctx, steps)
		if err == nil {
			fmt.Fprintf(sio.stderr, "%s %s\n", verb.past, words.Plural(n, k.one))
			return nil
		}
		left := make([]string, 0, len(targets)-n)
		for _, r := range targets[n:] {
			left = append(left, r.key)
		}
		fmt.Fprintf(sio.stderr, "%s %s; not %s: %s\n", verb.past, words.Plural(n, k.one), verb.past, strings.Join(left, " "))
		if ctx.Err() != nil {
			return &exitCode{code: exitInterrupted, err: errors.New("stopped")}
		}
		return sendFailed(sio.stderr, k.resource, err)
	}
	f.register(c)
	c.Flags().BoolVar(&f.all, "all", false, "every "+k.one+" of CONFIG")
	c.Flags().StringVar(&f.match, "match", "", "the "+k.plural+" whose name holds TEXT")
	c.Flags().BoolVar(&f.yes, "yes", false, "go on without asking (needed when stdin is not a terminal)")
	c.Flags().BoolVar(&f.dryRun, "dry-run", false, "print the requests as curl and send nothing")
	return c
}

func titled(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// uniqueRecords drops repeats (a record named twice, or by --all and its
// name), keeping the first.
func uniqueRecords(rs []record) []record {
	seen := map[string]bool{}
	out := rs[:0:0]
	for _, r := range rs {
		if !seen[r.key] {
			seen[r.key] = true
			out = append(out, r)
		}
	}
	return out
}

// ask asks question on stderr and reads the answer from stdin.
func ask(sio scriptIO, question string) bool {
	fmt.Fprintf(sio.stderr, "%s [y/N] ", question)
	line, _ := bufio.NewReader(sio.stdin).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes"
}
