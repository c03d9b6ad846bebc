package apitest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"tweakdash/model"
)

// ruleCase breaks one rule of one row of a spec table: body is valid but for
// field.
type ruleCase struct {
	name  string
	field string
	t     model.TunnelType // typed resources only
	body  model.Values
}

// validValue is a value that passes f's rules for tunnel type t.
func validValue(f model.Field, t model.TunnelType) any {
	switch {
	case f.Key == "tunnel_type":
		return string(t)
	case f.Hex32:
		return idC
	case f.Pattern != nil:
		return "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----"
	case f.Kind == model.KindEnum:
		return f.Enum[0]
	case f.Kind == model.KindInt:
		if f.Min != nil {
			return *f.Min
		}
		return 443
	case f.Kind == model.KindBool:
		return false
	case f.MinLen > 0:
		return strings.Repeat("s", f.MinLen)
	}
	return "v"
}

// validBody has every field that is required for t.
func validBody(r model.Resource, t model.TunnelType) model.Values {
	v := model.Values{}
	for _, f := range r.Fields {
		if r.Typed && !f.AppliesTo(t) {
			continue
		}
		if f.RequiredWith(t) || r.Name == model.PasswordResource.Name && f.Key == "password" {
			v[f.Key] = validValue(f, t)
		}
	}
	return v
}

func with(v model.Values, key string, val any) model.Values {
	out := model.Values{}
	for k, x := range v {
		out[k] = x
	}
	out[key] = val
	return out
}

func without(v model.Values, key string) model.Values {
	out := with(v, key, nil)
	delete(out, key)
	return out
}

// typesOf lists the tunnel types to try for r: every type for typed
// resources, none for the others.
func typesOf(r model.Resource) []model.TunnelType {
	if !r.Typed {
		return []model.TunnelType{""}
	}
	f, _ := r.Field("tunnel_type")
	out := make([]model.TunnelType, len(f.Enum))
	for i, s := range f.Enum {
		out[i] = model.TunnelType(s)
	}
	return out
}

// ruleCases derives, from the model's table for r, one failing body per
// rule of every row: required, required for a type, absent for a type,
// length, enum, integer and bounds, boolean, pattern, 32-hex.
func ruleCases(r model.Resource) []ruleCase {
	var cases []ruleCase
	add := func(f model.Field, t model.TunnelType, rule string, body model.Values) {
		name := fmt.Sprintf("%s/%s", f.Key, rule)
		if t != "" {
			name += "/" + string(t)
		}
		cases = append(cases, ruleCase{name: name, field: f.Key, t: t, body: body})
	}
	types := typesOf(r)
	for _, f := range r.Fields {
		// A type where the field exists, for the rules on its value.
		t := types[0]
		for _, x := range types {
			if !r.Typed || f.AppliesTo(x) {
				t = x
				break
			}
		}
		base := validBody(r, t)
		if f.Required {
			add(f, t, "required", without(base, f.Key))
			add(f, t, "required-blank", with(base, f.Key, "  "))
		}
		for _, rt := range f.RequiredFor {
			add(f, rt, "required-for-type", without(validBody(r, rt), f.Key))
		}
		if r.Typed {
			for _, x := range types {
				if !f.AppliesTo(x) {
					add(f, x, "prohibited-for-type", with(validBody(r, x), f.Key, validValue(f, t)))
					break
				}
			}
		}
		if f.MaxLen > 0 {
			add(f, t, "max", with(base, f.Key, strings.Repeat("é", f.MaxLen+1)))
		}
		if f.MinLen > 0 {
			add(f, t, "min", with(base, f.Key, strings.Repeat("s", f.MinLen-1)))
		}
		switch f.Kind {
		case model.KindEnum:
			add(f, t, "enum-case", with(base, f.Key, strings.ToUpper(fmt.Sprint(validValue(f, t)))))
		case model.KindInt:
			add(f, t, "integer", with(base, f.Key, "12abc"))
			if f.Min != nil {
				add(f, t, "min-value", with(base, f.Key, *f.Min-1))
			}
			if f.Max != nil {
				add(f, t, "max-value", with(base, f.Key, *f.Max+1))
			}
		case model.KindBool:
			add(f, t, "boolean", with(base, f.Key, "maybe"))
		default:
			if f.Key != "tunnel_type" {
				add(f, t, "string", with(base, f.Key, 12))
			}
		}
		if f.Pattern != nil {
			add(f, t, "pattern", with(base, f.Key, "ssh-ed25519 AAAA not a private key"))
		}
		if f.Hex32 {
			add(f, t, "hex32", with(base, f.Key, strings.Repeat("G", 32)))
			add(f, t, "hex32-length", with(base, f.Key, idA[:31]))
		}
	}
	if r.Name == model.PasswordResource.Name {
		// The rules the table states in words: password unless
		// generate_multiple; delete_after_used only for one_time.
		pw, _ := r.Field("password")
		dau, _ := r.Field("delete_after_used")
		add(pw, "", "required-unless-generate", without(validBody(r, ""), "password"))
		add(dau, "", "only-one-time", with(with(validBody(r, ""), "type", model.Reusable), "delete_after_used", true))
	}
	return cases
}

