package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/internal/ptyterm"
)

// teamSessions is how many SSH sessions #10 opens, of three users.
const teamSessions = 32

// measureTeam is #10: tweakdash serve with a team on one profile. The
// server runs as its own process (the built binary), the sandbox in this
// one, counting requests; 32 sessions of three users connect over SSH
// with x/crypto/ssh, each drawn into its own terminal emulator. Measured:
// the server's resident memory per idle session (above its own at rest)
// and its idle CPU; the API requests when every session opens one config
// at once; keystroke-to-frame latency (a key sent until the first bytes of
// the frame it causes arrive) with one session busy and with all 32.
func measureTeam(e benchEnv) []result {
	const (
		nMem, bMem   = "10 serve: RSS per idle session (32)", "<= 8 MB"
		nCPU         = "10 serve: idle CPU, 32 sessions"
		nReq, bReq   = "10 serve: list requests, 32 sessions open 1 config", "<= 2"
		nLat1        = "10 serve: key to frame, 1 session busy (p50/p99)"
		nLat32, bLat = "10 serve: key to frame, 32 busy (p50/p99)", "p99 <= 2x p99 with 1"
	)
	fail := func(err error) []result {
		return []result{failed(nMem, bMem, err), failed(nReq, bReq, err), failed(nLat32, bLat, err)}
	}
	sb := apitest.New(apitest.Options{APIKey: benchKey, Data: apitest.DataDemo})
	sv, err := apitest.Serve("", sb, apitest.Network{})
	if err != nil {
		return fail(err)
	}
	defer func() { _ = sv.Stop() }()
	srv, err := startServe(e, sv.URL)
	if err != nil {
		return fail(err)
	}
	defer srv.stop()
	time.Sleep(time.Second) // the server at rest: nothing to wait for but its own start
	rest, err := vmRSS(srv.cmd.Process.Pid)
	if err != nil {
		return fail(err)
	}

	sessions := make([]*teamTerm, teamSessions)
	for i := range sessions {
		if sessions[i], err = srv.connect(i%len(srv.signers), 120, 40); err != nil {
			return fail(err)
		}
		defer sessions[i].close()
	}
	first, err := firstConfigName(sv.URL)
	if err != nil {
		return fail(err)
	}
	if err := allShow(sessions, first, 60*time.Second); err != nil {
		return fail(fmt.Errorf("the config list: %w", err))
	}
	time.Sleep(2 * time.Second) // idle: the sessions' first frames and reads are over
	idle, err := vmRSS(srv.cmd.Process.Pid)
	if err != nil {
		return fail(err)
	}
	perSession := (idle - rest) / 1024 / teamSessions
	cpu, err := cpuShare(srv.cmd.Process.Pid, 5*time.Second)
	if err != nil {
		return fail(err)
	}
	metricSessions := srv.metric(`tweakdash_serve_sessions\{user="[^"]+"\} (\d+)`)

	sb.ClearRequests()
	for _, s := range sessions {
		s.press("\r")
	}
	if err := allShow(sessions, "Servers (", 60*time.Second); err != nil {
		return fail(fmt.Errorf("opening the config: %w", err))
	}
	time.Sleep(time.Second)
	lists := resourceReads(sb)

	for _, s := range sessions {
		s.mu.Lock()
		s.countOnly = true
		s.mu.Unlock()
	}
	// One session presses as many keys as make its p99 more than its
	// slowest key or two: the 32 sessions' p99 is of 3,200.
	one := latencies(sessions[:1], 400)
	all := latencies(sessions, 100)
	p991, p9932 := percentile(one, 0.99), percentile(all, 0.99)
	return []result{
		{name: nMem, ours: fmt.Sprintf("%.1f MB", perSession), baseline: "-", ratio: "-", budget: bMem, pass: perSession <= 8,
			note: fmt.Sprintf("VmRSS %.1f MB at rest, %.1f MB with %d idle sessions; /metrics counted %d", rest/1024, idle/1024, teamSessions, metricSessions)},
		{name: nCPU, ours: fmt.Sprintf("%.1f%%", cpu*100), baseline: "-", ratio: "-", budget: "-", info: true,
			note: "of one core, over 5 s"},
		{name: nReq, ours: strconv.Itoa(lists), baseline: strconv.Itoa(teamSessions), ratio: "-", budget: bReq, pass: lists >= 1 && lists <= 2,
			note: "GET …/resources at the sandbox; the baseline is one per session"},
		{name: nLat1, ours: dur(percentile(one, 0.5)) + "/" + dur(p991), baseline: "-", ratio: "-", budget: "-", info: true,
			note: "j and k alternately, 400 keys"},
		{name: nLat32, ours: dur(percentile(all, 0.5)) + "/" + dur(p9932), baseline: dur(p991), ratio: times(p9932 / p991), budget: bLat,
			pass: p9932 <= 2*p991, note: "every session pressing j and k at once, 100 keys each"},
	}
}

