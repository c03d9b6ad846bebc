package ui

import (
	"encoding/json"
	"strings"

	"tweakdash/api"
	"tweakdash/model"
)

// The converters turn a form's values into the records the client sends.
// They go through model.Body, so that the typing rules (integers, empties)
// are the ones the body builder applies, and decode that into the struct.

func serverOf(v model.Values) (model.Server, error) {
	var s model.Server
	err := decodeBody(model.ServerResource, v, &s)
	return s, err
}

func tweakOf(v model.Values) (model.Tweak, error) {
	var t model.Tweak
	err := decodeBody(model.TweakResource, v, &t)
	return t, err
}

func decodeBody(r model.Resource, v model.Values, out any) error {
	b, err := json.Marshal(model.Body(r, v, model.Create))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

func boolOf(v model.Values, k string) bool {
	b, _ := model.AsBool(v[k])
	return b
}

func strOf(v model.Values, k string) string {
	s, _ := v[k].(string)
	return strings.TrimSpace(s)
}

// deviceIDCreateOf is the one request for a batch: the form's device_id
// holds the new valid IDs, one per line.
func deviceIDCreateOf(v model.Values) api.DeviceIDCreate {
	var ids []string
	for _, l := range strings.Split(strOf(v, "device_id"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			ids = append(ids, l)
		}
	}
	return api.DeviceIDCreate{IDs: ids, Note: strOf(v, "note"), IsActive: boolOf(v, "is_active"), DeleteAfterUsed: boolOf(v, "delete_after_used")}
}

func deviceIDOf(v model.Values) model.DeviceID {
	return model.DeviceID{
		DeviceID: strings.ToUpper(strOf(v, "device_id")), Note: strOf(v, "note"),
		IsActive: model.Bool(boolOf(v, "is_active")), DeleteAfterUsed: model.Bool(boolOf(v, "delete_after_used")),
	}
}

func passwordCreateOf(v model.Values) api.PasswordCreate {
	p := api.PasswordCreate{
		Password: stringValue(v["password"]), Type: strOf(v, "type"), Note: strOf(v, "note"),
		IsActive: boolOf(v, "is_active"), DeleteAfterUsed: boolOf(v, "delete_after_used"),
		GenerateMultiple: boolOf(v, "generate_multiple"),
	}
	if n, ok := model.AsInt(strOf(v, "count")); ok {
		p.Count = int(n)
	}
	return p
}

func passwordOf(v model.Values) model.Password {
	return model.Password{
		Password: stringValue(v["password"]), Type: strOf(v, "type"), Note: strOf(v, "note"),
		IsActive: model.Bool(boolOf(v, "is_active")), DeleteAfterUsed: model.Bool(boolOf(v, "delete_after_used")),
	}
}

// stringValue keeps a password as typed: spaces may be part of it.
func stringValue(x any) string {
	s, _ := x.(string)
	return s
}
