// Package serve runs the dashboard as an SSH app (tweakdash serve): a team
// keeps one API key on one host, and each admin reaches the dashboard with
// nothing but ssh.
//
// Who is who: public-key authentication only, against the keys of
// [serve.users.NAME] in the settings file; the user of a session is looked
// up from the key the connection actually verified (Session.PublicKey),
// never from state kept during authentication, whose attempts share one
// context (CVE-2024-45337).
//
// A session goes through a chain of small steps, outermost first (see
// Server.chain): identify, refuse any command but export and import,
// refuse a dashboard session without a terminal, refuse agent forwarding,
// refuse a user whose account has no API key, cap the sessions, log the
// start and end, and run the dashboard or the command. Port and X11 forwarding and subsystems are refused by the SSH
// server itself, which offers none of them.
//
// What one client can hold is bounded (limits.go): connections still in
// their handshake have a deadline and a cap per source and in all, and a
// new one drops the oldest rather than being turned away; a connection
// that runs no session is closed after a grace; channels per connection,
// env requests per channel and sessions per user are capped; the window
// is clamped to max_window before anything reads it; a reload closes the
// connections of the users it removed or changed; and refusals are logged
// at a bounded rate.
//
// The dashboard of a session runs on the account of its user's profile:
// the API key stays on the server, a read-only user's client refuses every
// write below the UI (api.Client.ReadOnly), and every write is logged with
// who made it. Its terminal is the client's: colours, background and size
// come from the session, never from the server's terminal or environment,
// and nothing of the server runs on its behalf (no editor, no clipboard
// program, no suspend): its ui.HostAccess is empty. It reaches no file of
// the host either: a sync file moves over the channel, with the commands
// ssh HOST export CONFIG > file and ssh HOST import CONFIG < file, which
// Config.Commands runs with the user's client and rights, as soft-serve
// runs its commands.
package serve
