package model

import (
	"slices"
	"strings"
	"testing"
)

// The spec's tables, written out by hand per tunnel type: the fields in table
// order, a trailing "*" marking the required ones. FieldsFor and RequiredWith
// must agree with them exactly.
var (
	serverFieldsBySpec = map[TunnelType]string{
		OVPNTCP:        "unique_key name* tunnel_type* ip_port_user_pass* ssl_port ovpn_config* ovpn_pk note",
		OVPNUDP:        "unique_key name* tunnel_type* ip_port_user_pass* ssl_port ovpn_config* ovpn_pk note",
		SSH:            "unique_key name* tunnel_type* ip_port_user_pass* ssl_port ssh_pk note",
		DNSTT:          "unique_key name* tunnel_type* ip_port_user_pass* dnstt_pubkey* note",
		Hysteria:       "unique_key name* tunnel_type* ip_port_user_pass* hysteria_tx hysteria_rx note",
		V2RayDefault:   "unique_key name* tunnel_type* v2ray_config* note",
		V2RayVLESS:     "unique_key name* tunnel_type* v2ray_config* note",
		V2RayVMess:     "unique_key name* tunnel_type* v2ray_config* note",
		V2RaySS:        "unique_key name* tunnel_type* v2ray_config* note",
		V2RaySSR:       "unique_key name* tunnel_type* v2ray_config* note",
		V2RaySocks:     "unique_key name* tunnel_type* v2ray_config* note",
		V2RayTrojan:    "unique_key name* tunnel_type* v2ray_config* note",
		V2RayWireGuard: "unique_key name* tunnel_type* v2ray_config* note",
	}
	tweakFieldsBySpec = map[TunnelType]string{
		OVPNTCPSSH:     "unique_key name* tunnel_type* payload sni tls_version proxy note",
		OVPNTCP:        "unique_key name* tunnel_type* payload sni tls_version proxy note",
		OVPNUDP:        "unique_key name* tunnel_type* payload sni tls_version proxy note",
		SSH:            "unique_key name* tunnel_type* payload sni tls_version proxy note",
		DNSTT:          "unique_key name* tunnel_type* dnstt_resolver* dnstt_payload note",
		Hysteria:       "unique_key name* tunnel_type* note",
		V2RayDefault:   "unique_key name* tunnel_type* bug_host note",
		V2RayVLESS:     "unique_key name* tunnel_type* bug_host note",
		V2RayVMess:     "unique_key name* tunnel_type* bug_host note",
		V2RaySS:        "unique_key name* tunnel_type* bug_host note",
		V2RaySSR:       "unique_key name* tunnel_type* bug_host note",
		V2RaySocks:     "unique_key name* tunnel_type* bug_host note",
		V2RayTrojan:    "unique_key name* tunnel_type* bug_host note",
		V2RayWireGuard: "unique_key name* tunnel_type* bug_host note",
	}
)

// fieldList spells FieldsFor(t) in the notation of the tables above.
func fieldList(r Resource, t TunnelType) string {
	var parts []string
	for _, f := range r.FieldsFor(t) {
		if f.RequiredWith(t) {
			parts = append(parts, f.Key+"*")
		} else {
			parts = append(parts, f.Key)
		}
	}
	return strings.Join(parts, " ")
}

func TestFieldsForMatchesSpec(t *testing.T) {
	for _, tc := range []struct {
		res   Resource
		types []TunnelType
		spec  map[TunnelType]string
	}{
		{ServerResource, ServerTunnelTypes, serverFieldsBySpec},
		{TweakResource, TweakTunnelTypes, tweakFieldsBySpec},
	} {
		if len(tc.types) != len(tc.spec) {
			t.Errorf("%s: %d tunnel types, spec lists %d", tc.res.Name, len(tc.types), len(tc.spec))
		}
		for _, typ := range tc.types {
			want, ok := tc.spec[typ]
			if !ok {
				t.Errorf("%s: tunnel type %s is not in the spec", tc.res.Name, typ)
				continue
			}
			if got := fieldList(tc.res, typ); got != want {
				t.Errorf("%s %s:\n got  %s\n want %s", tc.res.Name, typ, got, want)
			}
		}
	}
}

// TestFieldsForUnknownType: before a type is chosen only the fields every
// type shares are offered.
func TestFieldsForUnknownType(t *testing.T) {
	for _, tc := range []struct {
		res Resource
		typ TunnelType
	}{{ServerResource, ""}, {ServerResource, OVPNTCPSSH}, {TweakResource, ""}, {TweakResource, "SSH"}} {
		if got, want := fieldList(tc.res, tc.typ), "unique_key name* tunnel_type* note"; got != want {
			t.Errorf("%s %q: got %s, want %s", tc.res.Name, tc.typ, got, want)
		}
	}
}

