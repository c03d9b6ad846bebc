package model

import "testing"

func TestFormatWarningChecksTheSpecsFormats(t *testing.T) {
	field := func(r Resource, k string) Field { f, _ := r.Field(k); return f }
	addr, proxy, v2 := field(ServerResource, "ip_port_user_pass"), field(TweakResource, "proxy"), field(ServerResource, "v2ray_config")
	for _, c := range []struct {
		f     Field
		t     TunnelType
		value string
		warn  bool
	}{
		{addr, SSH, "203.0.113.10:22", false},
		{addr, SSH, "surf:Vx9kq2mT@203.0.113.10:22", false},
		{addr, SSH, "p@ss:w@rd@host.example:2222", false}, // the last @ ends the credentials
		{addr, SSH, "1.2.3.4:22@user:pass", false},        // the order of the spec's example
		{addr, SSH, "[2001:db8::1]:22", false},
		{addr, SSH, "not a valid address", true},
		{addr, SSH, "203.0.113.10", true},
		{addr, SSH, "203.0.113.10:99999", true},
		{addr, SSH, "surf@203.0.113.10:22", true},
		{addr, DNSTT, "198.51.100.53:53", false},
		{addr, DNSTT, "user:pass@198.51.100.53:53", true},
		{addr, Hysteria, "203.0.113.30;203.0.113.31:443@obfs-Kp2x:auth-7Hq9", false},
		{addr, Hysteria, "203.0.113.30:20000-30000@o:a", false},
		{addr, Hysteria, "203.0.113.30:443", true},
		{addr, OVPNUDP, "anything at all", false}, // the spec gives no firm format
		{addr, SSH, "  ", false},                  // empty: Validate's business
		{proxy, SSH, "10.8.0.1:3128@proxy:Pr0xyPass", false},
		{proxy, SSH, "proxy.example:8080", false},
		{proxy, SSH, "proxy.example", true},
		{proxy, SSH, "10.8.0.1:3128@justuser", true},
		{v2, V2RayVLESS, `{"outbounds":[]}`, false},
		{v2, V2RayVLESS, `{"outbounds":[}`, true},
		{v2, V2RayVLESS, "vless://b831381d-6324-4d53-ad4f-8cda48b30811@hk1.example:443?security=tls#HK", false},
		{v2, V2RayVMess, "vmess://eyJhZGQiOiIxLjIuMy40In0=\nvmess://eyJhZGQiOiI1LjYuNy44In0=", false},
		{v2, V2RayVLESS, "not a valid config", true},
	} {
		got := FormatWarning(c.f, c.t, c.value)
		if (got != "") != c.warn {
			t.Errorf("%s %s %q: warning %q, want one: %v", c.f.Key, c.t, c.value, got, c.warn)
		}
	}
	if got := FormatWarning(addr, SSH, "not a valid address"); got != "does not look like ip:port or user:pass@ip:port" {
		t.Errorf("ssh warning %q", got)
	}
}