// TestRuleCasesCoverEveryRow makes sure the generator misses no row of any
// table: a field without a case would be a rule the sandbox is never shown
// to enforce.
func TestRuleCasesCoverEveryRow(t *testing.T) {
	for _, r := range []model.Resource{model.ServerResource, model.TweakResource, model.DeviceIDResource, model.PasswordResource, model.SyncResource} {
		covered := map[string]bool{}
		for _, c := range ruleCases(r) {
			covered[c.field] = true
		}
		for _, f := range r.Fields {
			if !covered[f.Key] {
				t.Errorf("%s.%s: no rule case", r.Name, f.Key)
			}
		}
	}
}

// assertOnly checks a 422 whose errors name exactly key.
func assertOnly(t *testing.T, r response, key string) {
	t.Helper()
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422\n%s", r.status, r.raw)
	}
	if keys := r.errorKeys(); !slices.Equal(keys, []string{key}) {
		t.Fatalf("errors keyed %v, want [%s]\n%s", keys, key, r.raw)
	}
	msgs := r.fieldErrors(key)
	if len(msgs) == 0 {
		t.Fatalf("errors.%s holds no message\n%s", key, r.raw)
	}
	if first, _ := msgs[0].(string); r.str("message") != first && !strings.HasPrefix(r.str("message"), first+" (and ") {
		t.Fatalf("message %q does not start with the first error %v", r.str("message"), msgs)
	}
}

// TestTypedRulesEveryWay sends every server and tweak rule case as a top-level
// create, a wrapped create, an item of a sync, and (for the fields an update
// takes) an update, and expects 422 on the field under the key Laravel uses.
// Nothing may be stored by a refused request.
func TestTypedRulesEveryWay(t *testing.T) {
	for _, k := range []kind{serverKind, tweakKind} {
		sb, cfg := emptySandbox(t)
		existing := map[model.TunnelType]string{}
		for _, tt := range typesOf(k.res) {
			body := with(validBody(k.res, tt), "name", "base "+string(tt))
			r := sb.call(http.MethodPost, configPath(cfg, k.plural), body).must(t, 201)
			existing[tt] = r.str(k.plural + ".0.unique_key")
		}
		count := func() int {
			return len(sb.call(http.MethodGet, configPath(cfg, k.plural), nil).must(t, 200).list(k.plural))
		}
		before := count()
		for _, c := range ruleCases(k.res) {
			t.Run(k.plural+"/"+c.name, func(t *testing.T) {
				assertOnly(t, sb.call(http.MethodPost, configPath(cfg, k.plural), c.body), c.field)
				assertOnly(t, sb.call(http.MethodPost, configPath(cfg, k.plural), map[string]any{k.res.Name: c.body}), k.res.Name+"."+c.field)
				sync := map[string]any{"config_unique_key": cfg,
					k.plural: []any{validBody(k.res, c.t), c.body}}
				assertOnly(t, sb.call(http.MethodPost, configsPath, sync), k.plural+".1."+c.field)
				if f, _ := k.res.Field(c.field); !f.CreateOnly {
					// An update keeps what it leaves out, so a missing
					// field is sent as null to clear it.
					body := c.body
					if _, sent := body[c.field]; !sent {
						body = with(body, c.field, nil)
					}
					assertOnly(t, sb.call(http.MethodPut, configPath(cfg, k.plural, existing[c.t]), body), c.field)
				}
			})
		}
		if after := count(); after != before {
			t.Errorf("%s: %d stored before the refused requests, %d after", k.plural, before, after)
		}
	}
}

