package model

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestValidateServerEveryTypeValid(t *testing.T) {
	for _, typ := range ServerTunnelTypes {
		for _, op := range []Op{Create, Update} {
			if errs := Validate(ServerResource, validServer(typ), op); errs != nil {
				t.Errorf("%s (op %d): %v", typ, op, errs)
			}
		}
	}
}

// Each spec row of the Server table, valid and invalid.
func TestValidateServerRows(t *testing.T) {
	ssh := validServer(SSH)
	var cases []vcase
	add := func(name string, v Values, key string) {
		cases = append(cases, vcase{name: name, res: ServerResource, op: Create, values: v, wantKey: key})
	}

	// unique_key: string|max:36
	add("unique_key 36 chars", with(ssh, "unique_key", "8bcb3c4f-1111-2222-3333-44447b6c4a12"), "")
	add("unique_key null", with(ssh, "unique_key", nil), "")
	add("unique_key 37 chars", with(ssh, "unique_key", strings.Repeat("k", 37)), "unique_key")
	add("unique_key 36 multi-byte chars", with(ssh, "unique_key", strings.Repeat("ключ", 9)), "")

	// name: required|string|max:255
	add("name 255 chars", with(ssh, "name", strings.Repeat("n", 255)), "")
	add("name 255 multi-byte chars", with(ssh, "name", strings.Repeat("配", 255)), "")
	add("name absent", with(ssh, "name", absent), "name")
	add("name null", with(ssh, "name", nil), "name")
	add("name empty", with(ssh, "name", ""), "name")
	add("name whitespace only", with(ssh, "name", " \t\n "), "name")
	add("name 256 chars", with(ssh, "name", strings.Repeat("n", 256)), "name")
	add("name 256 multi-byte chars", with(ssh, "name", strings.Repeat("配", 256)), "name")
	add("name not a string", with(ssh, "name", float64(5)), "name")

	// tunnel_type: required|string|max:25, exact enum without ovpn_tcp_ssh
	add("tunnel_type surrounding blanks trimmed", with(ssh, "tunnel_type", " ssh "), "")
	add("tunnel_type absent", Values{"name": "x"}, "tunnel_type")
	add("tunnel_type empty", Values{"name": "x", "tunnel_type": ""}, "tunnel_type")
	add("tunnel_type ovpn_tcp_ssh is tweak only", with(ssh, "tunnel_type", "ovpn_tcp_ssh"), "tunnel_type")
	add("tunnel_type wrong case", with(ssh, "tunnel_type", "SSH"), "tunnel_type")
	add("tunnel_type not in enum", with(ssh, "tunnel_type", "wireguard"), "tunnel_type")
	add("tunnel_type over 25 chars", with(ssh, "tunnel_type", "v2ray_wireguard_v2ray_vless"), "tunnel_type")
	add("tunnel_type not a string", with(ssh, "tunnel_type", float64(3)), "tunnel_type")

	// ip_port_user_pass: required for ovpn_tcp, ovpn_udp, ssh, dnstt, hysteria
	for _, typ := range []TunnelType{OVPNTCP, OVPNUDP, SSH, DNSTT, Hysteria} {
		v := validServer(typ)
		add("ip_port_user_pass present for "+string(typ), v, "")
		add("ip_port_user_pass absent for "+string(typ), with(v, "ip_port_user_pass", absent), "ip_port_user_pass")
		add("ip_port_user_pass empty for "+string(typ), with(v, "ip_port_user_pass", ""), "ip_port_user_pass")
		add("ip_port_user_pass blank for "+string(typ), with(v, "ip_port_user_pass", "   "), "ip_port_user_pass")
	}

	// ssl_port: optional integer for ovpn_tcp, ovpn_udp, ssh
	for _, typ := range []TunnelType{OVPNTCP, OVPNUDP, SSH} {
		v := validServer(typ)
		for _, port := range []any{443, int64(443), float64(443), "443", json.Number("443"), " 443 ", nil, ""} {
			add("ssl_port valid for "+string(typ), with(v, "ssl_port", port), "")
		}
		for _, port := range []any{"44a", 1.5, "1.5", "443.0", true, "port"} {
			add("ssl_port invalid for "+string(typ), with(v, "ssl_port", port), "ssl_port")
		}
	}

	// ovpn_config: required for ovpn_tcp, ovpn_udp
	for _, typ := range []TunnelType{OVPNTCP, OVPNUDP} {
		v := validServer(typ)
		add("ovpn_config absent for "+string(typ), with(v, "ovpn_config", absent), "ovpn_config")
		add("ovpn_config blank lines for "+string(typ), with(v, "ovpn_config", " \n\r\n "), "ovpn_config")
		// ovpn_pk: optional private key text for ovpn_tcp, ovpn_udp
		add("ovpn_pk for "+string(typ), with(v, "ovpn_pk", pemKeyText), "")
		add("ovpn_pk null for "+string(typ), with(v, "ovpn_pk", nil), "")
	}

	// ssh_pk: optional for ssh, regex /-----BEGIN .* KEY-----/s
	add("ssh_pk multi-line PEM", with(ssh, "ssh_pk", pemKeyText), "")
	add("ssh_pk RSA header", with(ssh, "ssh_pk", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"), "")
	add("ssh_pk header across lines (the s flag)", with(ssh, "ssh_pk", "-----BEGIN OPENSSH\nPRIVATE KEY-----"), "")
	add("ssh_pk null", with(ssh, "ssh_pk", nil), "")
	add("ssh_pk garbage", with(ssh, "ssh_pk", "not a key"), "ssh_pk")
	add("ssh_pk certificate", with(ssh, "ssh_pk", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"), "ssh_pk")
	add("ssh_pk four dashes", with(ssh, "ssh_pk", "----BEGIN RSA PRIVATE KEY----"), "ssh_pk")

	// dnstt_pubkey: required for dnstt, string|max:255
	dnstt := validServer(DNSTT)
	add("dnstt_pubkey 255 chars", with(dnstt, "dnstt_pubkey", strings.Repeat("f", 255)), "")
	add("dnstt_pubkey 256 chars", with(dnstt, "dnstt_pubkey", strings.Repeat("f", 256)), "dnstt_pubkey")
	add("dnstt_pubkey absent", with(dnstt, "dnstt_pubkey", absent), "dnstt_pubkey")
	add("dnstt_pubkey empty", with(dnstt, "dnstt_pubkey", ""), "dnstt_pubkey")

	// hysteria_tx, hysteria_rx: optional integers for hysteria
	hy := validServer(Hysteria)
	for _, key := range []string{"hysteria_tx", "hysteria_rx"} {
		for _, n := range []any{100, "100", float64(100), json.Number("0"), nil} {
			add(key+" valid", with(hy, key, n), "")
		}
		for _, n := range []any{"fast", 1.5, "10mbps", false} {
			add(key+" invalid", with(hy, key, n), key)
		}
	}

	// v2ray_config: required for v2ray_default and every other v2ray_*
	for _, typ := range ServerTunnelTypes {
		if !strings.HasPrefix(string(typ), "v2ray_") {
			continue
		}
		v := validServer(typ)
		add("v2ray_config present for "+string(typ), v, "")
		add("v2ray_config absent for "+string(typ), with(v, "v2ray_config", absent), "v2ray_config")
		add("v2ray_config blank for "+string(typ), with(v, "v2ray_config", "\n"), "v2ray_config")
	}

	// note: optional|string|max:255, for every type
	for _, typ := range ServerTunnelTypes {
		v := validServer(typ)
		add("note 255 for "+string(typ), with(v, "note", strings.Repeat("ü", 255)), "")
		add("note null for "+string(typ), with(v, "note", nil), "")
		add("note 256 for "+string(typ), with(v, "note", strings.Repeat("ü", 256)), "note")
	}
	runValidate(t, cases)
}

// TestValidateServerProhibited: a field the tunnel type does not take is
// rejected when it has a value and accepted when null or empty.
func TestValidateServerProhibited(t *testing.T) {
	sample := map[string]any{
		"ip_port_user_pass": "1.2.3.4:22", "ssl_port": 443, "ovpn_config": "client",
		"ovpn_pk": pemKeyText, "ssh_pk": pemKeyText, "dnstt_pubkey": "abc",
		"hysteria_tx": 10, "hysteria_rx": 10, "v2ray_config": "{}",
	}
	var cases []vcase
	n := 0
	for _, typ := range ServerTunnelTypes {
		for key, val := range sample {
			f, _ := ServerResource.Field(key)
			if f.AppliesTo(typ) {
				continue
			}
			n++
			v := validServer(typ)
			name := key + " on " + string(typ)
			cases = append(cases,
				vcase{name: name + " set", res: ServerResource, op: Create, values: with(v, key, val), wantKey: key},
				vcase{name: name + " set on update", res: ServerResource, op: Update, values: with(v, key, val), wantKey: key},
				vcase{name: name + " null", res: ServerResource, op: Create, values: with(v, key, nil)},
				vcase{name: name + " empty", res: ServerResource, op: Create, values: with(v, key, "")},
			)
		}
	}
	// 13 types × 9 conditional fields, minus the 24 (type, field) pairs the spec
	// allows: ip_port_user_pass 5, ssl_port 3, ovpn_config 2, ovpn_pk 2, ssh_pk 1,
	// dnstt_pubkey 1, hysteria_tx 1, hysteria_rx 1, v2ray_config 8.
	if n != 13*9-24 {
		t.Fatalf("checked %d prohibited pairs, want %d", n, 13*9-24)
	}
	runValidate(t, cases)
}

// TestValidateServerUpdateSkipsUniqueKey: the upsert key is in the URL on
// update, so a long one in the values is not the body's concern.
func TestValidateServerUpdateSkipsUniqueKey(t *testing.T) {
	v := with(validServer(SSH), "unique_key", strings.Repeat("k", 37))
	if errs := Validate(ServerResource, v, Update); errs != nil {
		t.Errorf("update: %v", errs)
	}
	if errs := Validate(ServerResource, v, Create); len(errs["unique_key"]) == 0 {
		t.Errorf("create: %v, want a unique_key error", errs)
	}
}

// TestValidateServerUpdateIsFull: updates replace the resource, so a required
// field left out is an error on update too.
func TestValidateServerUpdateIsFull(t *testing.T) {
	v := with(validServer(OVPNTCP), "ovpn_config", absent)
	if errs := Validate(ServerResource, v, Update); len(errs["ovpn_config"]) == 0 {
		t.Errorf("Validate = %v, want ovpn_config required", errs)
	}
}

// TestValidateMessages pins the Laravel wording the forms show, for the rules
// whose text is fixed by the framework.
func TestValidateMessages(t *testing.T) {
	errs := Validate(ServerResource, Values{"tunnel_type": "ssh", "ssl_port": "44a", "note": strings.Repeat("x", 256)}, Create)
	want := map[string]string{
		"name":              "The name field is required.",
		"ip_port_user_pass": "The ip port user pass field is required.",
		"ssl_port":          "The ssl port field must be an integer.",
		"note":              "The note field must not be greater than 255 characters.",
	}
	for key, msg := range want {
		if got := errs[key]; len(got) != 1 || got[0] != msg {
			t.Errorf("errs[%q] = %q, want [%q]", key, got, msg)
		}
	}
	if len(errs) != len(want) {
		t.Errorf("errs = %v, want only %v", errs, want)
	}
	if got := Validate(ServerResource, with(validServer(SSH), "tunnel_type", "SSH"), Create)["tunnel_type"]; len(got) != 1 || got[0] != "The selected tunnel type is invalid." {
		t.Errorf("tunnel_type: %q", got)
	}
}