func TestTunnelTypesInSpecOrder(t *testing.T) {
	tweak := "ovpn_tcp_ssh ovpn_tcp ovpn_udp ssh dnstt hysteria v2ray_default v2ray_vless v2ray_vmess v2ray_ss v2ray_ssr v2ray_socks v2ray_trojan v2ray_wireguard"
	server := strings.TrimPrefix(tweak, "ovpn_tcp_ssh ")
	for _, tc := range []struct {
		name string
		got  []string
		want string
	}{
		{"TweakTunnelTypes", typeStrings(TweakTunnelTypes), tweak},
		{"ServerTunnelTypes", typeStrings(ServerTunnelTypes), server},
		{"tweak tunnel_type enum", mustField(t, TweakResource, "tunnel_type").Enum, tweak},
		{"server tunnel_type enum", mustField(t, ServerResource, "tunnel_type").Enum, server},
	} {
		if got := strings.Join(tc.got, " "); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestUntypedFields: the access and sync tables, in spec order, with the
// keys the forms and bodies use.
func TestUntypedFields(t *testing.T) {
	for _, tc := range []struct {
		res  Resource
		want string
	}{
		{DeviceIDResource, "device_id* note is_active delete_after_used"},
		// password is required only without generate_multiple (Validate).
		{PasswordResource, "type* password generate_multiple count delete_after_used note is_active"},
		{SyncResource, "config_unique_key*"},
	} {
		if got := fieldList(tc.res, ""); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.res.Name, got, tc.want)
		}
	}
}

// TestFieldRules pins the numbers and kinds each spec row states.
func TestFieldRules(t *testing.T) {
	type rule struct {
		res    Resource
		key    string
		kind   Kind
		maxLen int
		secret bool
	}
	for _, r := range []rule{
		{ServerResource, "unique_key", KindText, 36, false},
		{ServerResource, "name", KindText, 255, false},
		{ServerResource, "tunnel_type", KindEnum, 25, false},
		{ServerResource, "ssl_port", KindInt, 0, false},
		{ServerResource, "ovpn_config", KindMultiLine, 0, false},
		{ServerResource, "ovpn_pk", KindMultiLine, 0, true},
		{ServerResource, "ssh_pk", KindMultiLine, 0, true},
		{ServerResource, "dnstt_pubkey", KindText, 255, false},
		{ServerResource, "hysteria_tx", KindInt, 0, false},
		{ServerResource, "hysteria_rx", KindInt, 0, false},
		{ServerResource, "v2ray_config", KindMultiLine, 0, false},
		{ServerResource, "note", KindText, 255, false},
		{TweakResource, "unique_key", KindText, 255, false},
		{TweakResource, "name", KindText, 255, false},
		{TweakResource, "tls_version", KindEnum, 0, false},
		{TweakResource, "note", KindText, 255, false},
		{DeviceIDResource, "note", KindText, 255, false},
		{DeviceIDResource, "is_active", KindBool, 0, false},
		{DeviceIDResource, "delete_after_used", KindBool, 0, false},
		{PasswordResource, "password", KindText, 255, true},
		{PasswordResource, "type", KindEnum, 0, false},
		{PasswordResource, "count", KindInt, 0, false},
		{PasswordResource, "generate_multiple", KindBool, 0, false},
		{PasswordResource, "note", KindText, 255, false},
		{SyncResource, "config_unique_key", KindText, 64, false},
	} {
		f := mustField(t, r.res, r.key)
		if f.Kind != r.kind || f.MaxLen != r.maxLen || f.Secret != r.secret {
			t.Errorf("%s.%s: kind %d max %d secret %v, want kind %d max %d secret %v",
				r.res.Name, r.key, f.Kind, f.MaxLen, f.Secret, r.kind, r.maxLen, r.secret)
		}
	}
	if f := mustField(t, TweakResource, "tls_version"); !slices.Equal(f.Enum, []string{"default", "TLSv1.1", "TLSv1.2", "TLSv1.3"}) {
		t.Errorf("tls_version enum = %v", f.Enum)
	}
	if f := mustField(t, PasswordResource, "type"); !slices.Equal(f.Enum, []string{Reusable, OneTime}) {
		t.Errorf("password type enum = %v", f.Enum)
	}
	if f := mustField(t, PasswordResource, "count"); f.Min == nil || *f.Min != 1 || f.Max == nil || *f.Max != 5 {
		t.Errorf("count bounds = %v..%v, want 1..5", f.Min, f.Max)
	}
	if f := mustField(t, PasswordResource, "password"); f.MinLen != 6 {
		t.Errorf("password min = %d, want 6", f.MinLen)
	}
}

// TestServerAddressHint: each type that takes ip_port_user_pass has the
// spec's format hint; the others have none.
func TestServerAddressHint(t *testing.T) {
	want := map[TunnelType]string{
		OVPNTCP: "user:pass", OVPNUDP: "user:pass", SSH: "ip:port or user:pass@ip:port",
		DNSTT: "ip:port", Hysteria: "ip1;ip2:port@obfs:auth",
	}
	for _, typ := range ServerTunnelTypes {
		if got := ServerAddressHint(typ); got != want[typ] {
			t.Errorf("ServerAddressHint(%s) = %q, want %q", typ, got, want[typ])
		}
	}
}

func mustField(t *testing.T, r Resource, key string) Field {
	t.Helper()
	f, ok := r.Field(key)
	if !ok {
		t.Fatalf("%s has no field %q", r.Name, key)
	}
	return f
}
