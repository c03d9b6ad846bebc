package cli

import (
	"context"
	"strconv"
	"strings"

	"tweakdash/api"
	"tweakdash/model"
)

// The two access lists as record kinds: a device ID is named by its
// 32-hex value or its record id, a password by its record id.

var deviceIDKind = recordKind{plural: "device-ids", one: "device ID", resource: model.DeviceIDResource,
	named: "32-hex value or record id",
	list: func(ctx context.Context, c *api.Client, config string) ([]record, error) {
		list, _, err := c.ListDeviceIDs(ctx, config)
		return mapRecords(list, deviceIDRecord), err
	},
	remove: func(config, key string) (api.Request, sendFunc) {
		id, _ := strconv.ParseInt(key, 10, 64)
		return api.DeleteDeviceIDRequest(config, id), func(ctx context.Context, c *api.Client) ([]record, error) {
			_, err := c.DeleteDeviceID(ctx, config, id)
			return nil, err
		}
	},
	head: []string{"ID", "DEVICE ID", "ACTIVE", "DELETE AFTER USE", "NOTE"},
	row: func(r record) []string {
		return []string{r.key, r.name, yesNo(r.values["is_active"]), yesNo(r.values["delete_after_used"]), str(r.values["note"])}
	},
	norm: func(s string) string { return strings.ToUpper(strings.TrimSpace(s)) },
}

var passwordKind = recordKind{plural: "passwords", one: "password", resource: model.PasswordResource,
	named: "record id",
	list: func(ctx context.Context, c *api.Client, config string) ([]record, error) {
		list, _, err := c.ListPasswords(ctx, config)
		return mapRecords(list, passwordRecord), err
	},
	remove: func(config, key string) (api.Request, sendFunc) {
		id, _ := strconv.ParseInt(key, 10, 64)
		return api.DeletePasswordRequest(config, id), func(ctx context.Context, c *api.Client) ([]record, error) {
			_, err := c.DeletePassword(ctx, config, id)
			return nil, err
		}
	},
	// The password itself is not a column: --json shows it masked, and
	// unmasked with --show-secrets.
	head: []string{"ID", "TYPE", "ACTIVE", "USED BY", "NOTE"},
	row: func(r record) []string {
		return []string{r.key, str(r.values["type"]), yesNo(r.values["is_active"]), r.name, str(r.values["note"])}
	},
	// A password has no name: the arguments are record ids, and name
	// holds the device that used it, which an argument never matches.
	norm: func(string) string { return "\x00" },
}

func deviceIDRecord(d model.DeviceID) record {
	return record{key: strconv.FormatInt(int64(d.ID), 10), name: d.DeviceID, raw: d.Raw, values: d.Values()}
}

func passwordRecord(p model.Password) record {
	return record{key: strconv.FormatInt(int64(p.ID), 10), name: p.UsedDeviceID, raw: p.Raw, values: p.Values()}
}

func yesNo(v any) string {
	if b, _ := model.AsBool(v); b {
		return "yes"
	}
	return "no"
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
