package model

import (
	"encoding/json"
	"testing"
)

// bodyJSON marshals Body's result; encoding/json sorts map keys, so the text
// is stable and shows numbers, booleans and nulls as the server receives them.
func bodyJSON(t *testing.T, r Resource, v Values, op Op) string {
	t.Helper()
	b, err := json.Marshal(Body(r, v, op))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBody(t *testing.T) {
	// A form's values after the user switched the type from ovpn_tcp to ssh:
	// leftovers of the other type, ids copied from a decoded record, blanks.
	sshForm := Values{
		"id": int64(7), "configuration_id": int64(12),
		"unique_key": "", "name": "Main SSH Server", "tunnel_type": "ssh",
		"ip_port_user_pass": "user:pass@1.2.3.4:22", "ssl_port": "443",
		"ovpn_config": "client", "ovpn_pk": "", "ssh_pk": "", "hysteria_tx": "100",
		"note": "  ",
	}
	tests := []struct {
		name string
		res  Resource
		v    Values
		op   Op
		want string
	}{
		{
			"server create omits empties, other types' fields and ids", ServerResource, sshForm, Create,
			`{"ip_port_user_pass":"user:pass@1.2.3.4:22","name":"Main SSH Server","ssl_port":443,"tunnel_type":"ssh"}`,
		},
		{
			"server update sends every ssh field, nulls for empty ones", ServerResource, sshForm, Update,
			`{"ip_port_user_pass":"user:pass@1.2.3.4:22","name":"Main SSH Server","note":null,"ssh_pk":null,"ssl_port":443,"tunnel_type":"ssh"}`,
		},
		{
			"server create keeps the upsert key", ServerResource,
			Values{"unique_key": "k1", "name": "n", "tunnel_type": "v2ray_vless", "v2ray_config": "{}"}, Create,
			`{"name":"n","tunnel_type":"v2ray_vless","unique_key":"k1","v2ray_config":"{}"}`,
		},
		{
			"server update of hysteria: integers as numbers, absent ones null", ServerResource,
			Values{"name": "h", "tunnel_type": "hysteria", "ip_port_user_pass": "a;b:1@o:a", "hysteria_tx": float64(100), "hysteria_rx": json.Number("50")}, Update,
			`{"hysteria_rx":50,"hysteria_tx":100,"ip_port_user_pass":"a;b:1@o:a","name":"h","note":null,"tunnel_type":"hysteria"}`,
		},
		{
			"server create of ovpn_tcp keeps multi-line text as typed", ServerResource,
			Values{"name": "o", "tunnel_type": "ovpn_tcp", "ip_port_user_pass": "u:p", "ovpn_config": "client\nremote x 1\n", "ssl_port": int64(0)}, Create,
			`{"ip_port_user_pass":"u:p","name":"o","ovpn_config":"client\nremote x 1\n","ssl_port":0,"tunnel_type":"ovpn_tcp"}`,
		},
		{
			"tweak create for ovpn_tcp_ssh", TweakResource,
			Values{"name": "Default Tweak", "tunnel_type": "ovpn_tcp_ssh", "payload": "CONNECT [host_port] HTTP/1.1", "sni": "example.com", "bug_host": "left over", "dnstt_resolver": "8.8.8.8"}, Create,
			`{"name":"Default Tweak","payload":"CONNECT [host_port] HTTP/1.1","sni":"example.com","tunnel_type":"ovpn_tcp_ssh"}`,
		},
		{
			"tweak update for dnstt", TweakResource,
			Values{"unique_key": "6e1d", "name": "d", "tunnel_type": "dnstt", "dnstt_resolver": "8.8.8.8", "payload": "x"}, Update,
			`{"dnstt_payload":null,"dnstt_resolver":"8.8.8.8","name":"d","note":null,"tunnel_type":"dnstt"}`,
		},
		{
			"device ID create: booleans as booleans", DeviceIDResource,
			Values{"device_id": "A\nB", "note": "", "is_active": "1", "delete_after_used": 0}, Create,
			`{"delete_after_used":false,"device_id":"A\nB","is_active":true}`,
		},
		{
			"device ID update sends only what is present, clears a blank note", DeviceIDResource,
			Values{"note": "", "is_active": false}, Update,
			`{"is_active":false,"note":null}`,
		},
		{
			"password create with generate_multiple", PasswordResource,
			Values{"type": "reusable", "password": "", "generate_multiple": true, "count": "3", "is_active": json.Number("1")}, Create,
			`{"count":3,"generate_multiple":true,"is_active":true,"type":"reusable"}`,
		},
		{
			"password update drops create-only fields", PasswordResource,
			Values{"password": "Secret123", "type": "one_time", "delete_after_used": true, "generate_multiple": true, "count": 2, "is_active": true}, Update,
			`{"delete_after_used":true,"is_active":true,"password":"Secret123","type":"one_time"}`,
		},
		{
			"sync", SyncResource, Values{"config_unique_key": "2f7c", "servers": []any{}}, Create,
			`{"config_unique_key":"2f7c"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bodyJSON(t, tt.res, tt.v, tt.op); got != tt.want {
				t.Errorf("Body:\n got  %s\n want %s", got, tt.want)
			}
		})
	}
}

// TestBodyNeverSendsIDs: whatever the values hold, no body of any resource,
// type or op carries id or configuration_id (spec Rules).
func TestBodyNeverSendsIDs(t *testing.T) {
	for _, op := range []Op{Create, Update} {
		for _, r := range []Resource{ServerResource, TweakResource, DeviceIDResource, PasswordResource} {
			for _, typ := range TweakTunnelTypes {
				v := Values{"id": 1, "configuration_id": 2, "tunnel_type": string(typ), "name": "n"}
				body := Body(r, v, op)
				for _, key := range []string{"id", "configuration_id"} {
					if _, ok := body[key]; ok {
						t.Errorf("%s %s op %d: body has %q", r.Name, typ, op, key)
					}
				}
			}
		}
	}
}

// TestBodyUpdateCoversEveryFieldOfType: an update names every field of the
// type except the upsert key (which is in the URL), so clearing works.
func TestBodyUpdateCoversEveryFieldOfType(t *testing.T) {
	for _, tc := range []struct {
		res   Resource
		types []TunnelType
	}{{ServerResource, ServerTunnelTypes}, {TweakResource, TweakTunnelTypes}} {
		for _, typ := range tc.types {
			body := Body(tc.res, Values{"tunnel_type": string(typ)}, Update)
			for _, f := range tc.res.FieldsFor(typ) {
				if _, ok := body[f.Key]; ok == f.CreateOnly {
					t.Errorf("%s %s: %q in update body = %v", tc.res.Name, typ, f.Key, ok)
				}
			}
			if len(body) != len(tc.res.FieldsFor(typ))-1 {
				t.Errorf("%s %s: update body has %d keys: %v", tc.res.Name, typ, len(body), body)
			}
		}
	}
}

// TestBodyRoundTrip: a server as the API returns it, edited and sent back,
// keeps its values and types.
func TestBodyRoundTrip(t *testing.T) {
	var s Server
	in := `{"id":2,"unique_key":"8bcb3c4f","name":"Main SSH Server v2","tunnel_type":"ssh",
		"ip_port_user_pass":"1.2.3.4:22@user:pass","ssl_port":"443","ssh_pk":null,"note":"",
		"created_at":"2026-02-20 09:00:00"}`
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	v := s.Values()
	v["note"] = "moved to rack 2"
	want := `{"ip_port_user_pass":"1.2.3.4:22@user:pass","name":"Main SSH Server v2","note":"moved to rack 2","ssh_pk":null,"ssl_port":443,"tunnel_type":"ssh"}`
	if got := bodyJSON(t, ServerResource, v, Update); got != want {
		t.Errorf("Body:\n got  %s\n want %s", got, want)
	}
	if errs := Validate(ServerResource, v, Update); errs != nil {
		t.Errorf("Validate = %v", errs)
	}
}
