package model

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Values holds a resource's fields keyed as the API names them, with the
// shapes encoding/json gives: string, bool, nil, float64 or json.Number; forms
// add int64 and numeric strings.
type Values map[string]any

// FieldErrors maps a field key to its messages, keyed as the server keys its
// 422 errors.
type FieldErrors map[string][]string

// Add appends a message to key.
func (e FieldErrors) Add(key, msg string) { e[key] = append(e[key], msg) }

// Keys returns the keys in sorted order.
func (e FieldErrors) Keys() []string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Prefixed returns the errors with every key under prefix (servers.0.name).
func (e FieldErrors) Prefixed(prefix string) FieldErrors {
	out := make(FieldErrors, len(e))
	for k, v := range e {
		out[prefix+"."+k] = v
	}
	return out
}

// Op is what a request does with a resource.
type Op int

const (
	Create Op = iota
	Update
)

// attr is how Laravel names a field in its messages: underscores become spaces.
func attr(key string) string { return strings.ReplaceAll(key, "_", " ") }

// normalize applies what Laravel's middleware does before validation: strings
// are trimmed (except passwords) and empty strings become null.
func normalize(key string, v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	// Passwords keep their blanks, but one made only of blanks fails
	// "required" as Laravel's validateRequired trims before checking.
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if key != "password" {
		s = strings.TrimSpace(s)
	}
	return s
}

// TunnelTypeOf returns the tunnel_type in v, or "".
func TunnelTypeOf(v Values) TunnelType {
	s, _ := v["tunnel_type"].(string)
	return TunnelType(strings.TrimSpace(s))
}

// Validate checks v against r's rules as the server does and returns the
// messages by field; nil when valid. Updates of device IDs and passwords may
// omit fields; updates of servers and tweaks replace the resource and are
// checked like creates.
func Validate(r Resource, v Values, op Op) FieldErrors {
	errs := FieldErrors{}
	t := TunnelTypeOf(v)
	typeKnown := !r.Typed || containsType(enumTypes(r), t)
	partial := op == Update && !r.Typed
	generate := r.Name == PasswordResource.Name && truthy(v["generate_multiple"])
	for _, f := range r.Fields {
		raw, present := v[f.Key]
		val := normalize(f.Key, raw)
		if op == Update && f.CreateOnly && r.Typed {
			continue
		}
		if r.Typed && typeKnown && !f.AppliesTo(t) {
			if val != nil {
				errs.Add(f.Key, fmt.Sprintf("The %s field is prohibited for tunnel type %s.", attr(f.Key), t))
			}
			continue
		}
		if f.Key == "password" && generate {
			continue // the API generates the values and ignores this field
		}
		if val == nil {
			required := f.RequiredWith(t) || (f.Key == "password" && !generate)
			if required && (!partial || present) {
				if f.Key == "password" {
					errs.Add(f.Key, "The password field is required unless generate multiple is true.")
				} else {
					errs.Add(f.Key, fmt.Sprintf("The %s field is required.", attr(f.Key)))
				}
			}
			continue
		}
		if msg := checkValue(f, val, op); msg != "" {
			errs.Add(f.Key, msg)
		}
	}
	if r.Name == PasswordResource.Name && truthy(v["delete_after_used"]) {
		if typ, _ := normalize("type", v["type"]).(string); typ != OneTime {
			errs.Add("delete_after_used", "The delete after used field is only allowed when type is one_time.")
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func enumTypes(r Resource) []TunnelType {
	f, _ := r.Field("tunnel_type")
	out := make([]TunnelType, len(f.Enum))
	for i, s := range f.Enum {
		out[i] = TunnelType(s)
	}
	return out
}

// checkValue applies f's rules to a non-empty value and returns the first
// failing rule's message.
func checkValue(f Field, val any, op Op) string {
	name := attr(f.Key)
	switch f.Kind {
	case KindBool:
		if _, ok := AsBool(val); !ok {
			return fmt.Sprintf("The %s field must be true or false.", name)
		}
		return ""
	case KindInt:
		n, ok := AsInt(val)
		if !ok {
			return fmt.Sprintf("The %s field must be an integer.", name)
		}
		if f.Min != nil && n < int64(*f.Min) {
			return fmt.Sprintf("The %s field must be at least %d.", name, *f.Min)
		}
		if f.Max != nil && n > int64(*f.Max) {
			return fmt.Sprintf("The %s field must not be greater than %d.", name, *f.Max)
		}
		return ""
	}
	s, ok := val.(string)
	if !ok {
		return fmt.Sprintf("The %s field must be a string.", name)
	}
	if f.Hex32 {
		if op == Create {
			b := ParseDeviceIDs(s, nil)
			if len(b.Malformed) > 0 {
				return fmt.Sprintf("The %s field must be 32 hexadecimal characters (%q is not).", name, b.Malformed[0].Text)
			}
			if len(b.New)+len(b.Duplicates) == 0 {
				return fmt.Sprintf("The %s field is required.", name) // only separators
			}
			return ""
		}
		if !IsDeviceID(strings.ToUpper(s)) {
			return fmt.Sprintf("The %s field must be 32 hexadecimal characters.", name)
		}
		return ""
	}
	n := utf8.RuneCountInString(s)
	if f.MinLen > 0 && n < f.MinLen {
		return fmt.Sprintf("The %s field must be at least %d characters.", name, f.MinLen)
	}
	if f.MaxLen > 0 && n > f.MaxLen {
		return fmt.Sprintf("The %s field must not be greater than %d characters.", name, f.MaxLen)
	}
	if f.Enum != nil && !containsString(f.Enum, s) {
		return fmt.Sprintf("The selected %s is invalid.", name)
	}
	if f.Pattern != nil && !f.Pattern.MatchString(s) {
		return fmt.Sprintf("The %s field format is invalid.", name)
	}
	return ""
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// AsInt reads an integer as Laravel's integer rule accepts it: a whole JSON
// number or a string of digits.
func AsInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case Int:
		return int64(n), true
	case float64:
		if n != math.Trunc(n) || math.IsInf(n, 0) || math.Abs(n) > 1<<53 {
			return 0, false
		}
		return int64(n), true
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	case string:
		i, err := strconv.ParseInt(strings.TrimSpace(n), 10, 64)
		return i, err == nil
	}
	return 0, false
}

// AsBool reads a boolean as Laravel's boolean rule accepts it: true, false,
// 0, 1, "0", "1".
func AsBool(v any) (bool, bool) {
	switch b := v.(type) {
	case bool:
		return b, true
	case Bool:
		return bool(b), true
	case string:
		switch b {
		case "1":
			return true, true
		case "0":
			return false, true
		}
	default:
		if n, ok := AsInt(v); ok && (n == 0 || n == 1) {
			return n == 1, true
		}
	}
	return false, false
}

func truthy(v any) bool {
	b, ok := AsBool(v)
	return ok && b
}
