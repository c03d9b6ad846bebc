package apitest

import (
	"fmt"
	"net/http"
	"strings"

	"tweakdash/model"
)

// prohibited are the keys the spec says not to send in server and tweak
// payloads ("Do not send id or configuration_id"); the sandbox refuses them
// with Laravel's prohibited message so that a client that sends them is
// caught.
var prohibited = []string{"id", "configuration_id"}

// payload returns a server's or tweak's fields from a body that holds them at
// the top level or wrapped under the resource name ({"server": {...}}), and
// the prefix its 422 keys take ("server." when wrapped).
func payload(in map[string]any, name string) (map[string]any, string, *reply) {
	w, wrapped := in[name]
	if !wrapped || w == nil {
		return in, "", nil
	}
	m, isObject := w.(map[string]any)
	if !isObject {
		r := invalid(name, fmt.Sprintf("The %s field must be an array.", name))
		return nil, "", &r
	}
	return m, name + ".", nil
}

func checkProhibited(vals map[string]any, prefix string, fe *fieldErrors) {
	for _, key := range prohibited {
		if _, sent := vals[key]; sent {
			fe.add(prefix+key, fmt.Sprintf("The %s field is prohibited.", strings.ReplaceAll(key, "_", " ")))
		}
	}
}

// checkItem validates a server or tweak sent to be created (or upserted).
func checkItem(k kind, vals map[string]any, prefix string, fe *fieldErrors) {
	addModelErrors(fe, prefix, k.res, model.Validate(k.res, model.Values(vals), model.Create))
	checkProhibited(vals, prefix, fe)
}

// requestedKey is the unique_key a create sends, or "".
func requestedKey(vals map[string]any) string {
	s, _ := normalize("unique_key", vals["unique_key"]).(string)
	return s
}

// merged is what an update of stored by vals amounts to: the fields vals
// sends (null clears), then the stored fields it leaves out that still exist
// for the resulting tunnel type. unique_key never changes: it is in the URL.
func merged(r model.Resource, stored, vals map[string]any) model.Values {
	t, _ := stored["tunnel_type"].(string)
	if v, sent := vals["tunnel_type"]; sent {
		t = string(model.TunnelTypeOf(model.Values{"tunnel_type": v}))
	}
	out := model.Values{}
	for _, f := range r.Fields {
		if f.CreateOnly {
			continue
		}
		if v, sent := vals[f.Key]; sent {
			out[f.Key] = v
		} else if v, has := stored[f.Key]; has && f.AppliesTo(model.TunnelType(t)) {
			out[f.Key] = v
		}
	}
	return out
}

// storedValues keeps the fields of v that exist for its tunnel type and have
// a value, normalised and typed.
func storedValues(r model.Resource, v model.Values) map[string]any {
	t := model.TunnelTypeOf(v)
	out := map[string]any{}
	for _, f := range r.Fields {
		if f.CreateOnly || !f.AppliesTo(t) {
			continue
		}
		if val := normalize(f.Key, v[f.Key]); val != nil {
			out[f.Key] = typed(f, val)
		}
	}
	return out
}

// upsert creates the item, or updates the one whose unique_key vals names.
// vals were validated as a create.
func (s *Server) upsert(c *call, cfg *config, k kind, vals map[string]any) (string, *item) {
	key := requestedKey(vals)
	if key == "" {
		key = newKey(s.rng)
	} else if _, it := cfg.findItem(k, key); it != nil {
		it.vals = storedValues(k.res, merged(k.res, it.vals, vals))
		it.updated = c.now
		return "updated", it
	}
	it := &item{id: s.st.nextID(k), key: key, vals: storedValues(k.res, vals), created: c.now, updated: c.now}
	*cfg.items(k) = append(*cfg.items(k), it)
	return "created", it
}

