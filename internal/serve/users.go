package serve

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"tweakdash/api"
	"tweakdash/internal/settings"
	"tweakdash/internal/termsafe"
)

// User is someone who may connect, and the account their sessions use.
type User struct {
	Name     string
	Keys     []gossh.PublicKey
	ReadOnly bool // the user's read_only, or their profile's
	Account  *Account
}

// Account is a profile as the server holds it: one API client, shared by
// every session on the profile so that they share its rate-limit state.
type Account struct {
	Profile string
	Label   string // safe to draw
	Color   string
	Host    string // what the header shows of the base URL

	// Client is nil when the server cannot use the profile (no API key, a
	// refused base URL); Unusable says why, for the log.
	Client   *api.Client
	Unusable string

	readOnlyProfile bool // the profile's read_only

	// team is the dashboards open on the account, told of each other's
	// rate-limit news.
	team team
	// counts are the requests its client sent, for the metrics.
	counts apiCounts
}

// Users finds a user by public key. It is never changed once made: a
// reload makes a new one (Server.SetUsers).
type Users struct {
	byKey map[string]*User // a key's wire form → its user
	names []string
}

// NewUsers indexes users by key. A key under two users is an error: which
// one it signs in as would be a guess. So is a name that is not one path
// element, or that differs from another only in case: it names the user's
// drafts directory and audit log.
func NewUsers(users []User) (*Users, error) {
	u := &Users{byKey: map[string]*User{}}
	folded := map[string]string{} // lower case → the name
	for i := range users {
		user := &users[i]
		if n := user.Name; n == "" || n == "." || n == ".." || strings.ContainsAny(n, `/\`) {
			return nil, fmt.Errorf("%q cannot be a user name", n)
		}
		if other, dup := folded[strings.ToLower(user.Name)]; dup {
			return nil, fmt.Errorf("the users %s and %s differ only in case: they would share their files", other, user.Name)
		}
		folded[strings.ToLower(user.Name)] = user.Name
		for _, k := range user.Keys {
			wire := string(k.Marshal())
			if other, dup := u.byKey[wire]; dup && other != user {
				return nil, fmt.Errorf("the key %s is listed for %s and %s", gossh.FingerprintSHA256(k), other.Name, user.Name)
			}
			u.byKey[wire] = user
		}
		u.names = append(u.names, user.Name)
	}
	slices.Sort(u.names)
	return u, nil
}

// Lookup returns the user whose key is key, or nil.
func (u *Users) Lookup(key gossh.PublicKey) *User {
	if u == nil || key == nil {
		return nil
	}
	return u.byKey[string(key.Marshal())]
}

// accounts lists the users' accounts, each once.
func (u *Users) accounts() []*Account {
	var out []*Account
	for _, user := range u.byKey {
		if user.Account != nil && !slices.Contains(out, user.Account) {
			out = append(out, user.Account)
		}
	}
	return out
}

// Names lists the users, sorted.
func (u *Users) Names() []string { return slices.Clone(u.names) }

// Loaded is what the settings file says about serving.
type Loaded struct {
	Serve settings.Serve
	Users *Users
	// Notices say what was wrong with the file, and which profiles cannot
	// be used; one safe line each.
	Notices []string
}

// Load reads the settings file at path and resolves the profile of every
// user into an account, with the API key found as the dashboard finds it
// (getenv is the server's environment: HTTPTWEAK_API_KEY and
// HTTPTWEAK_BASE_URL apply to every profile). A file that cannot be used
// at all is an error, so that a reload never empties the server by
// accident; a bad entry is only a notice.
func Load(ctx context.Context, path string, getenv func(string) string) (Loaded, error) {
	ls := settings.Load(path)
	if ls.Broken() {
		return Loaded{Notices: ls.Notices}, errors.New(joinNotices(ls.Notices))
	}
	out := Loaded{Serve: ls.Serve, Notices: slices.Clone(ls.Notices)}
	// Resolve starts its notices with the file's: clipped, so that each
	// profile's own are appended to a copy and read off the end.
	ls.Notices = slices.Clip(ls.Notices)
	accounts := map[string]*Account{}
	users := make([]User, 0, len(ls.Serve.Users))
	for _, name := range slices.Sorted(maps.Keys(ls.Serve.Users)) {
		su := ls.Serve.Users[name]
		acct, ok := accounts[su.Profile]
		if !ok {
			st, err := settings.ResolveFile(ctx, settings.Flags{Profile: su.Profile}, getenv, path, ls)
			for _, n := range st.Notices[len(ls.Notices):] {
				out.Notices = append(out.Notices, "profile "+termsafe.Line(su.Profile)+": "+n)
			}
			acct = newAccount(su.Profile, st, err)
			if acct.Unusable != "" {
				out.Notices = append(out.Notices, acct.Unusable)
			}
			accounts[su.Profile] = acct
		}
		users = append(users, User{Name: name, Keys: su.Keys, ReadOnly: su.ReadOnly || acct.readOnlyProfile, Account: acct})
	}
	u, err := NewUsers(users)
	if err != nil {
		return out, err
	}
	out.Users = u
	return out, nil
}

// newAccount makes the client of a profile as Resolve found it.
func newAccount(profile string, st settings.Startup, err error) *Account {
	a := &Account{Profile: profile, Label: st.Label, Color: st.Color, Host: hostOf(st.BaseURL)}
	shown := termsafe.Line(profile)
	switch {
	case err != nil:
		a.Unusable = "profile " + shown + " cannot be used: " + termsafe.OneLine(err.Error())
	case st.Key == "":
		a.Unusable = "profile " + shown + " has no API key on this server (api_key or api_key_command in [profiles." + shown + "]): its users are refused"
	default:
		a.Client, err = accountClient(st.BaseURL, st.Key, &a.counts)
		if err != nil {
			a.Unusable = "profile " + shown + " cannot be used: " + termsafe.OneLine(err.Error())
		}
	}
	a.readOnlyProfile = st.ReadOnly
	return a
}

// hostOf is what the header shows of a base URL.
func hostOf(base string) string {
	if u, err := url.Parse(base); err == nil && u.Host != "" {
		return u.Host
	}
	return base
}

func joinNotices(n []string) string { return strings.Join(n, "; ") }
