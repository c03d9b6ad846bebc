package drafts

import (
	"os"
	"testing"

	"tweakdash/ui"
)

// The session deletes the restored draft once its form is saved or
// discarded (the dashboard calls done), and saves nothing with no form.
func TestDraftSessionDoneRemovesTheRestoredDraft(t *testing.T) {
	st := Store{Dir: t.TempDir()}
	p, err := st.Save("", "", sampleDraft())
	if err != nil {
		t.Fatal(err)
	}
	s := NewSession(st)
	s.Watch(ui.New(ui.Options{}), &Saved{path: p})
	if line := s.Save(); line != "" {
		t.Errorf("saved %q with no form open", line)
	}
	s.Done()
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Errorf("restored draft not removed: %v", err)
	}
	var none *Session
	none.Watch(nil, nil)
	none.Done()
	if none.Save() != "" {
		t.Error("a nil session saved something")
	}
}

// Pending lists a profile's drafts for a caller that asks itself, and the
// session then saves into that profile; Discard deletes a declined one.
func TestDraftSessionPendingAndDiscard(t *testing.T) {
	st := Store{Dir: t.TempDir()}
	if _, err := st.Save("", "prod", sampleDraft()); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Save("", "other", sampleDraft()); err != nil {
		t.Fatal(err)
	}
	s := NewSession(st)
	list, notices := s.Pending("prod")
	if len(list) != 1 || len(notices) != 0 || list[0].Profile != "prod" {
		t.Fatalf("pending %+v, notices %q", list, notices)
	}
	if err := s.Discard(list[0]); err != nil {
		t.Fatal(err)
	}
	if left, _ := st.List("prod"); len(left) != 0 {
		t.Errorf("the declined draft is still there: %+v", left)
	}
	if left, _ := st.List("other"); len(left) != 1 {
		t.Errorf("another profile's draft was touched: %+v", left)
	}
	if s.profile != "prod" {
		t.Errorf("later drafts would be saved for profile %q, want prod", s.profile)
	}
}
