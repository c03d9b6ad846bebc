package drafts

import (
	"os"
	"strings"
	"testing"

	"tweakdash/model"
)

// form is a Source: the dashboard's open form, or none.
type form struct {
	d    model.Draft
	open bool
}

func (f form) Draft() (model.Draft, bool) { return f.d, f.open }

// The session deletes the restored draft once its form is saved or
// discarded (the dashboard calls done), and saves nothing with no form.
func TestDraftSessionDoneRemovesTheRestoredDraft(t *testing.T) {
	st := Store{Dir: t.TempDir()}
	p, err := st.Save("", "", sampleDraft())
	if err != nil {
		t.Fatal(err)
	}
	s := NewSession(st)
	s.Watch(form{}, &Saved{path: p})
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

// Save writes the watched form when it was changed, into the file of the
// draft it restored, and says where; an unchanged form is not saved.
func TestDraftSessionSavesAChangedFormOverTheRestoredDraft(t *testing.T) {
	st := Store{Dir: t.TempDir()}
	p, err := st.Save("", "prod", sampleDraft())
	if err != nil {
		t.Fatal(err)
	}
	s := NewSession(st)
	s.Pending("prod")
	d := sampleDraft()
	s.Watch(form{d: d, open: true}, &Saved{path: p})
	if line := s.Save(); line != "" {
		t.Errorf("saved an unchanged form: %q", line)
	}
	d.Values = model.Values{"name": "Typed more", "tunnel_type": "ssh"}
	d.Dirty = true
	s.Watch(form{d: d, open: true}, &Saved{path: p})
	if line := s.Save(); !strings.HasPrefix(line, "your new server was saved as a draft: ") {
		t.Errorf("save line %q", line)
	}
	list, _ := st.List("prod")
	if len(list) != 1 || list[0].Name() != "Typed more" || list[0].path != p {
		t.Errorf("drafts after the save: %+v, want one, in %s, named Typed more", list, p)
	}
}
