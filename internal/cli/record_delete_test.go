package cli

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"tweakdash/model"
)

func TestDeleteWithoutATerminalNeedsYes(t *testing.T) {
	sb, url, c := scriptSandbox(t)
	if _, _, err := c.CreateTweak(context.Background(), "alpha0000key", model.Tweak{Name: "t1", TunnelType: model.SSH}); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := script(t, url, false, "tweaks", "delete", "Alpha", "t1")
	if code != exitUsage || !strings.Contains(errOut, "--yes") || sb.Count("DELETE", "/") != 0 {
		t.Errorf("status %d, stderr %q, %d deletes; want 2 asking for --yes and none sent", code, errOut, sb.Count("DELETE", "/"))
	}
	if _, errOut, code := script(t, url, false, "tweaks", "delete", "Alpha", "t1", "--yes"); code != exitOK || sb.Count("DELETE", "/") != 1 {
		t.Errorf("--yes: status %d, stderr %q", code, errOut)
	}
}

// A paced delete stopped by ctrl+c (ctx ending) while it waits for the
// rate limit reports what it did and did not do; run again, it deletes
// the rest and sends no delete twice.
func TestAPacedDeleteStopsOnCtrlCAndARerunFinishesTheRest(t *testing.T) {
	sb, url, c := scriptSandbox(t)
	var names []string
	for i := range 5 {
		name := fmt.Sprintf("t%d", i)
		if _, _, err := c.CreateTweak(context.Background(), "alpha0000key", model.Tweak{Name: name, TunnelType: model.SSH}); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	sb.SetRate(4) // GET configs, GET tweaks, two deletes: then a wait for the next window
	args := append([]string{"tweaks", "delete", "Alpha", "--yes"}, names...)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut bytes.Buffer
	result := make(chan int, 1)
	go func() {
		result <- runCommand(ctx, args, []string{"HTTPTWEAK_API_KEY=" + testKey, "HTTPTWEAK_BASE_URL=" + url},
			scriptIO{cmdIO: cmdIO{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut}})
	}()
	deadline := time.Now().Add(waitDeadline)
	for sb.Count("DELETE", "/") < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond) // polling the sandbox's count: the state waited for
	}
	cancel()
	code := <-result
	if code != exitInterrupted || !strings.Contains(errOut.String(), "deleted 2 tweaks; not deleted: ") {
		t.Fatalf("status %d, stderr %q; want 130 reporting 2 done and the rest not", code, errOut.String())
	}
	sb.SetRate(0)
	if _, errOut, code := script(t, url, false, args...); code != exitOK || !strings.Contains(errOut, "deleted 3 tweaks") {
		t.Errorf("the rerun: status %d, stderr %q", code, errOut)
	}
	seen := map[string]int{}
	for _, r := range sb.Requests() {
		if r.Method == "DELETE" {
			seen[r.Path]++
		}
	}
	if len(seen) != 5 {
		t.Errorf("deleted %d distinct tweaks, want 5: %v", len(seen), seen)
	}
	for p, n := range seen {
		if n != 1 {
			t.Errorf("%s deleted %d times", p, n)
		}
	}
	if left, _, _ := c.ListTweaks(context.Background(), "alpha0000key"); len(left) != 0 {
		t.Errorf("%d tweaks left", len(left))
	}
}
