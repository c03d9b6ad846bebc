package apitest

import "net"

// Start serves s on addr ("127.0.0.1:0" when empty) in the background and
// returns its base URL (http://host:port) and a function that stops it. The
// server logs nothing, so that it can run under a full-screen program.
// Serve also shapes the network (TLS, latency).
func Start(addr string, s *Server) (url string, stop func() error, err error) {
	sv, err := Serve(addr, s, Network{})
	if err != nil {
		return "", nil, err
	}
	return sv.URL, sv.Stop, nil
}

// IsLoopback reports whether addr (host:port) listens only on this machine:
// a loopback IP or "localhost". An empty host means every interface.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
