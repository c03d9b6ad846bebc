package apitest

import (
	"time"

	"tweakdash/model"
)

// ConfigSpec is a configuration as the Panel creates it: the API cannot
// create configurations or change their toggles.
type ConfigSpec struct {
	Name          string
	UniqueKey     string // generated when empty
	CloudHWIDLock bool   // is_cloud_hwid_lock: the device-ID endpoints work
	CloudPassword bool   // is_cloud_password: the password endpoints work
}

// AddConfig adds a configuration, as the Panel would (no limit applies), and
// returns its unique_key.
func (s *Server) AddConfig(c ConfigSpec) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := c.UniqueKey
	if key == "" {
		key = newKey(s.rng)
	}
	s.st.addConfig(0, key, c.Name, c.CloudHWIDLock, c.CloudPassword, s.now())
	return key
}

// SetToggles sets a configuration's cloud toggles; it reports false when no
// configuration has configKey.
func (s *Server) SetToggles(configKey string, hwidLock, password bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.byKey[configKey]
	if c == nil {
		return false
	}
	c.hwidLock, c.cloudPassword = hwidLock, password
	return true
}

// SetLimits replaces the limits.
func (s *Server) SetLimits(l Limits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.limits = l
}

// Limits returns the limits in force.
func (s *Server) Limits() Limits {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.limits
}

// SetRate sets the rate limit in requests per minute per key (0: none) and
// starts every window afresh.
func (s *Server) SetRate(perMinute int) { s.limiter.set(perMinute) }

// AddKey makes key a valid API key of the account, allowed on the given
// configurations only, or on all of them when none are given. Other
// configurations answer it with 403.
func (s *Server) AddKey(key string, configKeys ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var sc scope
	if len(configKeys) > 0 {
		sc = scope{}
		for _, k := range configKeys {
			sc[k] = true
		}
	}
	s.st.keys[key] = sc
}

// ConfigKeys returns the unique_key of every configuration, in id order.
func (s *Server) ConfigKeys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, len(s.st.configs))
	for i, c := range s.st.configs {
		out[i] = c.key
	}
	return out
}

// addConfig appends a configuration; id 0 takes the next id.
func (st *state) addConfig(id int64, key, name string, hwid, password bool, at time.Time) *config {
	if id == 0 {
		id = st.lastID.config + 1
	}
	st.lastID.config = max(st.lastID.config, id)
	c := &config{id: id, key: key, name: name, hwidLock: hwid, cloudPassword: password, created: at, updated: at}
	st.configs = append(st.configs, c)
	st.byKey[key] = c
	return c
}

// addItem stores a server or tweak as seed data, normalised like API input.
func (st *state) addItem(c *config, k kind, key string, vals model.Values, at time.Time) {
	*c.items(k) = append(*c.items(k), &item{id: st.nextID(k), key: key, vals: storedValues(k.res, vals), created: at, updated: at})
}

func (st *state) addDeviceID(c *config, id string, note *string, active, once bool, at time.Time) {
	st.lastID.device++
	c.deviceIDs = append(c.deviceIDs, &deviceRecord{id: st.lastID.device, deviceID: id, note: note,
		active: active, deleteAfterUsed: once, created: at, updated: at})
}
