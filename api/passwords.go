package api

import (
	"context"
	"strings"

	"tweakdash/model"
)

// ListPasswords lists a configuration's cloud passwords. The configuration
// needs is_cloud_password (set in the Panel); otherwise the server answers
// with an error.
func (c *Client) ListPasswords(ctx context.Context, configKey string) ([]model.Password, *Response, error) {
	return listOf(ctx, c, configKey, "passwords", func(b *PasswordList) []model.Password { return b.Passwords })
}

// CreatePasswords adds one password, or with GenerateMultiple has the server
// generate Count of them; the result lists what was added. Only what the
// API reads is sent: password without GenerateMultiple, count with it, and
// delete_after_used true only for one_time passwords.
func (c *Client) CreatePasswords(ctx context.Context, configKey string, in PasswordCreate) (*PasswordList, *Response, error) {
	r := CreatePasswordsRequest(configKey, in)
	out := new(PasswordList)
	res, err := c.do(ctx, call{method: r.Method, path: r.Path, body: r.Body, out: out})
	if err != nil {
		return nil, res, err
	}
	return out, res, nil
}

// UpdatePassword changes the record with numeric id: type, is_active,
// delete_after_used (true only for one_time) and note (null when empty, so
// that it is cleared); the password only when p.Password is not empty.
func (c *Client) UpdatePassword(ctx context.Context, configKey string, id int64, p model.Password) (*PasswordList, *Response, error) {
	r := UpdatePasswordRequest(configKey, id, p)
	out := new(PasswordList)
	res, err := c.do(ctx, call{method: r.Method, path: r.Path, body: r.Body, out: out})
	if err != nil {
		return nil, res, err
	}
	return out, res, nil
}

// DeletePassword deletes the record with numeric id. Any JSON answer, or
// none, is a success.
func (c *Client) DeletePassword(ctx context.Context, configKey string, id int64) (*Response, error) {
	r := DeletePasswordRequest(configKey, id)
	return c.do(ctx, call{method: r.Method, path: r.Path, empty: true})
}

// passwordBody holds the fields create and update share. delete_after_used
// is forced false for reusable passwords: the API allows it only for
// one_time, and sending false clears it when a one-time password becomes
// reusable.
func passwordBody(typ, note string, active, deleteAfterUsed bool) map[string]any {
	body := map[string]any{
		"type":              typ,
		"is_active":         active,
		"delete_after_used": deleteAfterUsed && typ == model.OneTime,
		"note":              nil,
	}
	if strings.TrimSpace(note) != "" {
		body["note"] = note
	}
	return body
}
