package cli

import (
	"context"

	"github.com/spf13/cobra"

	"tweakdash/internal/settings"
	"tweakdash/internal/snapshot"
	"tweakdash/internal/termsafe"
)

// completeConfig completes a command's first argument, CONFIG, from the
// config list the last read saved in the snapshot cache: a tab sends no
// request and looks up no key. Each name comes with its unique key as the
// description.
func completeConfig(environ []string, f *scriptFlags) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		st, err := settings.Resolve(context.Background(), settings.Flags{Profile: f.api.profile, BaseURL: f.api.baseURL, NoKey: true},
			envLookup(environ), settings.Path())
		if err != nil || !st.Cache {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		list, err := snapshot.New(settings.CacheDir(), st.Profile, st.BaseURL).List()
		if err != nil || list == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		out := make([]cobra.Completion, 0, len(list.Configs))
		for _, c := range list.Configs {
			out = append(out, cobra.CompletionWithDesc(termsafe.Line(c.Name), termsafe.Line(c.UniqueKey)))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
