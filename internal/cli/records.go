package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"tweakdash/api"
	"tweakdash/internal/syncplan"
	"tweakdash/model"
)

// recordKind describes one of a config's lists (servers, tweaks, device
// IDs, passwords) for its commands: the same verbs over a different list,
// so there is one set of commands and no switch on the kind.
type recordKind struct {
	plural, one string
	resource    model.Resource
	list        func(ctx context.Context, c *api.Client, config string) ([]record, error)
	// plan builds the create (key "") or update of one record from its
	// values: the request as sent, and its sending. nil: the kind has
	// commands of its own for its writes.
	plan func(config, key string, v model.Values) (api.Request, sendFunc, error)
	// remove is the delete of one record.
	remove func(config, key string) (api.Request, sendFunc)
	// head and row are the table's columns; nil: name, key, tunnel type.
	head []string
	row  func(record) []string
	// named says how an argument names a record, for --help.
	named string
	// norm makes an argument comparable with the records' names (device
	// IDs are upper case); nil: as typed.
	norm func(string) string
}

// sendFunc sends one write and returns the records the answer holds; it
// holds every value it needs.
type sendFunc func(ctx context.Context, c *api.Client) ([]record, error)

// record is one record as a command prints it: key is what its URL
// names (a unique key, or a device ID's or password's numeric id).
type record struct {
	key, name string
	tunnel    model.TunnelType
	raw       model.Raw
	values    model.Values // what an update starts from
}

var serverKind = recordKind{plural: "servers", one: "server", resource: model.ServerResource, named: "unique key or exact name",
	list: func(ctx context.Context, c *api.Client, config string) ([]record, error) {
		list, _, err := c.ListServers(ctx, config)
		out := make([]record, len(list))
		for i, s := range list {
			out[i] = serverRecord(s)
		}
		return out, err
	},
	plan: func(config, key string, v model.Values) (api.Request, sendFunc, error) {
		return planWrite(model.ServerResource, config, key, v, api.CreateServerRequest, api.UpdateServerRequest,
			(*api.Client).CreateServer, (*api.Client).UpdateServer, func(m *api.Mutation) []record { return mapRecords(m.Servers, serverRecord) })
	},
	remove: func(config, key string) (api.Request, sendFunc) {
		return api.DeleteServerRequest(config, key), func(ctx context.Context, c *api.Client) ([]record, error) {
			_, _, err := c.DeleteServer(ctx, config, key)
			return nil, err
		}
	},
}

var tweakKind = recordKind{plural: "tweaks", one: "tweak", resource: model.TweakResource, named: "unique key or exact name",
	list: func(ctx context.Context, c *api.Client, config string) ([]record, error) {
		list, _, err := c.ListTweaks(ctx, config)
		out := make([]record, len(list))
		for i, t := range list {
			out[i] = tweakRecord(t)
		}
		return out, err
	},
	plan: func(config, key string, v model.Values) (api.Request, sendFunc, error) {
		return planWrite(model.TweakResource, config, key, v, api.CreateTweakRequest, api.UpdateTweakRequest,
			(*api.Client).CreateTweak, (*api.Client).UpdateTweak, func(m *api.Mutation) []record { return mapRecords(m.Tweaks, tweakRecord) })
	},
	remove: func(config, key string) (api.Request, sendFunc) {
		return api.DeleteTweakRequest(config, key), func(ctx context.Context, c *api.Client) ([]record, error) {
			_, _, err := c.DeleteTweak(ctx, config, key)
			return nil, err
		}
	},
}

func serverRecord(s model.Server) record {
	return record{key: s.UniqueKey, name: s.Name, tunnel: s.TunnelType, raw: s.Raw, values: s.Values()}
}

func tweakRecord(t model.Tweak) record {
	return record{key: t.UniqueKey, name: t.Name, tunnel: t.TunnelType, raw: t.Raw, values: t.Values()}
}

