package model

import (
	"encoding/json"
	"testing"
)

func TestSmokeDecode(t *testing.T) {
	var s Server
	if err := json.Unmarshal([]byte(`{"name":"a","tunnel_type":"ssh","ssl_port":"443","extra":1,"note":null}`), &s); err != nil {
		t.Fatal(err)
	}
	if s.SSLPort == nil || *s.SSLPort != 443 || string(s.Raw["extra"]) != "1" {
		t.Fatalf("%+v", s)
	}
	e := Validate(ServerResource, Values{"name": "x", "tunnel_type": "ssh"}, Create)
	if len(e["ip_port_user_pass"]) != 1 {
		t.Fatal(e)
	}
	b := ParseDeviceIDs("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB, xyz; AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n", nil)
	if len(b.New) != 2 || len(b.Malformed) != 1 || len(b.Duplicates) != 1 || b.Lines != 2 {
		t.Fatalf("%+v", b)
	}
}
