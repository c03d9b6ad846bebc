package api

import (
	"strings"
	"testing"
)

func TestCheckBaseURLSaysWhyAndNeverEchoesAPassword(t *testing.T) {
	for raw, want := range map[string]string{
		"httptweak.com":                     "no scheme",
		"ftp://httptweak.com":               `scheme must be https, not "ftp"`,
		"https://":                          "no host",
		"https://:443":                      "no host",
		"https://user:s3cret@httptweak.com": "must not hold a user name or password",
		"https://s3cret@httptweak.com":      "must not hold a user name or password",
		"http://user:s3cret@[::1":           "not a URL",
		"https://h/?q=1":                    "must not have a query or fragment",
		"https://h/#s3cret":                 "must not have a query or fragment",
		"http://staging.example.invalid":    "refusing to send the API key over plain http to host staging.example.invalid; use https",
	} {
		_, err := CheckBaseURL(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckBaseURL(%q) = %v, want an error saying %q", raw, err, want)
		} else if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("CheckBaseURL(%q) error shows the secret: %v", raw, err)
		}
	}
	u, err := CheckBaseURL(" https://httptweak.com/api/ ")
	if err != nil || u.String() != "https://httptweak.com/api" {
		t.Errorf("got %v, %v; want https://httptweak.com/api without the trailing slash", u, err)
	}
}
