package model

// Visible reports whether field f takes a value given the other values in v:
// a typed resource's field only for its tunnel types; a password only when
// the API does not generate it; count only when it does; delete_after_used
// only for one-time passwords. Forms show exactly the visible fields and send
// only those.
func Visible(r Resource, f Field, v Values, op Op) bool {
	if op == Update && f.CreateOnly || op == Create && f.UpdateOnly {
		return false
	}
	if r.Typed {
		return f.AppliesTo(TunnelTypeOf(v))
	}
	if r.Name == PasswordResource.Name {
		generate := op == Create && truthy(v["generate_multiple"])
		switch f.Key {
		case "password":
			return !generate
		case "count":
			return generate
		case "delete_after_used":
			t, _ := v["type"].(string)
			return t == OneTime
		}
	}
	return true
}

// Dropped lists, in table order, the fields of a typed resource that hold
// a value in v but that tunnel type to does not take: what saving v as to
// would lose. Nil for an untyped resource.
func Dropped(r Resource, v Values, to TunnelType) []Field {
	if !r.Typed {
		return nil
	}
	var out []Field
	for _, f := range r.Fields {
		if f.Key != "tunnel_type" && !f.AppliesTo(to) && normalize(f.Key, v[f.Key]) != nil {
			out = append(out, f)
		}
	}
	return out
}
