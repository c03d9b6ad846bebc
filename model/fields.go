package model

import "regexp"

// Kind says what sort of value a field holds, for validation and for the form
// widget that edits it.
type Kind int

const (
	KindText      Kind = iota // one line of text
	KindMultiLine             // text that may span lines (configs, keys, batches)
	KindInt                   // a whole number, sent as a JSON number
	KindEnum                  // one of Field.Enum, exact and case-sensitive
	KindBool                  // true or false, sent as a JSON boolean
)

// Field is one row of a spec table: a field's key as the API names it, how it
// is validated, and for which tunnel types it exists.
type Field struct {
	Key   string
	Label string
	Hint  string // format hint shown under the field
	Kind  Kind

	// Required: always required. RequiredFor: required only for these
	// tunnel types. OnlyFor: the field exists only for these tunnel types
	// (nil: for every type). A field in RequiredFor is implicitly OnlyFor.
	Required    bool
	RequiredFor []TunnelType
	OnlyFor     []TunnelType

	CreateOnly bool // offered only when creating (upsert keys)
	UpdateOnly bool // accepted only when updating
	Secret     bool // masked on screen until revealed, never saved in drafts

	MinLen, MaxLen int // in characters (runes); zero means no bound
	Min, Max       *int
	Enum           []string
	Pattern        *regexp.Regexp // must match when present
	PatternMessage string
	Hex32          bool // exactly 32 hexadecimal characters after upper-casing
}

// AppliesTo reports whether the field exists for tunnel type t.
func (f Field) AppliesTo(t TunnelType) bool {
	switch {
	case f.OnlyFor != nil:
		return containsType(f.OnlyFor, t)
	case f.RequiredFor != nil:
		return containsType(f.RequiredFor, t)
	}
	return true
}

// RequiredWith reports whether the field must have a value for tunnel type t.
func (f Field) RequiredWith(t TunnelType) bool {
	return f.Required || containsType(f.RequiredFor, t)
}

