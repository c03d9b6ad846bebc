package apitest

import (
	"fmt"
	"net/http"

	"tweakdash/model"
)

// listConfigs lists every configuration of the account, whatever the key's
// scope: a key limited to some configurations sees the others and gets 403
// when it acts on them.
func (s *Server) listConfigs() reply {
	list := make([]obj, 0, len(s.st.configs))
	for _, c := range s.st.configs {
		list = append(list, obj{{"id", c.id}, {"name", c.name}, {"unique_key", c.key},
			{"servers_count", len(c.servers)}, {"tweaks_count", len(c.tweaks)},
			{"created_at", stamp(c.created)}, {"updated_at", stamp(c.updated)}})
	}
	limit := s.st.limits.Configs
	return ok(obj{{"success", true}, {"message", "Configurations listed"},
		{"total", len(list)}, {"max_configurations", limit},
		{"remaining_configurations", max(0, limit-len(list))}, {"configurations", list}})
}

// listResources answers with the short shape of the spec's example: name,
// tunnel_type, unique_key and timestamps. The full records come from the
// servers and tweaks endpoints.
func listResources(cfg *config) reply {
	short := func(k kind) []obj {
		list := make([]obj, 0, len(*cfg.items(k)))
		for _, it := range *cfg.items(k) {
			list = append(list, obj{{"name", it.vals["name"]}, {"tunnel_type", it.vals["tunnel_type"]},
				{"unique_key", it.key}, {"created_at", stamp(it.created)}, {"updated_at", stamp(it.updated)}})
		}
		return list
	}
	return ok(obj{{"success", true}, {"message", "Configuration resources listed"},
		{"configuration_id", cfg.id}, {"configuration_name", cfg.name}, {"config_unique_key", cfg.key},
		{"servers", short(serverKind)}, {"tweaks", short(tweakKind)}})
}

// sync upserts the servers and tweaks of POST /api/v1/configs into an existing
// configuration. It never deletes what the request leaves out. The request is
// all or nothing: every item is validated, and the limits checked, before
// any is stored.
func (s *Server) sync(c *call) reply {
	var fe fieldErrors
	addModelErrors(&fe, "", model.SyncResource, model.Validate(model.SyncResource, c.in, model.Create))
	if !fe.empty() {
		return fe.reply()
	}
	cfg, rep := s.configFor(c, normalize("config_unique_key", c.in["config_unique_key"]).(string))
	if rep != nil {
		return *rep
	}
	type change struct {
		k    kind
		vals map[string]any
	}
	var plan []change
	for _, k := range []kind{serverKind, tweakKind} {
		raw := c.in[k.plural]
		if raw == nil {
			continue
		}
		list, isList := raw.([]any)
		if !isList {
			fe.add(k.plural, fmt.Sprintf("The %s field must be an array.", k.plural))
			continue
		}
		for i, x := range list {
			at := fmt.Sprintf("%s.%d", k.plural, i)
			vals, isObject := x.(map[string]any)
			if !isObject {
				fe.add(at, fmt.Sprintf("The %s field must be an array.", at))
				continue
			}
			checkItem(k, vals, at+".", &fe)
			plan = append(plan, change{k, vals})
		}
	}
	if !fe.empty() {
		return fe.reply()
	}
	for _, k := range []kind{serverKind, tweakKind} {
		adding, seen := 0, map[string]bool{}
		for _, ch := range plan {
			key := requestedKey(ch.vals)
			if ch.k.plural != k.plural || key != "" && seen[key] {
				continue
			}
			if _, existing := cfg.findItem(k, key); existing == nil {
				seen[key] = key != ""
				adding++
			}
		}
		if msg := s.st.itemLimit(k, adding); msg != "" {
			return refusal(http.StatusUnprocessableEntity, msg)
		}
	}
	m := newMutation(cfg)
	for _, ch := range plan {
		action, it := s.upsert(c, cfg, ch.k, ch.vals)
		m.add(ch.k, action, it)
	}
	return ok(m.body())
}
