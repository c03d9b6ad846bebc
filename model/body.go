package model

import (
	"strings"
)

// Body builds the JSON body for creating or updating a resource of r from v,
// as the API wants it: only the fields that exist for the tunnel type, never
// id or configuration_id; integers as numbers and booleans as booleans. A
// create leaves out empty fields; an update sends every field of the type and
// clears the empty optional ones with null, so that a cleared note is cleared.
func Body(r Resource, v Values, op Op) map[string]any {
	t := TunnelTypeOf(v)
	body := make(map[string]any, len(r.Fields))
	for _, f := range r.Fields {
		if r.Typed && !f.AppliesTo(t) {
			continue
		}
		if op == Update && f.CreateOnly {
			continue // the upsert key is in the URL
		}
		if op == Create && f.UpdateOnly {
			continue
		}
		raw, present := v[f.Key]
		val := jsonValue(f, raw)
		switch {
		case val != nil:
			body[f.Key] = val
		case op == Update && (r.Typed || present):
			body[f.Key] = nil
		}
	}
	return body
}

// jsonValue converts a form or struct value to what the API takes, or nil
// when it is empty.
func jsonValue(f Field, v any) any {
	switch f.Kind {
	case KindInt:
		if s, ok := v.(string); ok && strings.TrimSpace(s) == "" {
			return nil
		}
		if n, ok := AsInt(v); ok {
			return n
		}
	case KindBool:
		if b, ok := AsBool(v); ok {
			return b
		}
		return nil
	}
	if s, ok := v.(string); ok {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return s
	}
	return v
}