func containsType(ts []TunnelType, t TunnelType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// Resource is one of the spec's field tables.
type Resource struct {
	Name   string // "server", "tweak", "device_id", "password"
	Fields []Field
	// Typed resources (servers, tweaks) have a tunnel_type that decides
	// which fields exist.
	Typed bool
}

// Field returns the field with the given key.
func (r Resource) Field(key string) (Field, bool) {
	for _, f := range r.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// FieldsFor lists, in table order, the fields that exist for tunnel type t.
// For untyped resources t is ignored.
func (r Resource) FieldsFor(t TunnelType) []Field {
	out := make([]Field, 0, len(r.Fields))
	for _, f := range r.Fields {
		if !r.Typed || f.AppliesTo(t) {
			out = append(out, f)
		}
	}
	return out
}

func intp(n int) *int { return &n }

var pemKey = regexp.MustCompile(`(?s)-----BEGIN .* KEY-----`)

var ovpnFamily = types(OVPNTCPSSH, OVPNTCP, OVPNUDP, SSH)

// ServerResource is the spec's Server table.
var ServerResource = Resource{Name: "server", Typed: true, Fields: []Field{
	{Key: "unique_key", Label: "Unique key", Hint: "optional upsert key, up to 36 characters", MaxLen: 36, CreateOnly: true},
	{Key: "name", Label: "Name", Required: true, MaxLen: 255},
	{Key: "tunnel_type", Label: "Tunnel type", Kind: KindEnum, Required: true, MaxLen: 25, Enum: typeStrings(ServerTunnelTypes)},
	{Key: "ip_port_user_pass", Label: "Address / credentials", RequiredFor: types(OVPNTCP, OVPNUDP, SSH, DNSTT, Hysteria)},
	{Key: "ssl_port", Label: "SSL port", Hint: "integer", Kind: KindInt, OnlyFor: types(OVPNTCP, OVPNUDP, SSH)},
	{Key: "ovpn_config", Label: "OpenVPN config", Kind: KindMultiLine, RequiredFor: types(OVPNTCP, OVPNUDP)},
	{Key: "ovpn_pk", Label: "OpenVPN private key", Kind: KindMultiLine, Secret: true, OnlyFor: types(OVPNTCP, OVPNUDP)},
	{Key: "ssh_pk", Label: "SSH private key", Hint: "PEM: -----BEGIN … KEY-----", Kind: KindMultiLine, Secret: true, OnlyFor: types(SSH),
		Pattern: pemKey, PatternMessage: "must be a PEM key (-----BEGIN … KEY-----)"},
	{Key: "dnstt_pubkey", Label: "DNSTT public key", RequiredFor: types(DNSTT), MaxLen: 255},
	{Key: "hysteria_tx", Label: "Upload limit", Hint: "integer", Kind: KindInt, OnlyFor: types(Hysteria)},
	{Key: "hysteria_rx", Label: "Download limit", Hint: "integer", Kind: KindInt, OnlyFor: types(Hysteria)},
	{Key: "v2ray_config", Label: "V2Ray config", Kind: KindMultiLine, RequiredFor: v2rayTypes},
	{Key: "note", Label: "Note", Hint: "optional label", MaxLen: 255},
}}

// ServerAddressHint is the format of ip_port_user_pass, which depends on the
// tunnel type.
func ServerAddressHint(t TunnelType) string {
	switch t {
	case OVPNTCP, OVPNUDP:
		return "user:pass"
	case SSH:
		return "ip:port or user:pass@ip:port"
	case DNSTT:
		return "ip:port"
	case Hysteria:
		return "ip1;ip2:port@obfs:auth"
	}
	return ""
}

// TweakResource is the spec's Tweak table.
var TweakResource = Resource{Name: "tweak", Typed: true, Fields: []Field{
	{Key: "unique_key", Label: "Unique key", Hint: "optional upsert key, up to 255 characters", MaxLen: 255, CreateOnly: true},
	{Key: "name", Label: "Name", Required: true, MaxLen: 255},
	{Key: "tunnel_type", Label: "Tunnel type", Kind: KindEnum, Required: true, Enum: typeStrings(TweakTunnelTypes)},
	{Key: "dnstt_resolver", Label: "DNSTT resolver", RequiredFor: types(DNSTT)},
	{Key: "dnstt_payload", Label: "DNSTT payload", Kind: KindMultiLine, OnlyFor: types(DNSTT)},
	{Key: "payload", Label: "Payload", Hint: "e.g. CONNECT [host_port] HTTP/1.1", Kind: KindMultiLine, OnlyFor: ovpnFamily},
	{Key: "bug_host", Label: "Bug host", Hint: "replaces [bughost] in the server config", OnlyFor: v2rayTypes},
	{Key: "sni", Label: "SNI", OnlyFor: ovpnFamily},
	{Key: "tls_version", Label: "TLS version", Kind: KindEnum, OnlyFor: ovpnFamily, Enum: []string{"default", "TLSv1.1", "TLSv1.2", "TLSv1.3"}},
	{Key: "proxy", Label: "Proxy", Hint: "proxy:port@user:pass", OnlyFor: ovpnFamily},
	{Key: "note", Label: "Note", Hint: "optional label", MaxLen: 255},
}}

// DeviceIDResource is the spec's Device IDs table. On create, device_id may
// hold several IDs (see ParseDeviceIDs); the Hex32 rule applies to each.
var DeviceIDResource = Resource{Name: "device_id", Fields: []Field{
	{Key: "device_id", Label: "Device ID", Hint: "32 hexadecimal characters", Required: true, Hex32: true},
	{Key: "note", Label: "Note", Hint: "optional label", MaxLen: 255},
	{Key: "is_active", Label: "Active", Kind: KindBool},
	{Key: "delete_after_used", Label: "Delete after use", Kind: KindBool},
}}

// PasswordResource is the spec's Passwords table. The rules that tie fields
// together (password unless generate_multiple, delete_after_used only for
// one_time) are in validatePassword.
var PasswordResource = Resource{Name: "password", Fields: []Field{
	{Key: "type", Label: "Type", Kind: KindEnum, Required: true, Enum: []string{"reusable", "one_time"}},
	{Key: "password", Label: "Password", Hint: "6 to 255 characters", Secret: true, MinLen: 6, MaxLen: 255},
	{Key: "generate_multiple", Label: "Generate passwords", Kind: KindBool, CreateOnly: true},
	{Key: "count", Label: "How many", Hint: "1 to 5", Kind: KindInt, Min: intp(1), Max: intp(5), CreateOnly: true},
	{Key: "delete_after_used", Label: "Delete after use", Kind: KindBool},
	{Key: "note", Label: "Note", Hint: "optional label", MaxLen: 255},
	{Key: "is_active", Label: "Active", Kind: KindBool},
}}

// SyncResource is the body of POST /api/v1/configs.
var SyncResource = Resource{Name: "config", Fields: []Field{
	{Key: "config_unique_key", Label: "Config key", Required: true, MaxLen: 64},
}}
