package api

import (
	"context"

	"tweakdash/model"
)

// ListTweaks lists a configuration's tweaks with every field the server
// returns.
func (c *Client) ListTweaks(ctx context.Context, configKey string) ([]model.Tweak, *Response, error) {
	return listOf(ctx, c, configKey, "tweaks", func(b *TweakList) []model.Tweak { return b.Tweaks })
}

// CreateTweak adds a tweak. Only the fields of its tunnel type are sent,
// empty ones left out; t.UniqueKey, when set, is the upsert key.
func (c *Client) CreateTweak(ctx context.Context, configKey string, t model.Tweak) (*Mutation, *Response, error) {
	return c.send(ctx, CreateTweakRequest(configKey, t))
}

// UpdateTweak replaces the tweak whose unique_key is tweakKey: every field
// of its tunnel type is sent, the empty optional ones as null so that they
// are cleared.
func (c *Client) UpdateTweak(ctx context.Context, configKey, tweakKey string, t model.Tweak) (*Mutation, *Response, error) {
	return c.send(ctx, UpdateTweakRequest(configKey, tweakKey, t))
}

// DeleteTweak deletes the tweak whose unique_key is tweakKey.
func (c *Client) DeleteTweak(ctx context.Context, configKey, tweakKey string) (*Mutation, *Response, error) {
	return c.send(ctx, DeleteTweakRequest(configKey, tweakKey))
}
