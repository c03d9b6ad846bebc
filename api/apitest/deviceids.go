package apitest

import (
	"net/http"
	"strings"

	"tweakdash/model"
)

func deviceObj(d *deviceRecord) obj {
	return obj{{"id", d.id}, {"device_id", d.deviceID}, {"note", strPtr(d.note)},
		{"is_active", d.active}, {"delete_after_used", d.deleteAfterUsed},
		{"created_at", stamp(d.created)}, {"updated_at", stamp(d.updated)}}
}

func listDeviceIDs(cfg *config) reply {
	list := make([]obj, 0, len(cfg.deviceIDs))
	for _, d := range cfg.deviceIDs {
		list = append(list, deviceObj(d))
	}
	return ok(accessBody(cfg, "Device IDs listed", "device_ids", list, -1))
}

// createDeviceIDs adds one ID or a batch (newlines, commas, semicolons),
// upper-cased, duplicates within the request ignored. A malformed entry, or
// an ID already in the configuration, fails the whole request on device_id.
func (s *Server) createDeviceIDs(c *call, cfg *config) reply {
	var fe fieldErrors
	addModelErrors(&fe, "", model.DeviceIDResource, model.Validate(model.DeviceIDResource, c.in, model.Create))
	if !fe.empty() {
		return fe.reply()
	}
	existing := make(map[string]bool, len(cfg.deviceIDs))
	for _, d := range cfg.deviceIDs {
		existing[d.deviceID] = true
	}
	batch := model.ParseDeviceIDs(normalize("device_id", c.in["device_id"]).(string), existing)
	switch {
	case len(batch.Existing) > 0:
		return invalid("device_id", alreadyAdded(batch.Existing))
	case len(batch.New) == 0: // only separators
		return invalid("device_id", "The device id field is required.")
	}
	if msg := s.st.deviceIDLimit(cfg, len(batch.New)); msg != "" {
		return refusal(http.StatusUnprocessableEntity, msg)
	}
	note := noteOf(c.in)
	active := createdBool(c.in, "is_active", true)
	once := createdBool(c.in, "delete_after_used", false)
	list := make([]obj, 0, len(batch.New))
	for _, e := range batch.New {
		s.st.lastID.device++
		d := &deviceRecord{id: s.st.lastID.device, deviceID: e.Text, note: note,
			active: active, deleteAfterUsed: once, created: c.now, updated: c.now}
		cfg.deviceIDs = append(cfg.deviceIDs, d)
		list = append(list, deviceObj(d))
	}
	return created(accessBody(cfg, addedMessage(len(list), "Device ID", "device IDs", "added"), "device_ids", list, len(list)))
}

func findDeviceID(cfg *config, id string) (int, *deviceRecord) {
	n := recordID(id)
	for i, d := range cfg.deviceIDs {
		if d.id == n {
			return i, d
		}
	}
	return -1, nil
}

// updateDeviceID changes one record: omitted fields keep their value, null
// clears (note to null, booleans to false).
func (s *Server) updateDeviceID(c *call, cfg *config, id string) reply {
	_, d := findDeviceID(cfg, id)
	if d == nil {
		return missingRecord("device ID")
	}
	cur := model.Values{"device_id": d.deviceID, "note": strPtr(d.note), "is_active": d.active, "delete_after_used": d.deleteAfterUsed}
	var fe fieldErrors
	addModelErrors(&fe, "", model.DeviceIDResource,
		model.Validate(model.DeviceIDResource, tableValues(model.DeviceIDResource, c.in, cur), model.Update))
	if !fe.empty() {
		return fe.reply()
	}
	newID := d.deviceID
	if v, sent := c.in["device_id"]; sent {
		newID = strings.ToUpper(normalize("device_id", v).(string))
		for _, other := range cfg.deviceIDs {
			if other != d && other.deviceID == newID {
				return invalid("device_id", alreadyAdded([]model.Entry{{Text: newID}}))
			}
		}
	}
	d.deviceID = newID
	d.note = updatedNote(c.in, d.note)
	d.active = updatedBool(c.in, "is_active", d.active)
	d.deleteAfterUsed = updatedBool(c.in, "delete_after_used", d.deleteAfterUsed)
	d.updated = c.now
	return ok(accessBody(cfg, "Device ID updated.", "device_ids", []obj{deviceObj(d)}, -1))
}

func (s *Server) deleteDeviceID(cfg *config, id string) reply {
	i, d := findDeviceID(cfg, id)
	if d == nil {
		return missingRecord("device ID")
	}
	cfg.deviceIDs = append(cfg.deviceIDs[:i:i], cfg.deviceIDs[i+1:]...)
	return ok(accessBody(cfg, "Device ID deleted.", "device_ids", []obj{deviceObj(d)}, -1))
}
