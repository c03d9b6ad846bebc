// Package snapshot keeps what the dashboard last saw of an account, so
// that the next start can paint it at once while the fresh replies are on
// their way: the config list with its counts and the account's usage, and
// per config the columns its lists show.
//
// It never holds a secret. Every record here is a whitelist of the columns
// the lists draw, copied field by field from the API's types: no password
// value, no ip_port_user_pass, no private key or config body, nothing of
// the fields the server sends that this package does not name (model.Raw
// is never copied), and never the API key, which it is not given.
//
// The files live in one private directory (0700, see Store), one for the
// config list of a profile and base URL and one per config, each 0600 and
// written atomically. There is no UI here: package ui paints what it is
// given, and main decides whether there is a snapshot at all.
package snapshot

import (
	"time"

	"tweakdash/api"
	"tweakdash/model"
)

// List is the config list as it was last seen: the account's usage and
// every config's name and counts.
type List struct {
	SavedAt time.Time `json:"saved_at"`
	// Max and Remaining are max_configurations and
	// remaining_configurations, for the header's "configs 2/20".
	Max       int64    `json:"max"`
	Remaining int64    `json:"remaining"`
	Configs   []Config `json:"configs"`
}

// Config is one row of the config list.
type Config struct {
	UniqueKey string `json:"unique_key"`
	Name      string `json:"name"`
	Servers   int64  `json:"servers"`
	Tweaks    int64  `json:"tweaks"`
}

// Lists is what was last seen of one config: each of its lists as loaded,
// nil when it never was. They are saved one at a time, as they load.
type Lists struct {
	Resources *Resources `json:"resources,omitempty"`
	DeviceIDs *DeviceIDs `json:"device_ids,omitempty"`
	Passwords *Passwords `json:"passwords,omitempty"`
}

// Resources are the config's Servers and Tweaks lists (one request fills
// both).
type Resources struct {
	SavedAt time.Time `json:"saved_at"`
	Name    string    `json:"name"` // the config's name as the reply gave it
	Servers []Named   `json:"servers"`
	Tweaks  []Named   `json:"tweaks"`
}

// Named is a server or a tweak as its list shows it: name, tunnel type,
// key and when it changed. Nothing a server or tweak holds beyond that.
type Named struct {
	UniqueKey  string `json:"unique_key"`
	Name       string `json:"name"`
	TunnelType string `json:"tunnel_type"`
	UpdatedAt  string `json:"updated_at,omitempty"`
}

// DeviceIDs is the config's device ID list.
type DeviceIDs struct {
	SavedAt time.Time  `json:"saved_at"`
	Rows    []DeviceID `json:"rows"`
}

// DeviceID is a device ID as its list shows it.
type DeviceID struct {
	ID              int64  `json:"id"`
	DeviceID        string `json:"device_id"`
	Note            string `json:"note,omitempty"`
	Active          bool   `json:"active"`
	DeleteAfterUsed bool   `json:"delete_after_used"`
	UpdatedAt       string `json:"updated_at,omitempty"`
}

// Passwords is the config's password list.
type Passwords struct {
	SavedAt time.Time  `json:"saved_at"`
	Rows    []Password `json:"rows"`
}

// Password is a password record as its list shows it, which is masked:
// its type, note, state and when it was used. Never the password.
type Password struct {
	ID     int64  `json:"id"`
	Type   string `json:"type"`
	Note   string `json:"note,omitempty"`
	Active bool   `json:"active"`
	UsedAt string `json:"used_at,omitempty"`
}

// FromConfigList keeps what the config list shows of l.
func FromConfigList(l *api.ConfigList) List {
	out := List{Max: int64(l.MaxConfigurations), Remaining: int64(l.RemainingConfigurations),
		Configs: make([]Config, len(l.Configurations))}
	for i, c := range l.Configurations {
		out.Configs[i] = Config{UniqueKey: c.UniqueKey, Name: c.Name, Servers: int64(c.ServersCount), Tweaks: int64(c.TweaksCount)}
	}
	return out
}

