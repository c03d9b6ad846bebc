package model

import "encoding/json"

// Each resource decodes twice: into its typed fields, and whole into Raw, so
// that the detail view can show fields the spec does not list.

func decodeWithRaw(b []byte, typed any, raw *Raw) error {
	if err := json.Unmarshal(b, typed); err != nil {
		return err
	}
	return json.Unmarshal(b, raw)
}

// UnmarshalJSON decodes a config and keeps every field in Raw.
func (c *Config) UnmarshalJSON(b []byte) error {
	type plain Config
	return decodeWithRaw(b, (*plain)(c), &c.Raw)
}

// UnmarshalJSON decodes a server and keeps every field in Raw.
func (s *Server) UnmarshalJSON(b []byte) error {
	type plain Server
	if err := decodeWithRaw(b, (*plain)(s), &s.Raw); err != nil {
		return err
	}
	// PHP may send "" for an integer never set. Int leaves 0 behind a
	// non-nil pointer, which an update would send back as 0 instead of null.
	for key, p := range map[string]**Int{"ssl_port": &s.SSLPort, "hysteria_tx": &s.HysteriaTX, "hysteria_rx": &s.HysteriaRX} {
		if string(s.Raw[key]) == `""` {
			*p = nil
		}
	}
	return nil
}

// UnmarshalJSON decodes a tweak and keeps every field in Raw.
func (t *Tweak) UnmarshalJSON(b []byte) error {
	type plain Tweak
	return decodeWithRaw(b, (*plain)(t), &t.Raw)
}

// UnmarshalJSON decodes a device ID record and keeps every field in Raw.
func (d *DeviceID) UnmarshalJSON(b []byte) error {
	type plain DeviceID
	return decodeWithRaw(b, (*plain)(d), &d.Raw)
}

// UnmarshalJSON decodes a password record and keeps every field in Raw.
func (p *Password) UnmarshalJSON(b []byte) error {
	type plain Password
	return decodeWithRaw(b, (*plain)(p), &p.Raw)
}
