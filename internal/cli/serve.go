package cli

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"

	gossh "golang.org/x/crypto/ssh"

	"tweakdash/internal/serve"
	"tweakdash/internal/settings"
	"tweakdash/internal/termsafe"
	"tweakdash/internal/words"
)

const serveUsage = `Usage: tweakdash serve [--addr ADDR] [--host-key PATH] [--check]

Serves the dashboard over SSH: each user of [serve.users.NAME] in the settings
file connects with ssh -p PORT HOST and gets the dashboard on their profile,
whose API key stays on this host. Files move over the channel, never
through this host's disk: ssh -p PORT HOST export CONFIG > file, and
ssh -p PORT HOST import CONFIG [--dry-run|--yes] [--json] < file. Public keys
only; no other command, no forwarding. Logs one line per session start and
end and per write, on stderr.

  --addr ADDR       where to listen (default: [serve] addr, else 127.0.0.1:23234;
                    ":23234" listens on every interface)
  --host-key PATH   the server's private host key, made when missing (default:
                    [serve] host_key, else %s)
  --check           check the settings, users, API keys and host key, print
                    each problem with its file and line, and exit: 1 when
                    there is any, 0 when the server would start cleanly

SIGHUP reloads the users from the settings file (ending the sessions whose
access changed); SIGTERM or SIGINT tells every session the server is stopping
and exits within a few seconds.

Settings: %s
`

// serveFlags is the command line of tweakdash serve.
type serveFlags struct {
	addr    string
	hostKey string
	check   bool
	help    bool
}

func parseServeFlags(args []string) (serveFlags, error) {
	var f serveFlags
	fs := flag.NewFlagSet("tweakdash serve", flag.ContinueOnError)
	fs.StringVar(&f.addr, "addr", "", "")
	fs.StringVar(&f.hostKey, "host-key", "", "")
	fs.BoolVar(&f.check, "check", false, "")
	help, err := parseOptions(fs, args)
	if err != nil {
		return f, fmt.Errorf("%w: %v", errUsage, err)
	}
	f.help = help
	return f, nil
}

// serveEnv is where tweakdash serve finds its files, and its environment
// (HTTPTWEAK_API_KEY and HTTPTWEAK_BASE_URL apply as for the dashboard).
type serveEnv struct {
	settingsPath string
	stateDir     string
	hostKeyPath  string // the default host key
	getenv       func(string) string
}

// serveGCPercent is the garbage collector's GOGC for serve, unless GOGC is
// set. A busy team's frames are short-lived garbage over a heap of
// long-lived screen buffers: collecting at five times the live heap, not
// twice, keeps the keystroke-to-frame p99 of 32 busy sessions within twice
// a lone session's (bench #10), for about 1 MB more per idle session.
const serveGCPercent = 400

// runServe is "tweakdash serve": it serves until SIGTERM or SIGINT and
// returns the exit status.
func runServe(ctx context.Context, args, environ []string, stdout, stderr io.Writer) int {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(sigs)
	env := serveEnv{settings.Path(), settings.StateDir(), settings.ServeHostKeyPath(), envLookup(environ)}
	// The SSH library logs through slog's default: the same lines, the
	// same place.
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, nil)))
	if env.getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	return serveCmd(ctx, args, env, sigs, stdout, stderr)
}

