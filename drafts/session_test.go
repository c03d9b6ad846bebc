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
