package api

import (
	"context"

	"tweakdash/model"
)

// ListServers lists a configuration's servers with every field the server
// returns.
func (c *Client) ListServers(ctx context.Context, configKey string) ([]model.Server, *Response, error) {
	return listOf(ctx, c, configKey, "servers", func(b *ServerList) []model.Server { return b.Servers })
}

// CreateServer adds a server. Only the fields of its tunnel type are sent,
// empty ones left out; s.UniqueKey, when set, is the upsert key.
func (c *Client) CreateServer(ctx context.Context, configKey string, s model.Server) (*Mutation, *Response, error) {
	return c.send(ctx, CreateServerRequest(configKey, s))
}

// UpdateServer replaces the server whose unique_key is serverKey: every field
// of its tunnel type is sent, the empty optional ones as null so that they
// are cleared.
func (c *Client) UpdateServer(ctx context.Context, configKey, serverKey string, s model.Server) (*Mutation, *Response, error) {
	return c.send(ctx, UpdateServerRequest(configKey, serverKey, s))
}

// DeleteServer deletes the server whose unique_key is serverKey.
func (c *Client) DeleteServer(ctx context.Context, configKey, serverKey string) (*Mutation, *Response, error) {
	return c.send(ctx, DeleteServerRequest(configKey, serverKey))
}
