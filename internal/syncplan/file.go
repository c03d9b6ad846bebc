package syncplan

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

// The two lists of a sync body, named as the API names them (and its 422
// keys: servers.0.name).
const (
	Servers = "servers"
	Tweaks  = "tweaks"
)

// MaxFileSize bounds a sync file: a bigger body would be refused anyway
// (8 MiB is PHP's default post_max_size, and the sandbox's bound).
const MaxFileSize = 8 << 20

// File is a sync file as read by Parse.
type File struct {
	ConfigUniqueKey string // the configuration it was exported from; "" when the file does not say
	Servers         []Item
	Tweaks          []Item
}

// Item is one server or tweak of a file, or of a copy.
type Item struct {
	List   string       // Servers or Tweaks
	Index  int          // its place in that list: of the file, or of the records chosen for a copy
	Line   int          // the line of the file it starts on; 0 when it is not from a file
	Values model.Values // its fields keyed as the API names them, as the file gives them
}

// Resource is the field table the item is checked against.
func (it Item) Resource() model.Resource { return resourceOf(it.List) }

// Name is the item's name, trimmed; "" when it has none that is a string.
func (it Item) Name() string { return stringOf(it.Values["name"]) }

// UniqueKey is the item's unique_key, trimmed; "" when it has none.
func (it Item) UniqueKey() string { return stringOf(it.Values["unique_key"]) }

// Place says where the item is, for messages: servers[2] "Main" (line 14)
// for a file's item, server "Main" for a copy's.
func (it Item) Place() string {
	if it.Line == 0 {
		return singular(it.List) + " " + Quote(it.Name())
	}
	return fmt.Sprintf("%s[%d] %s (line %d)", it.List, it.Index, Quote(it.Name()), it.Line)
}

// Quote is how a value from a file or the server is written in a message:
// a Go quoted string, which escapes every control, bidi and invalid byte,
// so that it is safe in a terminal.
func Quote(s string) string { return strconv.Quote(s) }

func singular(list string) string { return strings.TrimSuffix(list, "s") }

func resourceOf(list string) model.Resource {
	if list == Tweaks {
		return model.TweakResource
	}
	return model.ServerResource
}

func stringOf(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// Export writes the sync file of the configuration configKey from its full
// records (GET .../servers and .../tweaks, not the short /resources list):
// config_unique_key, then servers and tweaks in the order of their ids, each
// with unique_key and every field its tunnel type takes, in table order,
// null where there is no value. The output holds every credential the
// records hold. A record without a unique_key is an error: imported back, it
// would be created again. DEL, C1 and bidi controls are written as \uXXXX
// escapes (termsafe.JSON).
func Export(configKey string, servers []model.Server, tweaks []model.Tweak) ([]byte, error) {
	type rec struct {
		id     int64
		values model.Values
	}
	collect := func(list string, n int, at func(int) (model.Int, model.Values)) ([]rec, error) {
		out := make([]rec, 0, n)
		for i := range n {
			id, v := at(i)
			if stringOf(v["unique_key"]) == "" {
				return nil, fmt.Errorf("%s %s (id %d) has no unique_key: it could not be imported back as itself", singular(list), Quote(stringOf(v["name"])), id)
			}
			out = append(out, rec{int64(id), v})
		}
		// Ids only grow: a renamed item keeps its place, a new one comes last.
		slices.SortStableFunc(out, func(a, b rec) int {
			return cmp.Or(cmp.Compare(a.id, b.id), strings.Compare(stringOf(a.values["unique_key"]), stringOf(b.values["unique_key"])))
		})
		return out, nil
	}
	srv, err := collect(Servers, len(servers), func(i int) (model.Int, model.Values) { return servers[i].ID, servers[i].Values() })
	if err != nil {
		return nil, err
	}
	tw, err := collect(Tweaks, len(tweaks), func(i int) (model.Int, model.Values) { return tweaks[i].ID, tweaks[i].Values() })
	if err != nil {
		return nil, err
	}

	var b bytes.Buffer
	b.WriteString("{\n  \"config_unique_key\": ")
	writeJSON(&b, configKey)
	for _, l := range []struct {
		name string
		recs []rec
	}{{Servers, srv}, {Tweaks, tw}} {
		fmt.Fprintf(&b, ",\n  %q: [", l.name)
		for i, r := range l.recs {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString("\n    {")
			for j, f := range fieldsOf(resourceOf(l.name), r.values) {
				if j > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, "\n      %q: ", f.Key)
				writeJSON(&b, normalized(f, r.values[f.Key]))
			}
			b.WriteString("\n    }")
		}
		if len(l.recs) > 0 {
			b.WriteString("\n  ")
		}
		b.WriteString("]")
	}
	b.WriteString("\n}\n")
	// It goes to stdout and into files read with cat: DEL, C1 and bidi
	// controls from the server's names are escaped, the JSON the same.
	return termsafe.JSON(b.Bytes()), nil
}

// fieldsOf lists the fields of an item's tunnel type, in table order.
func fieldsOf(r model.Resource, v model.Values) []model.Field {
	return r.FieldsFor(model.TunnelTypeOf(v))
}

// writeJSON writes v as JSON without HTML escaping: OpenVPN configs are
// full of <ca> and <key>, which must stay readable in an editor.
func writeJSON(b *bytes.Buffer, v any) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)       // strings, int64 and nil cannot fail
	b.Truncate(b.Len() - 1) // Encode ends with a newline
}

// normalized is a value as the server keeps it, for comparing and for
// writing: strings trimmed (Laravel's TrimStrings), "" and blanks as nil,
// integers as int64. A value that does not fit its kind is returned as it
// is, for validation to report.
func normalized(f model.Field, v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		s := strings.TrimSpace(x)
		if s == "" {
			return nil
		}
		if f.Kind == model.KindInt {
			if n, ok := model.AsInt(s); ok {
				return n
			}
		}
		return s
	}
	if f.Kind == model.KindInt {
		if n, ok := model.AsInt(v); ok {
			return n
		}
	}
	return v
}
