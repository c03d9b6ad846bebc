package model

import "testing"

func TestLabelledSpeaksTheFormsWords(t *testing.T) {
	for _, c := range []struct {
		res      Resource
		key, msg string
		want     string
	}{
		{ServerResource, "ip_port_user_pass", "The ip port user pass field is required.", "Address / credentials is required."},
		{ServerResource, "ssh_pk", "The ssh pk field format is invalid.", "SSH private key format is invalid."},
		{ServerResource, "name", "The name field must not be greater than 255 characters.", "Name must not be greater than 255 characters."},
		{ServerResource, "name", "The name has already been taken.", "Name has already been taken."},
		{ServerResource, "ssl_port", "The ssl port field must be an integer.", "SSL port must be an integer."},
		{TweakResource, "tls_version", "The selected tls version is invalid.", "The selected TLS version is invalid."},
		{ServerResource, "tunnel_type", "The selected tunnel type is invalid.", "The selected tunnel type is invalid."},
		{PasswordResource, "password", "The password field is required unless generate multiple is true.", "Password is required unless generate multiple is true."},
		{ServerResource, "name", "Server limit reached (5).", "Server limit reached (5)."},
		{ServerResource, "name", "The servers.0.name field is required.", "Name is required."},
		{ServerResource, "ssh_pk", "The servers.1.ssh_pk field format is invalid.", "SSH private key format is invalid."},
		{ServerResource, "ssh_pk", "The server.ssh pk field format is invalid.", "SSH private key format is invalid."},
		{ServerResource, "name", "The named thing is odd.", "The named thing is odd."},
	} {
		f, ok := c.res.Field(c.key)
		if !ok {
			t.Fatalf("no field %s", c.key)
		}
		if got := f.Labelled(c.msg); got != c.want {
			t.Errorf("%s: %q → %q, want %q", c.key, c.msg, got, c.want)
		}
	}
}