func mapRecords[T any](xs []T, f func(T) record) []record {
	out := make([]record, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// planWrite is kind.plan for a server or a tweak T.
func planWrite[T model.Server | model.Tweak](r model.Resource, config, key string, v model.Values,
	createReq func(string, T) api.Request, updateReq func(string, string, T) api.Request,
	create func(*api.Client, context.Context, string, T) (*api.Mutation, *api.Response, error),
	update func(*api.Client, context.Context, string, string, T) (*api.Mutation, *api.Response, error),
	written func(*api.Mutation) []record,
) (api.Request, sendFunc, error) {
	var x T
	if err := decodeRecord(r, v, &x); err != nil {
		return api.Request{}, nil, err
	}
	if key == "" {
		return createReq(config, x), func(ctx context.Context, c *api.Client) ([]record, error) {
			m, _, err := create(c, ctx, config, x)
			if err != nil {
				return nil, err
			}
			return written(m), nil
		}, nil
	}
	return updateReq(config, key, x), func(ctx context.Context, c *api.Client) ([]record, error) {
		m, _, err := update(c, ctx, config, key, x)
		if err != nil {
			return nil, err
		}
		return written(m), nil
	}, nil
}

// recordCommand is "tweakdash servers" (tweaks, device-ids, passwords)
// with its verbs; writes are the kind's own commands when it has no plan.
func recordCommand(ctx context.Context, environ []string, sio scriptIO, k recordKind, writes ...*cobra.Command) *cobra.Command {
	c := &cobra.Command{
		Use:   k.plural,
		Short: "Read and write a configuration's " + k.plural,
		Args:  noArgs,
	}
	c.AddCommand(recordRead(ctx, environ, sio, k, false), recordRead(ctx, environ, sio, k, true), recordDelete(ctx, environ, sio, k))
	if k.plan != nil {
		c.AddCommand(recordWrite(ctx, environ, sio, k, false), recordWrite(ctx, environ, sio, k, true))
	}
	c.AddCommand(writes...)
	return c
}

// recordRead is "list CONFIG" (every record) or "get CONFIG KEY…" (the
// records named by unique key or exact name; an unknown one is exit 4).
func recordRead(ctx context.Context, environ []string, sio scriptIO, k recordKind, get bool) *cobra.Command {
	var f scriptFlags
	c := &cobra.Command{
		Use:   "list CONFIG",
		Short: "List the " + k.plural + " of CONFIG",
		Long: fmt.Sprintf("Lists the %s of CONFIG (its name, unique key, or a unique prefix of either).\n"+
			"Secrets are masked unless --show-secrets.\n\n%s", k.plural, exitCodesHelp),
		Args:              exactArgs(1, "CONFIG"),
		ValidArgsFunction: completeConfig(environ, &f),
	}
	if get {
		c.Use, c.Short = "get CONFIG "+upper(k.one)+"…", "Print "+k.plural+" of CONFIG by "+k.named
		c.Long = fmt.Sprintf("Prints the %s named (each by %s) of CONFIG.\n\n%s", k.plural, k.named, exitCodesHelp)
		c.Args = minArgs(2, "CONFIG", upper(k.one)+"…")
	}
	c.RunE = func(cmd *cobra.Command, args []string) error {
		s, _, all, err := f.openList(ctx, cmd, environ, sio, args[0], k)
		if err != nil {
			return err
		}
		defer s.close()
		rows := all
		if get {
			if rows, err = k.pick(all, args[1:]); err != nil {
				return err
			}
		}
		return k.print(sio, f.out, rows)
	}
	f.register(c)
	return c
}

// print writes rows as the output flags ask.
func (k recordKind) print(sio scriptIO, o outputFlags, rows []record) error {
	t := table{head: []string{"NAME", "UNIQUE KEY", "TYPE"}}
	row := func(r record) []string { return []string{r.name, r.key, string(r.tunnel)} }
	if k.row != nil {
		t.head, row = k.head, k.row
	}
	records := make([]model.Raw, 0, len(rows))
	for _, r := range rows {
		t.rows = append(t.rows, row(r))
		records = append(records, masked(k.resource, r.tunnel, r.raw, o.showSecrets))
	}
	return o.print(sio, t, records)
}

// pick returns the records args name, in their order: each a unique key
// or the exact name of exactly one record.
func (k recordKind) pick(all []record, args []string) ([]record, error) {
	out := make([]record, 0, len(args))
	for _, a := range args {
		name := a
		if k.norm != nil {
			name = k.norm(a)
		}
		var found []record
		for _, r := range all {
			if r.key == a {
				found = []record{r}
				break
			}
			if r.name == name {
				found = append(found, r)
			}
		}
		switch len(found) {
		case 0:
			return nil, &exitCode{code: exitNotFound, err: fmt.Errorf("no %s has the unique_key or name %s", k.one, syncplan.Quote(a))}
		case 1:
			out = append(out, found[0])
		default:
			return nil, fmt.Errorf("%w: %d %s are named %s: give the unique_key of one", errUsage, len(found), k.plural, syncplan.Quote(a))
		}
	}
	return out, nil
}

// upper is a kind's name as an argument's placeholder: "DEVICE_ID".
func upper(s string) string { return strings.ToUpper(strings.ReplaceAll(s, " ", "_")) }
