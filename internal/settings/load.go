package settings

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"tweakdash/api"
	"tweakdash/internal/safefile"
	"tweakdash/internal/termsafe"
	"tweakdash/theme"
)

// File is a settings file as read: its values, what was wrong with it, and
// whether its permissions allow using what it holds.
type File struct {
	Settings
	// Notices say what was wrong with the file, one safe line each,
	// starting with the path (and line) they concern.
	Notices []string

	shown  string // Path as messages show it, ~ for the home directory
	exists bool
	mode   fs.FileMode
	// broken is set when the file could not be used at all (unreadable,
	// unparsable, or others could have changed it): saving into it would
	// throw away whatever the user wrote, or write where others can change
	// it, so the save is not offered.
	broken bool
}

// Load reads the settings file at path. It never fails: every problem
// becomes a notice and the values it concerns are left out.
func Load(path string) File { return load(path, os.Getuid()) }

// maxSettingsSize bounds what is read of a settings file: hand-written
// TOML is a few hundred bytes.
const maxSettingsSize = 1 << 20

// load is Load for the user uid (tests pretend to be someone else).
func load(path string, uid int) File {
	ls := File{shown: Tilde(path), Settings: Settings{Serve: defaultServe()}}
	// A link (a dotfile manager's) is followed: what it points to is what
	// is checked and read.
	target, err := filepath.EvalSymlinks(path)
	if errors.Is(err, fs.ErrNotExist) {
		return ls
	}
	var data []byte
	var fi fs.FileInfo
	if err == nil {
		data, fi, err = safefile.Read(target, maxSettingsSize)
	}
	if err != nil {
		ls.broken = true
		ls.Notices = append(ls.Notices, fmt.Sprintf("%s not read: %s; using defaults", ls.shown, termsafe.Line(err.Error())))
		return ls
	}
	ls.exists = true
	if why := untrusted(target, fi, uid); why != "" {
		ls.broken = true
		ls.Notices = append(ls.Notices, why)
		return ls
	}
	ls.mode = fi.Mode().Perm()
	s, notices, err := parseSettings(data)
	for _, n := range notices {
		ls.Notices = append(ls.Notices, ls.shown+":"+n)
	}
	if err != nil {
		ls.broken = true
		ls.Notices = append(ls.Notices, ls.shown+":"+err.Error())
		return ls
	}
	if s.Serve.HostKey != "" {
		s.Serve.HostKey = hostKeyPath(s.Serve.HostKey, filepath.Dir(target))
	}
	ls.Settings = s
	return ls
}

// Broken reports whether the file could not be used at all (unreadable,
// unparsable, or others could have changed it): its values are the
// defaults, and Notices say why.
func (ls File) Broken() bool { return ls.broken }

// parseSettings reads the TOML of a settings file leniently: a syntax error
// makes the whole file unusable (the error is returned), but a bad value only
// drops that value, with a notice. Notices and the error start with the line
// number and a colon where the TOML library gives one (so that a caller can
// prefix "path:"), or with a space otherwise.
func parseSettings(data []byte) (Settings, []string, error) {
	s := Settings{Serve: defaultServe()}
	var top map[string]toml.Primitive
	md, err := toml.Decode(string(data), &top)
	if err != nil {
		return s, nil, errors.New(tomlMessage(err) + "; settings ignored, using defaults")
	}
	var notices []string
	note := func(err error) { notices = append(notices, tomlMessage(err)) }

	for _, k := range md.Keys() {
		if len(k) == 1 && !slices.Contains([]string{"profile", "mouse", "cache", "profiles", "serve", "keys", "theme", "refresh"}, k[0]) {
			notices = append(notices, fmt.Sprintf(" unknown setting %q ignored", k.String()))
		}
	}
	if md.IsDefined("profile") {
		if err := md.PrimitiveDecode(top["profile"], &s.Profile); err != nil {
			note(err)
		}
	}
	if md.IsDefined("mouse") {
		if err := md.PrimitiveDecode(top["mouse"], &s.Mouse); err != nil {
			note(err)
		}
	}
	if md.IsDefined("cache") {
		cache := true
		if err := md.PrimitiveDecode(top["cache"], &cache); err != nil {
			// Whoever wrote cache most likely meant to turn it off.
			cache = false
			notices = append(notices, tomlMessage(err)+"; cache kept off")
		}
		s.NoCache = !cache
	}
	if md.IsDefined("profiles") {
		s.Profiles = parseProfiles(md, top["profiles"], &notices)
	}
	if md.IsDefined("keys") {
		s.Keys = parseKeys(md, top["keys"], data, &notices)
	}
	if md.IsDefined("refresh") {
		s.Refresh = parseRefresh(md, top["refresh"], &notices)
	}
	if md.IsDefined("theme") {
		s.Theme = parseTheme(md, top["theme"], &notices)
	}
	if md.IsDefined("serve") {
		s.Serve = parseServe(md, top["serve"], s.Profiles, newSourceLines(data), &notices)
	}
	return s, notices, nil
}