// TestAccessRulesEveryWay does the same for device IDs and passwords:
// creates, and updates of an existing record.
func TestAccessRulesEveryWay(t *testing.T) {
	for _, tc := range []struct {
		res  model.Resource
		coll string
	}{{model.DeviceIDResource, "device-ids"}, {model.PasswordResource, "passwords"}} {
		sb, cfg := emptySandbox(t)
		r := sb.call(http.MethodPost, configPath(cfg, tc.coll), with(validBody(tc.res, ""), "device_id", idA)).must(t, 201)
		id := fmt.Sprint(r.get(strings.ReplaceAll(tc.coll, "-", "_") + ".0.id"))
		for _, c := range ruleCases(tc.res) {
			t.Run(tc.coll+"/"+c.name, func(t *testing.T) {
				assertOnly(t, sb.call(http.MethodPost, configPath(cfg, tc.coll), c.body), c.field)
				f, _ := tc.res.Field(c.field)
				if f.CreateOnly || c.name == "device_id/required" {
					return // an update without device_id keeps it
				}
				body := c.body
				if _, sent := body[c.field]; !sent {
					body = with(body, c.field, nil)
				}
				assertOnly(t, sb.call(http.MethodPut, configPath(cfg, tc.coll, id), body), c.field)
			})
		}
		list := sb.call(http.MethodGet, configPath(cfg, tc.coll), nil).must(t, 200)
		if n := len(list.list(strings.ReplaceAll(tc.coll, "-", "_"))); n != 1 {
			t.Errorf("%s: %d records after refused requests, want the 1 created first", tc.coll, n)
		}
	}
}

// TestSyncConfigKeyRules checks the sync body's own row.
func TestSyncConfigKeyRules(t *testing.T) {
	sb, _ := emptySandbox(t)
	for _, c := range ruleCases(model.SyncResource) {
		t.Run(c.name, func(t *testing.T) {
			assertOnly(t, sb.call(http.MethodPost, configsPath, c.body), c.field)
		})
	}
}

// TestErrorMessageSummarises checks Laravel's message: the first error and a
// count of the others, singular and plural.
func TestErrorMessageSummarises(t *testing.T) {
	sb, cfg := emptySandbox(t)
	r := sb.call(http.MethodPost, configPath(cfg, "servers"), `{"tunnel_type":"ssh"}`)
	assertMessage(t, r, "The name field is required. (and 1 more error)")
	r = sb.call(http.MethodPost, configPath(cfg, "servers"), `{"tunnel_type":"ovpn_tcp","id":1}`)
	assertMessage(t, r, "The name field is required. (and 3 more errors)")
	if keys := r.errorKeys(); !slices.Equal(keys, []string{"id", "ip_port_user_pass", "name", "ovpn_config"}) {
		t.Errorf("errors keyed %v", keys)
	}
	r = sb.call(http.MethodPost, configPath(cfg, "servers"), `{"name":"x","tunnel_type":"ssh","ip_port_user_pass":"a"}`).must(t, 201)
	if r.num("servers.0.id") == 0 {
		t.Errorf("a valid body was not stored: %s", r.raw)
	}
}

func assertMessage(t *testing.T, r response, want string) {
	t.Helper()
	if r.status != http.StatusUnprocessableEntity || r.str("message") != want {
		t.Errorf("got %d %q, want 422 %q\n%s", r.status, r.str("message"), want, r.raw)
	}
}
