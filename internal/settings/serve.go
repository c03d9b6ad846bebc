package settings

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"fmt"
	"maps"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/crypto/ssh"

	"tweakdash/internal/termsafe"
)

// Serve is the [serve] table: where tweakdash serve listens, its limits,
// and who may connect. A value the file leaves out or gets wrong is the
// default.
type Serve struct {
	Addr string // host:port; ":23234" listens on every interface
	// HostKey is the host key's path, absolute once loaded ("~/" is the
	// home directory, a relative path is beside the settings file); ""
	// means ServeHostKeyPath.
	HostKey     string
	MaxSessions int
	// MaxSessionsPerUser keeps one user from taking every session.
	MaxSessionsPerUser int
	// MaxWindow is the largest window a session is drawn in: a bigger one
	// the client asks for is clamped to it, since the renderer's memory
	// grows with the window's cells.
	MaxWindow WindowSize
	// IdleTimeout ends a session after this long without a key press;
	// 0 never does.
	IdleTimeout time.Duration
	// MetricsAddr is where Prometheus metrics are served (/metrics); ""
	// serves none. A host left out is the loopback address: the metrics
	// name the users, so other hosts see them only when asked for.
	MetricsAddr string
	Users       map[string]ServeUser
}

// WindowSize is a terminal's size in cells.
type WindowSize struct{ Cols, Rows int }

func (w WindowSize) String() string { return fmt.Sprintf("%dx%d", w.Cols, w.Rows) }

// ServeUser is one [serve.users.NAME] table.
type ServeUser struct {
	// Keys are the public keys that sign in as this user: each appears
	// under one user only.
	Keys     []ssh.PublicKey
	Profile  string // which [profiles.NAME] holds the API key and base URL
	ReadOnly bool
}

// The [serve] defaults.
const (
	DefaultServeAddr        = "127.0.0.1:23234"
	DefaultServeMaxSessions = 16
	DefaultServeIdleTimeout = 30 * time.Minute
	// DefaultServeMaxSessionsPerUser leaves a user a few windows at once
	// and the others the rest.
	DefaultServeMaxSessionsPerUser = 4
	// maxServeSessions bounds max_sessions: each session is a dashboard
	// with its own requests and redraws.
	maxServeSessions = 1024
)

// DefaultServeMaxWindow holds a full-screen terminal on a 4K screen with
// 8×16-pixel cells (480×135); a session drawn at it costs the server
// about 30 MB, not gigabytes.
var DefaultServeMaxWindow = WindowSize{Cols: 512, Rows: 256}

// The range of max_window: below it the dashboard cannot be drawn in a
// window that is plainly usable; at LargestServeWindow a session's screen
// buffers cost about 52 MB (some 230 bytes a cell).
var (
	minServeWindow     = WindowSize{Cols: 80, Rows: 24}
	LargestServeWindow = WindowSize{Cols: 640, Rows: 360}
)

// ServeHostKeyPath is where tweakdash serve keeps its host key unless
// host_key says otherwise.
func ServeHostKeyPath() string {
	return filepath.Join(StateDir(), "serve", "ssh_host_ed25519_key")
}

func defaultServe() Serve {
	return Serve{Addr: DefaultServeAddr, MaxSessions: DefaultServeMaxSessions, MaxSessionsPerUser: DefaultServeMaxSessionsPerUser,
		MaxWindow: DefaultServeMaxWindow, IdleTimeout: DefaultServeIdleTimeout}
}

