package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"tweakdash/api"
	"tweakdash/internal/syncplan"
	"tweakdash/model"
)

// recordKind describes servers or tweaks for their commands: the same
// verbs over a different list, so there is one set of commands and no
// switch on the kind.
type recordKind struct {
	plural, one string
	resource    model.Resource
	list        func(ctx context.Context, c *api.Client, config string) ([]record, error)
	// plan builds the create (key "") or update of one record from its
	// values: the request as sent, and its sending.
	plan func(config, key string, v model.Values) (api.Request, sendFunc, error)
	// remove is the delete of one record.
	remove func(config, key string) (api.Request, sendFunc)
	// written are the records a mutation answered with.
	written func(m *api.Mutation) []record
}

// sendFunc sends one write; it holds every value it needs.
type sendFunc func(ctx context.Context, c *api.Client) (*api.Mutation, error)

// record is one server or tweak as a command prints it.
type record struct {
	key, name string
	tunnel    model.TunnelType
	raw       model.Raw
	values    model.Values // what an update starts from
}

var serverKind = recordKind{plural: "servers", one: "server", resource: model.ServerResource,
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
			(*api.Client).CreateServer, (*api.Client).UpdateServer)
	},
	remove: func(config, key string) (api.Request, sendFunc) {
		return api.DeleteServerRequest(config, key), func(ctx context.Context, c *api.Client) (*api.Mutation, error) {
			m, _, err := c.DeleteServer(ctx, config, key)
			return m, err
		}
	},
	written: func(m *api.Mutation) []record { return mapRecords(m.Servers, serverRecord) },
}

var tweakKind = recordKind{plural: "tweaks", one: "tweak", resource: model.TweakResource,
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
			(*api.Client).CreateTweak, (*api.Client).UpdateTweak)
	},
	remove: func(config, key string) (api.Request, sendFunc) {
		return api.DeleteTweakRequest(config, key), func(ctx context.Context, c *api.Client) (*api.Mutation, error) {
			m, _, err := c.DeleteTweak(ctx, config, key)
			return m, err
		}
	},
	written: func(m *api.Mutation) []record { return mapRecords(m.Tweaks, tweakRecord) },
}

func serverRecord(s model.Server) record {
	return record{s.UniqueKey, s.Name, s.TunnelType, s.Raw, s.Values()}
}

func tweakRecord(t model.Tweak) record {
	return record{t.UniqueKey, t.Name, t.TunnelType, t.Raw, t.Values()}
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
) (api.Request, sendFunc, error) {
	var x T
	if err := decodeRecord(r, v, &x); err != nil {
		return api.Request{}, nil, err
	}
	if key == "" {
		return createReq(config, x), func(ctx context.Context, c *api.Client) (*api.Mutation, error) {
			m, _, err := create(c, ctx, config, x)
			return m, err
		}, nil
	}
	return updateReq(config, key, x), func(ctx context.Context, c *api.Client) (*api.Mutation, error) {
		m, _, err := update(c, ctx, config, key, x)
		return m, err
	}, nil
}

// recordCommand is "tweakdash servers" or "tweakdash tweaks" with its verbs.
func recordCommand(ctx context.Context, environ []string, sio scriptIO, k recordKind) *cobra.Command {
	c := &cobra.Command{
		Use:   k.plural,
		Short: "List and read a configuration's " + k.plural,
		Args:  noArgs,
	}
	c.AddCommand(recordRead(ctx, environ, sio, k, false), recordRead(ctx, environ, sio, k, true),
		recordWrite(ctx, environ, sio, k, false), recordWrite(ctx, environ, sio, k, true), recordDelete(ctx, environ, sio, k))
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
		c.Use, c.Short = "get CONFIG "+upper(k.one)+"…", "Print "+k.plural+" of CONFIG by unique key or exact name"
		c.Long = fmt.Sprintf("Prints the %s named (each by unique key or exact name) of CONFIG.\n\n%s", k.plural, exitCodesHelp)
		c.Args = minArgs(2, "CONFIG", upper(k.one)+"…")
	}
	c.RunE = func(cmd *cobra.Command, args []string) error {
		s, err := f.open(ctx, cmd, environ, sio)
		if err != nil {
			return err
		}
		defer s.close()
		cfg, err := s.config(ctx, args[0])
		if err != nil {
			return err
		}
		all, err := k.list(ctx, s.client, cfg.UniqueKey)
		if err != nil {
			return fmt.Errorf("listing the %s of %s: %w", k.plural, syncplan.Quote(cfg.Name), err)
		}
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
	records := make([]model.Raw, 0, len(rows))
	for _, r := range rows {
		t.rows = append(t.rows, []string{r.name, r.key, string(r.tunnel)})
		records = append(records, masked(k.resource, r.tunnel, r.raw, o.showSecrets))
	}
	return o.print(sio, t, records)
}

// pick returns the records args name, in their order: each a unique key
// or the exact name of exactly one record.
func (k recordKind) pick(all []record, args []string) ([]record, error) {
	out := make([]record, 0, len(args))
	for _, a := range args {
		var found []record
		for _, r := range all {
			if r.key == a {
				found = []record{r}
				break
			}
			if r.name == a {
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

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
