package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

// What a create or update sends: the values --from and --set give, checked
// against model's rule table (the forms' table) before anything is sent.

// maxFromFile bounds what --from reads: a record is a few KB, a V2Ray
// config or a key a few more.
const maxFromFile = 4 << 20

// valueFlags are --set field=value (repeatable) and --from FILE|-.
type valueFlags struct {
	set  []string
	from string
}

// values merges --from (a JSON object) and then --set over base (the
// record being updated; nil for a create). A field r does not have is
// invalid input, named.
func (f valueFlags) values(r model.Resource, base model.Values, stdin io.Reader) (model.Values, model.FieldErrors, error) {
	v := model.Values{}
	for k, x := range base {
		v[k] = x
	}
	bad := model.FieldErrors{}
	known := func(k string) bool {
		if _, ok := r.Field(k); ok {
			return true
		}
		bad.Add(k, fmt.Sprintf("not a field of a %s (its fields: %s)", r.Name, strings.Join(fieldKeys(r), ", ")))
		return false
	}
	if f.from != "" {
		obj, err := readObject(f.from, stdin)
		if err != nil {
			return nil, nil, err
		}
		for k, x := range obj {
			if recordOnly[k] {
				continue
			}
			if known(k) {
				v[k] = x
			}
		}
	}
	for _, s := range f.set {
		k, x, ok := strings.Cut(s, "=")
		if !ok {
			return nil, nil, fmt.Errorf("%w: --set %q: want field=value", errUsage, s)
		}
		k = strings.TrimSpace(k)
		if !known(k) {
			continue
		}
		v[k] = x
		// A boolean reads as people type it: true, false, yes, no, 1, 0.
		if fd, _ := r.Field(k); fd.Kind == model.KindBool {
			if b, ok := parseBool(x); ok {
				v[k] = b
			}
		}
	}
	if len(bad) > 0 {
		return nil, bad, nil
	}
	return v, nil, nil
}

// recordOnly are the keys a record as read holds (get --json) that no
// write takes: --from passes over them, so that a record read from one
// config can be created in another.
var recordOnly = map[string]bool{"id": true, "configuration_id": true, "created_at": true, "updated_at": true,
	"action": true, "kind": true, "used_device_id": true, "used_at": true}

// readObject reads the JSON object of --from: a file, or stdin for "-".
func readObject(from string, stdin io.Reader) (map[string]any, error) {
	in := stdin
	if from != "-" {
		f, err := os.Open(from)
		if err != nil {
			return nil, fmt.Errorf("--from: %w", err)
		}
		defer f.Close()
		in = f
	}
	data, err := io.ReadAll(io.LimitReader(in, maxFromFile+1))
	if err != nil {
		return nil, fmt.Errorf("--from: %w", err)
	}
	if len(data) > maxFromFile {
		return nil, fmt.Errorf("--from: more than %d bytes", maxFromFile)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return nil, &exitCode{code: exitInvalid, err: fmt.Errorf("--from: not a JSON object: %v", err)}
	}
	return obj, nil
}

func fieldKeys(r model.Resource) []string {
	out := make([]string, len(r.Fields))
	for i, f := range r.Fields {
		out[i] = f.Key
	}
	return out
}

// refused prints each field's message as "field: message", then the
// messages tied to no field, on stderr, and returns exit status 3.
func refused(w io.Writer, fields model.FieldErrors, general []string) error {
	for _, k := range fields.Keys() {
		for _, m := range fields[k] {
			fmt.Fprintf(w, "%s: %s\n", k, termsafe.OneLine(m))
		}
	}
	for _, m := range general {
		fmt.Fprintln(w, termsafe.OneLine(m))
	}
	return &exitCode{code: exitInvalid}
}

// sendFailed is refused for a 422, and err itself otherwise.
func sendFailed(w io.Writer, r model.Resource, err error) error {
	var ae *api.Error
	if errors.As(err, &ae) && ae.Status == 422 {
		fields, general := ae.FormErrors(r)
		return refused(w, fields, general)
	}
	return err
}

// decodeRecord turns values into the record the client sends, through
// model.Body so that integers and empties follow the body builder's rules.
func decodeRecord(r model.Resource, v model.Values, out any) error {
	b, err := json.Marshal(model.Body(r, v, model.Create))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "1", "on":
		return true, true
	case "false", "no", "0", "off":
		return false, true
	}
	return false, false
}
