package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
)

// lister is the part of *api.Client that browsing uses: GETs only.
type lister interface {
	ListConfigs(ctx context.Context) (*api.ConfigList, *api.Response, error)
	ListResources(ctx context.Context, configKey string) (*api.Resources, *api.Response, error)
	ListServers(ctx context.Context, configKey string) ([]model.Server, *api.Response, error)
	ListTweaks(ctx context.Context, configKey string) ([]model.Tweak, *api.Response, error)
	ListDeviceIDs(ctx context.Context, configKey string) ([]model.DeviceID, *api.Response, error)
	ListPasswords(ctx context.Context, configKey string) ([]model.Password, *api.Response, error)
}

// Each command below is built from values copied when it is made, never
// from the model, and returns exactly one message naming its request.

func fetchConfigs(ctx context.Context, src lister, id int) tea.Cmd {
	return func() tea.Msg {
		list, resp, err := src.ListConfigs(ctx)
		return configsMsg{reply: newReply(id, resp, err), list: list}
	}
}

func fetchResources(ctx context.Context, src lister, id int, configKey string) tea.Cmd {
	return func() tea.Msg {
		res, resp, err := src.ListResources(ctx, configKey)
		return resourcesMsg{reply: newReply(id, resp, err), configKey: configKey, res: res}
	}
}

func fetchServers(ctx context.Context, src lister, id int, configKey string) tea.Cmd {
	return func() tea.Msg {
		list, resp, err := src.ListServers(ctx, configKey)
		return serversMsg{reply: newReply(id, resp, err), configKey: configKey, servers: list}
	}
}

func fetchTweaks(ctx context.Context, src lister, id int, configKey string) tea.Cmd {
	return func() tea.Msg {
		list, resp, err := src.ListTweaks(ctx, configKey)
		return tweaksMsg{reply: newReply(id, resp, err), configKey: configKey, tweaks: list}
	}
}

func fetchDeviceIDs(ctx context.Context, src lister, id int, configKey string) tea.Cmd {
	return func() tea.Msg {
		ids, resp, err := src.ListDeviceIDs(ctx, configKey)
		return deviceIDsMsg{reply: newReply(id, resp, err), configKey: configKey, ids: ids}
	}
}

func fetchPasswords(ctx context.Context, src lister, id int, configKey string) tea.Cmd {
	return func() tea.Msg {
		pws, resp, err := src.ListPasswords(ctx, configKey)
		return passwordsMsg{reply: newReply(id, resp, err), configKey: configKey, passwords: pws}
	}
}

func newReply(id int, resp *api.Response, err error) reply {
	r := reply{id: id, err: err}
	if resp != nil {
		r.rate = resp.Rate
	}
	return r
}

// setStatus returns a command that sets the status line.
func setStatus(kind statusKind, text string) tea.Cmd {
	return func() tea.Msg { return statusMsg{kind: kind, text: text} }
}
