package serve

import "time"

// The limits on connections and sessions that the settings file does not
// set. Each bounds what one client can hold without a key, or with one.
const (
	// DefaultHandshakeTimeout bounds the key exchange and authentication
	// of a connection. Long enough for a passphrase typed at ssh's prompt
	// or a security key's touch, which happen inside it; an idle socket
	// holds its slot no longer than this, and less when it is dropped for
	// a newer one (unauthPerSource, unauthTotal).
	DefaultHandshakeTimeout = 20 * time.Second
	// MaxAuthTries is how many keys a client may offer (OpenSSH's default:
	// an agent with several keys tries them in turn).
	MaxAuthTries = 6

	// unauthPerSource and unauthTotal cap the connections still in their
	// handshake, from one source (an IPv4 address, an IPv6 /64) and in
	// all. A new connection is never turned away for them: the oldest
	// unauthenticated one is dropped to make room, so idle sockets cannot
	// keep anyone out, even someone behind the same address; to push a
	// real client out, an attacker must open this many connections during
	// its handshake, a fraction of a second. One source may hold half of
	// them: a team behind one address (an office's NAT, a script opening
	// sixteen windows) starts its clients together, and a cap of 8 turned
	// half of sixteen away.
	unauthPerSource = unauthTotal / 2
	unauthTotal     = 64

	// DefaultNoSessionGrace is how long an authenticated connection may
	// run no session (ssh -N, a session closed with the connection kept)
	// before it is closed. Clients ask for their session at once.
	DefaultNoSessionGrace = 10 * time.Second
	// revokedGrace is how long a connection whose user a reload removed
	// or changed is kept once its sessions have ended, so that their last
	// words reach the client before the connection is closed;
	// ShutdownGrace bounds the wait for those sessions.
	revokedGrace = time.Second
	// connIdleMargin is added to the idle timeout for the connection's own
	// idle timer: the session's timer ends its dashboard first, with a word
	// to the user; the connection's closes whatever is left after it.
	connIdleMargin = 30 * time.Second

	// maxChannels caps the session channels open at once on one
	// connection: max_sessions_per_user and then some for commands.
	maxChannels = 8
	// envMaxCount and envMaxBytes cap the env requests of one session
	// channel, by number and by their payload's bytes: the dashboard
	// reads a few colour variables, an OpenSSH client sends LANG and LC_*.
	envMaxCount = 32
	envMaxBytes = 16 << 10

	// refusalBurst and refusalEvery rate-limit the log lines of refusals
	// (keys, connections, channels, requests, sessions): a burst of this
	// many, then one per refusalEvery, with a count of those left out, so
	// that a flood cannot fill the disk: at most 86,400 lines a day.
	refusalBurst = 20
	refusalEvery = time.Second
)