// serveCmd is runServe with its files, environment and signals given.
func serveCmd(ctx context.Context, args []string, env serveEnv, sigs <-chan os.Signal, stdout, stderr io.Writer) int {
	f, err := parseServeFlags(args)
	switch {
	case err != nil:
		return usageFailed(stderr, "tweakdash serve", err)
	case f.help:
		fmt.Fprintf(stdout, serveUsage, settings.Tilde(env.hostKeyPath), settings.Tilde(env.settingsPath))
		return exitOK
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	fail := func(err error) int {
		log.Error("not serving", "error", termsafe.OneLine(err.Error()))
		return exitError
	}

	if f.check {
		return checkServe(ctx, f, env, stdout, stderr)
	}
	loaded, err := serve.Load(ctx, env.settingsPath, env.getenv)
	if err != nil {
		return fail(fmt.Errorf("settings: %w", err))
	}
	logNotices(log, loaded.Notices)
	if len(loaded.Users.Names()) == 0 {
		return fail(fmt.Errorf("no users: add a [serve.users.NAME] table with keys to %s", settings.Tilde(env.settingsPath)))
	}
	hostKeyPath := cmp.Or(loaded.Serve.HostKey, env.hostKeyPath)
	if f.hostKey != "" {
		if hostKeyPath, err = absPath(f.hostKey); err != nil {
			return fail(err)
		}
	}
	hostKey, err := serve.HostKey(hostKeyPath)
	if err != nil {
		return fail(err)
	}
	addr := cmp.Or(f.addr, loaded.Serve.Addr)
	srv, err := serve.New(serve.Config{
		HostKey:            hostKey,
		MaxSessions:        loaded.Serve.MaxSessions,
		MaxSessionsPerUser: loaded.Serve.MaxSessionsPerUser,
		MaxWindow:          loaded.Serve.MaxWindow,
		IdleTimeout:        loaded.Serve.IdleTimeout,
		StateDir:           env.stateDir,
		Log:                log,
		Commands:           servedCommand,
	}, loaded.Users)
	if err != nil {
		return fail(err)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fail(err)
	}
	log.Info("serving", "addr", l.Addr().String(), "host_key", gossh.FingerprintSHA256(hostKey.PublicKey()),
		"users", strings.Join(loaded.Users.Names(), ","), "max_sessions", loaded.Serve.MaxSessions,
		"idle_timeout", loaded.Serve.IdleTimeout.String(), "max_sessions_per_user", loaded.Serve.MaxSessionsPerUser,
		"max_window", loaded.Serve.MaxWindow.String())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	if a := loaded.Serve.MetricsAddr; a != "" {
		ml, err := net.Listen("tcp", a)
		if err != nil {
			log.Error("no metrics", "error", termsafe.OneLine(err.Error()))
		} else {
			log.Info("metrics", "addr", "http://"+ml.Addr().String()+"/metrics")
			go func() { _ = srv.ServeMetrics(ml) }()
		}
	}

	for {
		select {
		case sig := <-sigs:
			if sig == syscall.SIGHUP {
				reload(ctx, log, srv, env, loaded.Serve)
				continue
			}
			return stop(log, srv, served, sig.String())
		case <-ctx.Done():
			return stop(log, srv, served, "cancelled")
		case err := <-served:
			return fail(err)
		}
	}
}

// checkServe is serve --check: the problems on stderr, one a line, or a
// summary on stdout, and the exit status.
func checkServe(ctx context.Context, f serveFlags, env serveEnv, stdout, stderr io.Writer) int {
	hostKey := ""
	if f.hostKey != "" {
		var err error
		if hostKey, err = absPath(f.hostKey); err != nil {
			fmt.Fprintln(stderr, termsafe.OneLine(err.Error()))
			return exitError
		}
	}
	loaded, problems := serve.Check(ctx, env.settingsPath, hostKey, env.hostKeyPath, env.getenv)
	for _, p := range problems {
		fmt.Fprintln(stderr, p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(stderr, "%s: %s\n", settings.Tilde(env.settingsPath), words.Plural(len(problems), "problem"))
		return exitError
	}
	fmt.Fprintf(stdout, "%s: OK, users %s\n", settings.Tilde(env.settingsPath), strings.Join(loaded.Users.Names(), ", "))
	return exitOK
}

// reload reads the users again. A file that cannot be used keeps the users
// the server has: a typo must not lock everybody out, nor let anybody in.
func reload(ctx context.Context, log *slog.Logger, srv *serve.Server, env serveEnv, running settings.Serve) {
	loaded, err := serve.Load(ctx, env.settingsPath, env.getenv)
	if err != nil {
		log.Error("reload failed; the users are unchanged", "error", termsafe.OneLine(err.Error()))
		return
	}
	logNotices(log, loaded.Notices)
	srv.SetUsers(loaded.Users)
	log.Info("reloaded", "users", strings.Join(loaded.Users.Names(), ","))
	if s := loaded.Serve; s.Addr != running.Addr || s.HostKey != running.HostKey || s.MaxSessions != running.MaxSessions || s.IdleTimeout != running.IdleTimeout ||
		s.MaxSessionsPerUser != running.MaxSessionsPerUser || s.MaxWindow != running.MaxWindow || s.MetricsAddr != running.MetricsAddr {
		log.Warn("addr, host_key, max_sessions, max_sessions_per_user, max_window, idle_timeout and metrics_addr take effect at the next start")
	}
}

// stop ends the server: every session is told, and the connections left
// after the grace period are closed.
func stop(log *slog.Logger, srv *serve.Server, served <-chan error, why string) int {
	log.Info("stopping", "signal", why)
	ctx, cancel := context.WithTimeout(context.Background(), serve.ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		log.Warn("sessions still open at the end of the grace period were cut", "error", err.Error())
	}
	if err := <-served; err != nil {
		log.Error("serve", "error", termsafe.OneLine(err.Error()))
		return exitError
	}
	log.Info("stopped")
	return exitOK
}

func logNotices(log *slog.Logger, notices []string) {
	for _, n := range notices {
		log.Warn("settings", "notice", n)
	}
}

// absPath makes a --host-key path absolute: "~/" is the home directory
// (a quoted ~ reaches us unexpanded), a relative path is from here.
func absPath(path string) (string, error) {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, rest), nil
	}
	return filepath.Abs(path)
}
