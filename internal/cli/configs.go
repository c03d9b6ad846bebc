package cli

import (
	"context"
	"strconv"

	"github.com/spf13/cobra"

	"tweakdash/model"
)

// configsCommand is "tweakdash configs": every config the key manages.
func configsCommand(ctx context.Context, environ []string, sio scriptIO) *cobra.Command {
	var f scriptFlags
	c := &cobra.Command{
		Use:   "configs",
		Short: "List the configurations",
		Long:  "Lists the configurations the key manages: a table on a terminal, tab-separated when piped.\n\n" + exitCodesHelp,
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := f.open(ctx, cmd, environ, sio)
			if err != nil {
				return err
			}
			defer s.close()
			list, err := s.configs(ctx)
			if err != nil {
				return err
			}
			t := table{head: []string{"NAME", "UNIQUE KEY", "SERVERS", "TWEAKS", "UPDATED"}}
			records := make([]model.Raw, 0, len(list.Configurations))
			for _, c := range list.Configurations {
				t.rows = append(t.rows, []string{c.Name, c.UniqueKey, itoa(c.ServersCount), itoa(c.TweaksCount), c.UpdatedAt})
				records = append(records, c.Raw)
			}
			return f.out.print(sio, t, records)
		},
	}
	f.register(c)
	return c
}

// resourcesCommand is "tweakdash resources CONFIG": a config's servers and
// tweaks in one request.
func resourcesCommand(ctx context.Context, environ []string, sio scriptIO) *cobra.Command {
	var f scriptFlags
	c := &cobra.Command{
		Use:   "resources CONFIG",
		Short: "List a configuration's servers and tweaks",
		Long: "Lists the servers and tweaks of CONFIG (its name, unique key, or a unique prefix of either).\n" +
			"With --json, each record has \"kind\": \"server\" or \"tweak\".\n\n" + exitCodesHelp,
		Args:              exactArgs(1, "CONFIG"),
		ValidArgsFunction: completeConfig(environ, &f),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, cfg, err := f.openOn(ctx, cmd, environ, sio, args[0])
			if err != nil {
				return err
			}
			defer s.close()
			res, _, err := s.client.ListResources(ctx, cfg.UniqueKey)
			if err != nil {
				return err
			}
			t := table{head: []string{"KIND", "NAME", "UNIQUE KEY", "TYPE"}}
			var records []model.Raw
			add := func(kind string, r model.Raw) {
				r["kind"] = []byte(strconv.Quote(kind))
				records = append(records, r)
			}
			for _, sv := range res.Servers {
				t.rows = append(t.rows, []string{"server", sv.Name, sv.UniqueKey, string(sv.TunnelType)})
				add("server", masked(model.ServerResource, sv.TunnelType, sv.Raw, f.out.showSecrets))
			}
			for _, tw := range res.Tweaks {
				t.rows = append(t.rows, []string{"tweak", tw.Name, tw.UniqueKey, string(tw.TunnelType)})
				add("tweak", masked(model.TweakResource, tw.TunnelType, tw.Raw, f.out.showSecrets))
			}
			return f.out.print(sio, t, records)
		},
	}
	f.register(c)
	return c
}

func itoa(n model.Int) string { return strconv.FormatInt(int64(n), 10) }
