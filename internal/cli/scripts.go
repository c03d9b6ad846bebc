package cli

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/internal/settings"
	"tweakdash/internal/snapshot"
	"tweakdash/internal/syncplan"
	"tweakdash/model"
)

// What the scripting commands (configs, resources, servers, tweaks) share:
// their flags, a client, and finding a config by name.

// scriptFlags are a scripting command's flags: the dashboard's API flags
// and the output's.
type scriptFlags struct {
	api  apiFlags
	out  outputFlags
	demo bool
}

func (f *scriptFlags) register(c *cobra.Command) {
	fs := c.Flags()
	fs.StringVar(&f.api.profile, "profile", "", "the settings file's profile")
	fs.StringVar(&f.api.baseURL, "base-url", "", "the API's base URL")
	fs.BoolVar(&f.api.keyStdin, "api-key-stdin", false, "read the API key from stdin's first line")
	fs.BoolVar(&f.api.readOnly, "read-only", false, "refuse every write (exit 5)")
	fs.BoolVar(&f.api.debug, "debug", false, "log each request (never the key) to the debug log")
	fs.BoolVar(&f.demo, "demo", false, "run against a sandbox with the demo data, in this process (nothing leaves the machine)")
	fs.DurationVar(&f.api.maxWait, "max-wait", 2*time.Minute, "give up (exit 6) rather than wait longer for the rate limit")
	fs.BoolVar(&f.out.json, "json", false, "print a JSON array of records with the API's field names")
	fs.StringVar(&f.out.jq, "jq", "", "filter the JSON output with a jq EXPR")
	fs.BoolVar(&f.out.showSecrets, "show-secrets", false, "print secrets (passwords, private keys, credentials) unmasked")
}

// session is one scripting command's client and where its reads are kept
// for completion.
type session struct {
	client *api.Client
	store  *snapshot.Store // nil when the cache is off
	close  func()
}

// open resolves the settings and the key as the dashboard does.
func (f scriptFlags) open(ctx context.Context, cmd *cobra.Command, environ []string, sio scriptIO) (*session, error) {
	if _, err := f.out.checkJQ(); err != nil {
		return nil, err
	}
	if f.demo {
		return demoSession()
	}
	client, st, closeLog, err := apiClient(ctx, cmd.CommandPath()[len("tweakdash "):], f.api, environ, sio.cmdIO)
	if err != nil {
		return nil, err
	}
	if st.ReadOnly {
		client = client.ReadOnly()
	}
	s := &session{client: client, close: closeLog}
	if st.Cache {
		s.store = snapshot.New(settings.CacheDir(), st.Profile, st.BaseURL)
	}
	return s, nil
}

// openOn is open, then the config arg names (config): the start of every
// command that acts on one config. The session is closed again when the
// config cannot be had.
func (f scriptFlags) openOn(ctx context.Context, cmd *cobra.Command, environ []string, sio scriptIO, arg string) (*session, model.Config, error) {
	s, err := f.open(ctx, cmd, environ, sio)
	if err != nil {
		return nil, model.Config{}, err
	}
	cfg, err := s.config(ctx, arg)
	if err != nil {
		s.close()
		return nil, model.Config{}, err
	}
	return s, cfg, nil
}

// openList is openOn, then the records of kind k in that config.
func (f scriptFlags) openList(ctx context.Context, cmd *cobra.Command, environ []string, sio scriptIO, arg string, k recordKind) (*session, model.Config, []record, error) {
	s, cfg, err := f.openOn(ctx, cmd, environ, sio, arg)
	if err != nil {
		return nil, cfg, nil, err
	}
	all, err := k.list(ctx, s.client, cfg.UniqueKey)
	if err != nil {
		s.close()
		return nil, cfg, nil, fmt.Errorf("listing the %s of %s: %w", k.plural, syncplan.Quote(cfg.Name), err)
	}
	return s, cfg, all, nil
}

// demoSession is a session on a sandbox with the demo data served in this
// process for the command's life, with a random key; no cache is kept.
func demoSession() (*session, error) {
	key := rand.Text()
	url, stop, err := apitest.Start("127.0.0.1:0", apitest.New(apitest.Options{APIKey: key, Data: apitest.DataDemo}))
	if err != nil {
		return nil, err
	}
	client, err := api.NewClient(url, key)
	if err != nil {
		_ = stop()
		return nil, err
	}
	return &session{client: client, close: func() { _ = stop() }}, nil
}

// configs lists the configs and keeps the list in the snapshot cache, as
// the dashboard does, so that completion has the names without a request.
func (s *session) configs(ctx context.Context) (*api.ConfigList, error) {
	list, _, err := s.client.ListConfigs(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing the configurations: %w", err)
	}
	if s.store != nil {
		rows := make([]snapshot.Config, len(list.Configurations))
		for i, c := range list.Configurations {
			rows[i] = snapshot.Config{UniqueKey: c.UniqueKey, Name: c.Name, Servers: int64(c.ServersCount), Tweaks: int64(c.TweaksCount)}
		}
		// The cache serves completion only: failing to write it fails
		// nothing the user asked for.
		_ = s.store.SaveList(snapshot.List{Max: int64(list.MaxConfigurations), Remaining: int64(list.RemainingConfigurations), Configs: rows})
	}
	return list, nil
}

// config finds the config arg names: GET /configs, then findConfig.
func (s *session) config(ctx context.Context, arg string) (model.Config, error) {
	list, err := s.configs(ctx)
	if err != nil {
		return model.Config{}, err
	}
	return findConfig(list.Configurations, arg)
}

// findConfig is the config arg names: its unique key, its name, or a
// unique prefix of either. None is exit 4; several are a usage error that
// lists them.
func findConfig(configs []model.Config, arg string) (model.Config, error) {
	for _, c := range configs {
		if c.UniqueKey == arg {
			return c, nil
		}
	}
	match := func(ok func(model.Config) bool) []model.Config {
		var out []model.Config
		for _, c := range configs {
			if ok(c) {
				out = append(out, c)
			}
		}
		return out
	}
	found := match(func(c model.Config) bool { return c.Name == arg })
	if len(found) == 0 && arg != "" {
		found = match(func(c model.Config) bool {
			return strings.HasPrefix(c.Name, arg) || strings.HasPrefix(c.UniqueKey, arg)
		})
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return model.Config{}, &exitCode{code: exitNotFound, err: fmt.Errorf("no configuration has the unique_key or name %s, or one starting so (%d configurations listed)", syncplan.Quote(arg), len(configs))}
	}
	names := make([]string, len(found))
	for i, c := range found {
		names[i] = syncplan.Quote(c.Name) + " (" + c.UniqueKey + ")"
	}
	return model.Config{}, fmt.Errorf("%w: %s names %d configurations: %s", errUsage, syncplan.Quote(arg), len(found), strings.Join(names, ", "))
}

// scriptCommands are the commands for scripts.
func scriptCommands(ctx context.Context, environ []string, sio scriptIO) []*cobra.Command {
	return []*cobra.Command{
		configsCommand(ctx, environ, sio),
		resourcesCommand(ctx, environ, sio),
		recordCommand(ctx, environ, sio, serverKind),
		recordCommand(ctx, environ, sio, tweakKind),
		recordCommand(ctx, environ, sio, deviceIDKind, deviceIDsAdd(ctx, environ, sio),
			accessUpdate(ctx, environ, sio, deviceIDKind, deviceIDUpdate)),
		recordCommand(ctx, environ, sio, passwordKind, passwordsCreate(ctx, environ, sio),
			accessUpdate(ctx, environ, sio, passwordKind, passwordUpdate)),
	}
}
