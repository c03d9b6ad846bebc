package apitest

import (
	"time"

	"tweakdash/model"
)

// state is the account the sandbox serves: its configurations, keys and
// limits. Guarded by Server.mu.
type state struct {
	configs []*config // in id order
	byKey   map[string]*config
	keys    map[string]scope // API key → the configurations it may manage
	limits  Limits
	lastID  struct{ config, server, tweak, device, password int64 }
}

// scope is the set of configuration keys an API key may manage; nil means
// every configuration of the account.
type scope map[string]bool

func (s scope) allows(configKey string) bool { return s == nil || s[configKey] }

type config struct {
	id                      int64
	key, name               string
	hwidLock, cloudPassword bool
	created, updated        time.Time
	servers, tweaks         []*item
	deviceIDs               []*deviceRecord
	passwords               []*passwordRecord
}

// item is a server or a tweak. vals holds the table fields that have a value
// (name and tunnel_type included, unique_key not): strings, int64.
type item struct {
	id               int64
	key              string
	vals             map[string]any
	created, updated time.Time
}

type deviceRecord struct {
	id                      int64
	deviceID                string
	note                    *string
	active, deleteAfterUsed bool
	created, updated        time.Time
}

type passwordRecord struct {
	id                      int64
	password, typ           string
	note                    *string
	active, deleteAfterUsed bool
	usedDeviceID            *string
	usedAt                  *time.Time
	created, updated        time.Time
}

// kind tells servers from tweaks, which share their handlers.
type kind struct {
	res    model.Resource
	plural string // "servers": the URL segment, sync array and summary prefix
	label  string // "Server": in messages
}

var (
	serverKind = kind{res: model.ServerResource, plural: "servers", label: "Server"}
	tweakKind  = kind{res: model.TweakResource, plural: "tweaks", label: "Tweak"}
)

func (c *config) items(k kind) *[]*item {
	if k.plural == serverKind.plural {
		return &c.servers
	}
	return &c.tweaks
}

func (c *config) findItem(k kind, key string) (int, *item) {
	for i, it := range *c.items(k) {
		if it.key == key {
			return i, it
		}
	}
	return -1, nil
}

func (st *state) nextID(k kind) int64 {
	if k.plural == serverKind.plural {
		st.lastID.server++
		return st.lastID.server
	}
	st.lastID.tweak++
	return st.lastID.tweak
}

// total counts something over every configuration of the account.
func (st *state) total(count func(*config) int) int {
	n := 0
	for _, c := range st.configs {
		n += count(c)
	}
	return n
}

// stamp formats a time as the API does: "YYYY-MM-DD HH:MM:SS", UTC.
func stamp(t time.Time) string { return t.UTC().Format(time.DateTime) }

func stampPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return stamp(*t)
}

func strPtr(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
