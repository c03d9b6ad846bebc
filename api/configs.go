package api

import (
	"context"
	"net/http"
	"strconv"

	"tweakdash/model"
)

// ListConfigs lists the configurations the key may manage, with the
// account's configuration limit.
func (c *Client) ListConfigs(ctx context.Context) (*ConfigList, *Response, error) {
	out := new(ConfigList)
	res, err := c.do(ctx, call{method: http.MethodGet, path: apiPath("configs"), out: out})
	if err != nil {
		return nil, res, err
	}
	return out, res, nil
}

// SyncConfig upserts servers and tweaks into an existing configuration in
// one request (POST /api/v1/configs). Each element is sent as a create body
// (empty fields left out, the fields in.Clear names for it as null); its
// unique_key, when set, makes it an update of that resource. Validation
// errors come back keyed "servers.0.name": see Error.ItemErrors.
func (c *Client) SyncConfig(ctx context.Context, in SyncRequest) (*Mutation, *Response, error) {
	return c.send(ctx, SyncConfigRequest(in))
}

// SyncConfigRequest is the request SyncConfig sends, for a preview.
func SyncConfigRequest(in SyncRequest) Request {
	body := map[string]any{"config_unique_key": in.ConfigUniqueKey}
	if len(in.Servers) > 0 {
		servers := make([]map[string]any, len(in.Servers))
		for i, s := range in.Servers {
			servers[i] = syncElement(model.ServerResource, s.Values(), in.Clear["servers."+strconv.Itoa(i)])
		}
		body["servers"] = servers
	}
	if len(in.Tweaks) > 0 {
		tweaks := make([]map[string]any, len(in.Tweaks))
		for i, t := range in.Tweaks {
			tweaks[i] = syncElement(model.TweakResource, t.Values(), in.Clear["tweaks."+strconv.Itoa(i)])
		}
		body["tweaks"] = tweaks
	}
	return Request{http.MethodPost, apiPath("configs"), body}
}

// syncElement is one element of a sync: a create body, plus null for each
// field of clear that its tunnel type takes and that it leaves empty.
func syncElement(r model.Resource, v model.Values, clear []string) map[string]any {
	body := model.Body(r, v, model.Create)
	for _, key := range clear {
		f, known := r.Field(key)
		if _, set := body[key]; !known || set || f.CreateOnly || !f.AppliesTo(model.TunnelTypeOf(v)) {
			continue
		}
		body[key] = nil
	}
	return body
}

// ListResources lists a configuration's servers and tweaks in one request.
func (c *Client) ListResources(ctx context.Context, configKey string) (*Resources, *Response, error) {
	out := new(Resources)
	res, err := c.do(ctx, call{method: http.MethodGet, path: apiPath("configs", configKey, "resources"), out: out})
	if err != nil {
		return nil, res, err
	}
	return out, res, nil
}

// mutate sends a server/tweak create, update, delete or a sync and decodes
// the Mutation that comes back. A delete answered with no body is a success
// with an empty Mutation.
// send sends a server or tweak write and decodes its mutation.
func (c *Client) send(ctx context.Context, r Request) (*Mutation, *Response, error) {
	var body any
	if r.Body != nil {
		body = r.Body
	}
	return c.mutate(ctx, r.Method, r.Path, body)
}

func (c *Client) mutate(ctx context.Context, method, path string, body any) (*Mutation, *Response, error) {
	out := new(Mutation)
	res, err := c.do(ctx, call{method: method, path: path, body: body, out: out, empty: method == http.MethodDelete})
	if err != nil {
		return nil, res, err
	}
	return out, res, nil
}
