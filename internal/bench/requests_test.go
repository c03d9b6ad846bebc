package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"tweakdash/api/apitest"
)

func TestRequestsMeasureDrivesTheDashboard(t *testing.T) {
	rs := measureRequests(benchEnv{})
	if len(rs) != 4 {
		t.Fatalf("%d results, want 4", len(rs))
	}
	if job := rs[3]; !job.pass || job.ours != "1.00" {
		t.Errorf("%s: %s per row, pass %v (%s)", job.name, job.ours, job.pass, job.note)
	}
	// A write is one request, and one read of its list after it.
	want := []string{"GET …/resources", "POST …/device-ids, GET …/device-ids", "POST …/servers, GET …/resources"}
	for i, r := range rs[:3] {
		if n := strings.Count(want[i], ",") + 1; !r.pass || r.ours != fmt.Sprint(n) {
			t.Errorf("%s: %s requests, pass %v (%s)", r.name, r.ours, r.pass, r.note)
		}
		if !strings.Contains(r.note, "driving ui.App") || !strings.HasSuffix(r.note, ": "+want[i]) {
			t.Errorf("%s: note %q, want the driven keys and %q", r.name, r.note, want[i])
		}
	}
}

// openedApp is the dashboard with the config open on its Servers tab.
func openedApp(t *testing.T) (*appAt, string) {
	t.Helper()
	a, err := newRequestsApp()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.close)
	a.keys("enter")
	a.idle()
	return a, a.sb.ConfigKeys()[0]
}

// A reply slower than any timer the old driver gave up on is still waited
// for: the success and the sandbox's records are seen.
func TestPasteWaitsForASlowReply(t *testing.T) {
	a, cfg := openedApp(t)
	a.sb.Inject(apitest.Fault{Method: http.MethodPost, PathPrefix: "/api/v1/configs/", Delay: 1500 * time.Millisecond})
	r := pasteIDsByBatchBox(a, cfg, "paste", "<= 2")
	if !r.pass || r.ours != "2" {
		t.Fatalf("%s requests, pass %v (%s)", r.ours, r.pass, r.note)
	}
}

// A create reply without the records: the read of the list after it is
// counted as the user's action too, and the IDs it does not find are a
// miss.
func TestPasteCountsTheRefetchAfterARecordlessReply(t *testing.T) {
	a, cfg := openedApp(t)
	a.sb.Inject(apitest.Fault{Method: http.MethodPost, PathPrefix: "/api/v1/configs/", Status: 201,
		Body: `{"success":true,"message":"Device IDs added","added_count":5000}`})
	r := pasteIDsByBatchBox(a, cfg, "paste", "<= 2")
	if r.pass || r.ours != "2" {
		t.Fatalf("%s requests, pass %v, want 2 and a miss (%s)", r.ours, r.pass, r.note)
	}
	if !strings.Contains(r.note, "POST …/device-ids, GET …/device-ids") {
		t.Fatalf("note %q does not list the POST and the refetch", r.note)
	}
	// The fault answered in place of the sandbox: nothing was stored.
	if !strings.Contains(r.note, "FAILED:") || !strings.Contains(r.note, "the sandbox holds 0 device IDs") {
		t.Fatalf("note %q does not say the IDs are missing", r.note)
	}
}

// A server the sandbox refuses is a miss, whatever the count.
func TestServerRefusedIsAMiss(t *testing.T) {
	a, cfg := openedApp(t)
	a.sb.Inject(apitest.Fault{Method: http.MethodPost, PathPrefix: "/api/v1/configs/", Status: 500})
	r := createServerByForm(a, cfg, "server", "<= 2")
	if r.pass {
		t.Fatalf("a refused create passed: %s requests (%s)", r.ours, r.note)
	}
	for _, s := range []string{"did not say the server was created", "the form is still open", "the sandbox holds no such server"} {
		if !strings.Contains(r.note, s) {
			t.Errorf("note %q does not say %q", r.note, s)
		}
	}
}
