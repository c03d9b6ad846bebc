package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	tty "github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
	"tweakdash/internal/words"
	"tweakdash/model"
)

// maxBatchInput bounds what device-ids add reads from stdin: 10,000 IDs
// of 33 bytes with room for blanks and CRLF.
const maxBatchInput = 4 << 20

// accessFlags are what a device ID or password create sets besides its
// value.
type accessFlags struct {
	writeFlags
	note                      string
	inactive, deleteAfterUsed bool
}

func (f *accessFlags) register(c *cobra.Command) {
	f.scriptFlags.register(c)
	c.Flags().StringVar(&f.note, "note", "", "a note on each new record")
	c.Flags().BoolVar(&f.inactive, "inactive", false, "add the records inactive")
	c.Flags().BoolVar(&f.deleteAfterUsed, "delete-after-used", false, "the server deletes each record once used")
	c.Flags().BoolVar(&f.dryRun, "dry-run", false, "print the request as curl (the key as $HTTPTWEAK_API_KEY) and send nothing")
}

// deviceIDsAdd is "device-ids add CONFIG [ID…]": the IDs from the
// arguments or stdin, normalised as the dashboard's batch box does (split
// on lines, commas and semicolons, trimmed, upper-cased), sent in one
// request. An invalid line refuses the batch unless --skip-invalid.
func deviceIDsAdd(ctx context.Context, environ []string, sio scriptIO) *cobra.Command {
	var f accessFlags
	var skipInvalid bool
	c := &cobra.Command{
		Use:   "add CONFIG [ID…]",
		Short: "Add device IDs to CONFIG, from the arguments or stdin, in one request",
		Long: "Adds the device IDs given as arguments, or read from stdin (one a line; commas and\n" +
			"semicolons also separate), normalised as the dashboard's batch box does. Reports how many\n" +
			"were added, repeated in the batch, already present, and invalid (with line numbers); an\n" +
			"invalid line refuses the batch (exit 3) unless --skip-invalid.\n\n" + exitCodesHelp,
		Args:              minArgs(1, "CONFIG", "[ID…]"),
		ValidArgsFunction: completeConfig(environ, &f.scriptFlags),
	}
	c.RunE = func(cmd *cobra.Command, args []string) error {
		input, err := batchInput(sio, args[1:])
		if err != nil {
			return err
		}
		if b := model.ParseDeviceIDs(input, nil); len(b.Malformed) > 0 && !skipInvalid {
			// Refused before any request: nothing is sent.
			return refusedLines(sio.stderr, b.Malformed)
		}
		s, cfg, have, err := f.openList(ctx, cmd, environ, sio, args[0], deviceIDKind)
		if err != nil {
			return err
		}
		defer s.close()
		existing := make(map[string]bool, len(have))
		for _, r := range have {
			existing[r.name] = true
		}
		b := model.ParseDeviceIDs(input, existing)
		in := api.DeviceIDCreate{IDs: b.IDs(), Note: f.note, IsActive: !f.inactive, DeleteAfterUsed: f.deleteAfterUsed}
		if len(in.IDs) > 0 && f.dryRun {
			fmt.Fprintln(sio.stdout, termsafe.Line(api.CreateDeviceIDsRequest(cfg.UniqueKey, in).Curl(s.client.BaseURL())))
		}
		added := 0
		switch {
		case len(in.IDs) == 0 || f.dryRun:
		case f.out.json || f.out.jq != "":
			list, _, err := s.client.CreateDeviceIDs(ctx, cfg.UniqueKey, in)
			if err != nil {
				return sendFailed(sio.stderr, model.DeviceIDResource, err)
			}
			added = len(in.IDs)
			if list.AddedCount != nil {
				added = int(*list.AddedCount)
			}
			if err := deviceIDKind.print(sio, f.out, mapRecords(list.DeviceIDs, deviceIDRecord)); err != nil {
				return err
			}
		default:
			// Only the count is reported: the answer's list is not decoded.
			if added, _, err = s.client.AddDeviceIDs(ctx, cfg.UniqueKey, in); err != nil {
				return sendFailed(sio.stderr, model.DeviceIDResource, err)
			}
		}
		reportBatch(sio.stderr, added, b)
		return nil
	}
	f.register(c)
	c.Flags().BoolVar(&skipInvalid, "skip-invalid", false, "send the valid IDs of a batch that has invalid lines")
	return c
}

// batchInput is the arguments one a line, or stdin when there are none.
func batchInput(sio scriptIO, args []string) (string, error) {
	if len(args) > 0 {
		return strings.Join(args, "\n"), nil
	}
	if sio.tty {
		return "", fmt.Errorf("%w: give the IDs as arguments or pipe them to stdin", errUsage)
	}
	b, err := io.ReadAll(io.LimitReader(sio.stdin, maxBatchInput+1))
	if err != nil {
		return "", fmt.Errorf("reading stdin: %w", err)
	}
	if len(b) > maxBatchInput {
		return "", &exitCode{code: exitInvalid, err: fmt.Errorf("stdin holds more than %d bytes", maxBatchInput)}
	}
	return string(b), nil
}

