package api

import (
	"context"
	"encoding/json"

	"tweakdash/model"
)

// ListDeviceIDs lists a configuration's cloud device IDs. The configuration
// needs is_cloud_hwid_lock (set in the Panel); otherwise the server answers
// with an error.
func (c *Client) ListDeviceIDs(ctx context.Context, configKey string) ([]model.DeviceID, *Response, error) {
	return listOf(ctx, c, configKey, "device-ids", func(b *DeviceIDList) []model.DeviceID { return b.DeviceIDs })
}

// CreateDeviceIDs adds in.IDs in one request, whatever their number: they
// are joined with newlines into one device_id value, as the API accepts.
// Note is left out when empty; IsActive and DeleteAfterUsed are always sent.
func (c *Client) CreateDeviceIDs(ctx context.Context, configKey string, in DeviceIDCreate) (*DeviceIDList, *Response, error) {
	r := CreateDeviceIDsRequest(configKey, in)
	out := new(DeviceIDList)
	res, err := c.do(ctx, call{method: r.Method, path: r.Path, body: r.Body, out: out})
	if err != nil {
		return nil, res, err
	}
	return out, res, nil
}

// AddDeviceIDs is CreateDeviceIDs for a caller that needs only how many
// were added (a script's batch): the records the answer lists are not
// decoded, which for a batch of 5,000 is most of the call's time. added
// is the answer's added_count, or len(in.IDs) when it has none.
func (c *Client) AddDeviceIDs(ctx context.Context, configKey string, in DeviceIDCreate) (added int, res *Response, err error) {
	r := CreateDeviceIDsRequest(configKey, in)
	var count json.RawMessage
	res, err = c.do(ctx, call{method: r.Method, path: r.Path, body: r.Body, out: fields{"added_count": &count}})
	if err != nil {
		return 0, res, err
	}
	var n *model.Int
	if json.Unmarshal(count, &n) != nil || n == nil { // none, or null
		return len(in.IDs), res, nil
	}
	return int(*n), res, nil
}

// UpdateDeviceID changes the record with numeric id: every field is sent, an
// empty note as null (cleared); an empty device_id is left out (kept).
func (c *Client) UpdateDeviceID(ctx context.Context, configKey string, id int64, d model.DeviceID) (*DeviceIDList, *Response, error) {
	r := UpdateDeviceIDRequest(configKey, id, d)
	out := new(DeviceIDList)
	res, err := c.do(ctx, call{method: r.Method, path: r.Path, body: r.Body, out: out})
	if err != nil {
		return nil, res, err
	}
	return out, res, nil
}

// DeleteDeviceID deletes the record with numeric id. Any JSON answer, or
// none, is a success.
func (c *Client) DeleteDeviceID(ctx context.Context, configKey string, id int64) (*Response, error) {
	r := DeleteDeviceIDRequest(configKey, id)
	return c.do(ctx, call{method: r.Method, path: r.Path, empty: true})
}
