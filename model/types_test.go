package model

import (
	"encoding/json"
	"os"
	"testing"
)

func TestIntDecode(t *testing.T) {
	for in, want := range map[string]Int{
		`443`: 443, `443.0`: 443, `"443"`: 443, `-1`: -1, `"0"`: 0, `0`: 0,
		`9007199254740993`: 9007199254740993, `1e3`: 1000,
	} {
		var n Int
		if err := json.Unmarshal([]byte(in), &n); err != nil || n != want {
			t.Errorf("Unmarshal(%s) = %d, %v; want %d", in, n, err, want)
		}
	}
	// null and "" leave the value alone, as encoding/json does for null.
	for _, in := range []string{`null`, `""`} {
		n := Int(7)
		if err := json.Unmarshal([]byte(in), &n); err != nil || n != 7 {
			t.Errorf("Unmarshal(%s) = %d, %v; want 7 untouched", in, n, err)
		}
	}
	for _, in := range []string{`"abc"`, `true`, `{}`, `[]`, `"12px"`} {
		var n Int
		if err := json.Unmarshal([]byte(in), &n); err == nil {
			t.Errorf("Unmarshal(%s) = %d, want an error", in, n)
		}
	}
}

func TestBoolDecode(t *testing.T) {
	for in, want := range map[string]Bool{
		`true`: true, `false`: false, `1`: true, `0`: false, `"1"`: true, `"0"`: false,
		`"true"`: true, `"false"`: false, `null`: false,
	} {
		b := !want
		if err := json.Unmarshal([]byte(in), &b); err != nil || b != want {
			t.Errorf("Unmarshal(%s) = %v, %v; want %v", in, b, err, want)
		}
	}
	for _, in := range []string{`"yes"`, `2`, `-1`, `{}`, `"on"`} {
		var b Bool
		if err := json.Unmarshal([]byte(in), &b); err == nil {
			t.Errorf("Unmarshal(%s) = %v, want an error", in, b)
		}
	}
}

func TestAsIntAsBool(t *testing.T) {
	for _, tc := range []struct {
		in   any
		n    int64
		isOK bool
	}{
		{443, 443, true}, {int64(5), 5, true}, {Int(9), 9, true}, {float64(2), 2, true},
		{json.Number("12"), 12, true}, {"12", 12, true}, {" 12 ", 12, true}, {"+3", 3, true},
		{1.5, 0, false}, {json.Number("1.5"), 0, false}, {"1.5", 0, false}, {"", 0, false},
		{"x", 0, false}, {true, 0, false}, {nil, 0, false}, {float64(1 << 60), 0, false},
	} {
		n, ok := AsInt(tc.in)
		if ok != tc.isOK || (ok && n != tc.n) {
			t.Errorf("AsInt(%#v) = %d, %v; want %d, %v", tc.in, n, ok, tc.n, tc.isOK)
		}
	}
	for _, tc := range []struct {
		in      any
		val, ok bool
	}{
		{true, true, true}, {false, false, true}, {Bool(true), true, true},
		{1, true, true}, {0, false, true}, {"1", true, true}, {"0", false, true},
		{float64(1), true, true}, {json.Number("0"), false, true},
		{"true", false, false}, {"yes", false, false}, {2, false, false}, {nil, false, false},
	} {
		val, ok := AsBool(tc.in)
		if ok != tc.ok || val != tc.val {
			t.Errorf("AsBool(%#v) = %v, %v; want %v, %v", tc.in, val, ok, tc.val, tc.ok)
		}
	}
}