// refusedLines prints each invalid line as "line N: text" and returns
// exit status 3.
func refusedLines(w io.Writer, bad []model.Entry) error {
	for _, e := range bad {
		fmt.Fprintf(w, "line %d: %s: not 32 hexadecimal characters\n", e.Line, termsafe.Line(e.Text))
	}
	fmt.Fprintf(w, "%s: nothing sent (--skip-invalid sends the valid ones)\n", words.Plural(len(bad), "invalid line"))
	return &exitCode{code: exitInvalid}
}

// reportBatch writes what a batch did, one line: added, repeated in the
// batch, already present, invalid with their line numbers.
func reportBatch(w io.Writer, added int, b model.Batch) {
	parts := []string{fmt.Sprintf("added %d", added)}
	for _, p := range []struct {
		what string
		es   []model.Entry
	}{{"duplicate", b.Duplicates}, {"already present", b.Existing}, {"invalid", b.Malformed}} {
		if len(p.es) == 0 {
			continue
		}
		lines := make([]string, 0, min(len(p.es), 20))
		for _, e := range p.es[:min(len(p.es), 20)] {
			lines = append(lines, strconv.Itoa(e.Line))
		}
		more := ""
		if len(p.es) > 20 {
			more = ", …"
		}
		parts = append(parts, fmt.Sprintf("%s %d (line %s%s)", p.what, len(p.es), strings.Join(lines, ", "), more))
	}
	fmt.Fprintln(w, strings.Join(parts, "; "))
}

// passwordsCreate is "passwords create CONFIG": one password read from
// stdin (--password-stdin) or a prompt, never a flag; or with --generate,
// N generated by the server and printed one a line.
func passwordsCreate(ctx context.Context, environ []string, sio scriptIO) *cobra.Command {
	var f accessFlags
	var typ string
	var generate, fromStdin bool
	var count int
	c := &cobra.Command{
		Use:   "create CONFIG",
		Short: "Create a password in CONFIG, or --generate up to 5",
		Long: "Creates one password, read from stdin's first line with --password-stdin or asked for\n" +
			"on the terminal (a password is never a flag: ps shows flags), or with --generate -n N\n" +
			"has the server generate N (1 to 5) and prints them, one a line.\n\n" + exitCodesHelp,
		Args:              exactArgs(1, "CONFIG"),
		ValidArgsFunction: completeConfig(environ, &f.scriptFlags),
	}
	c.RunE = func(cmd *cobra.Command, args []string) error {
		v := model.Values{"type": typ, "note": f.note, "is_active": !f.inactive, "delete_after_used": f.deleteAfterUsed}
		if generate {
			v["generate_multiple"], v["count"] = true, strconv.Itoa(count)
		} else {
			pw, err := readPassword(sio, fromStdin)
			if err != nil {
				return err
			}
			v["password"] = pw
		}
		if bad := model.Validate(model.PasswordResource, v, model.Create); len(bad) > 0 {
			return refused(sio.stderr, bad, nil)
		}
		s, cfg, err := f.openOn(ctx, cmd, environ, sio, args[0])
		if err != nil {
			return err
		}
		defer s.close()
		pw, _ := v["password"].(string)
		in := api.PasswordCreate{Password: pw, Type: typ, Note: f.note, IsActive: !f.inactive,
			DeleteAfterUsed: f.deleteAfterUsed, GenerateMultiple: generate, Count: count}
		if f.dryRun {
			return f.out.dryRun(sio, model.PasswordResource, api.CreatePasswordsRequest(cfg.UniqueKey, in), s.client.BaseURL())
		}
		list, _, err := s.client.CreatePasswords(ctx, cfg.UniqueKey, in)
		if err != nil {
			return sendFailed(sio.stderr, model.PasswordResource, err)
		}
		if generate && !f.out.json && f.out.jq == "" {
			// The values are what was asked for: printed, one a line.
			for _, p := range list.Passwords {
				fmt.Fprintln(sio.stdout, termsafe.Line(p.Password))
			}
			return nil
		}
		return passwordKind.print(sio, f.out, mapRecords(list.Passwords, passwordRecord))
	}
	f.register(c)
	c.Flags().StringVar(&typ, "type", model.Reusable, "reusable or one_time")
	c.Flags().BoolVar(&generate, "generate", false, "have the server generate the passwords")
	c.Flags().IntVarP(&count, "count", "n", 1, "how many to --generate (1 to 5)")
	c.Flags().BoolVar(&fromStdin, "password-stdin", false, "read the password from stdin's first line")
	return c
}

// readPassword reads the password from stdin's first line, or asks for it
// on the terminal without echo.
func readPassword(sio scriptIO, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(io.LimitReader(sio.stdin, 4096)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("--password-stdin: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := sio.stdin.(interface{ Fd() uintptr })
	if !sio.tty || !ok {
		return "", fmt.Errorf("%w: give the password with --password-stdin (never as a flag), or --generate", errUsage)
	}
	fmt.Fprint(sio.stderr, "Password: ")
	b, err := tty.ReadPassword(f.Fd())
	fmt.Fprintln(sio.stderr)
	return string(b), err
}