// parseProfiles decodes [profiles.*], each profile on its own.
func parseProfiles(md toml.MetaData, prim toml.Primitive, notices *[]string) map[string]Profile {
	tables, ok := tableOf(md, prim, notices, " profiles must be tables like [profiles.default]; ignored")
	if !ok {
		return nil
	}
	var raw map[string]map[string]toml.Primitive
	if err := md.PrimitiveDecode(prim, &raw); err != nil {
		*notices = append(*notices, tomlMessage(err))
		return nil
	}
	profiles := make(map[string]Profile, len(raw))
	for name, fields := range raw {
		if _, ok := tables[name].(map[string]any); !ok {
			*notices = append(*notices, fmt.Sprintf(" profiles.%s must be a table; ignored", termsafe.Line(name)))
			continue
		}
		profiles[name] = parseProfile(md, name, fields, notices)
	}
	return profiles
}

// parseProfile decodes one profile field by field so that one bad value does
// not cost the others.
func parseProfile(md toml.MetaData, name string, fields map[string]toml.Primitive, notices *[]string) Profile {
	var p Profile
	strs := map[string]*string{
		"base_url":        &p.BaseURL,
		"api_key":         &p.APIKey,
		"api_key_command": &p.APIKeyCommand,
		"label":           &p.Label,
		"color":           &p.Color,
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		prim := fields[k]
		switch dst, ok := strs[k]; {
		case ok:
			if err := md.PrimitiveDecode(prim, dst); err != nil {
				*notices = append(*notices, tomlMessage(err))
			}
		case k == "read_only":
			if err := md.PrimitiveDecode(prim, &p.ReadOnly); err != nil {
				// Fail safe: whoever wrote read_only meant to protect this
				// profile, so a value we cannot read keeps it read-only.
				p.ReadOnly = true
				*notices = append(*notices, tomlMessage(err)+"; profile kept read-only")
			}
		default:
			*notices = append(*notices, fmt.Sprintf(" unknown setting %q ignored", "profiles."+name+"."+k))
		}
	}
	if p.BaseURL != "" {
		if _, err := api.CheckBaseURL(p.BaseURL); err != nil {
			// Not a fall back to the default host: Resolve refuses to run
			// the profile, whose key was meant for another address.
			p.refusedURL = fmt.Sprintf("profiles.%s.base_url: %s", termsafe.Line(name), termsafe.Line(err.Error()))
			*notices = append(*notices, " "+p.refusedURL+"; ignored")
			p.BaseURL = ""
		}
	}
	if p.Color != "" {
		if _, ok := theme.ParseColor(p.Color); !ok {
			*notices = append(*notices, fmt.Sprintf(" profiles.%s.color: %q is not a colour name, #rrggbb or 0-255; ignored",
				termsafe.Line(name), p.Color))
			p.Color = ""
		}
	}
	p.APIKey = strings.TrimSpace(p.APIKey)
	p.APIKeyCommand = strings.TrimSpace(p.APIKeyCommand)
	return p
}

// tomlMessage turns a TOML error into "LINE: message" (or " message" when it
// names no line), one line, safe to draw.
func tomlMessage(err error) string {
	var pe toml.ParseError
	if errors.As(err, &pe) && pe.Position.Line > 0 {
		return fmt.Sprintf("%d: %s", pe.Position.Line, termsafe.Line(pe.Message))
	}
	msg := strings.TrimPrefix(err.Error(), "toml: ")
	// Type errors read "line N (last key "k"): ..." — move the line to the front.
	var line int
	var rest string
	if n, _ := fmt.Sscanf(msg, "line %d", &line); n == 1 {
		if i := strings.Index(msg, ": "); i >= 0 {
			rest = msg[i+2:]
		}
		key := ""
		if a, b := strings.Index(msg, "(last key "), strings.Index(msg, "):"); a >= 0 && b > a {
			key = strings.Trim(msg[a+len("(last key "):b], `"`) + ": "
		}
		return fmt.Sprintf("%d: %s%s", line, termsafe.Line(key), termsafe.Line(rest))
	}
	return " " + termsafe.Line(msg)
}

// tableOf decodes prim as a table. A value that is not one adds notice
// (or the library's message) and is false: the library decodes a
// non-table into a map as an empty map without an error, so the shape is
// checked on the generic value first.
func tableOf(md toml.MetaData, prim toml.Primitive, notices *[]string, notice string) (map[string]any, bool) {
	var generic any
	if err := md.PrimitiveDecode(prim, &generic); err != nil {
		*notices = append(*notices, tomlMessage(err))
		return nil, false
	}
	m, ok := generic.(map[string]any)
	if !ok {
		*notices = append(*notices, notice)
	}
	return m, ok
}
