package api

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tweakdash/api/apitest"
	"tweakdash/model"
)

// Every write sends exactly the request its builder shows: method, path
// and body byte for byte. A preview built with the builder is the request.
func TestBuildersAreWhatTheWritesSend(t *testing.T) {
	port := model.Int(443)
	srv := model.Server{Name: "Edge", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22@u:p", SSLPort: &port, SSHPK: "-----BEGIN KEY-----\nx\n-----END KEY-----", Note: "n"}
	tw := model.Tweak{Name: "T", TunnelType: model.OVPNTCPSSH, SNI: "example.com"}
	dev := model.DeviceID{DeviceID: "00112233445566778899AABBCCDDEEFF", Note: "phone", IsActive: true}
	pw := model.Password{Password: "hunter22", Type: model.OneTime, IsActive: true, DeleteAfterUsed: true}
	sync := SyncRequest{ConfigUniqueKey: "cfg", Servers: []model.Server{srv}, Tweaks: []model.Tweak{tw}, Clear: map[string][]string{"tweaks.0": {"note"}}}
	for _, c := range []struct {
		name string
		want Request
		call func(ctx context.Context, c *Client) error
	}{
		{"create server", CreateServerRequest("cfg", srv), func(ctx context.Context, c *Client) error { _, _, err := c.CreateServer(ctx, "cfg", srv); return err }},
		{"update server", UpdateServerRequest("cfg", "k1", srv), func(ctx context.Context, c *Client) error {
			_, _, err := c.UpdateServer(ctx, "cfg", "k1", srv)
			return err
		}},
		{"delete server", DeleteServerRequest("cfg", "k1"), func(ctx context.Context, c *Client) error { _, _, err := c.DeleteServer(ctx, "cfg", "k1"); return err }},
		{"create tweak", CreateTweakRequest("cfg", tw), func(ctx context.Context, c *Client) error { _, _, err := c.CreateTweak(ctx, "cfg", tw); return err }},
		{"update tweak", UpdateTweakRequest("cfg", "k2", tw), func(ctx context.Context, c *Client) error {
			_, _, err := c.UpdateTweak(ctx, "cfg", "k2", tw)
			return err
		}},
		{"delete tweak", DeleteTweakRequest("cfg", "k2"), func(ctx context.Context, c *Client) error { _, _, err := c.DeleteTweak(ctx, "cfg", "k2"); return err }},
		{"create device IDs", CreateDeviceIDsRequest("cfg", DeviceIDCreate{IDs: []string{dev.DeviceID}, Note: "x", IsActive: true}), func(ctx context.Context, c *Client) error {
			_, _, err := c.CreateDeviceIDs(ctx, "cfg", DeviceIDCreate{IDs: []string{dev.DeviceID}, Note: "x", IsActive: true})
			return err
		}},
		{"update device ID", UpdateDeviceIDRequest("cfg", 7, dev), func(ctx context.Context, c *Client) error {
			_, _, err := c.UpdateDeviceID(ctx, "cfg", 7, dev)
			return err
		}},
		{"delete device ID", DeleteDeviceIDRequest("cfg", 7), func(ctx context.Context, c *Client) error { _, err := c.DeleteDeviceID(ctx, "cfg", 7); return err }},
		{"create passwords", CreatePasswordsRequest("cfg", PasswordCreate{Type: model.Reusable, GenerateMultiple: true, Count: 3, IsActive: true}), func(ctx context.Context, c *Client) error {
			_, _, err := c.CreatePasswords(ctx, "cfg", PasswordCreate{Type: model.Reusable, GenerateMultiple: true, Count: 3, IsActive: true})
			return err
		}},
		{"update password", UpdatePasswordRequest("cfg", 9, pw), func(ctx context.Context, c *Client) error {
			_, _, err := c.UpdatePassword(ctx, "cfg", 9, pw)
			return err
		}},
		{"delete password", DeletePasswordRequest("cfg", 9), func(ctx context.Context, c *Client) error { _, err := c.DeletePassword(ctx, "cfg", 9); return err }},
		{"sync", SyncConfigRequest(sync), func(ctx context.Context, c *Client) error { _, _, err := c.SyncConfig(ctx, sync); return err }},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := serve(t, []reply{jsonReply(200, `{"success":true}`)})
			_ = c.call(context.Background(), h.c)
			got := h.rec.got[0]
			if got.Method != c.want.Method || got.Path != c.want.Path || string(got.Body) != c.want.JSON(false) {
				t.Fatalf("sent %s %s %s\nbuilt %s %s %s", got.Method, got.Path, got.Body, c.want.Method, c.want.Path, c.want.JSON(false))
			}
		})
	}
}

