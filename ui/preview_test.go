package ui

import (
	"net/http"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/model"
	"tweakdash/theme"
)

var ctrlO = tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl}

// In every form, create and edit, ctrl+o shows the request that ctrl+s
// then sends: the same method, path and body, byte for byte; nothing is
// sent from the preview, and esc returns to the form as it was.
func TestPreviewIsTheRequestSaved(t *testing.T) {
	for _, fc := range formCases() {
		t.Run(fc.name, func(t *testing.T) {
			sb, a, key, _ := faultApp(t)
			fc.open(a)
			e := editing(a)
			if e == nil {
				t.Fatalf("no form:\n%s", plainView(a))
			}
			typed := e.f.Values()
			before := len(sb.Requests())
			a.Update(ctrlO)
			if e.preview == nil {
				t.Fatal("ctrl+o showed no preview")
			}
			want := e.preview.reqs[0]
			if v := previewText(e.preview); !strings.Contains(v, want.Method+" http") || !strings.Contains(v, "/api/v1/configs/"+key+fc.path) {
				t.Fatalf("the preview does not show the method and path:\n%s", v)
			}
			if len(sb.Requests()) != before {
				t.Fatal("the preview sent a request")
			}
			press(a, "esc")
			if e.preview != nil || editing(a) != e || !sameValues(e.f.Values(), typed) {
				t.Fatal("esc did not return to the form as it was")
			}
			_, cmd := a.Update(ctrlS)
			drive(a, cmd)
			rs := writes(sb) // the write, not the list read again after it
			got := rs[len(rs)-1]
			if got.Method != want.Method || got.Path != want.Path || string(got.Body) != want.JSON(false) {
				t.Fatalf("sent %s %s %s\nshown %s %s %s", got.Method, got.Path, got.Body, want.Method, want.Path, want.JSON(false))
			}
		})
	}
}

