package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"tweakdash/internal/termsafe"
)

// newLog is a log in a fresh directory that does not exist yet.
func newLog(t *testing.T) *Log {
	t.Helper()
	return Open(filepath.Join(t.TempDir(), "state", "tweakdash", "audit.jsonl"))
}

func entry(i int) Entry {
	return Entry{
		Time:    time.Date(2026, 3, 1, 12, 0, i, 0, time.UTC),
		Session: "0badcafe",
		Profile: "work",
		Host:    "api.example.com",
		Method:  "PUT",
		Path:    fmt.Sprintf("/api/configs/7/servers/%d", i),
		Result:  "ok",
		Fields:  []string{"name", "port"},
		What:    fmt.Sprintf("edit server “Paris %d”", i),
	}
}

func appendAll(t *testing.T, l *Log, es ...Entry) {
	t.Helper()
	for _, e := range es {
		if err := l.Append(e); err != nil {
			t.Fatalf("Append: %v", err)
		}
	}
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

func TestEntriesComeBackInOrder(t *testing.T) {
	l := newLog(t)
	want := []Entry{entry(1), entry(2), entry(3)}
	want[1].Method, want[1].Result, want[1].Fields = "DELETE", "error 422", nil
	appendAll(t, l, want...)

	got, err := l.Recent(10)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Recent = %+v\nwant     %+v", got, want)
	}
}

func TestZeroTimeIsNow(t *testing.T) {
	l := newLog(t)
	before := time.Now()
	appendAll(t, l, Entry{Method: "POST", Path: "/api/configs", Result: "ok"})
	got, err := l.Recent(1)
	if err != nil || len(got) != 1 {
		t.Fatalf("Recent = %v, %v", got, err)
	}
	if got[0].Time.Before(before.Add(-time.Second)) || got[0].Time.After(time.Now().Add(time.Second)) {
		t.Errorf("time = %v, want about %v", got[0].Time, before)
	}
}

func TestFileIsPrivate(t *testing.T) {
	l := newLog(t)
	appendAll(t, l, entry(1))
	fi, err := os.Stat(l.Path())
	if err != nil {
		t.Fatal(err)
	}
	if m := fi.Mode().Perm(); m != 0o600 {
		t.Errorf("file mode = %o, want 600", m)
	}
	di, err := os.Stat(filepath.Dir(l.Path()))
	if err != nil {
		t.Fatal(err)
	}
	if m := di.Mode().Perm(); m != 0o700 {
		t.Errorf("directory mode = %o, want 700", m)
	}
}

func TestSymlinkedFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("precious\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "audit.jsonl")
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
	l := Open(path)

	err := l.Append(entry(1))
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("Append through a link: err = %v, want a refusal naming the link", err)
	}
	if data, _ := os.ReadFile(target); string(data) != "precious\n" {
		t.Errorf("the link's target was written: %q", data)
	}
	if es, err := l.Recent(5); err == nil {
		t.Errorf("Recent through a link = %v, nil; want an error", es)
	}
}

