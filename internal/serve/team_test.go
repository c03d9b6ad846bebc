package serve

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/model"
)

// inConfig connects each user with a w×30 terminal, waits for the config
// list, and opens the first config in each.
func (e *testEnv) inConfig(w int, users ...testUser) []*sshTerm {
	e.t.Helper()
	terms := make([]*sshTerm, len(users))
	for i, u := range users {
		terms[i] = e.connect(u, w, 30)
		terms[i].loaded(e)
	}
	for _, tm := range terms {
		tm.opened(e)
	}
	return terms
}

// configReads counts the reads of the first config's lists the sandbox got.
func (e *testEnv) configReads() int {
	return e.sandbox.Count(http.MethodGet, "/api/v1/configs/"+e.configs[0].UniqueKey)
}

// Sessions of three users on one profile opening the same config together
// cost at most two reads of it, not one per session.
func TestSessionsOpeningOneConfigShareItsReads(t *testing.T) {
	const sessions = 8
	users := []testUser{newTestUser(t, "alice", false), newTestUser(t, "bob", false), newTestUser(t, "carol", true)}
	e := startServer(t, users, func(c *Config) { c.MaxSessions, c.MaxSessionsPerUser = sessions, sessions })
	terms := make([]*sshTerm, sessions)
	for i := range terms {
		terms[i] = e.connect(users[i%len(users)], 100, 30)
		terms[i].loaded(e)
	}
	before := e.configReads()
	for _, tm := range terms {
		tm.press("\r")
	}
	var wg sync.WaitGroup
	for _, tm := range terms {
		wg.Go(func() { tm.waitText(fmt.Sprintf("Servers (%d)", int(e.configs[0].ServersCount))) })
	}
	wg.Wait()
	if n := e.configReads() - before; n < 1 || n > 2 {
		t.Errorf("%d sessions opening one config made %d reads of it; want 1 or 2", sessions, n)
	}
}

// A 429 that one session meets holds every session on the key: the others
// show the countdown and send nothing until it ends.
func TestA429InOneSessionHoldsTheOthers(t *testing.T) {
	alice, bob := newTestUser(t, "alice", false), newTestUser(t, "bob", false)
	e := startServer(t, []testUser{alice, bob}, nil)
	a, b := e.connect(alice, 100, 30), e.connect(bob, 100, 30)
	a.loaded(e)
	b.loaded(e)
	e.sandbox.Inject(apitest.Fault{Method: http.MethodGet, PathPrefix: "/api/v1/configs/" + e.configs[0].UniqueKey,
		Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"40"}}})
	a.press("\r")
	a.waitText("Rate limited")
	b.waitText("the key is held for", "alice's hit the limit")
	before := e.configReads()
	b.press("\r")
	b.waitText("Rate limited: try again in")
	if n := e.configReads() - before; n != 0 {
		t.Errorf("bob's session sent %d requests while the key was held", n)
	}
}

// Every header on a key shows the headroom they share: a request of
// alice's moves the count in bob's header, though bob sent nothing.
func TestTheHeaderShowsTheKeysSharedHeadroom(t *testing.T) {
	alice, bob := newTestUser(t, "alice", false), newTestUser(t, "bob", false)
	e := startServer(t, []testUser{alice, bob}, nil)
	e.sandbox.SetRate(600)
	a, b := e.connect(alice, 100, 30), e.connect(bob, 100, 30)
	a.loaded(e)
	b.loaded(e)
	a.opened(e)
	_, r, err := e.api.ListConfigs(context.Background()) // the test's own client, on the same key
	if err != nil || !r.Rate.Known {
		t.Fatalf("rate: %v %+v", err, r)
	}
	// The remaining count after alice's reads, plus the one just made.
	want := fmt.Sprintf("rate %d/%d", r.Rate.Remaining+1, r.Rate.Limit)
	b.waitText(want)
}

