package apitest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"tweakdash/model"
)

// The demo configurations' keys. The first one and its "Main SSH Server",
// "Backup OpenVPN (UDP)" and "Default Tweak" carry full forms of the
// shortened keys of the spec's examples (2f7c1f7e...dc5a2d8b and so on), with
// the same record ids, so that the spec's curl lines work on the demo once
// the keys are written out.
const (
	DemoMainKey    = "2f7c1f7e-4b1a-4c3e-9d2f-8a61dc5a2d8b" // both cloud toggles on, every tunnel family
	DemoBetaKey    = "5c0b9a3e-8d2f-4e61-9a7b-1f3e2d4c5b6a" // cloud passwords off
	DemoResellKey  = "a41e7c2b-3f5d-4b8a-8c9e-7d6f5e4a3b2c" // cloud HWID lock off
	DemoStagingKey = "e3d2c1b0-a9f8-4e7d-8c6b-5a4f3e2d1c0b" // empty, both toggles on

	DemoServerKey       = "8bcb3c4f-2d9e-4f1a-b8c3-5e0a7b6c4a12" // ssh "Main SSH Server", id 2
	DemoBackupServerKey = "9f2a6d90-1c4e-4b7a-9e2d-6c4f7a7b91d1" // ovpn_udp, id 3
	DemoTweakKey        = "6e1d2f8c-7a3b-4e9d-a1f0-3b9cd5ce0d62" // ovpn_tcp_ssh "Default Tweak", id 4
)

// demoEpoch is when the demo account was set up; demo timestamps follow it.
var demoEpoch = time.Date(2026, 2, 20, 9, 0, 0, 0, time.UTC)

// demo writes the sample account, always the same.
type demo struct {
	st  *state
	rng *rand.Rand
	at  time.Time
}

func (d *demo) tick() time.Time {
	d.at = d.at.Add(7 * time.Minute)
	return d.at
}

func (d *demo) server(c *config, key string, v model.Values) {
	if key == "" {
		key = newKey(d.rng)
	}
	d.st.addItem(c, serverKind, key, v, d.tick())
}

func (d *demo) tweak(c *config, key string, v model.Values) {
	if key == "" {
		key = newKey(d.rng)
	}
	d.st.addItem(c, tweakKind, key, v, d.tick())
}

// deviceIDs adds n IDs, a few inactive or single-use, with notes from notes
// (nil entries leave the note out).
func (d *demo) deviceIDs(c *config, n int, notes []*string) {
	for i := range n {
		var b [16]byte
		for j := range b {
			b[j] = byte(d.rng.Uint32())
		}
		d.st.addDeviceID(c, strings.ToUpper(fmt.Sprintf("%x", b)), notes[i%len(notes)], i%7 != 6, i%5 == 4, d.tick())
	}
}

func (d *demo) password(c *config, pw, typ string, note *string, active, once bool) *passwordRecord {
	d.st.lastID.password++
	at := d.tick()
	p := &passwordRecord{id: d.st.lastID.password, password: pw, typ: typ, note: note,
		active: active, deleteAfterUsed: once, created: at, updated: at}
	c.passwords = append(c.passwords, p)
	return p
}

func str(s string) *string { return &s }

const demoOVPN = `client
dev tun
proto udp
remote 198.51.100.20 1194
resolv-retry infinite
nobind
persist-key
persist-tun
remote-cert-tls server
cipher AES-256-GCM
auth SHA256
verb 3
<ca>
-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUSandboxSampleCertificateOnlyMAoGCCqGSM49BAMC
MBgxFjAUBgNVBAMMDXN1cmZsaW5rLWRlbW8wHhcNMjYwMjIwMDkwMDAwWhcNMzYw
-----END CERTIFICATE-----
</ca>`

