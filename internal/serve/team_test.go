package serve

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

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
