package ui

import (
	"net/http"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
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