const demoSSHKey = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACBzYW5kYm94LXNhbXBsZS1rZXktbm90LWEtcmVhbC1vbmUAAAAA
-----END OPENSSH PRIVATE KEY-----`

const demoVLESS = `{
  "outbounds": [{
    "protocol": "vless",
    "settings": {"vnext": [{"address": "[bughost]", "port": 443,
      "users": [{"id": "b831381d-6324-4d53-ad4f-8cda48b30811", "encryption": "none"}]}]},
    "streamSettings": {"network": "ws", "security": "tls",
      "tlsSettings": {"serverName": "hk1.surflink.example"},
      "wsSettings": {"path": "/vless", "headers": {"Host": "hk1.surflink.example"}}}
  }]
}`

const demoTrojan = `{"outbounds":[{"protocol":"trojan","settings":{"servers":[{"address":"[bughost]","port":443,"password":"tr-sample-7Hq9"}]},"streamSettings":{"network":"tcp","security":"tls","tlsSettings":{"serverName":"de1.surflink.example"}}}]}`

const demoVMess = `{"outbounds":[{"protocol":"vmess","settings":{"vnext":[{"address":"[bughost]","port":80,"users":[{"id":"0f6a5c2e-1d3b-4a79-8e5f-2c4d6b8a0e13","alterId":0}]}]},"streamSettings":{"network":"ws","wsSettings":{"path":"/vmess"}}}]}`

// seedDemo writes four configurations: a full one with both cloud toggles on,
// one with cloud passwords off, one with the HWID lock off, and an empty one.
func seedDemo(st *state) {
	d := &demo{st: st, rng: rand.New(rand.NewPCG(20260220, 9)), at: demoEpoch}
	st.lastID.server, st.lastID.tweak, st.lastID.device, st.lastID.password = 1, 3, 30, 44

	main := st.addConfig(12, DemoMainKey, "SurfLink Main", true, true, demoEpoch)
	d.server(main, DemoServerKey, model.Values{"name": "Main SSH Server", "tunnel_type": "ssh",
		"ip_port_user_pass": "surf:Vx9kq2mT@203.0.113.10:22", "ssl_port": 443, "note": "Singapore, primary"})
	d.server(main, DemoBackupServerKey, model.Values{"name": "Backup OpenVPN (UDP)", "tunnel_type": "ovpn_udp",
		"ip_port_user_pass": "vpnuser:Qm7tr44x", "ovpn_config": demoOVPN, "note": "Tokyo"})
	d.tweak(main, DemoTweakKey, model.Values{"name": "Default Tweak", "tunnel_type": "ovpn_tcp_ssh",
		"payload": "CONNECT [host_port] HTTP/1.1[crlf]Host: m.example.com[crlf][crlf]", "sni": "m.example.com", "tls_version": "TLSv1.3"})
	d.server(main, "", model.Values{"name": "US OpenVPN (TCP)", "tunnel_type": "ovpn_tcp",
		"ip_port_user_pass": "vpnuser:Lk3wq9Zr", "ovpn_config": strings.Replace(demoOVPN, "proto udp", "proto tcp", 1),
		"ovpn_pk": "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIFNhbmRib3ggc2FtcGxlIGtleSwgbm90IHJlYWw=\n-----END PRIVATE KEY-----", "ssl_port": 443})
	d.server(main, "", model.Values{"name": "SG SSH (key login)", "tunnel_type": "ssh",
		"ip_port_user_pass": "203.0.113.11:22", "ssh_pk": demoSSHKey})
	d.server(main, "", model.Values{"name": "HK VLESS WS", "tunnel_type": "v2ray_vless", "v2ray_config": demoVLESS, "note": "Hong Kong, CDN fronted"})
	d.server(main, "", model.Values{"name": "DE Trojan", "tunnel_type": "v2ray_trojan", "v2ray_config": demoTrojan})
	d.server(main, "", model.Values{"name": "DNSTT Manila", "tunnel_type": "dnstt", "ip_port_user_pass": "198.51.100.53:53",
		"dnstt_pubkey": "4c1a9e0f7b3d52a8e6f01c9d4b7a3e5f2d8c6b0a9e7f5d3c1b2a4968e0f7d6c5"})
	d.server(main, "", model.Values{"name": "Hysteria SG", "tunnel_type": "hysteria",
		"ip_port_user_pass": "203.0.113.30;203.0.113.31:443@obfs-Kp2x:auth-7Hq9", "hysteria_tx": 50, "hysteria_rx": 100})
	d.server(main, "", model.Values{"name": "Legacy VMess", "tunnel_type": "v2ray_vmess", "v2ray_config": demoVMess, "note": "to retire in March"})
	d.tweak(main, "", model.Values{"name": "Promo SNI (SSH)", "tunnel_type": "ssh", "sni": "www.example.net",
		"tls_version": "TLSv1.2", "proxy": "10.8.0.1:3128@proxy:Pr0xyPass",
		"payload": "GET / HTTP/1.1[crlf]Host: www.example.net[crlf]Upgrade: websocket[crlf][crlf]"})
	d.tweak(main, "", model.Values{"name": "VLESS bug host", "tunnel_type": "v2ray_vless", "bug_host": "cdn.example.org"})
	d.tweak(main, "", model.Values{"name": "V2Ray default", "tunnel_type": "v2ray_default", "bug_host": "edge.example.com", "note": "fallback"})
	d.tweak(main, "", model.Values{"name": "DNSTT via Cloudflare", "tunnel_type": "dnstt",
		"dnstt_resolver": "1.1.1.1:53", "dnstt_payload": "t.example.com"})
	d.tweak(main, "", model.Values{"name": "OpenVPN UDP plain", "tunnel_type": "ovpn_udp", "note": "no payload"})
	d.deviceIDs(main, 36, []*string{str("Juan, Redmi Note 12"), str("Shop tablet #3"), nil,
		str("Batch import"), str("Maria, iPhone 13"), nil, str("Reseller stock")})
	d.password(main, "WelcomeSurf2026", model.Reusable, str("Shared with resellers"), true, false)
	d.password(main, "Ab3kX9pqLm", model.OneTime, nil, true, true)
	used := d.password(main, "Qr7tW2zsHn", model.OneTime, str("Sent to Maria"), true, false)
	usedBy, usedAt := main.deviceIDs[4].deviceID, d.at
	used.usedDeviceID, used.usedAt = &usedBy, &usedAt
	d.password(main, "Trial-7days", model.Reusable, str("Disabled after the promo"), false, false)
	d.password(main, generatePassword(d.rng), model.OneTime, str("Generated"), true, true)
	d.password(main, generatePassword(d.rng), model.OneTime, str("Generated"), true, true)

	beta := st.addConfig(13, DemoBetaKey, "SurfLink Beta", true, false, d.tick())
	d.server(beta, "", model.Values{"name": "Beta SSH", "tunnel_type": "ssh", "ip_port_user_pass": "beta:Tz8mPq2v@203.0.113.40:2222"})
	d.server(beta, "", model.Values{"name": "Beta VLESS", "tunnel_type": "v2ray_vless", "v2ray_config": demoVLESS})
	d.tweak(beta, "", model.Values{"name": "Beta payload", "tunnel_type": "ovpn_tcp_ssh",
		"payload": "CONNECT [host_port] HTTP/1.0[crlf][crlf]", "sni": "beta.example.com", "tls_version": "default"})
	d.deviceIDs(beta, 8, []*string{str("Beta tester")})

	resell := st.addConfig(14, DemoResellKey, "Reseller: Juan D.", false, true, d.tick())
	d.server(resell, "", model.Values{"name": "Reseller SSH", "tunnel_type": "ssh",
		"ip_port_user_pass": "juan:Hn4vR8kw@203.0.113.50:22", "ssl_port": 443})
	d.password(resell, "JuanWeekly01", model.Reusable, str("Weekly pass"), true, false)
	for range 3 {
		d.password(resell, generatePassword(d.rng), model.OneTime, nil, true, true)
	}

	st.addConfig(15, DemoStagingKey, "Staging (empty)", true, true, d.tick())
}

// seedBulk adds n configurations for benchmarks, the first with servers and
// deviceIDs, all from rng.
func seedBulk(st *state, rng *rand.Rand, n, servers, deviceIDs int) {
	at := demoEpoch.AddDate(0, 1, 0)
	for i := range n {
		c := st.addConfig(0, newKey(rng), fmt.Sprintf("Bench %05d", i+1), true, true, at)
		if i > 0 {
			continue
		}
		for j := range servers {
			st.addItem(c, serverKind, newKey(rng), model.Values{"name": fmt.Sprintf("Bench server %05d", j+1),
				"tunnel_type": "ssh", "ip_port_user_pass": fmt.Sprintf("10.%d.%d.%d:22", j>>16&255, j>>8&255, j&255)}, at)
		}
		seen := make(map[string]bool, deviceIDs)
		for len(seen) < deviceIDs {
			id := strings.ToUpper(fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64()))
			if !seen[id] {
				seen[id] = true
				st.addDeviceID(c, id, nil, true, false, at)
			}
		}
	}
}
