package model

import (
	"encoding/json"
	"strconv"
	"strings"
)

// FormatWarning checks a value against the format the spec gives for the
// field (the address of each tunnel type, the proxy, a V2Ray config) and
// says what looks wrong; "" when it looks right or the spec gives no
// format. The API takes any string in these fields, so a warning is
// advice the user may pass, never a rule: Validate holds the rules.
func FormatWarning(f Field, t TunnelType, value string) string {
	s := strings.TrimSpace(value)
	if s == "" {
		return ""
	}
	switch f.Key {
	case "ip_port_user_pass":
		ok := true
		switch t {
		case SSH:
			ok = sshAddress(s)
		case DNSTT:
			ok = hostPort(s)
		case Hysteria:
			ok = hysteriaAddress(s)
		}
		if !ok {
			return "does not look like " + ServerAddressHint(t)
		}
	case "proxy":
		if addr, cred, found := strings.Cut(s, "@"); !hostPort(addr) || found && !userPass(cred) {
			return "does not look like proxy:port or proxy:port@user:pass"
		}
	case "v2ray_config":
		return v2rayWarning(s)
	}
	return ""
}

// sshAddress: ip:port, user:pass@ip:port, or ip:port@user:pass (the order
// of the spec's own example).
func sshAddress(s string) bool {
	if hostPort(s) {
		return true
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 && userPass(s[:i]) && hostPort(s[i+1:]) {
		return true
	}
	i := strings.IndexByte(s, '@')
	return i >= 0 && hostPort(s[:i]) && userPass(s[i+1:])
}

// hysteriaAddress: ip1;ip2:port@obfs:auth, one or more hosts, a port or a
// range of ports.
func hysteriaAddress(s string) bool {
	addr, cred, found := strings.Cut(s, "@")
	if !found || !strings.Contains(cred, ":") {
		return false
	}
	i := strings.LastIndexByte(addr, ':')
	if i < 0 || !ports(addr[i+1:]) {
		return false
	}
	for _, h := range strings.Split(addr[:i], ";") {
		if !host(h) {
			return false
		}
	}
	return true
}

func userPass(s string) bool {
	user, _, found := strings.Cut(s, ":")
	return found && user != "" && !strings.ContainsAny(s, " \t")
}

func hostPort(s string) bool {
	i := strings.LastIndexByte(s, ':')
	return i > 0 && host(s[:i]) && port(s[i+1:])
}

// host is a name, an IPv4 address or a bracketed IPv6 address.
func host(s string) bool {
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") && len(s) > 2 {
		return strings.Trim(s[1:len(s)-1], "0123456789abcdefABCDEF:.") == ""
	}
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func port(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n > 0 && n < 65536 && s[0] != '+'
}

// ports is a port, or several and ranges of them (443,8443 or 20000-30000).
func ports(s string) bool {
	for _, p := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(p, "-")
		if !port(lo) || isRange && !port(hi) {
			return false
		}
	}
	return true
}

// v2rayWarning: a V2Ray config is JSON, or one or more share links
// (vless://…, vmess://…), one a line.
func v2rayWarning(s string) string {
	if s[0] == '{' || s[0] == '[' {
		var v any
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			return "is not valid JSON: " + err.Error()
		}
		return ""
	}
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !shareLink(l) {
			return "is neither JSON nor a link such as vless://…"
		}
	}
	return ""
}

// shareLink reports whether s is scheme://something with no blank.
func shareLink(s string) bool {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || scheme == "" || rest == "" || strings.ContainsAny(rest, " \t") {
		return false
	}
	for i, c := range scheme {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}
