package model

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// Laravel's boolean rule accepts exactly true, false, 0, 1, "0" and "1".
var (
	validBools   = []any{true, false, 0, 1, "0", "1", float64(1), json.Number("0"), Bool(true)}
	invalidBools = []any{"yes", "no", "true", "false", "on", 2, -1, 0.5, "01"}
)

func TestValidateDeviceIDRows(t *testing.T) {
	res := DeviceIDResource
	base := Values{"device_id": hexID('A')}
	var cases []vcase
	add := func(name string, op Op, v Values, key string) {
		cases = append(cases, vcase{name: name, res: res, op: op, values: v, wantKey: key})
	}

	// device_id: required on create; exactly 32 hexadecimal characters.
	add("upper-case hex", Create, base, "")
	add("lower-case hex (normalised)", Create, Values{"device_id": "0123456789abcdef0123456789abcdef"}, "")
	add("mixed case", Create, Values{"device_id": "0123456789AbCdEf0123456789aBcDeF"}, "")
	add("surrounding blanks", Create, Values{"device_id": "  " + hexID('b') + "\n"}, "")
	add("absent", Create, Values{}, "device_id")
	add("empty", Create, Values{"device_id": ""}, "device_id")
	add("blank", Create, Values{"device_id": " \n "}, "device_id")
	add("31 chars", Create, Values{"device_id": hexID('A')[:31]}, "device_id")
	add("33 chars", Create, Values{"device_id": hexID('A') + "A"}, "device_id")
	add("non-hex G", Create, Values{"device_id": hexID('G')}, "device_id")
	add("0x prefix", Create, Values{"device_id": "0x" + hexID('1')[:30]}, "device_id")
	add("inner space", Create, Values{"device_id": hexID('A')[:16] + " " + hexID('A')[:16]}, "device_id")
	add("not a string", Create, Values{"device_id": float64(12)}, "device_id")
	// Create takes several IDs separated by newlines, commas or semicolons.
	add("multi-ID LF", Create, Values{"device_id": hexID('A') + "\n" + hexID('B')}, "")
	add("multi-ID CRLF, commas, semicolons", Create, Values{"device_id": hexID('A') + "\r\n" + hexID('b') + "," + hexID('C') + "; " + hexID('D')}, "")
	add("multi-ID with duplicates", Create, Values{"device_id": hexID('A') + "\n" + hexID('a')}, "")
	add("multi-ID with one malformed", Create, Values{"device_id": hexID('A') + "\nnot-an-id\n" + hexID('B')}, "device_id")
	add("only separators", Create, Values{"device_id": ",;\n;,"}, "device_id")
	// Update takes one ID and may leave it out.
	add("update one ID", Update, base, "")
	add("update lower-case", Update, Values{"device_id": strings.ToLower(hexID('E'))}, "")
	add("update without device_id", Update, Values{"note": "renamed"}, "")
	add("update two IDs", Update, Values{"device_id": hexID('A') + "\n" + hexID('B')}, "device_id")
	add("update 31 chars", Update, Values{"device_id": hexID('A')[:31]}, "device_id")
	add("update cleared", Update, Values{"device_id": ""}, "device_id")

	// note: string|max:255
	add("note 255", Create, with(base, "note", strings.Repeat("é", 255)), "")
	add("note 256", Create, with(base, "note", strings.Repeat("é", 256)), "note")
	add("note null", Create, with(base, "note", nil), "")

	// is_active, delete_after_used: boolean
	for _, key := range []string{"is_active", "delete_after_used"} {
		for _, b := range validBools {
			add(fmt.Sprintf("%s %#v", key, b), Create, with(base, key, b), "")
		}
		for _, b := range invalidBools {
			add(fmt.Sprintf("%s %#v", key, b), Create, with(base, key, b), key)
			add(fmt.Sprintf("%s %#v on update", key, b), Update, Values{key: b}, key)
		}
		add(key+" null", Create, with(base, key, nil), "")
	}
	runValidate(t, cases)
}

