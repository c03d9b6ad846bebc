package settings

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	tty "github.com/charmbracelet/x/term"
)

// Where a key came from, for messages (never the key itself).
const (
	KeyFromEnv     = "HTTPTWEAK_API_KEY"
	KeyFromCommand = "api_key_command"
	KeyFromFile    = "api_key"
	KeyFromStdin   = "stdin"
)

// readKeyLine reads the key from the first line of r, which must not be a
// terminal: typed there, the key would echo (the key form masks it).
func readKeyLine(r io.Reader) (string, error) {
	if f, ok := r.(*os.File); ok && tty.IsTerminal(f.Fd()) {
		return "", errors.New("stdin is a terminal: pipe the key in, or start without --api-key-stdin to type it masked")
	}
	line, err := bufio.NewReader(io.LimitReader(r, 64<<10)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading stdin: %w", err)
	}
	key := strings.TrimSpace(line)
	if key == "" {
		return "", errors.New("stdin held no key")
	}
	return key, nil
}

// keyCommandTimeout bounds api_key_command: a password manager that waits on
// an unlock prompt must not hang start-up for ever.
const keyCommandTimeout = 20 * time.Second

// lookupKey finds the API key, first match wins: HTTPTWEAK_API_KEY, the
// profile's api_key_command, the profile's api_key. It returns "" when none
// gives a key, with notices saying why a configured source was not used.
func lookupKey(ctx context.Context, getenv func(string) string, ls File, p Profile) (key, source string, notices []string) {
	if k := strings.TrimSpace(getenv("HTTPTWEAK_API_KEY")); k != "" {
		return k, KeyFromEnv, nil
	}
	// A file others could have changed is not used at all (untrusted),
	// so the command is the user's own.
	if p.APIKeyCommand != "" {
		k, err := runKeyCommand(ctx, p.APIKeyCommand)
		if err == nil {
			return k, KeyFromCommand, notices
		}
		notices = append(notices, "api_key_command: "+err.Error())
	}
	// A key in a file others can read is refused; Resolve says so once.
	if p.APIKey != "" && !keyReadableByOthers(ls.mode) {
		return p.APIKey, KeyFromFile, notices
	}
	return "", "", notices
}

// keyFileRefused says, as ssh does, why a key in a file others can read is
// not used and how to fix it.
func keyFileRefused(ls File) string {
	return fmt.Sprintf("%s holds an API key but others can read it (mode %04o): key not used; fix with: chmod 600 %s",
		ls.shown, ls.mode, ls.shown)
}

// runKeyCommand runs command with sh -c and returns the first line of its
// output, trimmed (the convention of pass: the secret, then metadata lines).
// Its stderr goes nowhere, and a failure says only how it ended: a
// password manager may print the key, or part of it, on stderr, and a
// redaction of what it printed on stdout does not catch that.
func runKeyCommand(ctx context.Context, command string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, keyCommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	var stdout bytes.Buffer
	cmd.Stdout = &limitedBuffer{buf: &stdout, max: 64 << 10}
	// A child left in the background (an agent the command started) may
	// hold stdout open for ever: once the command itself has exited, its
	// output is read for this long, whatever its children do.
	cmd.WaitDelay = 500 * time.Millisecond
	runErr := cmd.Run()
	if errors.Is(runErr, exec.ErrWaitDelay) {
		runErr = nil // the command succeeded; only a child kept the pipe
	}

	key, _, _ := strings.Cut(strings.TrimSpace(stdout.String()), "\n")
	key = strings.TrimSpace(key)

	var exit *exec.ExitError
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		return "", fmt.Errorf("no answer within %s", keyCommandTimeout)
	case errors.As(runErr, &exit):
		return "", fmt.Errorf("%s (its output is not shown: it may hold the key)", exit.ProcessState)
	case runErr != nil:
		return "", runErr
	case key == "":
		return "", errors.New("printed nothing")
	}
	return key, nil
}

// limitedBuffer keeps the first max bytes written and drops the rest, so a
// chatty command cannot fill memory.
type limitedBuffer struct {
	buf *bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
