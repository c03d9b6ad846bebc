package model

import (
	"regexp"
	"strings"
)

// Mask stands for the secret part of a value on screen.
const Mask = "••••••"

// Sensitive reports whether a field's value holds a secret: whole (the
// private keys and passwords marked Secret) or in part (the credentials in
// an address or a proxy, the keys and ids inside OpenVPN and V2Ray
// configs). It is the one notion of secret: screens mask these fields
// until asked, and plans, exports and the cache never print them.
func (f Field) Sensitive() bool {
	switch f.Key {
	case "ip_port_user_pass", "proxy", "ovpn_config", "v2ray_config":
		return true
	}
	return f.Secret
}

// Masked is value as a screen shows it before the user asks to see
// secrets: a Secret field is Mask whole; an address or proxy keeps its
// host and port and the user name, masking the password
// (surf:••••••@203.0.113.10:22); a config keeps its shape, masking keys,
// passwords and ids. hidden reports whether anything was masked. What is
// copied or sent is always the value itself, never this.
func (f Field) Masked(t TunnelType, value string) (shown string, hidden bool) {
	if !f.Sensitive() || strings.TrimSpace(value) == "" {
		return value, false
	}
	switch f.Key {
	case "ip_port_user_pass", "proxy":
		shown = maskAddress(value, f.Key == "ip_port_user_pass" && t == Hysteria)
	case "ovpn_config":
		shown = maskOVPN(value)
	case "v2ray_config":
		shown = maskV2Ray(value)
	default:
		return Mask, true
	}
	return shown, shown != value
}

// maskAddress masks the credentials of host:port@user:pass,
// user:pass@host:port or user:pass: the password, or with whole (the
// obfuscation and auth of hysteria) everything after the @. A value whose
// host part cannot be told apart is masked whole.
func maskAddress(s string, whole bool) string {
	if hostPort(s) {
		return s
	}
	cred := func(c string) string {
		if whole {
			return Mask
		}
		if user, _, ok := strings.Cut(c, ":"); ok {
			return user + ":" + Mask
		}
		return Mask
	}
	if i := strings.IndexByte(s, '@'); i >= 0 && (hostPort(s[:i]) || hysteriaHosts(s[:i])) {
		return s[:i+1] + cred(s[i+1:])
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 && hostPort(s[i+1:]) {
		return cred(s[:i]) + s[i:]
	}
	if !strings.Contains(s, "@") && strings.Contains(s, ":") {
		return cred(s)
	}
	return Mask
}

// hysteriaHosts is the address half of a hysteria value, ip1;ip2:port.
func hysteriaHosts(s string) bool { return hysteriaAddress(s + "@o:a") }

// ovpnSecretBlock is an inline block of an OpenVPN config that holds a
// key or a password; its tags stay, its lines go.
var ovpnSecretBlock = regexp.MustCompile(`(?s)(<(key|tls-auth|tls-crypt|tls-crypt-v2|secret|auth-user-pass|pkcs12)>\s*\n).*?(\n?\s*</(key|tls-auth|tls-crypt|tls-crypt-v2|secret|auth-user-pass|pkcs12)>)`)

// pemPrivate is a PEM private key outside any block.
var pemPrivate = regexp.MustCompile(`(?s)(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----).*?(-----END [A-Z0-9 ]*PRIVATE KEY-----)`)

func maskOVPN(s string) string {
	s = ovpnSecretBlock.ReplaceAllString(s, "${1}"+Mask+"${3}")
	return pemPrivate.ReplaceAllString(s, "${1}\n"+Mask+"\n${2}")
}

// v2raySecretKey is a JSON member of a V2Ray config that holds a secret:
// a password, a user id, a key.
var v2raySecretKey = regexp.MustCompile(`(?i)("(?:password|pass|passwd|id|uuid|auth|auth_str|authstr|privatekey|secretkey|presharedkey|psk|token|obfs-password|obfsparam)"\s*:\s*)"(?:[^"\\]|\\.)*"`)

// uuidLike is a UUID anywhere: V2Ray's user ids, in JSON or in a link.
var uuidLike = regexp.MustCompile(`(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`)

// linkSecretParam is a query parameter of a share link that holds a secret.
var linkSecretParam = regexp.MustCompile(`(?i)([?&](?:password|pass|psk|privatekey|presharedkey|secretkey|auth|obfs-password|obfsparam)=)[^&#]*`)

func maskV2Ray(s string) string {
	s = v2raySecretKey.ReplaceAllString(s, `${1}"`+Mask+`"`)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = maskLink(l)
	}
	return uuidLike.ReplaceAllString(strings.Join(lines, "\n"), Mask)
}

// maskLink masks a share link's secret: the user info before the @
// (vless://id@host, trojan://password@host, ss://base64@host), or the
// whole body of a link that is one base64 blob (vmess://…, ssr://…),
// keeping its #name; and secret query parameters. Any other line is kept.
func maskLink(l string) string {
	lead := len(l) - len(strings.TrimLeft(l, " \t"))
	scheme, rest, ok := strings.Cut(l[lead:], "://")
	if !ok || !shareLink(strings.TrimSpace(l[lead:])) || strings.ContainsAny(scheme, "\"{") {
		return l
	}
	head := l[:lead] + scheme + "://"
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
		return head + Mask + linkSecretParam.ReplaceAllString(rest[at:], "${1}"+Mask)
	}
	if hostPort(rest[:end]) {
		return head + linkSecretParam.ReplaceAllString(rest, "${1}"+Mask) // host:port with no user info
	}
	name := ""
	if h := strings.IndexByte(rest, '#'); h >= 0 {
		name = rest[h:]
	}
	return head + Mask + name
}

// MaskBody is a request body with its secrets masked as every screen
// masks them (the password of an address, not its host), in the servers
// and tweaks of a sync body too; body itself is not changed.
func MaskBody(r Resource, body map[string]any) map[string]any {
	out := make(map[string]any, len(body))
	for k, v := range body {
		if items, ok := v.([]map[string]any); ok && (k == "servers" || k == "tweaks") {
			res := ServerResource
			if k == "tweaks" {
				res = TweakResource
			}
			masked := make([]map[string]any, len(items))
			for i, it := range items {
				masked[i] = MaskBody(res, it)
			}
			v = masked
		} else if f, ok := r.Field(k); ok {
			if s, isText := v.(string); isText {
				v, _ = f.Masked(TunnelTypeOf(body), s)
			}
		}
		out[k] = v
	}
	return out
}
