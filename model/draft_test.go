package model

import "testing"

// The question that offers a draft back names what it was: a new record
// or an edit, of which resource.
func TestDraftNounNamesTheResourceAndTheOp(t *testing.T) {
	for _, c := range []struct {
		d    Draft
		want string
	}{
		{Draft{Resource: ServerResource.Name, Op: "create"}, "new server"},
		{Draft{Resource: TweakResource.Name, Op: "update"}, "edit of the tweak"},
		{Draft{Resource: DeviceIDResource.Name, Op: "create"}, "new device ID"},
		{Draft{Resource: PasswordResource.Name, Op: "update"}, "edit of the password"},
		{Draft{Resource: "bogus", Op: "create"}, "new record"},
	} {
		if got := c.d.Noun(); got != c.want {
			t.Errorf("%s %s: Noun() = %q, want %q", c.d.Op, c.d.Resource, got, c.want)
		}
	}
	if got := (Draft{Values: Values{"name": "Half typed"}}).Name(); got != "Half typed" {
		t.Errorf("Name() = %q", got)
	}
}