func (s *Server) createItem(c *call, cfg *config, k kind) reply {
	vals, prefix, rep := payload(c.in, k.res.Name)
	if rep != nil {
		return *rep
	}
	var fe fieldErrors
	checkItem(k, vals, prefix, &fe)
	if !fe.empty() {
		return fe.reply()
	}
	if _, existing := cfg.findItem(k, requestedKey(vals)); existing == nil {
		if msg := s.st.itemLimit(k, 1); msg != "" {
			return refusal(http.StatusUnprocessableEntity, msg)
		}
	}
	m := newMutation(cfg)
	action, it := s.upsert(c, cfg, k, vals)
	m.add(k, action, it)
	if action == "created" {
		return created(m.body())
	}
	return ok(m.body())
}

func (s *Server) updateItem(c *call, cfg *config, k kind, key string) reply {
	_, it := cfg.findItem(k, key)
	if it == nil {
		return missingItem(k)
	}
	vals, prefix, rep := payload(c.in, k.res.Name)
	if rep != nil {
		return *rep
	}
	var fe fieldErrors
	mv := merged(k.res, it.vals, vals)
	addModelErrors(&fe, prefix, k.res, model.Validate(k.res, mv, model.Update))
	checkProhibited(vals, prefix, &fe)
	if !fe.empty() {
		return fe.reply()
	}
	it.vals, it.updated = storedValues(k.res, mv), c.now
	m := newMutation(cfg)
	m.add(k, "updated", it)
	return ok(m.body())
}

func (s *Server) deleteItem(cfg *config, k kind, key string) reply {
	i, it := cfg.findItem(k, key)
	if it == nil {
		return missingItem(k)
	}
	list := cfg.items(k)
	*list = append((*list)[:i:i], (*list)[i+1:]...)
	m := newMutation(cfg)
	m.add(k, "deleted", it)
	return ok(m.body())
}

// missingItem answers a server or tweak key that is not in the configuration:
// "Delete operations require existing unique_key values in the target
// configuration" is a validation rule, hence 422 on unique_key.
func missingItem(k kind) reply {
	return invalid("unique_key", fmt.Sprintf("The selected unique key is invalid: no %s has it in this configuration.", strings.ToLower(k.label)))
}

func listItems(cfg *config, k kind) reply {
	list := make([]obj, 0, len(*cfg.items(k)))
	for _, it := range *cfg.items(k) {
		o := obj{{"id", it.id}, {"configuration_id", cfg.id}, {"unique_key", it.key}}
		for _, f := range k.res.Fields {
			if !f.CreateOnly {
				o = append(o, kv{f.Key, it.vals[f.Key]})
			}
		}
		list = append(list, append(o, kv{"created_at", stamp(it.created)}, kv{"updated_at", stamp(it.updated)}))
	}
	return ok(obj{{"success", true}, {"message", k.label + "s listed"},
		{"configuration_id", cfg.id}, {"config_unique_key", cfg.key}, {k.plural, list}})
}

// mutation builds the body of server/tweak create, update, delete and sync.
type mutation struct {
	cfg    *config
	lists  map[string][]obj
	counts map[string]int
}

func newMutation(cfg *config) *mutation {
	return &mutation{cfg: cfg, lists: map[string][]obj{}, counts: map[string]int{}}
}

func (m *mutation) add(k kind, action string, it *item) {
	m.counts[k.plural+"_"+action]++
	m.lists[k.plural] = append(m.lists[k.plural], obj{{"action", action}, {"id", it.id},
		{"unique_key", it.key}, {"name", it.vals["name"]}, {"tunnel_type", it.vals["tunnel_type"]}})
}

func (m *mutation) body() obj {
	var sum obj
	for _, p := range []string{"servers", "tweaks"} {
		for _, a := range []string{"created", "updated", "deleted"} {
			sum = append(sum, kv{p + "_" + a, m.counts[p+"_"+a]})
		}
	}
	list := func(p string) []obj {
		if m.lists[p] == nil {
			return []obj{}
		}
		return m.lists[p]
	}
	return obj{{"success", true}, {"message", "Configuration resources synced"},
		{"configuration_id", m.cfg.id}, {"configuration_name", m.cfg.name}, {"config_unique_key", m.cfg.key},
		{"summary", sum}, {"servers", list("servers")}, {"tweaks", list("tweaks")}}
}