func TestValidatePasswordRows(t *testing.T) {
	res := PasswordResource
	base := Values{"password": "Secret123", "type": Reusable}
	gen := Values{"type": Reusable, "generate_multiple": true, "count": 3}
	var cases []vcase
	add := func(name string, op Op, v Values, key string) {
		cases = append(cases, vcase{name: name, res: res, op: op, values: v, wantKey: key})
	}

	// password: required|string|min:6|max:255 unless generate_multiple=true
	add("6 chars", Create, with(base, "password", "abcdef"), "")
	add("255 chars", Create, with(base, "password", strings.Repeat("p", 255)), "")
	add("6 multi-byte chars", Create, with(base, "password", "пароль"), "")
	add("surrounding spaces count", Create, with(base, "password", "  abcd"), "")
	add("5 chars", Create, with(base, "password", "abcde"), "password")
	add("5 multi-byte chars (15 bytes)", Create, with(base, "password", "密码密码密"), "password")
	add("256 chars", Create, with(base, "password", strings.Repeat("p", 256)), "password")
	add("absent", Create, with(base, "password", absent), "password")
	add("empty", Create, with(base, "password", ""), "password")
	add("whitespace only", Create, with(base, "password", "        "), "password")
	add("absent with generate_multiple", Create, gen, "")
	add("absent with generate_multiple \"1\"", Create, with(gen, "generate_multiple", "1"), "")
	add("ignored with generate_multiple", Create, with(gen, "password", "abc"), "")
	add("absent with generate_multiple false", Create, with(gen, "generate_multiple", false), "password")
	add("update without password", Update, Values{"note": "x"}, "")
	add("update with short password", Update, Values{"password": "abc"}, "password")

	// type: required|in:reusable,one_time
	add("type one_time", Create, with(base, "type", OneTime), "")
	add("type absent", Create, with(base, "type", absent), "type")
	add("type empty", Create, with(base, "type", ""), "type")
	add("type one-time", Create, with(base, "type", "one-time"), "type")
	add("type wrong case", Create, with(base, "type", "ONE_TIME"), "type")
	add("type update invalid", Update, Values{"type": "forever"}, "type")

	// delete_after_used: boolean, allowed only when type=one_time
	add("delete_after_used with one_time", Create, with(base, "type", OneTime, "delete_after_used", true), "")
	add("delete_after_used \"1\" with one_time", Create, with(base, "type", OneTime, "delete_after_used", "1"), "")
	add("delete_after_used with one_time padded", Create, with(base, "type", " one_time ", "delete_after_used", true), "")
	add("delete_after_used false with reusable", Create, with(base, "delete_after_used", false), "")
	add("delete_after_used with reusable", Create, with(base, "delete_after_used", true), "delete_after_used")
	add("delete_after_used 1 with reusable", Create, with(base, "delete_after_used", 1), "delete_after_used")
	add("delete_after_used on update with reusable", Update, Values{"type": Reusable, "delete_after_used": true}, "delete_after_used")

	// count: integer|min:1|max:5, with generate_multiple
	for _, n := range []any{1, 5, "5", float64(2), json.Number("4")} {
		add(fmt.Sprintf("count %#v", n), Create, with(gen, "count", n), "")
	}
	for _, n := range []any{0, 6, -1, "3.5", 2.5, "x", "10"} {
		add(fmt.Sprintf("count %#v", n), Create, with(gen, "count", n), "count")
	}

	// booleans: is_active, delete_after_used, generate_multiple
	oneTime := with(base, "type", OneTime)
	for _, key := range []string{"is_active", "delete_after_used", "generate_multiple"} {
		for _, b := range validBools {
			add(fmt.Sprintf("%s %#v", key, b), Create, with(oneTime, key, b), "")
		}
		for _, b := range invalidBools {
			add(fmt.Sprintf("%s %#v", key, b), Create, with(oneTime, key, b), key)
		}
	}

	// note: string|max:255
	add("note 255", Create, with(base, "note", strings.Repeat("n", 255)), "")
	add("note 256", Create, with(base, "note", strings.Repeat("n", 256)), "note")
	runValidate(t, cases)
}

func TestValidateSync(t *testing.T) {
	runValidate(t, []vcase{
		{name: "64 chars", res: SyncResource, values: Values{"config_unique_key": strings.Repeat("c", 64)}},
		{name: "UUID-like", res: SyncResource, values: Values{"config_unique_key": "2f7c1f7e-0000-1111-2222-3333dc5a2d8b"}},
		{name: "65 chars", res: SyncResource, values: Values{"config_unique_key": strings.Repeat("c", 65)}, wantKey: "config_unique_key"},
		{name: "absent", res: SyncResource, values: Values{}, wantKey: "config_unique_key"},
		{name: "blank", res: SyncResource, values: Values{"config_unique_key": "  "}, wantKey: "config_unique_key"},
	})
}

// TestFieldErrorsPrefixed: sync errors come back as servers.0.name.
func TestFieldErrorsPrefixed(t *testing.T) {
	errs := Validate(ServerResource, Values{"tunnel_type": "ssh", "ip_port_user_pass": "x"}, Create).Prefixed("servers.0")
	if got := errs.Keys(); len(got) != 1 || got[0] != "servers.0.name" {
		t.Errorf("keys = %v, want [servers.0.name]", got)
	}
}
