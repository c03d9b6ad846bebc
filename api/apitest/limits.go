package apitest

import "fmt"

// Limits are the quotas the API enforces ("Account limits are enforced for
// configurations, servers, tweaks, device IDs and passwords"; "Cloud access
// limits are enforced for device IDs and passwords per configuration"). The
// hosted values are not published; the defaults are small enough for a test
// to reach. A zero field means none may be created.
type Limits struct {
	Configs   int // per account; reported as max_configurations
	Servers   int // per account
	Tweaks    int // per account
	DeviceIDs int // per account
	Passwords int // per account

	DeviceIDsPerConfig int
	PasswordsPerConfig int
}

// DefaultLimits are the limits of a sandbox whose Options.Limits is nil.
func DefaultLimits() Limits {
	return Limits{
		Configs: 20, Servers: 100, Tweaks: 100, DeviceIDs: 1000, Passwords: 500,
		DeviceIDsPerConfig: 500, PasswordsPerConfig: 100,
	}
}

// overLimit returns the refusal message when adding more would pass max, or
// "". Every such message contains "limit".
func overLimit(what, where string, used, adding, max int) string {
	if used+adding <= max {
		return ""
	}
	return fmt.Sprintf("%s limit reached for this %s (%d of %d used; this request adds %d).",
		what, where, used, max, adding)
}

func (st *state) itemLimit(k kind, adding int) string {
	max := st.limits.Servers
	if k.plural == tweakKind.plural {
		max = st.limits.Tweaks
	}
	used := st.total(func(c *config) int { return len(*c.items(k)) })
	return overLimit(k.label, "account", used, adding, max)
}

func (st *state) deviceIDLimit(c *config, adding int) string {
	if msg := overLimit("Device ID", "configuration", len(c.deviceIDs), adding, st.limits.DeviceIDsPerConfig); msg != "" {
		return msg
	}
	used := st.total(func(c *config) int { return len(c.deviceIDs) })
	return overLimit("Device ID", "account", used, adding, st.limits.DeviceIDs)
}

func (st *state) passwordLimit(c *config, adding int) string {
	if msg := overLimit("Password", "configuration", len(c.passwords), adding, st.limits.PasswordsPerConfig); msg != "" {
		return msg
	}
	used := st.total(func(c *config) int { return len(c.passwords) })
	return overLimit("Password", "account", used, adding, st.limits.Passwords)
}