// serveProc is tweakdash serve running for #10.
type serveProc struct {
	cmd        *exec.Cmd
	addr       string
	metricsURL string
	signers    []gossh.Signer
	stderr     *lockedLog
}

type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var (
	servingAt = regexp.MustCompile(`msg=serving addr=(127\.0\.0\.1:\d+)`)
	metricsAt = regexp.MustCompile(`msg=metrics addr=(http://\S+)`)
)

// startServe writes a settings file with three users on the sandbox at
// url and starts the binary's serve on a free port.
func startServe(e benchEnv, url string) (*serveProc, error) {
	home, err := os.MkdirTemp(e.dir, "serve-")
	if err != nil {
		return nil, err
	}
	p := &serveProc{stderr: &lockedLog{}}
	var b strings.Builder
	fmt.Fprintf(&b, "[profiles.default]\nbase_url = %q\napi_key = %q\n\n[serve]\nmax_sessions = 64\nmax_sessions_per_user = 32\nmetrics_addr = \"127.0.0.1:0\"\n", url, benchKey)
	for _, name := range []string{"alice", "bob", "carol"} {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		s, err := gossh.NewSignerFromKey(priv)
		if err != nil {
			return nil, err
		}
		p.signers = append(p.signers, s)
		fmt.Fprintf(&b, "\n[serve.users.%s]\nkeys = [%q]\n", name, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey()))))
	}
	path := filepath.Join(home, "config", "tweakdash", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return nil, err
	}
	p.cmd = exec.Command(e.bin, "serve", "--addr", "127.0.0.1:0")
	p.cmd.Env = ptyterm.CleanEnv(home)
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	end := time.Now().Add(30 * time.Second)
	for p.addr == "" || p.metricsURL == "" {
		if time.Now().After(end) {
			p.stop()
			return nil, fmt.Errorf("serve did not say where it listens:\n%s", p.stderr.String())
		}
		if m := servingAt.FindStringSubmatch(p.stderr.String()); m != nil {
			p.addr = m[1]
		}
		if m := metricsAt.FindStringSubmatch(p.stderr.String()); m != nil {
			p.metricsURL = m[1]
		}
		time.Sleep(10 * time.Millisecond) // the log is another process's: polled
	}
	return p, nil
}

func (p *serveProc) stop() {
	_ = p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
}

// metric sums the values of the metric lines matching re (one group).
func (p *serveProc) metric(pattern string) int {
	resp, err := http.Get(p.metricsURL) //nolint:noctx // the bench's own server
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	n := 0
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(string(body), -1) {
		v, _ := strconv.Atoi(m[1])
		n += v
	}
	return n
}

// teamTerm is one SSH session drawn into a terminal emulator.
type teamTerm struct {
	conn  *gossh.Client
	sess  *gossh.Session
	stdin io.Writer

	mu     sync.Mutex
	emu    *vt.Emulator
	frames int // reads of output so far
	// countOnly: the output is counted, not drawn. The latency rounds
	// time the server, not this process: 32 emulators parsing every frame
	// on the bench's cores would be timed with it.
	countOnly bool
	changed   chan struct{}
}

