package model

import (
	"strings"
	"testing"
)

func TestSensitiveIsEveryFieldThatHoldsASecret(t *testing.T) {
	var got []string
	for _, r := range []Resource{ServerResource, TweakResource, DeviceIDResource, PasswordResource} {
		for _, f := range r.Fields {
			if f.Sensitive() {
				got = append(got, r.Name+"."+f.Key)
			}
		}
	}
	want := "server.ip_port_user_pass server.ovpn_config server.ovpn_pk server.ssh_pk server.v2ray_config tweak.proxy password.password"
	if strings.Join(got, " ") != want {
		t.Errorf("sensitive fields %q, want %q", strings.Join(got, " "), want)
	}
}

func TestMaskedHidesTheSecretAndKeepsTheRest(t *testing.T) {
	field := func(r Resource, k string) Field { f, _ := r.Field(k); return f }
	addr, proxy := field(ServerResource, "ip_port_user_pass"), field(TweakResource, "proxy")
	v2, ovpn, pk := field(ServerResource, "v2ray_config"), field(ServerResource, "ovpn_config"), field(ServerResource, "ssh_pk")
	for _, c := range []struct {
		f           Field
		t           TunnelType
		value, want string
	}{
		{addr, SSH, "surf:Vx9kq2mT@203.0.113.10:22", "surf:••••••@203.0.113.10:22"},
		{addr, SSH, "p@ss:w@rd@host.example:2222", "p@ss:••••••@host.example:2222"},
		{addr, SSH, "1.2.3.4:22@user:pass", "1.2.3.4:22@user:••••••"},
		{addr, SSH, "203.0.113.11:22", "203.0.113.11:22"},
		{addr, SSH, "not a valid address", "••••••"},
		{addr, OVPNUDP, "vpnuser:Qm7tr44x", "vpnuser:••••••"},
		{addr, DNSTT, "198.51.100.53:53", "198.51.100.53:53"},
		{addr, Hysteria, "203.0.113.30;203.0.113.31:443@obfs-Kp2x:auth-7Hq9", "203.0.113.30;203.0.113.31:443@••••••"},
		{proxy, SSH, "10.8.0.1:3128@proxy:Pr0xyPass", "10.8.0.1:3128@proxy:••••••"},
		{proxy, SSH, "10.8.0.1:3128", "10.8.0.1:3128"},
		{pk, SSH, "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----", "••••••"},
		{v2, V2RayTrojan, `{"servers":[{"address":"[bughost]","port":443,"password":"tr-sample-7Hq9"}]}`,
			`{"servers":[{"address":"[bughost]","port":443,"password":"••••••"}]}`},
		{v2, V2RayVLESS, `"users": [{"id": "b831381d-6324-4d53-ad4f-8cda48b30811", "encryption": "none"}]`,
			`"users": [{"id": "••••••", "encryption": "none"}]`},
		{v2, V2RayVLESS, `{"clients":["B831381D-6324-4D53-AD4F-8CDA48B30811"]}`, `{"clients":["••••••"]}`},
		{v2, V2RayVLESS, "vless://b831381d-6324-4d53-ad4f-8cda48b30811@hk1.example:443?security=tls&type=ws#HK",
			"vless://••••••@hk1.example:443?security=tls&type=ws#HK"},
		{v2, V2RayTrojan, "trojan://tr-sample-7Hq9@de1.example:443#DE", "trojan://••••••@de1.example:443#DE"},
		{v2, V2RayVMess, "vmess://eyJhZGQiOiIxLjIuMy40IiwiaWQiOiJ4In0=#Legacy", "vmess://••••••#Legacy"},
		{v2, V2RaySS, "ss://YWVzLTI1Ni1nY206cGFzcw@5.6.7.8:8388#SS", "ss://••••••@5.6.7.8:8388#SS"},
		{v2, V2RaySocks, "socks://1.2.3.4:1080?pass=secret", "socks://1.2.3.4:1080?pass=••••••"},
		{ovpn, OVPNUDP, "client\nremote 1.2.3.4 1194\n<ca>\nCERT\n</ca>\n<key>\nSECRETKEY\nMORE\n</key>\n<tls-auth>\nSTATIC\n</tls-auth>\n",
			"client\nremote 1.2.3.4 1194\n<ca>\nCERT\n</ca>\n<key>\n••••••\n</key>\n<tls-auth>\n••••••\n</tls-auth>\n"},
	} {
		got, hidden := c.f.Masked(c.t, c.value)
		if got != c.want || hidden != (c.want != c.value) {
			t.Errorf("%s %s %q:\n got %q (hidden %v)\nwant %q", c.f.Key, c.t, c.value, got, hidden, c.want)
		}
	}
	if got, hidden := field(ServerResource, "name").Masked(SSH, "surf:pass@x:1"); hidden || got != "surf:pass@x:1" {
		t.Errorf("a name was masked: %q", got)
	}
}
