package serve

import (
	"encoding/binary"
	"slices"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"tweakdash/internal/settings"
)

// openSession is the handler of "session" channels: charm's own, behind
// limits it does not have. A connection has at most maxChannels open; each
// channel's env requests are capped; and the window of every pty-req and
// window-change is clamped to MaxWindow before anything reads it, since
// the renderer allocates for every cell of the window at once.
func (s *Server) openSession(srv *ssh.Server, sc *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	c := connOf(ctx)
	if c == nil { // every connection passes admit: not reachable
		_ = nc.Reject(gossh.ConnectionFailed, "not served")
		return
	}
	// A reload may have removed the key between authentication and the
	// moment the connection became known to SetUsers.
	if key, _ := ctx.Value(ssh.ContextKeyPublicKey).(gossh.PublicKey); s.users.Load().Lookup(key) == nil {
		_ = nc.Reject(gossh.Prohibited, "your access to this server changed")
		s.refusals.info(s.log, "channel refused", "remote", sc.RemoteAddr().String(), "reason", "access changed")
		_ = c.Close()
		return
	}
	if !s.conns.openChannel(c) {
		_ = nc.Reject(gossh.ResourceShortage, "too many sessions on this connection")
		s.refusals.info(s.log, "channel refused", "remote", sc.RemoteAddr().String(), "reason", "too many channels")
		return
	}
	defer s.conns.closeChannel(c)
	// Returns once the channel's requests end: the channel is closed.
	ssh.DefaultSessionHandler(srv, sc, &limitedChannel{NewChannel: nc, s: s, remote: sc.RemoteAddr().String()}, ctx)
}

// limitedChannel is a session channel whose requests pass through filter
// on their way to charm's session.
type limitedChannel struct {
	gossh.NewChannel
	s      *Server
	remote string

	envCount, envBytes int
	envRefused         bool // logged once a channel
}

func (lc *limitedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, in, err := lc.NewChannel.Accept()
	if err != nil {
		return ch, in, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		for req := range in {
			if lc.pass(req) {
				out <- req
			}
		}
	}()
	return ch, out, nil
}

// pass refuses an env request over the caps, and clamps a window; false
// means the request was answered here.
func (lc *limitedChannel) pass(req *gossh.Request) bool {
	switch req.Type {
	case "env":
		if lc.envCount >= envMaxCount || lc.envBytes+len(req.Payload) > envMaxBytes {
			if !lc.envRefused {
				lc.envRefused = true
				lc.s.refusals.info(lc.s.log, "env refused", "remote", lc.remote, "reason", "too many or too large")
			}
			_ = req.Reply(false, nil)
			return false
		}
		lc.envCount++
		lc.envBytes += len(req.Payload)
	case "pty-req":
		// The window follows the TERM string.
		if n, ok := stringLen(req.Payload); ok {
			req.Payload = clampWindow(req.Payload, n, lc.s.cfg.MaxWindow)
		}
	case "window-change":
		req.Payload = clampWindow(req.Payload, 0, lc.s.cfg.MaxWindow)
	}
	return true
}

// stringLen is the length of an SSH string at the start of p, its
// 4-byte length included.
func stringLen(p []byte) (int, bool) {
	if len(p) < 4 {
		return 0, false
	}
	n := uint64(binary.BigEndian.Uint32(p))
	if n > uint64(len(p)-4) {
		return 0, false
	}
	return 4 + int(n), true
}

// clampWindow returns payload with the columns and rows at offset at (two
// uint32) clamped to max; a payload too short to hold them is returned as
// is, for charm's parser to refuse.
func clampWindow(payload []byte, at int, max settings.WindowSize) []byte {
	if len(payload) < at+8 {
		return payload
	}
	p := slices.Clone(payload)
	if cols := binary.BigEndian.Uint32(p[at:]); cols > uint32(max.Cols) {
		binary.BigEndian.PutUint32(p[at:], uint32(max.Cols))
	}
	if rows := binary.BigEndian.Uint32(p[at+4:]); rows > uint32(max.Rows) {
		binary.BigEndian.PutUint32(p[at+4:], uint32(max.Rows))
	}
	return p
}