func (p *serveProc) connect(user, w, h int) (*teamTerm, error) {
	conn, err := gossh.Dial("tcp", p.addr, &gossh.ClientConfig{User: "bench", Auth: []gossh.AuthMethod{gossh.PublicKeys(p.signers[user])},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 30 * time.Second}) //nolint:gosec // the bench's own server
	if err != nil {
		return nil, err
	}
	sess, err := conn.NewSession()
	if err != nil {
		conn.Close()
		return nil, err
	}
	t := &teamTerm{conn: conn, sess: sess, emu: vt.NewEmulator(w, h), changed: make(chan struct{}, 1)}
	out, _ := sess.StdoutPipe()
	in, _ := sess.StdinPipe()
	t.stdin = in
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		conn.Close()
		return nil, err
	}
	if err := sess.Shell(); err != nil {
		conn.Close()
		return nil, err
	}
	go func() { _, _ = io.Copy(in, t.emu) }() // the emulator's answers (background colour)
	go func() {
		r := bufio.NewReaderSize(out, 64<<10)
		buf := make([]byte, 64<<10)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				t.mu.Lock()
				if !t.countOnly {
					_, _ = t.emu.Write(buf[:n])
				}
				t.frames++
				t.mu.Unlock()
				select {
				case t.changed <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return t, nil
}

func (t *teamTerm) press(s string) { _, _ = io.WriteString(t.stdin, s) }

func (t *teamTerm) screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return ansi.Strip(t.emu.Render())
}

func (t *teamTerm) close() {
	_ = t.sess.Close()
	_ = t.conn.Close()
}

// allShow waits until every session's screen holds text.
func allShow(ts []*teamTerm, text string, within time.Duration) error {
	end := time.Now().Add(within)
	for _, t := range ts {
		for !strings.Contains(t.screen(), text) {
			if time.Now().After(end) {
				return fmt.Errorf("a session never showed %q", text)
			}
			select {
			case <-t.changed:
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	return nil
}

// latencies presses j and k alternately, n keys in each session at once,
// and returns each key's time until the first output after it, in ns.
func latencies(ts []*teamTerm, n int) []float64 {
	var (
		mu  sync.Mutex
		all []float64
		wg  sync.WaitGroup
	)
	for _, t := range ts {
		wg.Go(func() {
			for i := range n {
				for len(t.changed) > 0 { // drain what came before the key
					<-t.changed
				}
				t.mu.Lock()
				before := t.frames
				t.mu.Unlock()
				start := time.Now()
				t.press([]string{"j", "k"}[i%2])
				for {
					select {
					case <-t.changed:
					case <-time.After(5 * time.Second):
					}
					t.mu.Lock()
					moved := t.frames > before
					t.mu.Unlock()
					if moved || time.Since(start) > 5*time.Second {
						break
					}
				}
				mu.Lock()
				all = append(all, float64(time.Since(start)))
				mu.Unlock()
				time.Sleep(20 * time.Millisecond) // a person's pace, and the frame's tail
			}
		})
	}
	wg.Wait()
	return all
}

func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

// firstConfigName is a config's name as the list shows it.
func firstConfigName(url string) (string, error) {
	c, err := api.NewClient(url, benchKey)
	if err != nil {
		return "", err
	}
	list, _, err := c.ListConfigs(context.Background())
	if err != nil || len(list.Configurations) == 0 {
		return "", fmt.Errorf("the sandbox's configs: %v", err)
	}
	name := list.Configurations[0].Name
	if r := []rune(name); len(r) > 12 {
		return string(r[:12]), nil
	}
	return name, nil
}

// resourceReads counts the reads of a config's list of servers and tweaks.
func resourceReads(sb *apitest.Server) int {
	n := 0
	for _, r := range sb.Requests() {
		if r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/resources") {
			n++
		}
	}
	return n
}

// vmRSS is a process's resident memory now, in kB.
func vmRSS(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			return strconv.ParseFloat(f[1], 64)
		}
	}
	return 0, errors.New("no VmRSS in /proc status")
}

// cpuShare is the share of one core a process used over d.
func cpuShare(pid int, d time.Duration) (float64, error) {
	ticks := func() (float64, error) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return 0, err
		}
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
		u, _ := strconv.ParseFloat(f[11], 64) // utime, the 14th field
		s, _ := strconv.ParseFloat(f[12], 64) // stime
		return u + s, nil
	}
	a, err := ticks()
	if err != nil {
		return 0, err
	}
	time.Sleep(d)
	b, err := ticks()
	if err != nil {
		return 0, err
	}
	const hz = 100 // USER_HZ on Linux
	return (b - a) / hz / d.Seconds(), nil
}