// userName is what a [serve.users.NAME] may be called: it names the user's
// drafts directory and appears in the log.
var serveUserName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]{0,31}$`)

// parseServe decodes the [serve] table value by value: a bad value keeps
// the default, a bad user or key is left out, each with a notice.
// profiles are the profiles the file defines, which a user must name.
// src finds the lines the notices name.
func parseServe(md toml.MetaData, prim toml.Primitive, profiles map[string]Profile, src sourceLines, notices *[]string) Serve {
	s := defaultServe()
	line := src.tableLine("serve")
	note := func(format string, a ...any) { *notices = append(*notices, at(line, format, a...)) }
	if _, ok := tableOf(md, prim, notices, at(line, "serve must be a table like [serve]; ignored")); !ok {
		return s
	}
	var fields map[string]toml.Primitive
	if err := md.PrimitiveDecode(prim, &fields); err != nil {
		*notices = append(*notices, tomlMessage(err))
		return s
	}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		p := fields[k]
		line = src.keyLine("serve", k)
		switch k {
		case "addr":
			var addr string
			if err := md.PrimitiveDecode(p, &addr); err != nil {
				*notices = append(*notices, tomlMessage(err))
			} else if err := checkAddr(addr); err != nil {
				note("serve.addr: %s; using %s", err, DefaultServeAddr)
			} else {
				s.Addr = addr
			}
		case "host_key":
			var path string
			if err := md.PrimitiveDecode(p, &path); err != nil {
				*notices = append(*notices, tomlMessage(err))
			} else if strings.TrimSpace(path) == "" {
				note("serve.host_key is empty; using the default")
			} else {
				s.HostKey = path
			}
		case "max_sessions":
			var n int
			if err := md.PrimitiveDecode(p, &n); err != nil {
				*notices = append(*notices, tomlMessage(err))
			} else if n < 1 || n > maxServeSessions {
				note("serve.max_sessions: %d is not between 1 and %d; using %d", n, maxServeSessions, DefaultServeMaxSessions)
			} else {
				s.MaxSessions = n
			}
		case "max_sessions_per_user":
			var n int
			if err := md.PrimitiveDecode(p, &n); err != nil {
				*notices = append(*notices, tomlMessage(err))
			} else if n < 1 || n > maxServeSessions {
				note("serve.max_sessions_per_user: %d is not between 1 and %d; using %d", n, maxServeSessions, DefaultServeMaxSessionsPerUser)
			} else {
				s.MaxSessionsPerUser = n
			}
		case "max_window":
			var text string
			if err := md.PrimitiveDecode(p, &text); err != nil {
				*notices = append(*notices, tomlMessage(err))
			} else if w, ok := parseWindowSize(text); !ok {
				note("serve.max_window: %q is not columns x rows like \"512x256\", from %s to %s; using %s",
					termsafe.Line(text), minServeWindow, LargestServeWindow, DefaultServeMaxWindow)
			} else {
				s.MaxWindow = w
			}
		case "idle_timeout":
			var text string
			if err := md.PrimitiveDecode(p, &text); err != nil {
				*notices = append(*notices, tomlMessage(err))
			} else if d, err := time.ParseDuration(text); err != nil || d < 0 || (d > 0 && d < time.Second) {
				note("serve.idle_timeout: %q is not a duration like \"30m\" (\"0\" for none); using %s", termsafe.Line(text), DefaultServeIdleTimeout)
			} else {
				s.IdleTimeout = d
			}
		case "metrics_addr":
			var addr string
			if err := md.PrimitiveDecode(p, &addr); err != nil {
				*notices = append(*notices, tomlMessage(err))
			} else if _, port, _ := net.SplitHostPort(addr); port != "0" && checkAddr(addr) != nil {
				// Port 0 is any free port: the log says which.
				note("serve.metrics_addr: %s; no metrics served", checkAddr(addr))
			} else {
				s.MetricsAddr = addr
				if host, port, _ := net.SplitHostPort(addr); host == "" {
					s.MetricsAddr = net.JoinHostPort("127.0.0.1", port)
				}
			}
		case "users":
			s.Users = parseServeUsers(md, p, profiles, src, notices)
		default:
			note("unknown setting %q ignored", "serve."+termsafe.Line(k))
		}
	}
	return s
}

// parseWindowSize reads "COLSxROWS" within the range of max_window.
func parseWindowSize(text string) (WindowSize, bool) {
	cols, rows, found := strings.Cut(strings.ToLower(strings.TrimSpace(text)), "x")
	c, errC := strconv.Atoi(strings.TrimSpace(cols))
	r, errR := strconv.Atoi(strings.TrimSpace(rows))
	w := WindowSize{Cols: c, Rows: r}
	ok := found && errC == nil && errR == nil &&
		w.Cols >= minServeWindow.Cols && w.Cols <= LargestServeWindow.Cols &&
		w.Rows >= minServeWindow.Rows && w.Rows <= LargestServeWindow.Rows
	return w, ok
}

// checkAddr accepts host:port with a port number, the host possibly empty.
func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not host:port", termsafe.Line(addr))
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("%q has no port number", termsafe.Line(addr))
	}
	return nil
}

// parseServeUsers decodes [serve.users.*]. A key listed under two users is
// refused for both: which user it signs in as would be a guess.
func parseServeUsers(md toml.MetaData, prim toml.Primitive, profiles map[string]Profile, src sourceLines, notices *[]string) map[string]ServeUser {
	line := src.tableLine("serve.users")
	note := func(format string, a ...any) { *notices = append(*notices, at(line, format, a...)) }
	tables, ok := tableOf(md, prim, notices, at(line, "serve.users must be tables like [serve.users.alice]; ignored"))
	if !ok {
		return nil
	}
	var raw map[string]map[string]toml.Primitive
	if err := md.PrimitiveDecode(prim, &raw); err != nil {
		*notices = append(*notices, tomlMessage(err))
		return nil
	}
	users := make(map[string]ServeUser, len(raw))
	owners := map[string][]string{} // key (wire form) → users listing it
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		shown := "serve.users." + termsafe.Line(name)
		line = src.tableLine("serve.users." + name)
		if _, ok := tables[name].(map[string]any); !ok {
			note("%s must be a table; ignored", shown)
			continue
		}
		if !serveUserName.MatchString(name) {
			note("%s: a user name is letters, digits, '.', '_' and '-', at most 32; user ignored", shown)
			continue
		}
		u, ok := parseServeUser(md, shown, raw[name], src, "serve.users."+name, notices)
		if !ok {
			continue
		}
		if _, found := profiles[u.Profile]; !found && u.Profile != defaultProfile {
			line = src.keyLine("serve.users."+name, "profile")
			note("%s.profile: there is no [profiles.%s]; user ignored", shown, termsafe.Line(u.Profile))
			continue
		}
		for _, k := range u.Keys {
			owners[string(k.Marshal())] = append(owners[string(k.Marshal())], name)
		}
		users[name] = u
	}
	// Names that differ only in case would share one drafts directory
	// and audit log on a file system that ignores case (macOS, Windows):
	// which user's they are would be a guess, so neither signs in.
	byFolded := map[string][]string{}
	for _, name := range slices.Sorted(maps.Keys(users)) {
		byFolded[strings.ToLower(name)] = append(byFolded[strings.ToLower(name)], name)
	}
	for _, folded := range slices.Sorted(maps.Keys(byFolded)) {
		if names := byFolded[folded]; len(names) > 1 {
			line = src.tableLine("serve.users." + names[len(names)-1])
			note("serve.users: %s differ only in case (they would share files); refused for all of them", strings.Join(names, ", "))
			for _, name := range names {
				delete(users, name)
				for wire, owned := range owners {
					owners[wire] = slices.DeleteFunc(owned, func(n string) bool { return n == name })
				}
			}
		}
	}
	for wire, names := range owners {
		if len(names) < 2 {
			continue
		}
		k, _ := ssh.ParsePublicKey([]byte(wire))
		line = src.valueLine(base64.StdEncoding.EncodeToString([]byte(wire)), src.tableLine("serve.users."+names[len(names)-1]))
		note("serve.users: the key %s is listed for %s; refused for all of them", ssh.FingerprintSHA256(k), strings.Join(names, ", "))
		for _, name := range names {
			u := users[name]
			u.Keys = slices.DeleteFunc(u.Keys, func(k ssh.PublicKey) bool { return string(k.Marshal()) == wire })
			users[name] = u
		}
	}
	for _, name := range slices.Sorted(maps.Keys(users)) {
		if len(users[name].Keys) == 0 {
			line = src.keyLine("serve.users."+name, "keys")
			note("serve.users.%s has no usable key: nobody signs in as %s", name, name)
		}
	}
	return users
}

// parseServeUser decodes one user's fields; ok is false when the user must
// be left out.
// table is the user's table as the file names it, for src to find lines in.
func parseServeUser(md toml.MetaData, shown string, fields map[string]toml.Primitive, src sourceLines, table string, notices *[]string) (u ServeUser, ok bool) {
	var line int
	note := func(format string, a ...any) { *notices = append(*notices, at(line, format, a...)) }
	u.Profile = defaultProfile
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		p := fields[k]
		line = src.keyLine(table, k)
		switch k {
		case "keys":
			var lines []string
			if err := md.PrimitiveDecode(p, &lines); err != nil {
				*notices = append(*notices, tomlMessage(err))
				continue
			}
			keysLine := line
			for i, text := range lines {
				key, err := parseAuthorizedKey(text)
				if err != nil {
					line = cmp.Or(src.valueLine(text, keysLine), keysLine)
					note("%s.keys[%d]: %s; key ignored", shown, i, err)
					continue
				}
				if !slices.ContainsFunc(u.Keys, func(k ssh.PublicKey) bool { return bytes.Equal(k.Marshal(), key.Marshal()) }) {
					u.Keys = append(u.Keys, key)
				}
			}
		case "profile":
			if err := md.PrimitiveDecode(p, &u.Profile); err != nil {
				// Which account the user reaches is no guess: leave them out.
				*notices = append(*notices, tomlMessage(err)+"; user ignored")
				return u, false
			}
			if u.Profile == "" {
				u.Profile = defaultProfile
			}
		case "read_only":
			if err := md.PrimitiveDecode(p, &u.ReadOnly); err != nil {
				// Fail safe, as for a profile: whoever wrote read_only
				// meant to hold this user back.
				u.ReadOnly = true
				*notices = append(*notices, tomlMessage(err)+"; user kept read-only")
			}
		default:
			note("unknown setting %q ignored", shown+"."+termsafe.Line(k))
		}
	}
	return u, true
}

// parseAuthorizedKey reads one authorized_keys line. Options (from=,
// command=, no-pty…) are refused rather than ignored: tweakdash serve
// does not enforce them, and a from= that silently does nothing is worse
// than an error. Certificates are refused too: no CA is trusted.
func parseAuthorizedKey(line string) (ssh.PublicKey, error) {
	key, _, options, rest, err := ssh.ParseAuthorizedKey([]byte(line))
	switch {
	case err != nil:
		return nil, fmt.Errorf("not an authorized_keys line like \"ssh-ed25519 AAAA… alice@laptop\"")
	case len(options) > 0:
		return nil, fmt.Errorf("options such as %s are not supported here; remove them", termsafe.Line(strings.SplitN(options[0], "=", 2)[0]))
	case len(bytes.TrimSpace(rest)) > 0:
		return nil, fmt.Errorf("one key per string, please")
	}
	if _, isCert := key.(*ssh.Certificate); isCert {
		return nil, fmt.Errorf("a certificate: list the plain public key")
	}
	return key, nil
}

// hostKeyPath makes a host_key path absolute: "~/" is the home directory,
// a relative path is relative to dir, the settings file's directory.
func hostKeyPath(path, dir string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(dir, path)
}