// TestDecodeAsPHPSends: numbers as strings, booleans as 0/1, nulls, and
// fields the spec does not list, all in one record per type.
func TestDecodeAsPHPSends(t *testing.T) {
	var s Server
	if err := json.Unmarshal([]byte(`{"id":"2","name":"a","tunnel_type":"hysteria","ip_port_user_pass":"x",
		"hysteria_tx":"100","hysteria_rx":50,"ssl_port":null,"note":null,"status":{"up":true},"weight":1.5}`), &s); err != nil {
		t.Fatal(err)
	}
	if s.ID != 2 || s.HysteriaTX == nil || *s.HysteriaTX != 100 || s.HysteriaRX == nil || *s.HysteriaRX != 50 || s.SSLPort != nil || s.Note != "" {
		t.Errorf("server = %+v", s)
	}
	if string(s.Raw["status"]) != `{"up":true}` || string(s.Raw["weight"]) != `1.5` || string(s.Raw["note"]) != `null` {
		t.Errorf("Raw = %v, want unknown fields kept verbatim", s.Raw)
	}

	var d DeviceID
	if err := json.Unmarshal([]byte(`{"id":31,"device_id":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","is_active":1,"delete_after_used":"0","last_seen":"x"}`), &d); err != nil {
		t.Fatal(err)
	}
	if d.ID != 31 || !d.IsActive || d.DeleteAfterUsed || string(d.Raw["last_seen"]) != `"x"` {
		t.Errorf("device ID = %+v", d)
	}

	var p Password
	if err := json.Unmarshal([]byte(`{"id":45,"password":"Secret123","type":"one_time","note":null,"is_active":"1",
		"delete_after_used":true,"used_device_id":null,"used_at":null}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.ID != 45 || !p.IsActive || !p.DeleteAfterUsed || p.Type != OneTime || len(p.Raw) != 8 {
		t.Errorf("password = %+v", p)
	}

	var tw Tweak
	if err := json.Unmarshal([]byte(`{"name":"t","tunnel_type":"ovpn_tcp_ssh","tls_version":"TLSv1.3","extra":[1]}`), &tw); err != nil {
		t.Fatal(err)
	}
	if tw.TLSVersion != "TLSv1.3" || string(tw.Raw["extra"]) != `[1]` {
		t.Errorf("tweak = %+v", tw)
	}

	var c Config
	if err := json.Unmarshal([]byte(`{"id":"12","name":"Config 12","unique_key":"k","servers_count":"2","tweaks_count":1,"is_cloud_password":1}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.ID != 12 || c.ServersCount != 2 || c.TweaksCount != 1 || string(c.Raw["is_cloud_password"]) != "1" {
		t.Errorf("config = %+v", c)
	}
}

// TestDecodeEmptyIntIsUnset: PHP may send "" for an integer column that was
// never set. It must read as not set, so that saving an unrelated edit sends
// null back rather than 0.
func TestDecodeEmptyIntIsUnset(t *testing.T) {
	var s Server
	if err := json.Unmarshal([]byte(`{"name":"a","tunnel_type":"ssh","ssl_port":"","hysteria_tx":"","hysteria_rx":""}`), &s); err != nil {
		t.Fatal(err)
	}
	if s.SSLPort != nil || s.HysteriaTX != nil || s.HysteriaRX != nil {
		t.Errorf("ssl_port %v, hysteria_tx %v, hysteria_rx %v: want all unset", s.SSLPort, s.HysteriaTX, s.HysteriaRX)
	}
	if body := Body(ServerResource, s.Values(), Update); body["ssl_port"] != nil {
		t.Errorf("update body ssl_port = %v, want null", body["ssl_port"])
	}
}

// TestDecodeBadRecordFails: a value that is not what the field holds is an
// error, not a silent zero.
func TestDecodeBadRecordFails(t *testing.T) {
	for _, in := range []string{
		`{"name":"a","ssl_port":"https"}`,
		`{"name":"a","id":true}`,
	} {
		var s Server
		if err := json.Unmarshal([]byte(in), &s); err == nil {
			t.Errorf("Unmarshal(%s) succeeded: %+v", in, s)
		}
	}
	var d DeviceID
	if err := json.Unmarshal([]byte(`{"id":1,"is_active":"yes"}`), &d); err == nil {
		t.Errorf("is_active \"yes\" decoded as %v", d.IsActive)
	}
}

// TestDecodeSpecRecords: the records in the spec's response examples
// (testdata/spec_records.json, copied from the API reference) decode, and their
// editable values pass validation as an update would send them.
func TestDecodeSpecRecords(t *testing.T) {
	data, err := os.ReadFile("testdata/spec_records.json")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Configurations []Config   `json:"configurations"`
		Servers        []Server   `json:"servers"`
		Tweaks         []Tweak    `json:"tweaks"`
		DeviceIDs      []DeviceID `json:"device_ids"`
		Passwords      []Password `json:"passwords"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if c := got.Configurations[0]; c.ID != 12 || c.ServersCount != 2 || c.UniqueKey != "2f7c1f7e...dc5a2d8b" || len(c.Raw) != 7 {
		t.Errorf("config = %+v", c)
	}
	if s := got.Servers[1]; s.Action != "deleted" || s.ID != 3 || s.TunnelType != OVPNUDP {
		t.Errorf("server = %+v", s)
	}
	if tw := got.Tweaks[0]; tw.TunnelType != OVPNTCPSSH || tw.UniqueKey != "6e1d2f8c...d5ce0d62" {
		t.Errorf("tweak = %+v", tw)
	}
	d := got.DeviceIDs[0]
	if d.ID != 31 || !d.IsActive || d.DeleteAfterUsed || d.Note != "Batch import" {
		t.Errorf("device ID = %+v", d)
	}
	if errs := Validate(DeviceIDResource, d.Values(), Update); errs != nil {
		t.Errorf("device ID values: %v", errs)
	}
	p := got.Passwords[0]
	if p.ID != 45 || p.Type != OneTime || !p.DeleteAfterUsed || p.Note != "" {
		t.Errorf("password = %+v", p)
	}
	if errs := Validate(PasswordResource, p.Values(), Update); errs != nil {
		t.Errorf("password values: %v", errs)
	}
}
