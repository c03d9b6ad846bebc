package apitest

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"tweakdash/model"
)

// normalize does what Laravel's TrimStrings and ConvertEmptyStringsToNull
// middleware do to input before it is validated and stored: strings are
// trimmed (passwords excepted) and "" becomes null.
func normalize(key string, v any) any {
	s, isString := v.(string)
	if !isString {
		return v
	}
	if key != "password" {
		s = strings.TrimSpace(s)
	}
	if s == "" {
		return nil
	}
	return s
}

// typed converts a validated value to what the database gives back:
// integers as int64, booleans as bool, the rest as strings.
func typed(f model.Field, v any) any {
	switch f.Kind {
	case model.KindInt:
		n, _ := model.AsInt(v)
		return n
	case model.KindBool:
		b, _ := model.AsBool(v)
		return b
	}
	return v
}

// noteOf reads an optional note: nil when absent, null or blank.
func noteOf(in map[string]any) *string {
	if s, isString := normalize("note", in["note"]).(string); isString {
		return &s
	}
	return nil
}

// newKey returns a UUID-like unique_key (version 4 layout) from rng.
func newKey(rng *rand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// addModelErrors adds the model's field errors under prefix, in the order of
// r's table, then any others.
func addModelErrors(fe *fieldErrors, prefix string, r model.Resource, errs model.FieldErrors) {
	for _, f := range r.Fields {
		if msgs, found := errs[f.Key]; found {
			fe.add(prefix+f.Key, msgs...)
		}
	}
	for _, k := range errs.Keys() {
		if _, inTable := r.Field(k); !inTable {
			fe.add(prefix+k, errs[k]...)
		}
	}
}
