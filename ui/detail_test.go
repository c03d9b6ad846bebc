package ui

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"

	"tweakdash/internal/termsafe"
	"tweakdash/model"
	"tweakdash/theme"
)

func TestDetailFieldsOrderAndSecrets(t *testing.T) {
	var s model.Server
	decode(t, `{"zeta":1,"updated_at":"u","note":"n","ssh_pk":"-----BEGIN X KEY-----","ovpn_pk":null,
		"name":"Main","id":2,"tunnel_type":"ssh","alpha":{"nested":[1,2]},"unique_key":"k","created_at":"c"}`, &s)
	fields := detailFields(model.ServerResource, s.Raw)
	var keys []string
	for _, f := range fields {
		keys = append(keys, f.key)
	}
	// Identity, then the spec table's order, then timestamps, then unknown
	// fields by name; ovpn_pk is null and not an ssh field: it is named on
	// the last line instead.
	want := []string{"id", "unique_key", "name", "tunnel_type", "ssh_pk", "note", "created_at", "updated_at", "alpha", "zeta", ""}
	if !slices.Equal(keys, want) {
		t.Fatalf("order %q, want %q", keys, want)
	}
	last := fields[len(fields)-1]
	if !last.muted || last.label != "Not for ssh" || last.value != "OpenVPN private key" {
		t.Fatalf("last line %+v", last)
	}
	byKey := map[string]detailField{}
	for _, f := range fields {
		byKey[f.key] = f
	}
	if !byKey["ssh_pk"].secret || byKey["note"].secret {
		t.Fatal("secrets not marked from the field table")
	}
	if byKey["alpha"].value != `{"nested":[1,2]}` || byKey["zeta"].value != "1" || byKey["alpha"].label != "Alpha" {
		t.Fatalf("unknown fields: %+v %+v", byKey["alpha"], byKey["zeta"])
	}
}

func TestRawText(t *testing.T) {
	for in, want := range map[string]string{
		`"text"`: "text", `"a\nb"`: "a\nb", `42`: "42", `true`: "true", `[1, 2]`: "[1,2]", `{"a": 1}`: `{"a":1}`,
	} {
		if got, null := rawText(json.RawMessage(in)); got != want || null {
			t.Errorf("rawText(%s) = %q, %v; want %q", in, got, null, want)
		}
	}
	if _, null := rawText(json.RawMessage(`null`)); !null {
		t.Error("null not reported")
	}
}

// Fields the program does not know are labelled as a person reads them,
// and an empty value is a dash, not "null".
func TestDetailLabelsUnknownFieldsAndShowsEmptyAsADash(t *testing.T) {
	st := theme.New(true, false)
	raw := model.Raw{"configuration_id": json.RawMessage(`1`), "note": json.RawMessage(`null`), "used_device_id": json.RawMessage(`null`)}
	d := newDetail(&st, "Device ID", detailFields(model.DeviceIDResource, raw))
	d.setSize(60, 10)
	v := stripSGR(d.view())
	for _, want := range []string{"Configuration ID", "Note", "—"} {
		if !strings.Contains(v, want) {
			t.Errorf("detail lacks %q:\n%s", want, v)
		}
	}
	for _, bad := range []string{"configuration_id", "null"} {
		if strings.Contains(v, bad) {
			t.Errorf("detail shows %q:\n%s", bad, v)
		}
	}
}

func TestDetailMasksUntilRevealed(t *testing.T) {
	st := theme.New(true, false)
	raw := model.Raw{"password": json.RawMessage(`"Secret123"`), "type": json.RawMessage(`"one_time"`)}
	d := newDetail(&st, "Password #45", detailFields(model.PasswordResource, raw))
	d.setSize(60, 10)
	if v := stripSGR(d.view()); strings.Contains(v, "Secret123") || !strings.Contains(v, maskText) {
		t.Fatalf("masked view:\n%s", v)
	}
	d.update(keyPress("s"))
	if v := stripSGR(d.view()); !strings.Contains(v, "Secret123") {
		t.Fatalf("revealed view:\n%s", v)
	}
	if d.revealKey().Help().Desc != "hide secrets" {
		t.Fatalf("reveal key says %q once revealed", d.revealKey().Help().Desc)
	}
	d.update(keyPress("s"))
	if v := stripSGR(d.view()); strings.Contains(v, "Secret123") {
		t.Fatal("s did not hide again")
	}
}

