package model

import (
	"reflect"
	"testing"
)

func TestDroppedNamesTheFilledFieldsTheNewTypeDoesNotTake(t *testing.T) {
	ssh := Values{"name": "SG SSH", "tunnel_type": "hysteria", "ip_port_user_pass": "u:p@1.2.3.4:22",
		"ssl_port": "443", "ssh_pk": "-----BEGIN OPENSSH PRIVATE KEY-----\nx", "ovpn_config": "  ", "note": "n"}
	var got []string
	for _, f := range Dropped(ServerResource, ssh, Hysteria) {
		got = append(got, f.Label)
	}
	if want := []string{"SSL port", "SSH private key"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ssh → hysteria drops %q, want %q", got, want)
	}
	if d := Dropped(ServerResource, ssh, SSH); d != nil {
		t.Errorf("ssh → ssh drops %v", d)
	}
	if d := Dropped(PasswordResource, Values{"password": "secret1"}, SSH); d != nil {
		t.Errorf("an untyped resource drops %v", d)
	}
}