// A delete in one session shows in the other sessions on the key at once,
// said to be alice's, and costs them no request: the record leaves their
// lists without a read.
func TestADeleteInOneSessionShowsInAnother(t *testing.T) {
	alice, bob := newTestUser(t, "alice", false), newTestUser(t, "bob", true)
	e := startServer(t, []testUser{alice, bob}, nil)
	ts := e.inConfig(100, alice, bob)
	a, b := ts[0], ts[1]
	n := int(e.configs[0].ServersCount)
	resources := "/api/v1/configs/" + e.configs[0].UniqueKey + "/resources" // the servers' list
	before, deletes := e.sandbox.Count(http.MethodGet, resources), e.sandbox.Count(http.MethodDelete, "")
	a.press("d")
	a.waitText("Delete server")
	a.press("y")
	b.waitText(fmt.Sprintf("Servers (%d)", n-1), "Servers of "+prefix(e.configs[0].Name, 10))
	b.waitText("1 deleted by alice")
	a.waitText(fmt.Sprintf("Servers (%d)", n-1))
	if d := e.sandbox.Count(http.MethodDelete, "") - deletes; d != 1 {
		t.Fatalf("%d deletes reached the sandbox", d)
	}
	// One read of the list after the delete: alice's own.
	if reads := e.sandbox.Count(http.MethodGet, resources) - before; reads != 1 {
		t.Errorf("after the delete the two sessions read the list %d times; want 1", reads)
	}
}

// A form open on a record that another session then writes says so
// before it is saved.
func TestAFormOnARecordChangedElsewhereWarns(t *testing.T) {
	alice, bob := newTestUser(t, "alice", false), newTestUser(t, "bob", false)
	e := startServer(t, []testUser{alice, bob}, nil)
	ts := e.inConfig(100, alice, bob)
	a, b := ts[0], ts[1]
	b.press("e")
	b.waitText("Edit server")
	a.press("d")
	a.waitText("Delete server")
	a.press("y")
	b.waitText("alice just deleted this server in another session")
}

// The header names the other users who have the shown config open, and
// stops when they leave it.
func TestTheHeaderNamesWhoElseIsInTheConfig(t *testing.T) {
	alice, bob := newTestUser(t, "alice", false), newTestUser(t, "bob", true)
	e := startServer(t, []testUser{alice, bob}, nil)
	ts := e.inConfig(120, alice, bob)
	a, b := ts[0], ts[1]
	a.waitText("with bob")
	b.waitText("with alice")
	b.press("q")
	b.wait()
	a.waitFor("bob gone from the header", func(s string) bool { return !strings.Contains(s, "with bob") })
}

// An import over the channel (ssh HOST import) is a sync: its config is in
// its body, not its path. The dashboards on the key show its servers and
// their counts, said to be alice's.
func TestAnImportOverSSHShowsInTheDashboards(t *testing.T) {
	alice, bob := newTestUser(t, "alice", false), newTestUser(t, "bob", false)
	var e *testEnv
	e = startServer(t, []testUser{alice, bob}, func(c *Config) {
		c.Commands = func(ctx context.Context, cmd Command) int {
			_, _, err := cmd.Client.SyncConfig(ctx, api.SyncRequest{ConfigUniqueKey: e.configs[0].UniqueKey,
				Servers: []model.Server{{Name: "Imported by alice", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22"}}})
			if err != nil {
				_, _ = fmt.Fprintln(cmd.Stderr, err)
				return 1
			}
			return 0
		}
	})
	b := e.inConfig(120, bob)[0]
	n := int(e.configs[0].ServersCount)
	conn := e.mustDial(alice.signer)
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if out, err := sess.CombinedOutput("import k --yes"); err != nil {
		t.Fatalf("import: %v %s", err, out)
	}
	b.waitText(fmt.Sprintf("Servers (%d)", n+1), "Imported by alice", "changed by alice")
	b.waitText(fmt.Sprintf("%ds ", n+1)) // the config list's count
}
