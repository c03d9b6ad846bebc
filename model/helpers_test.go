package model

import (
	"strings"
	"testing"
)

// absent, as a value given to with, removes the key instead of setting it.
type absentValue struct{}

var absent = absentValue{}

// with returns a copy of base with each key/value pair of kv set (or removed
// when the value is absent).
func with(base Values, kv ...any) Values {
	out := make(Values, len(base)+len(kv)/2)
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		k := kv[i].(string)
		if _, ok := kv[i+1].(absentValue); ok {
			delete(out, k)
			continue
		}
		out[k] = kv[i+1]
	}
	return out
}

// validServer returns the smallest valid create body for a server of type t.
func validServer(t TunnelType) Values {
	v := Values{"name": "Main SSH Server", "tunnel_type": string(t)}
	switch t {
	case OVPNTCP, OVPNUDP:
		v["ip_port_user_pass"] = "user:pass"
		v["ovpn_config"] = "client\nremote 1.2.3.4 1194\n"
	case SSH:
		v["ip_port_user_pass"] = "user:pass@1.2.3.4:22"
	case DNSTT:
		v["ip_port_user_pass"] = "1.2.3.4:53"
		v["dnstt_pubkey"] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	case Hysteria:
		v["ip_port_user_pass"] = "1.1.1.1;2.2.2.2:443@obfs:auth"
	default:
		v["v2ray_config"] = `{"outbounds":[{"protocol":"vless"}]}`
	}
	return v
}

// validTweak returns the smallest valid create body for a tweak of type t.
func validTweak(t TunnelType) Values {
	v := Values{"name": "Default Tweak", "tunnel_type": string(t)}
	if t == DNSTT {
		v["dnstt_resolver"] = "8.8.8.8:53"
	}
	return v
}

// vcase is one row of a validation table: the values, and the one field key
// the server would reject them under ("" when they are valid).
type vcase struct {
	name    string
	res     Resource
	op      Op
	values  Values
	wantKey string
}

func runValidate(t *testing.T, cases []vcase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := Validate(c.res, c.values, c.op)
			if c.wantKey == "" {
				if errs != nil {
					t.Fatalf("Validate(%v) = %v, want valid", c.values, errs)
				}
				return
			}
			if len(errs[c.wantKey]) == 0 {
				t.Fatalf("Validate(%v) = %v, want an error on %q", c.values, errs, c.wantKey)
			}
			if keys := errs.Keys(); len(keys) != 1 {
				t.Fatalf("Validate(%v) = %v, want errors on %q only", c.values, errs, c.wantKey)
			}
			for _, msg := range errs[c.wantKey] {
				// Messages name the field as Laravel does: "the ssl port field".
				if !strings.Contains(msg, attr(c.wantKey)) {
					t.Errorf("message %q does not name %q", msg, attr(c.wantKey))
				}
			}
		})
	}
}

// pemKeyText is a multi-line OpenSSH private key (not a real one).
const pemKeyText = "-----BEGIN OPENSSH PRIVATE KEY-----\n" +
	"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n" +
	"QyNTUxOQAAACDcMFq3Zd0yGQ0y6Ck7kDgtk8hIcbJ9o1rHn2h2kxkWTgAAAJg=\n" +
	"-----END OPENSSH PRIVATE KEY-----\n"

func hexID(c byte) string { return strings.Repeat(string(c), 32) }
