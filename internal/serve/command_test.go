package serve

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh/agent"
)

// A command gets its arguments, the user's rights and the channel; its
// exit status reaches the client. A command that waits for input holds a
// session slot, so the idle timeout ends it as it ends a dashboard.
func TestCommandRunsWithTheUsersRightsAndIdlesOut(t *testing.T) {
	bob := newTestUser(t, "bob", true)
	got := make(chan Command, 2)
	e := startServer(t, []testUser{bob}, func(c *Config) {
		c.IdleTimeout = 300 * time.Millisecond
		c.Commands = func(_ context.Context, cmd Command) int {
			got <- cmd
			in, _ := io.ReadAll(cmd.Stdin)
			_, _ = io.WriteString(cmd.Stdout, strings.ToUpper(string(in)))
			return 3
		}
	})
	conn := e.mustDial(bob.signer)

	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	sess.Stdin = strings.NewReader("plan")
	out, err := sess.Output(`import "SurfLink Main" --dry-run`)
	assertExit(t, err, 3)
	if string(out) != "PLAN" {
		t.Errorf("stdout %q", out)
	}
	cmd := <-got
	if !slices.Equal(cmd.Args, []string{"import", "SurfLink Main", "--dry-run"}) || !cmd.ReadOnly || cmd.Client == nil || cmd.Profile != "default" {
		t.Errorf("the command got %+v", cmd)
	}

	sess, err = conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.StdinPipe(); err != nil { // open, never written
		t.Fatal(err)
	}
	var stderr strings.Builder
	sess.Stderr = &stderr
	err = sess.Run("export k")
	assertExit(t, err, 1)
	if !strings.Contains(stderr.String(), "ended after 300ms without") {
		t.Errorf("stderr %q", stderr.String())
	}
	e.log.waitLine(t, "session end", "command=export", `reason=idle`)
	<-got // the export's

	// A command goes through the same refusals as a dashboard: here
	// agent forwarding. The runner is not called.
	sess, err = conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := agent.RequestAgentForwarding(sess); err != nil {
		t.Fatal(err)
	}
	out, err = sess.CombinedOutput("export k")
	assertExit(t, err, 1)
	if !strings.Contains(string(out), "agent forwarding is refused") || len(got) != 0 {
		t.Errorf("with agent forwarding: %q, %d runs", out, len(got))
	}
}
