package model

// TunnelType names how the app connects; the API takes the exact, case-sensitive
// values below.
type TunnelType string

// Tunnel types, in the order the spec lists them.
const (
	OVPNTCPSSH     TunnelType = "ovpn_tcp_ssh"
	OVPNTCP        TunnelType = "ovpn_tcp"
	OVPNUDP        TunnelType = "ovpn_udp"
	SSH            TunnelType = "ssh"
	DNSTT          TunnelType = "dnstt"
	Hysteria       TunnelType = "hysteria"
	V2RayDefault   TunnelType = "v2ray_default"
	V2RayVLESS     TunnelType = "v2ray_vless"
	V2RayVMess     TunnelType = "v2ray_vmess"
	V2RaySS        TunnelType = "v2ray_ss"
	V2RaySSR       TunnelType = "v2ray_ssr"
	V2RaySocks     TunnelType = "v2ray_socks"
	V2RayTrojan    TunnelType = "v2ray_trojan"
	V2RayWireGuard TunnelType = "v2ray_wireguard"
)

// TweakTunnelTypes are the values a tweak takes, in the spec's order.
var TweakTunnelTypes = []TunnelType{
	OVPNTCPSSH, OVPNTCP, OVPNUDP, SSH, DNSTT, Hysteria,
	V2RayDefault, V2RayVLESS, V2RayVMess, V2RaySS, V2RaySSR, V2RaySocks, V2RayTrojan, V2RayWireGuard,
}

// ServerTunnelTypes are the values a server takes, in the spec's order: all the
// tweak types except ovpn_tcp_ssh.
var ServerTunnelTypes = TweakTunnelTypes[1:]

// v2rayTypes are "v2ray_default and other v2ray_* values".
var v2rayTypes = []TunnelType{
	V2RayDefault, V2RayVLESS, V2RayVMess, V2RaySS, V2RaySSR, V2RaySocks, V2RayTrojan, V2RayWireGuard,
}

func types(ts ...TunnelType) []TunnelType { return ts }

func typeStrings(ts []TunnelType) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}
