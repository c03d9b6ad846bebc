package model

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Int is a whole number that the server may send as a JSON number or as a
// numeric string (PHP often does).
type Int int64

// UnmarshalJSON accepts 443, 443.0, "443" and null.
func (n *Int) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		return nil
	}
	s = strings.Trim(s, `"`)
	if s == "" {
		return nil
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		*n = Int(v)
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: nil}
	}
	*n = Int(f)
	return nil
}

// Bool is a boolean that the server may send as true/false, 1/0 or "1"/"0"
// (a MySQL tinyint without a cast).
type Bool bool

// UnmarshalJSON accepts true, false, 1, 0, "1", "0", "true", "false" and null.
func (b *Bool) UnmarshalJSON(data []byte) error {
	switch strings.Trim(string(bytes.TrimSpace(data)), `"`) {
	case "true", "1":
		*b = true
	case "false", "0", "null", "":
		*b = false
	default:
		return &json.UnmarshalTypeError{Value: string(data)}
	}
	return nil
}

// Raw keeps every field of an object as the server sent it, so that a detail
// view can show fields this program does not know.
type Raw map[string]json.RawMessage

// Config is a configuration as listed by GET /api/v1/configs.
type Config struct {
	ID           Int    `json:"id"`
	Name         string `json:"name"`
	UniqueKey    string `json:"unique_key"`
	ServersCount Int    `json:"servers_count"`
	TweaksCount  Int    `json:"tweaks_count"`
	CreatedAt    string `json:"created_at"`
	UpdatedAt    string `json:"updated_at"`
	Raw          Raw    `json:"-"`
}

// Server is a server of a configuration. Integer fields are pointers because
// "not set" and 0 differ.
type Server struct {
	ID             Int        `json:"id,omitempty"`
	UniqueKey      string     `json:"unique_key,omitempty"`
	Name           string     `json:"name"`
	TunnelType     TunnelType `json:"tunnel_type"`
	IPPortUserPass string     `json:"ip_port_user_pass,omitempty"`
	SSLPort        *Int       `json:"ssl_port,omitempty"`
	OVPNConfig     string     `json:"ovpn_config,omitempty"`
	OVPNPK         string     `json:"ovpn_pk,omitempty"`
	SSHPK          string     `json:"ssh_pk,omitempty"`
	DNSTTPubkey    string     `json:"dnstt_pubkey,omitempty"`
	HysteriaTX     *Int       `json:"hysteria_tx,omitempty"`
	HysteriaRX     *Int       `json:"hysteria_rx,omitempty"`
	V2RayConfig    string     `json:"v2ray_config,omitempty"`
	Note           string     `json:"note,omitempty"`
	Action         string     `json:"action,omitempty"` // in mutation responses: created, updated, deleted
	CreatedAt      string     `json:"created_at,omitempty"`
	UpdatedAt      string     `json:"updated_at,omitempty"`
	Raw            Raw        `json:"-"`
}

// Values returns the server's fields keyed as the API names them: strings,
// int64 for integers, nil for integers not set.
func (s Server) Values() Values {
	return Values{
		"unique_key": s.UniqueKey, "name": s.Name, "tunnel_type": string(s.TunnelType),
		"ip_port_user_pass": s.IPPortUserPass, "ssl_port": intValue(s.SSLPort),
		"ovpn_config": s.OVPNConfig, "ovpn_pk": s.OVPNPK, "ssh_pk": s.SSHPK,
		"dnstt_pubkey": s.DNSTTPubkey, "hysteria_tx": intValue(s.HysteriaTX),
		"hysteria_rx": intValue(s.HysteriaRX), "v2ray_config": s.V2RayConfig, "note": s.Note,
	}
}

// Tweak is a tweak of a configuration.
type Tweak struct {
	ID            Int        `json:"id,omitempty"`
	UniqueKey     string     `json:"unique_key,omitempty"`
	Name          string     `json:"name"`
	TunnelType    TunnelType `json:"tunnel_type"`
	DNSTTResolver string     `json:"dnstt_resolver,omitempty"`
	DNSTTPayload  string     `json:"dnstt_payload,omitempty"`
	Payload       string     `json:"payload,omitempty"`
	BugHost       string     `json:"bug_host,omitempty"`
	SNI           string     `json:"sni,omitempty"`
	TLSVersion    string     `json:"tls_version,omitempty"`
	Proxy         string     `json:"proxy,omitempty"`
	Note          string     `json:"note,omitempty"`
	Action        string     `json:"action,omitempty"`
	CreatedAt     string     `json:"created_at,omitempty"`
	UpdatedAt     string     `json:"updated_at,omitempty"`
	Raw           Raw        `json:"-"`
}

// Values returns the tweak's fields keyed as the API names them.
func (t Tweak) Values() Values {
	return Values{
		"unique_key": t.UniqueKey, "name": t.Name, "tunnel_type": string(t.TunnelType),
		"dnstt_resolver": t.DNSTTResolver, "dnstt_payload": t.DNSTTPayload, "payload": t.Payload,
		"bug_host": t.BugHost, "sni": t.SNI, "tls_version": t.TLSVersion, "proxy": t.Proxy, "note": t.Note,
	}
}

// DeviceID is one cloud device ID record. ID is the numeric record id used in
// URLs; DeviceID is the 32-hex value.
type DeviceID struct {
	ID              Int    `json:"id"`
	DeviceID        string `json:"device_id"`
	Note            string `json:"note,omitempty"`
	IsActive        Bool   `json:"is_active"`
	DeleteAfterUsed Bool   `json:"delete_after_used"`
	CreatedAt       string `json:"created_at,omitempty"`
	UpdatedAt       string `json:"updated_at,omitempty"`
	Raw             Raw    `json:"-"`
}

// Values returns the record's editable fields keyed as the API names them.
func (d DeviceID) Values() Values {
	return Values{"device_id": d.DeviceID, "note": d.Note, "is_active": bool(d.IsActive), "delete_after_used": bool(d.DeleteAfterUsed)}
}

// Password types.
const (
	Reusable = "reusable"
	OneTime  = "one_time"
)

// Password is one cloud password record.
type Password struct {
	ID              Int    `json:"id"`
	Password        string `json:"password"`
	Type            string `json:"type"`
	Note            string `json:"note,omitempty"`
	IsActive        Bool   `json:"is_active"`
	DeleteAfterUsed Bool   `json:"delete_after_used"`
	UsedDeviceID    string `json:"used_device_id,omitempty"`
	UsedAt          string `json:"used_at,omitempty"`
	CreatedAt       string `json:"created_at,omitempty"`
	UpdatedAt       string `json:"updated_at,omitempty"`
	Raw             Raw    `json:"-"`
}

// Values returns the record's editable fields keyed as the API names them.
func (p Password) Values() Values {
	return Values{"password": p.Password, "type": p.Type, "note": p.Note, "is_active": bool(p.IsActive), "delete_after_used": bool(p.DeleteAfterUsed)}
}

func intValue(n *Int) any {
	if n == nil {
		return nil
	}
	return int64(*n)
}