// ConfigList is l as the API's type, for the dashboard to draw: only the
// fields kept are set.
func (l List) ConfigList() *api.ConfigList {
	out := &api.ConfigList{Success: true, Total: model.Int(len(l.Configs)),
		MaxConfigurations: model.Int(l.Max), RemainingConfigurations: model.Int(l.Remaining),
		Configurations: make([]model.Config, len(l.Configs))}
	for i, c := range l.Configs {
		out.Configurations[i] = model.Config{UniqueKey: c.UniqueKey, Name: c.Name,
			ServersCount: model.Int(c.Servers), TweaksCount: model.Int(c.Tweaks)}
	}
	return out
}

// FromResources keeps what the Servers and Tweaks lists show of r.
func FromResources(r *api.Resources) *Resources {
	out := &Resources{Name: r.ConfigurationName, Servers: make([]Named, len(r.Servers)), Tweaks: make([]Named, len(r.Tweaks))}
	for i, s := range r.Servers {
		out.Servers[i] = Named{UniqueKey: s.UniqueKey, Name: s.Name, TunnelType: string(s.TunnelType), UpdatedAt: s.UpdatedAt}
	}
	for i, t := range r.Tweaks {
		out.Tweaks[i] = Named{UniqueKey: t.UniqueKey, Name: t.Name, TunnelType: string(t.TunnelType), UpdatedAt: t.UpdatedAt}
	}
	return out
}

// Model is r as the API's types, for the dashboard to draw: only the
// fields kept are set.
func (r *Resources) Model() ([]model.Server, []model.Tweak) {
	servers := make([]model.Server, len(r.Servers))
	for i, s := range r.Servers {
		servers[i] = model.Server{UniqueKey: s.UniqueKey, Name: s.Name, TunnelType: model.TunnelType(s.TunnelType), UpdatedAt: s.UpdatedAt}
	}
	tweaks := make([]model.Tweak, len(r.Tweaks))
	for i, t := range r.Tweaks {
		tweaks[i] = model.Tweak{UniqueKey: t.UniqueKey, Name: t.Name, TunnelType: model.TunnelType(t.TunnelType), UpdatedAt: t.UpdatedAt}
	}
	return servers, tweaks
}

// FromDeviceIDs keeps what the device ID list shows of ids.
func FromDeviceIDs(ids []model.DeviceID) *DeviceIDs {
	out := &DeviceIDs{Rows: make([]DeviceID, len(ids))}
	for i, d := range ids {
		out.Rows[i] = DeviceID{ID: int64(d.ID), DeviceID: d.DeviceID, Note: d.Note,
			Active: bool(d.IsActive), DeleteAfterUsed: bool(d.DeleteAfterUsed), UpdatedAt: d.UpdatedAt}
	}
	return out
}

// Model is d as the API's type, for the dashboard to draw.
func (d *DeviceIDs) Model() []model.DeviceID {
	out := make([]model.DeviceID, len(d.Rows))
	for i, r := range d.Rows {
		out[i] = model.DeviceID{ID: model.Int(r.ID), DeviceID: r.DeviceID, Note: r.Note,
			IsActive: model.Bool(r.Active), DeleteAfterUsed: model.Bool(r.DeleteAfterUsed), UpdatedAt: r.UpdatedAt}
	}
	return out
}

// FromPasswords keeps what the password list shows of ps: not the
// passwords.
func FromPasswords(ps []model.Password) *Passwords {
	out := &Passwords{Rows: make([]Password, len(ps))}
	for i, p := range ps {
		out.Rows[i] = Password{ID: int64(p.ID), Type: p.Type, Note: p.Note, Active: bool(p.IsActive), UsedAt: p.UsedAt}
	}
	return out
}

// Model is p as the API's type, for the dashboard to draw; the password
// itself is empty.
func (p *Passwords) Model() []model.Password {
	out := make([]model.Password, len(p.Rows))
	for i, r := range p.Rows {
		out[i] = model.Password{ID: model.Int(r.ID), Type: r.Type, Note: r.Note, IsActive: model.Bool(r.Active), UsedAt: r.UsedAt}
	}
	return out
}
