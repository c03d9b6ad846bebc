package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"tweakdash/model"
)

// writeFlags are a create's or an update's: the values, and --dry-run.
type writeFlags struct {
	scriptFlags
	values valueFlags
	dryRun bool
}

func (f *writeFlags) register(c *cobra.Command) {
	f.scriptFlags.register(c)
	c.Flags().StringArrayVar(&f.values.set, "set", nil, "a field's value, as field=value (repeatable)")
	c.Flags().StringVar(&f.values.from, "from", "", "the fields as a JSON object in FILE (- for stdin)")
	c.Flags().BoolVar(&f.dryRun, "dry-run", false, "print the request as curl (the key as $HTTPTWEAK_API_KEY) and send nothing")
}

// recordWrite is "create CONFIG" or "update CONFIG KEY": the values are
// checked by the forms' rule table before anything is sent; an update
// starts from the record as it is (the API replaces a server or tweak
// whole) and changes the fields given.
func recordWrite(ctx context.Context, environ []string, sio scriptIO, k recordKind, update bool) *cobra.Command {
	var f writeFlags
	c := &cobra.Command{
		Use:   "create CONFIG",
		Short: "Create a " + k.one + " in CONFIG",
		Long: fmt.Sprintf("Creates a %s from --set field=value (repeatable) and --from FILE|- (a JSON object),\n"+
			"checked by the dashboard's rules before anything is sent; prints the new record.\n"+
			"Fields: %s.\n\n%s", k.one, fieldList(k.resource), exitCodesHelp),
		Args:              exactArgs(1, "CONFIG"),
		ValidArgsFunction: completeConfig(environ, &f.scriptFlags),
	}
	op := model.Create
	if update {
		op = model.Update
		c.Use, c.Short = "update CONFIG "+upper(k.one), "Change fields of a "+k.one+" of CONFIG"
		c.Long = fmt.Sprintf("Changes the fields --set and --from give of the %s named (by %s),\n"+
			"keeping the others; checked by the dashboard's rules before anything is sent.\n"+
			"Fields: %s.\n\n%s", k.one, k.named, fieldList(k.resource), exitCodesHelp)
		c.Args = exactArgs(2, "CONFIG", upper(k.one))
	}
	c.RunE = func(cmd *cobra.Command, args []string) error {
		var v model.Values
		if !update {
			// A create is checked before any request: a mistake sends
			// nothing. (stdin, for --from -, is read once.)
			var err error
			if v, err = f.checked(sio, k.resource, nil, op); err != nil {
				return err
			}
		}
		s, cfg, err := f.openOn(ctx, cmd, environ, sio, args[0])
		if err != nil {
			return err
		}
		defer s.close()
		key := ""
		if update {
			all, err := k.list(ctx, s.client, cfg.UniqueKey)
			if err != nil {
				return err
			}
			found, err := k.pick(all, args[1:])
			if err != nil {
				return err
			}
			key = found[0].key
			if v, err = f.checked(sio, k.resource, found[0].values, op); err != nil {
				return err
			}
		}
		req, send, err := k.plan(cfg.UniqueKey, key, v)
		if err != nil {
			return err
		}
		if f.dryRun {
			return f.out.dryRun(sio, k.resource, req, s.client.BaseURL())
		}
		written, err := send(ctx, s.client)
		if err != nil {
			return sendFailed(sio.stderr, k.resource, err)
		}
		return k.print(sio, f.out, written)
	}
	f.register(c)
	return c
}

// checked is the values the flags give over base, or exit 3 with each
// field's message on stderr.
func (f writeFlags) checked(sio scriptIO, r model.Resource, base model.Values, op model.Op) (model.Values, error) {
	if len(f.values.set) == 0 && f.values.from == "" {
		return nil, fmt.Errorf("%w: give the fields with --set field=value or --from FILE", errUsage)
	}
	v, bad, err := f.values.values(r, base, sio.stdin)
	if err != nil {
		return nil, err
	}
	if bad == nil {
		bad = model.Validate(r, v, op)
	}
	if len(bad) > 0 {
		return nil, refused(sio.stderr, bad, nil)
	}
	return v, nil
}

// fieldList names r's fields for --help.
func fieldList(r model.Resource) string {
	keys := fieldKeys(r)
	out := ""
	for i, k := range keys {
		if i > 0 {
			out += ", "
		}
		out += k
	}
	return out
}