// A password is masked in the preview until ctrl+r; y copies a curl
// command that names $HTTPTWEAK_API_KEY, never the key.
func TestPreviewMasksSecretsAndCopiesCurl(t *testing.T) {
	_, a, _, _ := faultApp(t)
	for _, fc := range formCases() {
		if fc.name == "new password" {
			fc.open(a)
		}
	}
	a.Update(ctrlO)
	if v := plainView(a); strings.Contains(v, "secret-pw-1") || !strings.Contains(v, maskText) {
		t.Fatalf("masked preview:\n%s", v)
	}
	a.Update(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	if v := plainView(a); !strings.Contains(v, "secret-pw-1") {
		t.Fatalf("revealed preview:\n%s", v)
	}
	_, cmd := a.Update(keyPress("y"))
	curl := clipboardOf(t, cmd)
	if !strings.HasPrefix(curl, "curl ") || !strings.Contains(curl, "$HTTPTWEAK_API_KEY") || strings.Contains(curl, "apitest") {
		t.Fatalf("copied %q", curl)
	}
	if !strings.Contains(curl, http.MethodPost) || !strings.Contains(curl, "secret-pw-1") {
		t.Fatalf("the command does not send the form's request: %q", curl)
	}
}

// A delete's confirmation shows its requests too.
func TestPreviewOfADelete(t *testing.T) {
	sb, a, key, _ := faultApp(t)
	press(a, "1", "g", "d")
	a.Update(ctrlO)
	c, _ := a.overlay.(*confirm)
	if c == nil || c.preview == nil {
		t.Fatalf("ctrl+o on the confirmation:\n%s", plainView(a))
	}
	if v := previewText(c.preview); !strings.Contains(v, "DELETE http") || !strings.Contains(v, "/api/v1/configs/"+key+"/servers/") {
		t.Fatalf("delete preview:\n%s", v)
	}
	press(a, "esc")
	if !strings.Contains(plainView(a), "Delete server") {
		t.Fatalf("esc did not go back to the question:\n%s", plainView(a))
	}
	if n := sb.Count(http.MethodDelete, "/"); n != 0 {
		t.Fatalf("%d DELETEs sent", n)
	}
}

func sameValues(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// previewText is what p shows, unwrapped, without styling.
func previewText(p *preview) string { return stripSGR(strings.Join(p.lines(1000), "\n")) }

// ctrl+o on the confirmation of a 226-row delete says how many requests
// there are, numbers them, pages with pgdn, G and g, and says its keys.
func TestPreviewOfAJobCountsAndPages(t *testing.T) {
	r := newJobRig(t, 600, 226)
	press(r.a, "ctrl+a", "d")
	r.a.Update(ctrlO)
	v := plainView(r.a)
	for _, want := range []string{"226 requests, as they would be sent", "1/226 DELETE http", "↑↓/pgup/pgdn/g/G scroll"} {
		if !strings.Contains(v, want) {
			t.Fatalf("the preview lacks %q:\n%s", want, v)
		}
	}
	press(r.a, "pgdown")
	if v := plainView(r.a); strings.Contains(v, "│ 1/226 DELETE") || !strings.Contains(v, "/226 DELETE") {
		t.Fatalf("pgdn did not move a page:\n%s", v)
	}
	press(r.a, "G")
	if v := plainView(r.a); !strings.Contains(v, "│ 50/226 DELETE") || !strings.Contains(v, "and 176 more requests") {
		t.Fatalf("G did not go to the end:\n%s", v)
	}
	press(r.a, "g")
	if v := plainView(r.a); !strings.Contains(v, "│ 1/226 DELETE") {
		t.Fatalf("g did not go back to the top:\n%s", v)
	}
	if n := r.deletes(); n != 0 {
		t.Fatalf("%d DELETEs sent from the preview", n)
	}
}

// One request is "1 request"; a URL too long for the width breaks before
// a "/", never inside a word.
func TestPreviewBreaksURLsAtSlashes(t *testing.T) {
	st := theme.New(true, true)
	path := "/api/v1/configs/2f7c0a4e8b1d4c6fa3e9b5d7c1f2a8e4/device-ids/123456"
	p := newPreview(&st, "https://httptweak.example.com", model.DeviceIDResource, []api.Request{{Method: http.MethodDelete, Path: path}})
	if v := stripSGR(p.view(80, 12)); !strings.Contains(v, "1 request, as it would be sent") {
		t.Fatalf("one request:\n%s", v)
	}
	lines := strings.Split(strings.TrimSpace(previewLines(p, 40)), "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	if len(lines) < 3 || strings.Join(lines, "") != "DELETE https://httptweak.example.com"+path {
		t.Fatalf("wrapped at 40: %q", lines)
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "/") {
			t.Fatalf("a piece starts inside a word: %q", lines)
		}
	}
}

func previewLines(p *preview, w int) string {
	out := make([]string, 0)
	for _, l := range p.lines(w) {
		out = append(out, strings.TrimRight(stripSGR(l), " "))
	}
	return strings.Join(out, "\n")
}

// The request preview masks what model calls secret, partly where the rest
// is useful: the address's password but not its host, a V2Ray config's
// password in a sync body's servers. The request itself keeps them.
func TestPreviewMasksCredentialsInsideValues(t *testing.T) {
	body := map[string]any{"name": "SG", "tunnel_type": "ssh", "ip_port_user_pass": "surf:Vx9kq2mT@203.0.113.10:22"}
	got := model.MaskBody(model.ServerResource, body)
	if got["ip_port_user_pass"] != "surf:"+maskText+"@203.0.113.10:22" || got["name"] != "SG" {
		t.Fatalf("masked %v", got)
	}
	if body["ip_port_user_pass"] != "surf:Vx9kq2mT@203.0.113.10:22" {
		t.Fatalf("the request itself was changed: %v", body)
	}
	sync := map[string]any{"servers": []map[string]any{{"tunnel_type": "v2ray_trojan", "v2ray_config": `{"password":"tr-sample-7Hq9"}`}}}
	if v := model.MaskBody(model.SyncResource, sync)["servers"].([]map[string]any)[0]["v2ray_config"]; v != `{"password":"`+maskText+`"}` {
		t.Fatalf("sync body's V2Ray config shows %v", v)
	}
}