// The curl command names the key's variable, never the key, and is one
// line of printable ASCII whose quoted body is the JSON that is sent.
func TestCurlIsOneSafeLineWithoutTheKey(t *testing.T) {
	s := model.Server{Name: "It's \x1b[2J \u202e ünï 🙂", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22", Note: "a\nb"}
	r := CreateServerRequest("cfg key", s)
	cmd := r.Curl("https://api.example.com/")
	if !strings.Contains(cmd, `-H "X-API-Key: $HTTPTWEAK_API_KEY"`) || strings.Contains(cmd, testKey) {
		t.Fatalf("key handling: %s", cmd)
	}
	for _, c := range cmd {
		if c < 0x20 || c >= 0x7f {
			t.Fatalf("not printable ASCII (%U): %q", c, cmd)
		}
	}
	args := shellWords(t, cmd)
	if args[4] != "https://api.example.com/api/v1/configs/cfg%20key/servers" {
		t.Fatalf("URL %q", args[4])
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(args[len(args)-1]), &body); err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	_ = json.Unmarshal([]byte(r.JSON(false)), &want)
	if b, w := mustJSON(body), mustJSON(want); b != w {
		t.Fatalf("curl's body %s, sent %s", b, w)
	}
}

// Run by curl itself, when the machine has it, the command creates the
// same record against the sandbox.
func TestCurlCreatesTheRecordAgainstTheSandbox(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("no curl on this machine: the command's quoting is checked by TestCurlIsOneSafeLineWithoutTheKey")
	}
	sb := apitest.New(apitest.Options{APIKey: testKey, Data: apitest.DataEmpty, Seed: 1})
	key := sb.AddConfig(apitest.ConfigSpec{Name: "Curl"})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	url := srv.URL
	c, err := NewClient(url, testKey)
	if err != nil {
		t.Fatal(err)
	}
	cmd := CreateServerRequest(key, model.Server{Name: "By curl, it's", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22"}).Curl(url)
	run := exec.Command("sh", "-c", cmd)
	run.Env = append(os.Environ(), "HTTPTWEAK_API_KEY="+testKey, "PATH="+filepath.Dir(curl)+":"+os.Getenv("PATH"))
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	list, _, err := c.ListServers(context.Background(), key)
	if err != nil || len(list) != 1 || list[0].Name != "By curl, it's" {
		t.Fatalf("after curl: %v %+v", err, list)
	}
}

// shellWords splits a command made of plain words and single-quoted ones,
// as sh would.
func shellWords(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	var cur strings.Builder
	in, started := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case in && c == '\'':
			in = false
		case in:
			cur.WriteByte(c)
		case c == '\'':
			in, started = true, true
		case c == '"':
			j := strings.IndexByte(s[i+1:], '"')
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			started = true
		case c == '\\' && i+1 < len(s):
			cur.WriteByte(s[i+1])
			i++
			started = true
		case c == ' ':
			if started {
				out = append(out, cur.String())
				cur.Reset()
				started = false
			}
		default:
			cur.WriteByte(c)
			started = true
		}
	}
	if in {
		t.Fatalf("unterminated quote in %q", s)
	}
	if started {
		out = append(out, cur.String())
	}
	return out
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
