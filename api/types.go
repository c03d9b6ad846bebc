package api

import "tweakdash/model"

// ConfigList is the body of GET /api/v1/configs.
type ConfigList struct {
	Success                 bool           `json:"success"`
	Message                 string         `json:"message"`
	Total                   model.Int      `json:"total"`
	MaxConfigurations       model.Int      `json:"max_configurations"`
	RemainingConfigurations model.Int      `json:"remaining_configurations"`
	Configurations          []model.Config `json:"configurations"`
}

// ConfigHeader opens every body that answers for one config: a list of
// its resources or what a write did to them.
type ConfigHeader struct {
	Success         bool      `json:"success"`
	Message         string    `json:"message"`
	ConfigurationID model.Int `json:"configuration_id"`
	ConfigUniqueKey string    `json:"config_unique_key"`
}

// Resources is the body of GET /api/v1/configs/{config_key}/resources.
type Resources struct {
	ConfigHeader
	ConfigurationName string         `json:"configuration_name"`
	Servers           []model.Server `json:"servers"`
	Tweaks            []model.Tweak  `json:"tweaks"`
}

// Summary counts what a server/tweak mutation did.
type Summary struct {
	ServersCreated model.Int `json:"servers_created"`
	ServersUpdated model.Int `json:"servers_updated"`
	ServersDeleted model.Int `json:"servers_deleted"`
	TweaksCreated  model.Int `json:"tweaks_created"`
	TweaksUpdated  model.Int `json:"tweaks_updated"`
	TweaksDeleted  model.Int `json:"tweaks_deleted"`
}

// Mutation is the body returned by server/tweak create, update, delete and by
// config sync. Each server and tweak carries its Action.
type Mutation struct {
	ConfigHeader
	ConfigurationName string         `json:"configuration_name"`
	Summary           Summary        `json:"summary"`
	Servers           []model.Server `json:"servers"`
	Tweaks            []model.Tweak  `json:"tweaks"`
}

// ServerList is the body of GET .../servers.
type ServerList struct {
	ConfigHeader
	Servers []model.Server `json:"servers"`
}

// TweakList is the body of GET .../tweaks.
type TweakList struct {
	ConfigHeader
	Tweaks []model.Tweak `json:"tweaks"`
}

// DeviceIDList is the body of GET .../device-ids, and of device-ID mutations
// (create adds AddedCount).
type DeviceIDList struct {
	ConfigHeader
	AddedCount *model.Int       `json:"added_count,omitempty"`
	DeviceIDs  []model.DeviceID `json:"device_ids"`
}

// PasswordList is the body of GET .../passwords, and of password mutations
// (create adds AddedCount).
type PasswordList struct {
	ConfigHeader
	AddedCount *model.Int       `json:"added_count,omitempty"`
	Passwords  []model.Password `json:"passwords"`
}

// DeviceIDCreate is the body of POST .../device-ids: IDs are joined with
// newlines into one device_id value, so that a batch is one request.
type DeviceIDCreate struct {
	IDs             []string
	Note            string
	IsActive        bool
	DeleteAfterUsed bool
}

// PasswordCreate is the body of POST .../passwords. Password is ignored when
// GenerateMultiple is set; Count is sent only then.
type PasswordCreate struct {
	Password         string
	Type             string
	Note             string
	IsActive         bool
	DeleteAfterUsed  bool
	GenerateMultiple bool
	Count            int
}

// SyncRequest is the body of POST /api/v1/configs.
type SyncRequest struct {
	ConfigUniqueKey string
	Servers         []model.Server
	Tweaks          []model.Tweak

	// Clear names, by element, fields to send as null, so that an element
	// whose unique_key names an existing resource clears them (a note
	// taken out of a sync file). Elements are named as their 422 keys
	// are: "servers.0", "tweaks.2". Other empty fields are left out, as
	// in a create; a field the element sets, or that its tunnel type
	// does not take, is never cleared.
	Clear map[string][]string
}