// The credentials inside an address and a V2Ray config are secrets too:
// the password and the id are masked, the host stays readable, and s
// reveals them instead of saying there is nothing secret.
func TestDetailMasksCredentialsInAddressesAndConfigs(t *testing.T) {
	st := theme.New(true, false)
	raw := model.Raw{"name": json.RawMessage(`"SG SSH"`), "tunnel_type": json.RawMessage(`"ssh"`),
		"ip_port_user_pass": json.RawMessage(`"surf:Vx9kq2mT@203.0.113.10:22"`)}
	d := newDetail(&st, "Server · SG SSH", detailFields(model.ServerResource, raw))
	d.setSize(80, 10)
	if v := stripSGR(d.view()); strings.Contains(v, "Vx9kq2mT") || !strings.Contains(v, "surf:••••••@203.0.113.10:22") {
		t.Fatalf("the address's password shows, or its host does not:\n%s", v)
	}
	if off := d.keys[0].off(d); off != "" {
		t.Fatalf("s says %q on a detail with a password", off)
	}
	d.update(keyPress("s"))
	if v := stripSGR(d.view()); !strings.Contains(v, "surf:Vx9kq2mT@203.0.113.10:22") {
		t.Fatalf("s did not reveal the address:\n%s", v)
	}

	raw = model.Raw{"tunnel_type": json.RawMessage(`"v2ray_trojan"`),
		"v2ray_config": json.RawMessage(`"{\"servers\":[{\"address\":\"[bughost]\",\"password\":\"tr-sample-7Hq9\"}]}"`)}
	d = newDetail(&st, "Server · DE Trojan", detailFields(model.ServerResource, raw))
	d.setSize(80, 10)
	if v := stripSGR(d.view()); strings.Contains(v, "tr-sample-7Hq9") || !strings.Contains(v, `"password":"••••••"`) || !strings.Contains(v, "[bughost]") {
		t.Fatalf("the V2Ray password shows, or the rest does not:\n%s", v)
	}
}

func TestDetailScrollsLongValues(t *testing.T) {
	st := theme.New(true, false)
	cfg := strings.Repeat("remote 10.0.0.1 1194\n", 100) + "\x1b]52;c;eA==\x07end"
	b, _ := json.Marshal(cfg)
	d := newDetail(&st, "Server · big", detailFields(model.ServerResource, model.Raw{
		"ovpn_config": b, "note": json.RawMessage(`"` + strings.Repeat("word ", 40) + `"`)}))
	d.setSize(40, 12)
	for _, k := range []string{"j", "pgdown", "G", "k", "g", "pgup"} {
		d.update(keyPress(k))
		v := d.view()
		assertTerminalSafe(t, v)
		lines := strings.Split(v, "\n")
		if len(lines) != 12 {
			t.Fatalf("after %s: %d lines", k, len(lines))
		}
		for _, l := range lines {
			if lipgloss.Width(l) > 40 {
				t.Fatalf("after %s: line wider than 40: %q", k, stripSGR(l))
			}
		}
	}
	d.update(keyPress("G"))
	if v := stripSGR(d.view()); !strings.Contains(v, "end") || !strings.Contains(v, "word") {
		t.Fatalf("bottom of a long detail:\n%s", v)
	}
}

func TestWrap(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    int
		want []string
	}{
		{"short", 10, []string{"short"}},
		{"two words here", 9, []string{"two words", "here"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"日本語のテキスト", 5, []string{"日本", "語の", "テキ", "スト"}},
		{"", 3, []string{""}},
		{"end ", 3, []string{"end"}},
		{"日", 1, []string{"日"}}, // one cluster wider than the width: shown, not looped on
	} {
		got := wrap(c.in, c.w)
		if !slices.Equal(got, c.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
		for _, l := range got {
			if termsafe.Width(l) > c.w && len([]rune(l)) > 1 {
				t.Errorf("wrap(%q, %d): %q is too wide", c.in, c.w, l)
			}
		}
	}
}
