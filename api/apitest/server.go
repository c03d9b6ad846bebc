package apitest

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// Data sets a sandbox can start with.
const (
	DataEmpty = "empty" // no configurations: tests add their own
	DataDemo  = "demo"  // realistic sample configurations (see demo.go)
)

// DefaultAPIKey is the account's key when Options.APIKey is empty.
const DefaultAPIKey = "sandbox-api-key"

// maxBody bounds what the sandbox reads of a request body; a batch of 10,000
// device IDs is about 340 KB.
const maxBody = 8 << 20

// Options configure a sandbox.
type Options struct {
	APIKey string  // the account's key, allowed on every configuration; DefaultAPIKey when empty
	Data   string  // DataEmpty (also "") or DataDemo
	Rate   int     // requests per minute per key; 0: no rate limit and no rate headers
	Limits *Limits // nil: DefaultLimits()

	Now  func() time.Time // the clock for timestamps and the rate limit; time.Now when nil
	Seed uint64           // seeds generated keys and passwords, so that runs repeat

	// Bulk data for benchmarks, added after Data: SeedConfigs configurations
	// named "Bench 00001"…, both cloud toggles on; the first of them also
	// gets SeedServers servers and SeedDeviceIDs device IDs. Seeding is the
	// Panel's doing: it ignores the limits.
	SeedConfigs, SeedServers, SeedDeviceIDs int
}

// Server is the sandbox: an http.Handler that implements the client API with
// in-memory state. It is safe for concurrent use.
type Server struct {
	now     func() time.Time
	limiter rateLimiter

	mu  sync.Mutex // guards st and rng
	st  *state
	rng *rand.Rand

	hmu    sync.Mutex // guards faults and log: the test harness side
	faults []*pendingFault
	log    []Recorded
}

// New returns a sandbox with opts. It panics on an unknown opts.Data, which
// is a programming error (the sandbox command checks the flag first).
func New(opts Options) *Server {
	s := &Server{now: opts.Now}
	if s.now == nil {
		s.now = time.Now
	}
	s.limiter.set(opts.Rate)
	key := opts.APIKey
	if key == "" {
		key = DefaultAPIKey
	}
	limits := DefaultLimits()
	if opts.Limits != nil {
		limits = *opts.Limits
	}
	s.st = &state{byKey: map[string]*config{}, keys: map[string]scope{key: nil}, limits: limits}
	s.rng = rand.New(rand.NewPCG(opts.Seed, 0x7477_6561_6b64_6173)) // "tweakdas"
	switch opts.Data {
	case DataDemo:
		seedDemo(s.st)
	case DataEmpty, "":
	default:
		panic(fmt.Sprintf("apitest: unknown data set %q (want %q or %q)", opts.Data, DataDemo, DataEmpty))
	}
	if opts.SeedConfigs > 0 {
		seedBulk(s.st, s.rng, opts.SeedConfigs, opts.SeedServers, opts.SeedDeviceIDs)
	}
	return s
}

// ServeHTTP records the request, applies a pending fault if one matches, and
// otherwise answers as the API would.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	tooLarge := len(body) > maxBody
	s.record(r, body)
	if f, found := s.takeFault(r.Method, r.URL.Path); found {
		s.applyFault(w, r, f, body, err != nil || tooLarge)
		return
	}
	s.serve(w, r, body, err != nil || tooLarge)
}

// serve answers in the order Laravel does: routing, then the throttle, then
// authentication, then the controller.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, raw []byte, unreadable bool) {
	rt, rep := matchRoute(r)
	if rep != nil {
		writeReply(w, *rep)
		return
	}
	in, inErr := parseInput(r, raw, unreadable)
	key := presentedKey(r, in)
	if rep := s.limiter.check(w.Header(), key, r, s.now()); rep != nil {
		writeReply(w, *rep)
		return
	}
	s.mu.Lock()
	sc, known := s.st.keys[key]
	s.mu.Unlock()
	if key == "" || !known {
		writeReply(w, laravel(http.StatusUnauthorized, "Unauthenticated."))
		return
	}
	if inErr != nil {
		writeReply(w, *inErr)
		return
	}
	writeReply(w, s.safeHandle(rt, &call{in: in, scope: sc}))
}

// safeHandle turns a panic in a handler into Laravel's 500, so that a
// sandbox bug reads as a server error rather than a dropped connection.
func (s *Server) safeHandle(rt route, c *call) (rep reply) {
	defer func() {
		if v := recover(); v != nil {
			rep = laravel(http.StatusInternalServerError, "Server Error")
		}
	}()
	return s.handle(rt, c)
}

// call is one authenticated request as the handlers see it.
type call struct {
	in    map[string]any // the JSON body; nil for GET and DELETE
	scope scope
	now   time.Time
}

// handle runs the controller for rt under the state lock.
func (s *Server) handle(rt route, c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.now = s.now()
	if rt.coll == "" {
		if rt.method == http.MethodGet {
			return s.listConfigs()
		}
		return s.sync(c)
	}
	cfg, rep := s.configFor(c, rt.config)
	if rep != nil {
		return *rep
	}
	switch rt.coll {
	case "resources":
		return listResources(cfg)
	case "servers", "tweaks":
		k := serverKind
		if rt.coll == "tweaks" {
			k = tweakKind
		}
		switch {
		case rt.method == http.MethodGet:
			return listItems(cfg, k)
		case rt.method == http.MethodPost:
			return s.createItem(c, cfg, k)
		case rt.method == http.MethodDelete:
			return s.deleteItem(cfg, k, rt.item)
		}
		return s.updateItem(c, cfg, k, rt.item)
	}
	a := s.accessList(rt.coll)
	if !a.on(cfg) {
		return refusal(http.StatusUnprocessableEntity, a.off)
	}
	switch rt.method {
	case http.MethodGet:
		return a.list(cfg)
	case http.MethodPost:
		return a.create(c, cfg)
	case http.MethodDelete:
		return a.remove(cfg, rt.item)
	}
	return a.update(c, cfg, rt.item)
}

// access is how one of a config's cloud access lists is served: the
// toggle it needs, what is said while it is off, and its handlers.
type access struct {
	on     func(*config) bool
	off    string
	list   func(*config) reply
	create func(*call, *config) reply
	remove func(*config, string) reply
	update func(*call, *config, string) reply
}

// accessList is the access list coll names: device-ids or passwords.
func (s *Server) accessList(coll string) access {
	if coll == "device-ids" {
		return access{
			on:   func(cfg *config) bool { return cfg.hwidLock },
			off:  "Cloud HWID lock (is_cloud_hwid_lock) is disabled for this configuration. Enable it in the Panel.",
			list: listDeviceIDs, create: s.createDeviceIDs, remove: s.deleteDeviceID, update: s.updateDeviceID,
		}
	}
	return access{
		on:   func(cfg *config) bool { return cfg.cloudPassword },
		off:  "Cloud password (is_cloud_password) is disabled for this configuration. Enable it in the Panel.",
		list: listPasswords, create: s.createPasswords, remove: s.deletePassword, update: s.updatePassword,
	}
}

// configFor finds the configuration key names and checks that the caller's
// key may manage it.
func (s *Server) configFor(c *call, key string) (*config, *reply) {
	cfg := s.st.byKey[key]
	if cfg == nil {
		r := refusal(http.StatusNotFound, "Configuration not found.")
		return nil, &r
	}
	if !c.scope.allows(key) {
		r := laravel(http.StatusForbidden, "This action is unauthorized.")
		return nil, &r
	}
	return cfg, nil
}
