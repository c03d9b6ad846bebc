package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"tweakdash/model"
)

// ListDeviceIDs lists a configuration's cloud device IDs. The configuration
// needs is_cloud_hwid_lock (set in the Panel); otherwise the server answers
// with an error.
func (c *Client) ListDeviceIDs(ctx context.Context, configKey string) ([]model.DeviceID, *Response, error) {
	out := new(DeviceIDList)
	res, err := c.do(ctx, call{method: http.MethodGet, path: apiPath("configs", configKey, "device-ids"), out: out})
	if err != nil {
		return nil, res, err
	}
	return out.DeviceIDs, res, nil
}

// CreateDeviceIDs adds in.IDs in one request, whatever their number: they
// are joined with newlines into one device_id value, as the API accepts.
// Note is left out when empty; IsActive and DeleteAfterUsed are always sent.
func (c *Client) CreateDeviceIDs(ctx context.Context, configKey string, in DeviceIDCreate) (*DeviceIDList, *Response, error) {
	body := model.Body(model.DeviceIDResource, model.Values{
		"device_id":         strings.Join(in.IDs, "\n"),
		"note":              in.Note,
		"is_active":         in.IsActive,
		"delete_after_used": in.DeleteAfterUsed,
	}, model.Create)
	out := new(DeviceIDList)
	res, err := c.do(ctx, call{method: http.MethodPost, path: apiPath("configs", configKey, "device-ids"), body: body, out: out})
	if err != nil {
		return nil, res, err
	}
	return out, res, nil
}

// UpdateDeviceID changes the record with numeric id: every field is sent, an
// empty note as null (cleared); an empty device_id is left out (kept).
func (c *Client) UpdateDeviceID(ctx context.Context, configKey string, id int64, d model.DeviceID) (*DeviceIDList, *Response, error) {
	body := model.Body(model.DeviceIDResource, d.Values(), model.Update)
	if body["device_id"] == nil {
		delete(body, "device_id")
	}
	out := new(DeviceIDList)
	res, err := c.do(ctx, call{method: http.MethodPut, path: apiPath("configs", configKey, "device-ids", strconv.FormatInt(id, 10)), body: body, out: out})
	if err != nil {
		return nil, res, err
	}
	return out, res, nil
}

// DeleteDeviceID deletes the record with numeric id. Any JSON answer, or
// none, is a success.
func (c *Client) DeleteDeviceID(ctx context.Context, configKey string, id int64) (*Response, error) {
	return c.do(ctx, call{method: http.MethodDelete, path: apiPath("configs", configKey, "device-ids", strconv.FormatInt(id, 10)), empty: true})
}
