package cli

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/settings"
	"tweakdash/internal/termsafe"
	"tweakdash/ui"
)

// The dashboard's API key when it has none, or the server refused it: the
// first-run form asks, checks and may save it.

// askKey runs the first-run form (refused, when set, says why the key in
// use will not do), saves the key if the user asks, and returns the client
// with it.
func askKey(ctx context.Context, st *settings.Startup, client *api.Client, refused string, noColor bool, popts []tea.ProgramOption) (*api.Client, error) {
	notices := st.Notices
	if refused != "" {
		notices = append([]string{refused}, notices...)
	}
	key, save, err := ui.RunFirstRun(ctx, ui.FirstRunOptions{
		Profile:        st.Profile,
		Host:           hostOf(st.BaseURL),
		SavePath:       settings.Tilde(st.SavePath),
		Notice:         strings.Join(notices, " · "),
		Refused:        refused != "",
		Check:          func(ctx context.Context, key string) error { return checkKey(ctx, client.WithKey(key)) },
		NoColor:        noColor,
		ProgramOptions: popts,
	})
	if err != nil {
		return client, err
	}
	st.Key = key
	if save {
		if err := settings.SaveKey(st.SavePath, st.Profile, key); err != nil {
			st.Notices = append(st.Notices, termsafe.OneLine(err.Error()))
		} else {
			st.Notices = append(st.Notices, "API key saved to "+settings.Tilde(st.SavePath))
		}
	}
	return client.WithKey(key), nil
}

// errKeyRefused ends a dashboard whose key the server refused (401).
var errKeyRefused = errors.New("API key refused")

// keyRefusedNotice says whose key the server refused, and why typing a new
// one may not be enough next time.
func keyRefusedNotice(source string) string {
	switch source {
	case settings.KeyFromEnv:
		return "The server refused the key in HTTPTWEAK_API_KEY (API key missing or invalid); it wins over the settings file: fix or unset it"
	case settings.KeyFromCommand:
		return "The server refused the key printed by api_key_command (API key missing or invalid)"
	case settings.KeyFromFile:
		return "The server refused the profile's api_key (API key missing or invalid)"
	case settings.KeyFromStdin:
		return "The server refused the key read from stdin (API key missing or invalid)"
	}
	return "The server refused the API key (API key missing or invalid)"
}

// checkKey tries a key the way the dashboard will use it, and words the
// failure for the first-run form.
func checkKey(ctx context.Context, c *api.Client) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_, _, err := c.ListConfigs(ctx)
	var apiErr *api.Error
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusUnauthorized {
		return ui.ErrKeyRefused
	}
	return err
}
