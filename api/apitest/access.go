package apitest

import (
	"fmt"
	"strconv"
	"strings"

	"tweakdash/model"
)

// accessBody is the shape of the cloud-access bodies: the spec's device-ID
// list and password-create examples. added < 0 leaves added_count out.
func accessBody(cfg *config, msg, listKey string, list []obj, added int) obj {
	o := obj{{"success", true}, {"message", msg}, {"configuration_id", cfg.id}, {"config_unique_key", cfg.key}}
	if added >= 0 {
		o = append(o, kv{"added_count", added})
	}
	return append(o, kv{listKey, list})
}

// tableValues keeps the keys of in that r's table knows, minus the
// create-only ones: the part of an update body that can change a record.
func tableValues(r model.Resource, in map[string]any, into model.Values) model.Values {
	for k, v := range in {
		if f, inTable := r.Field(k); inTable && !f.CreateOnly {
			into[k] = v
		}
	}
	return into
}

// recordID reads the numeric record id of a device-ID or password URL.
func recordID(s string) int64 {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -1
	}
	return id
}

// missingRecord answers a record id that is not in the configuration; like a
// missing server key, it is a validation failure.
func missingRecord(what string) reply {
	return invalid("id", fmt.Sprintf("The selected id is invalid: no %s has it in this configuration.", what))
}

// addedMessage is the sandbox's message for a create, in the server's
// words: "Device ID added." or "3 device IDs added." (a sentence of the
// server's, not a count for a screen: words.Plural is for those).
func addedMessage(n int, one, many, verb string) string {
	if n == 1 {
		return one + " " + verb + "."
	}
	return fmt.Sprintf("%d %s %s.", n, many, verb)
}

// updatedBool applies an update body's boolean: absent keeps, null clears.
func updatedBool(in map[string]any, key string, cur bool) bool {
	v, sent := in[key]
	if !sent {
		return cur
	}
	b, _ := model.AsBool(normalize(key, v))
	return b
}

// updatedNote applies an update body's note: absent keeps, null or blank
// clears.
func updatedNote(in map[string]any, cur *string) *string {
	if _, sent := in["note"]; !sent {
		return cur
	}
	return noteOf(in)
}

// createdBool reads a create body's boolean: absent or null take def.
func createdBool(in map[string]any, key string, def bool) bool {
	if normalize(key, in[key]) == nil {
		return def
	}
	return updatedBool(in, key, def)
}

func alreadyAdded(es []model.Entry) string {
	if len(es) == 1 {
		return fmt.Sprintf("The device ID %s is already added to this configuration.", es[0].Text)
	}
	ids := make([]string, 0, 5)
	for _, e := range es[:min(5, len(es))] {
		ids = append(ids, e.Text)
	}
	list := strings.Join(ids, ", ")
	if len(es) > 5 {
		list += fmt.Sprintf(" and %d more", len(es)-5)
	}
	return fmt.Sprintf("The device IDs %s are already added to this configuration.", list)
}
