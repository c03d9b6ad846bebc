package model

import (
	"strings"
	"testing"
)

func TestValidateTweakEveryTypeValid(t *testing.T) {
	for _, typ := range TweakTunnelTypes {
		for _, op := range []Op{Create, Update} {
			if errs := Validate(TweakResource, validTweak(typ), op); errs != nil {
				t.Errorf("%s (op %d): %v", typ, op, errs)
			}
		}
	}
}

// Each spec row of the Tweak table, valid and invalid.
func TestValidateTweakRows(t *testing.T) {
	base := validTweak(OVPNTCPSSH)
	var cases []vcase
	add := func(name string, v Values, key string) {
		cases = append(cases, vcase{name: name, res: TweakResource, op: Create, values: v, wantKey: key})
	}

	// unique_key: string|max:255 (not 36 as for servers)
	add("unique_key 255 chars", with(base, "unique_key", strings.Repeat("k", 255)), "")
	add("unique_key 256 chars", with(base, "unique_key", strings.Repeat("k", 256)), "unique_key")

	// name: required|string|max:255
	add("name 255 multi-byte chars", with(base, "name", strings.Repeat("サ", 255)), "")
	add("name absent", with(base, "name", absent), "name")
	add("name whitespace only", with(base, "name", "   "), "name")
	add("name 256 chars", with(base, "name", strings.Repeat("n", 256)), "name")

	// tunnel_type: required|string, the 14 values (ovpn_tcp_ssh included)
	add("tunnel_type ovpn_tcp_ssh", with(base, "tunnel_type", "ovpn_tcp_ssh"), "")
	add("tunnel_type absent", Values{"name": "x"}, "tunnel_type")
	add("tunnel_type wrong case", with(base, "tunnel_type", "OVPN_TCP_SSH"), "tunnel_type")
	add("tunnel_type not in enum", with(base, "tunnel_type", "v2ray"), "tunnel_type")

	// dnstt_resolver: required only for dnstt
	dnstt := validTweak(DNSTT)
	add("dnstt_resolver absent for dnstt", with(dnstt, "dnstt_resolver", absent), "dnstt_resolver")
	add("dnstt_resolver blank for dnstt", with(dnstt, "dnstt_resolver", " "), "dnstt_resolver")
	for _, typ := range TweakTunnelTypes {
		if typ != DNSTT {
			add("dnstt_resolver not needed for "+string(typ), validTweak(typ), "")
		}
	}

	// dnstt_payload: optional, only for dnstt
	add("dnstt_payload for dnstt", with(dnstt, "dnstt_payload", "GET / HTTP/1.1\r\n\r\n"), "")

	// payload, sni, tls_version, proxy: optional for ovpn_tcp_ssh, ovpn_tcp, ovpn_udp, ssh
	for _, typ := range []TunnelType{OVPNTCPSSH, OVPNTCP, OVPNUDP, SSH} {
		v := validTweak(typ)
		add("payload for "+string(typ), with(v, "payload", "CONNECT [host_port] HTTP/1.1"), "")
		add("sni for "+string(typ), with(v, "sni", "example.com"), "")
		add("proxy for "+string(typ), with(v, "proxy", "10.0.0.1:8080@user:pass"), "")
		for _, tls := range []string{"default", "TLSv1.1", "TLSv1.2", "TLSv1.3"} {
			add("tls_version "+tls+" for "+string(typ), with(v, "tls_version", tls), "")
		}
		for _, tls := range []string{"tlsv1.2", "TLSv1.0", "1.3", "TLS1.3", "Default"} {
			add("tls_version "+tls+" for "+string(typ), with(v, "tls_version", tls), "tls_version")
		}
	}

	// bug_host: optional for v2ray_default and the other v2ray_*
	for _, typ := range TweakTunnelTypes {
		if strings.HasPrefix(string(typ), "v2ray_") {
			add("bug_host for "+string(typ), with(validTweak(typ), "bug_host", "cdn.example.com"), "")
		}
	}

	// note: optional|string|max:255
	add("note 255", with(base, "note", strings.Repeat("n", 255)), "")
	add("note 256", with(base, "note", strings.Repeat("n", 256)), "note")
	runValidate(t, cases)
}

func TestValidateTweakProhibited(t *testing.T) {
	sample := map[string]any{
		"dnstt_resolver": "8.8.8.8", "dnstt_payload": "p", "payload": "p",
		"bug_host": "h", "sni": "s", "tls_version": "TLSv1.3", "proxy": "p:1@u:p",
	}
	var cases []vcase
	n := 0
	for _, typ := range TweakTunnelTypes {
		for key, val := range sample {
			f, _ := TweakResource.Field(key)
			if f.AppliesTo(typ) {
				continue
			}
			n++
			v := validTweak(typ)
			name := key + " on " + string(typ)
			cases = append(cases,
				vcase{name: name + " set", res: TweakResource, op: Create, values: with(v, key, val), wantKey: key},
				vcase{name: name + " null", res: TweakResource, op: Create, values: with(v, key, nil)},
				vcase{name: name + " empty", res: TweakResource, op: Update, values: with(v, key, "")},
			)
		}
	}
	// 14 types × 7 conditional fields, minus the allowed pairs: dnstt_resolver
	// 1, dnstt_payload 1, payload/sni/tls_version/proxy 4 each, bug_host 8.
	if want := 14*7 - (1 + 1 + 4*4 + 8); n != want {
		t.Fatalf("checked %d prohibited pairs, want %d", n, want)
	}
	runValidate(t, cases)
}
