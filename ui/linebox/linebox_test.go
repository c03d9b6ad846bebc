package linebox

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"tweakdash/internal/termsafe"
)

// An OpenVPN config with inline certificates runs past the 99 lines at which
// the stock textarea stops taking input.
func TestTakesLongPastesWhole(t *testing.T) {
	var sb strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&sb, "line %d\r\n", i)
	}
	m := New()
	m.Focus()
	m.Update(tea.PasteMsg{Content: sb.String()})
	if m.Len() != 3001 {
		t.Fatalf("lines = %d, want 3001", m.Len())
	}
	if got := m.Value(); got != strings.ReplaceAll(sb.String(), "\r\n", "\n") {
		t.Fatalf("value differs from the paste with LF line ends (len %d)", len(got))
	}
}

func TestBlurredEditorIgnoresKeys(t *testing.T) {
	m := New()
	m.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if m.Value() != "" {
		t.Fatalf("a blurred editor took a key: %q", m.Value())
	}
}

func TestMaskHidesEveryCharacter(t *testing.T) {
	m := New()
	m.Mask = true
	m.SetValue("-----BEGIN OPENSSH PRIVATE KEY-----\nsecret")
	v := m.View()
	if strings.Contains(v, "secret") || strings.Contains(v, "BEGIN") {
		t.Fatalf("masked view shows the secret:\n%s", v)
	}
	if !strings.Contains(v, "••••••") {
		t.Fatalf("masked view shows no bullets:\n%s", v)
	}
}

func TestOnSpliceSeesEveryChange(t *testing.T) {
	m := New()
	m.Focus()
	var mirror []string
	mirror = append(mirror, "")
	m.OnSplice = func(from, to int, repl []string) {
		mirror = append(mirror[:from], append(append([]string{}, repl...), mirror[to:]...)...)
	}
	m.Update(tea.PasteMsg{Content: "ab\ncd"})
	m.Update(tea.KeyPressMsg{Code: tea.KeyHome})
	m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	m.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if got, want := strings.Join(mirror, "\n"), m.Value(); got != want || want != "abxcd" {
		t.Fatalf("mirror %q, value %q, want both abxcd", got, want)
	}
}

func TestViewFitsAndIsSafe(t *testing.T) {
	m := New()
	m.Focus()
	m.LineNumbers = true
	m.SetSize(30, 50)
	m.SetValue(strings.Join(append(termsafe.Hostile(), strings.Repeat("長い", 40)), "\n"))
	m.cursorEnd()
	for i, l := range strings.Split(m.View(), "\n") {
		if strings.ContainsAny(l, "\x1b\r\a\b\x00") {
			t.Errorf("line %d carries a control character: %q", i, l)
		}
		if w := termsafe.Width(l); w > 30 {
			t.Errorf("line %d is %d cells wide: %q", i, w, l)
		}
	}
}
