package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
	"tweakdash/ui/form"
)

// writer is the part of *api.Client that editing uses. Without one (no
// client, or a test's read-only fake) every write key is off.
type writer interface {
	CreateServer(ctx context.Context, configKey string, s model.Server) (*api.Mutation, *api.Response, error)
	UpdateServer(ctx context.Context, configKey, serverKey string, s model.Server) (*api.Mutation, *api.Response, error)
	DeleteServer(ctx context.Context, configKey, serverKey string) (*api.Mutation, *api.Response, error)
	CreateTweak(ctx context.Context, configKey string, t model.Tweak) (*api.Mutation, *api.Response, error)
	UpdateTweak(ctx context.Context, configKey, tweakKey string, t model.Tweak) (*api.Mutation, *api.Response, error)
	DeleteTweak(ctx context.Context, configKey, tweakKey string) (*api.Mutation, *api.Response, error)
	CreateDeviceIDs(ctx context.Context, configKey string, in api.DeviceIDCreate) (*api.DeviceIDList, *api.Response, error)
	UpdateDeviceID(ctx context.Context, configKey string, id int64, d model.DeviceID) (*api.DeviceIDList, *api.Response, error)
	DeleteDeviceID(ctx context.Context, configKey string, id int64) (*api.Response, error)
	CreatePasswords(ctx context.Context, configKey string, in api.PasswordCreate) (*api.PasswordList, *api.Response, error)
	UpdatePassword(ctx context.Context, configKey string, id int64, p model.Password) (*api.PasswordList, *api.Response, error)
	DeletePassword(ctx context.Context, configKey string, id int64) (*api.Response, error)
}

// savedMsg answers a create or update sent from a form.
type savedMsg struct {
	reply
	configKey string
	list      listID
	op        model.Op
	form      *form.Form
	name      string // what the user called it, for the status line
	sent      int    // device IDs sent
	mut       *api.Mutation
	ids       *api.DeviceIDList
	pws       *api.PasswordList
}

// deletedMsg answers one DELETE of a (possibly bulk) delete.
type deletedMsg struct {
	reply
	configKey string
	list      listID
	item      delItem
}

// delItem is one thing a delete removes: a server or tweak by unique key,
// a device ID or password by record id.
type delItem struct {
	label string
	key   string
	id    int64
}

// The commands below are built from values copied when they are made.

func saveCmd(ctx context.Context, wr writer, m savedMsg, key string, id int64, v model.Values) tea.Cmd {
	return func() tea.Msg {
		var resp *api.Response
		var err error
		cfg := m.configKey
		switch m.list {
		case listServers:
			var s model.Server
			if s, err = serverOf(v); err == nil {
				if m.op == model.Create {
					m.mut, resp, err = wr.CreateServer(ctx, cfg, s)
				} else {
					m.mut, resp, err = wr.UpdateServer(ctx, cfg, key, s)
				}
			}
		case listTweaks:
			var t model.Tweak
			if t, err = tweakOf(v); err == nil {
				if m.op == model.Create {
					m.mut, resp, err = wr.CreateTweak(ctx, cfg, t)
				} else {
					m.mut, resp, err = wr.UpdateTweak(ctx, cfg, key, t)
				}
			}
		case listDeviceIDs:
			if m.op == model.Create {
				in := deviceIDCreateOf(v)
				m.sent = len(in.IDs)
				m.ids, resp, err = wr.CreateDeviceIDs(ctx, cfg, in)
			} else {
				m.ids, resp, err = wr.UpdateDeviceID(ctx, cfg, id, deviceIDOf(v))
			}
		case listPasswords:
			if m.op == model.Create {
				m.pws, resp, err = wr.CreatePasswords(ctx, cfg, passwordCreateOf(v))
			} else {
				m.pws, resp, err = wr.UpdatePassword(ctx, cfg, id, passwordOf(v))
			}
		}
		m.reply = newReply(0, resp, err)
		return m
	}
}

func deleteCmd(ctx context.Context, wr writer, cfg string, l listID, it delItem) tea.Cmd {
	return func() tea.Msg {
		var resp *api.Response
		var err error
		switch l {
		case listServers:
			_, resp, err = wr.DeleteServer(ctx, cfg, it.key)
		case listTweaks:
			_, resp, err = wr.DeleteTweak(ctx, cfg, it.key)
		case listDeviceIDs:
			resp, err = wr.DeleteDeviceID(ctx, cfg, it.id)
		default:
			resp, err = wr.DeletePassword(ctx, cfg, it.id)
		}
		return deletedMsg{reply: newReply(0, resp, err), configKey: cfg, list: l, item: it}
	}
}
