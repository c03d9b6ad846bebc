package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"tweakdash/api"
	"tweakdash/model"
)

// accessUpdate is "device-ids update" and "passwords update": the fields
// --set gives, over each record named, --all or --match TEXT, on the paced
// job engine; --set is_active=false deactivates many at once.
func accessUpdate(ctx context.Context, environ []string, sio scriptIO, k recordKind,
	build func(config string, id int64, v model.Values) (api.Request, sendFunc)) *cobra.Command {
	var vf valueFlags
	return recordBulk(ctx, environ, sio, k, bulkVerb{name: "update", past: "updated",
		long: "Sets the fields --set gives (is_active=false deactivates, true activates) on the %s named\n" +
			"(by %s), or --all, or those whose name holds --match TEXT; the other fields stay.",
		flags: func(c *cobra.Command) func(string, record) (api.Request, sendFunc, error) {
			c.Flags().StringArrayVar(&vf.set, "set", nil, "a field's value, as field=value (repeatable)")
			// The flags are checked before any request.
			c.PreRunE = func(*cobra.Command, []string) error {
				if len(vf.set) == 0 {
					return fmt.Errorf("%w: give the fields with --set field=value", errUsage)
				}
				for _, s := range vf.set {
					if k, _, _ := strings.Cut(s, "="); strings.TrimSpace(k) == "password" {
						return fmt.Errorf("%w: a password is never a flag value (ps shows flags)", errUsage)
					}
				}
				return nil
			}
			return func(config string, r record) (api.Request, sendFunc, error) {
				v, bad, err := vf.values(k.resource, r.values, nil)
				if err != nil {
					return api.Request{}, nil, err
				}
				if bad == nil {
					bad = model.Validate(k.resource, v, model.Update)
				}
				if len(bad) > 0 {
					return api.Request{}, nil, refused(sio.stderr, bad, nil)
				}
				id, _ := strconv.ParseInt(r.key, 10, 64)
				req, send := build(config, id, v)
				return req, send, nil
			}
		}})
}

func deviceIDUpdate(config string, id int64, v model.Values) (api.Request, sendFunc) {
	d := model.DeviceID{DeviceID: strings.ToUpper(str(v["device_id"])), Note: str(v["note"]),
		IsActive: model.Bool(isTrue(v["is_active"])), DeleteAfterUsed: model.Bool(isTrue(v["delete_after_used"]))}
	return api.UpdateDeviceIDRequest(config, id, d), func(ctx context.Context, c *api.Client) ([]record, error) {
		_, _, err := c.UpdateDeviceID(ctx, config, id, d)
		return nil, err
	}
}

// passwordUpdate keeps the password itself: it is sent only when set,
// and it is never set from a flag.
func passwordUpdate(config string, id int64, v model.Values) (api.Request, sendFunc) {
	p := model.Password{Type: str(v["type"]), Note: str(v["note"]),
		IsActive: model.Bool(isTrue(v["is_active"])), DeleteAfterUsed: model.Bool(isTrue(v["delete_after_used"]))}
	return api.UpdatePasswordRequest(config, id, p), func(ctx context.Context, c *api.Client) ([]record, error) {
		_, _, err := c.UpdatePassword(ctx, config, id, p)
		return nil, err
	}
}

func isTrue(v any) bool {
	b, _ := model.AsBool(v)
	return b
}
