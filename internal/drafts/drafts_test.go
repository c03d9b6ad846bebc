package drafts

import (
	"strings"
	"testing"
)

func TestDraftQuestionIsOneSafeLine(t *testing.T) {
	d := Saved{Draft: sampleDraft()}
	d.ConfigName = "Home\x1b]0;pwned\x07"
	q := d.Question()
	if !strings.HasPrefix(q, "Restore your unsaved new server 'Half typed' in config Home") {
		t.Errorf("question = %q", q)
	}
	if strings.ContainsAny(q, "\x1b\x07\n") {
		t.Errorf("question carries control characters: %q", q)
	}
}
