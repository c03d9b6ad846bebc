package api

import (
	"context"
	"net/http"

	"tweakdash/model"
)

// ListTweaks lists a configuration's tweaks with every field the server
// returns.
func (c *Client) ListTweaks(ctx context.Context, configKey string) ([]model.Tweak, *Response, error) {
	out := new(TweakList)
	res, err := c.do(ctx, call{method: http.MethodGet, path: apiPath("configs", configKey, "tweaks"), out: out})
	if err != nil {
		return nil, res, err
	}
	return out.Tweaks, res, nil
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
