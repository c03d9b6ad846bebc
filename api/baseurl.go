package api

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// CheckBaseURL parses raw as the API's base URL (for example
// https://httptweak.com) and says why it will not do. The key travels only
// over https, or over plain http to a loopback host (127.0.0.0/8, ::1,
// localhost) such as the sandbox; a URL with a user or password, a query or
// a fragment is refused too. NewClient and the settings both check with it,
// so that nothing accepts an address the client would refuse.
//
// The error never quotes raw: a refused URL may hold a password.
func CheckBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Parse's error quotes the whole input, password and all.
		return nil, errors.New("not a URL: want https://host")
	}
	switch {
	case u.Scheme == "":
		return nil, errors.New("no scheme: want https://host")
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, fmt.Errorf("scheme must be https, not %q", u.Scheme)
	case u.User != nil:
		return nil, errors.New("must not hold a user name or password")
	case u.Hostname() == "":
		return nil, errors.New("no host: want https://host")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, errors.New("must not have a query or fragment")
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return nil, fmt.Errorf("refusing to send the API key over plain http to host %s; use https", u.Hostname())
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}
