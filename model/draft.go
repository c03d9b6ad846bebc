package model

// Draft is what an open form holds, kept so that a hang-up, a kill or a
// crash does not lose it. It carries no secret: password and private-key
// fields are left out of Values. The dashboard fills it; package drafts
// keeps it on disk and offers it back.
type Draft struct {
	Resource   string `json:"resource"` // Resource.Name: "server", "device_id"…
	Op         string `json:"op"`       // "create" or "update"
	ConfigKey  string `json:"config_key"`
	ConfigName string `json:"config_name"`
	RecordKey  string `json:"record_key,omitempty"` // server or tweak edited
	RecordID   int64  `json:"record_id,omitempty"`  // device ID or password edited
	Title      string `json:"title"`
	Values     Values `json:"values"`
	// Dirty says the form differs from how it opened: an untouched form
	// holds nothing worth a draft.
	Dirty bool `json:"-"`
}

// draftNouns names one record of each resource a form edits.
var draftNouns = map[string]string{
	ServerResource.Name:   "server",
	TweakResource.Name:    "tweak",
	DeviceIDResource.Name: "device ID",
	PasswordResource.Name: "password",
}

// Noun names what the draft is for a question: "new server", "edit of the
// tweak".
func (d Draft) Noun() string {
	n, ok := draftNouns[d.Resource]
	if !ok {
		n = "record"
	}
	if d.Op == "update" {
		return "edit of the " + n
	}
	return "new " + n
}

// Name is the name typed into the draft, or "" when it has none.
func (d Draft) Name() string {
	s, _ := d.Values["name"].(string)
	return s
}