func TestLinesThatDoNotParseAreSkipped(t *testing.T) {
	l := newLog(t)
	appendAll(t, l, entry(1))
	f, err := os.OpenFile(l.Path(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("not json\n\n{\"time\": 42}\nnull\n{}\n[1,2]\n{\"time\":\"2026-03-01T12:00:0")
	_, _ = f.WriteString("\n")
	_ = f.Close()
	appendAll(t, l, entry(2))

	got, err := l.Recent(10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Entry{entry(1), entry(2)}; !reflect.DeepEqual(got, want) {
		t.Errorf("Recent = %+v\nwant     %+v", got, want)
	}
}

func TestRecentReturnsOnlyTheLastN(t *testing.T) {
	l := newLog(t)
	for i := range 10 {
		appendAll(t, l, entry(i))
	}
	got, err := l.Recent(3)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Entry{entry(7), entry(8), entry(9)}; !reflect.DeepEqual(got, want) {
		t.Errorf("Recent(3) = %+v\nwant        %+v", got, want)
	}
	if got, err := l.Recent(0); got != nil || err != nil {
		t.Errorf("Recent(0) = %v, %v", got, err)
	}
}

func TestMissingFileIsNoEntries(t *testing.T) {
	got, err := newLog(t).Recent(5)
	if got != nil || err != nil {
		t.Errorf("Recent of a missing file = %v, %v; want nil, nil", got, err)
	}
}

// A file larger than the read cap: Recent still finds the last entries,
// reading only its end.
func TestRecentReadsTheEndOfALargeFile(t *testing.T) {
	l := newLog(t)
	appendAll(t, l, entry(0))
	// More than readCap of entries, written directly (Append would be slow).
	var b bytes.Buffer
	i := 1
	for b.Len() <= 2*readCap {
		line, err := encode(entry(i))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		i++
	}
	f, err := os.OpenFile(l.Path(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	last := i - 1

	got, err := l.Recent(3)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Entry{entry(last - 2), entry(last - 1), entry(last)}; !reflect.DeepEqual(got, want) {
		t.Errorf("Recent(3) = %+v\nwant        %+v", got, want)
	}
	all, err := l.Recent(1 << 30)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 || len(all) >= last || all[len(all)-1].Path != entry(last).Path {
		t.Errorf("Recent(all) gave %d entries of %d; want only those in the last MiB, ending with the newest", len(all), last+1)
	}
	if all[0].Path == entry(0).Path {
		t.Errorf("Recent read the start of a file larger than %d bytes", readCap)
	}
}

// One line longer than the read cap (garbage, or an entry cut by hand)
// neither fails Recent nor hides the entries written after it.
func TestHugeGarbageLine(t *testing.T) {
	l := newLog(t)
	appendAll(t, l, entry(1))
	f, err := os.OpenFile(l.Path(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(bytes.Repeat([]byte{'x'}, 2*readCap)); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()

	// The file now ends inside the huge line.
	if got, err := l.Recent(5); err != nil || len(got) != 0 {
		t.Errorf("Recent ending in a huge line = %v, %v; want no entries, no error", got, err)
	}
	// The next entries start a line of their own.
	appendAll(t, l, entry(2), entry(3))
	got, err := l.Recent(5)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Entry{entry(2), entry(3)}; !reflect.DeepEqual(got, want) {
		t.Errorf("Recent after a huge line = %+v\nwant %+v", got, want)
	}
}

func TestRotation(t *testing.T) {
	old := rotateAt
	rotateAt = 4 << 10
	t.Cleanup(func() { rotateAt = old })

	l := newLog(t)
	if err := os.MkdirAll(filepath.Dir(l.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(l.Path()+".1", []byte("an older rotation\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	i := 0
	for {
		appendAll(t, l, entry(i))
		fi, err := os.Stat(l.Path())
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > rotateAt {
			break
		}
		i++
	}
	full := lines(t, l.Path())
	appendAll(t, l, entry(i+1))

	if got := lines(t, l.Path()+".1"); !reflect.DeepEqual(got, full) {
		t.Errorf(".1 holds %d lines, want the %d of the full file (and not the older rotation)", len(got), len(full))
	}
	now := lines(t, l.Path())
	if len(now) != 1 {
		t.Fatalf("the new file holds %d lines, want 1", len(now))
	}
	var e Entry
	if err := json.Unmarshal([]byte(now[0]), &e); err != nil || e.Path != entry(i+1).Path {
		t.Errorf("the new file holds %q, want the newest entry", now[0])
	}
	if fi, err := os.Stat(l.Path()); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("new file: %v, %v", fi, err)
	}

	// The journal does not empty itself at a rotation.
	got, err := l.Recent(3)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Entry{entry(i - 1), entry(i), entry(i + 1)}; !reflect.DeepEqual(got, want) {
		t.Errorf("Recent(3) across the rotation = %+v\nwant %+v", got, want)
	}
}

func TestConcurrentAppendsWriteWholeLines(t *testing.T) {
	l := newLog(t)
	const n = 8
	long := strings.Repeat("long name ", 500) // lines larger than a pipe buffer's atomic size
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			e := entry(i)
			e.What = long
			errs <- l.Append(e)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	ls := lines(t, l.Path())
	if len(ls) != n {
		t.Fatalf("%d lines, want %d", len(ls), n)
	}
	seen := map[string]bool{}
	for _, line := range ls {
		var e Entry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("line is not a whole entry: %v", err)
		}
		seen[e.Path] = true
	}
	if len(seen) != n {
		t.Errorf("%d distinct entries, want %d", len(seen), n)
	}
}

func TestNilLogIsANoOp(t *testing.T) {
	for _, l := range []*Log{nil, {}} {
		if err := l.Append(entry(1)); err != nil {
			t.Errorf("Append = %v", err)
		}
		if es, err := l.Recent(5); es != nil || err != nil {
			t.Errorf("Recent = %v, %v", es, err)
		}
		if p := l.Path(); p != "" {
			t.Errorf("Path = %q", p)
		}
	}
}

func TestControlCharactersAreNotWritten(t *testing.T) {
	l := newLog(t)
	e := entry(1)
	e.What = "delete server \x1b]0;pwned\x07“Paris”\r\n\u009b2J\u202egnp.exe\x7f\xff"
	e.Path = "/api/servers/\x1b[2J"
	e.Fields = []string{"name\x1b[31m"}
	appendAll(t, l, e)

	data, err := os.ReadFile(l.Path())
	if err != nil {
		t.Fatal(err)
	}
	// Escaped by JSON or raw, none of them may be in the file.
	for _, bad := range []string{"\x1b", `\u001b`, "\x07", `\u0007`, `\r`, "\u009b", `\u009b`, "\u202e", `\u202e`, "\x7f", "\xff"} {
		if bytes.Contains(data, []byte(bad)) {
			t.Errorf("the file holds %q: %s", bad, data)
		}
	}
	got, err := l.Recent(1)
	if err != nil || len(got) != 1 {
		t.Fatalf("Recent = %v, %v", got, err)
	}
	if want := "delete server \ufffd]0;pwned\ufffd“Paris”\ufffd\ufffd\ufffd2J\ufffdgnp.exe\ufffd\ufffd"; got[0].What != want {
		t.Errorf("What = %q, want %q", got[0].What, want)
	}
}

// A file edited by hand may hold control characters: Recent returns them
// cleaned.
func TestRecentCleansWhatItReads(t *testing.T) {
	l := newLog(t)
	appendAll(t, l, entry(1))
	f, err := os.OpenFile(l.Path(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString(`{"time":"2026-03-01T12:00:05Z","profile":"w\u001b[2Jork","host":"h\u0007","what":"x\u202ey","fields":["a\u009bb"]}` + "\n")
	_ = f.Close()

	got, err := l.Recent(1)
	if err != nil || len(got) != 1 {
		t.Fatalf("Recent = %v, %v", got, err)
	}
	e := got[0]
	for _, s := range []string{e.Profile, e.Host, e.What, e.Fields[0]} {
		if strings.ContainsFunc(s, termsafe.Acts) {
			t.Errorf("Recent returned %q raw", s)
		}
	}
	if e.Profile != "w\ufffd[2Jork" {
		t.Errorf("profile = %q", e.Profile)
	}
}

func TestNewSession(t *testing.T) {
	a, b := NewSession(), NewSession()
	if len(a) != 8 || strings.Trim(a, "0123456789abcdef") != "" {
		t.Errorf("NewSession = %q, want 8 hex digits", a)
	}
	if a == b {
		t.Errorf("two sessions share the id %q", a)
	}
}
