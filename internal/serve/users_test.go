package serve

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// writeSettings writes a private settings file and returns its path.
func writeSettings(t *testing.T, body string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "tweakdash")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func authorizedLine(k gossh.PublicKey) string {
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k)))
}

// Load resolves each user's profile into an account once: users of one
// profile share its client; a user is read-only by their own setting or
// their profile's; a profile without a key is unusable, with a notice,
// and its users are refused at the session with a word to them.
func TestLoadResolvesProfilesIntoAccounts(t *testing.T) {
	alice, bob, carol, dave := newSigner(t), newSigner(t), newSigner(t), newSigner(t)
	path := writeSettings(t, `
[profiles.default]
base_url = "http://127.0.0.1:9"
api_key = "k-default"
[profiles.audit]
base_url = "http://127.0.0.1:9"
api_key = "k-audit"
read_only = true
[profiles.nokey]
base_url = "http://127.0.0.1:9"

[serve]
max_sessions = 3

[serve.users.alice]
keys = ["`+authorizedLine(alice.PublicKey())+`"]
[serve.users.bob]
keys = ["`+authorizedLine(bob.PublicKey())+`"]
read_only = true
[serve.users.carol]
keys = ["`+authorizedLine(carol.PublicKey())+`"]
profile = "audit"
[serve.users.dave]
keys = ["`+authorizedLine(dave.PublicKey())+`"]
profile = "nokey"
`)
	got, err := Load(context.Background(), path, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if got.Serve.MaxSessions != 3 {
		t.Errorf("max_sessions = %d", got.Serve.MaxSessions)
	}
	a, b, c, d := got.Users.Lookup(alice.PublicKey()), got.Users.Lookup(bob.PublicKey()), got.Users.Lookup(carol.PublicKey()), got.Users.Lookup(dave.PublicKey())
	if a == nil || b == nil || c == nil || d == nil {
		t.Fatalf("users: %v", got.Users.Names())
	}
	if a.Name != "alice" || a.ReadOnly || !b.ReadOnly || !c.ReadOnly {
		t.Errorf("read-only: alice %v, bob %v, carol %v", a.ReadOnly, b.ReadOnly, c.ReadOnly)
	}
	if a.Account != b.Account || a.Account.Client == nil || a.Account.Host != "127.0.0.1:9" {
		t.Errorf("alice and bob do not share the default account: %+v %+v", a.Account, b.Account)
	}
	if d.Account.Client != nil || !strings.Contains(strings.Join(got.Notices, "\n"), "profile nokey has no API key") {
		t.Errorf("nokey: %+v, notices %q", d.Account, got.Notices)
	}
	if got.Users.Lookup(newSigner(t).PublicKey()) != nil {
		t.Error("a stranger's key found a user")
	}
	for _, n := range got.Notices {
		if strings.Contains(n, "k-default") || strings.Contains(n, "k-audit") {
			t.Errorf("a notice holds a key: %q", n)
		}
	}
}

// A settings file others could write is an error, not an empty server:
// a reload keeps the users it has.
func TestLoadRefusesAFileOthersCanWrite(t *testing.T) {
	path := writeSettings(t, "[serve]\nmax_sessions = 2\n")
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(context.Background(), path, func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "writable by others") {
		t.Errorf("Load: %v, want a refusal that says the file is writable by others", err)
	}
}

// A user whose profile has no key on the server gets in, and is told why
// there is no dashboard.
func TestUserWithoutAccountIsRefused(t *testing.T) {
	dave := newTestUser(t, "dave", false)
	e := startServer(t, nil, nil)
	us, err := NewUsers([]User{{Name: "dave", Keys: []gossh.PublicKey{dave.signer.PublicKey()}, Account: &Account{Profile: "nokey", Unusable: "no key"}}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.SetUsers(us)
	tm := e.connect(dave, 80, 24)
	if code := tm.wait(); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if !strings.Contains(tm.stderr.String(), "no API key for your profile") {
		t.Errorf("stderr %q", tm.stderr.String())
	}
}

func TestNewUsersRefusesAKeyUnderTwoUsersAndPathNames(t *testing.T) {
	k := newSigner(t).PublicKey()
	if _, err := NewUsers([]User{{Name: "a", Keys: []gossh.PublicKey{k}}, {Name: "b", Keys: []gossh.PublicKey{k}}}); err == nil {
		t.Error("one key under two users was accepted")
	}
	for _, name := range []string{"", "..", "../etc", "a/b"} {
		if _, err := NewUsers([]User{{Name: name}}); err == nil {
			t.Errorf("the user name %q was accepted: it names a directory", name)
		}
	}
}

// alice and Alice would share one drafts directory and audit log where
// the file system ignores case: refused, naming both.
func TestNewUsersRefusesNamesThatDifferOnlyInCase(t *testing.T) {
	_, err := NewUsers([]User{
		{Name: "alice", Keys: []gossh.PublicKey{newSigner(t).PublicKey()}},
		{Name: "Alice", Keys: []gossh.PublicKey{newSigner(t).PublicKey()}},
	})
	if err == nil || !strings.Contains(err.Error(), "alice and Alice differ only in case") {
		t.Errorf("alice and Alice: %v, want an error naming both", err)
	}
}
