package termsafe

import (
	"strings"
	"testing"
	"unicode/utf8"

	"tweakdash/model"
)

const deviceID = "8BCB3C4F9E2A6D907A7B91D1DC5A2D8B"

func TestCopyableAccepts(t *testing.T) {
	for _, tc := range []struct {
		kind  CopyKind
		value string
	}{
		{CopyDeviceID, deviceID},
		{CopyKey, "8bcb3c4f-7b6c-4a12-9f2a-6d907a7b91d1"},
		{CopyKey, "main ssh: 配置 サーバー 👩\u200d💻 e\u0301"}, // printable text of any script
		{CopyKey, strings.Repeat("k", MaxCopyLen)},
		{CopyPassword, `p@ss w0rd!"'$(x)` + "`"}, // shell characters are printable: the paste is still one line
		{CopyValue, "~"},
	} {
		if err := Copyable(tc.kind, tc.value); err != nil {
			t.Errorf("Copyable(%v, %q) = %v, want nil", tc.kind, tc.value, err)
		}
	}
}

// Each refusal says why, in words, and never holds the value.
func TestCopyableRefuses(t *testing.T) {
	for _, tc := range []struct {
		kind  CopyKind
		value string
		want  string
	}{
		// Ends bracketed paste early, then runs a command.
		{CopyKey, "8bcb3c4f\x1b[201~\ntouch /tmp/x\n",
			"not copied: the key holds a control character (ESC) that could run commands when pasted"},
		{CopyKey, "abc\ntouch /tmp/x", "not copied: the key holds a line break (LF) that could run commands when pasted"},
		{CopyPassword, "secret\r", "not copied: the password holds a line break (CR) that could run commands when pasted"},
		{CopyKey, "a\tb", "not copied: the key holds a control character (TAB) that could run commands when pasted"},
		{CopyKey, "nul\x00", "not copied: the key holds a control character (NUL) that could run commands when pasted"},
		{CopyKey, "x\x15y", "not copied: the key holds a control character (^U) that could run commands when pasted"},
		{CopyKey, "del\x7f", "not copied: the key holds a control character (DEL) that could run commands when pasted"},
		{CopyKey, "csi\u009b201~", "not copied: the key holds a control character (U+009B) that could run commands when pasted"},
		{CopyKey, "raw\x9b201~", "not copied: the key is not valid UTF-8 text"},
		{CopyKey, "admin\u202egnp.exe", "not copied: the key holds an invisible direction control (U+202E) that could disguise what is pasted"},
		{CopyKey, "line\u2028two", "not copied: the key holds a line separator (U+2028) that could split it when pasted"},
		{CopyKey, "", "not copied: the key is empty"},
		{CopyKey, strings.Repeat("k", MaxCopyLen+1), "not copied: the key is longer than 4096 bytes"},
		{CopyDeviceID, "8bcb3c4f9e2a6d907a7b91d1dc5a2d8b", "not copied: the device ID is not 32 characters of 0-9 and A-F"},
		{CopyDeviceID, deviceID + "0", "not copied: the device ID is not 32 characters of 0-9 and A-F"},
		{CopyDeviceID, deviceID[:31] + "\x1b", "not copied: the device ID holds a control character (ESC) that could run commands when pasted"},
		{CopyValue, "a\x07", "not copied: the value holds a control character (BEL) that could run commands when pasted"},
	} {
		err := Copyable(tc.kind, tc.value)
		if err == nil {
			t.Errorf("Copyable(%v, %q) = nil, want %q", tc.kind, tc.value, tc.want)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("Copyable(%v, %q) = %q\n                          want %q", tc.kind, tc.value, err, tc.want)
		}
	}
}

// Every hostile string is refused, and a value is copied only as drawn:
// nothing Line would change is ever copied.
func TestCopyableRefusesHostile(t *testing.T) {
	for _, s := range Hostile() {
		for _, k := range []CopyKind{CopyDeviceID, CopyKey, CopyPassword, CopyValue} {
			if Copyable(k, s) == nil {
				t.Errorf("Copyable(%v, %q) = nil", k, s)
			}
		}
	}
	for _, s := range Benign() {
		if err := Copyable(CopyKey, s); (err == nil) != (s != "") {
			t.Errorf("Copyable(CopyKey, %q) = %v", s, err)
		}
	}
}

// checkCopyable asserts what Copyable promises for any input.
func checkCopyable(t *testing.T, k CopyKind, s string) {
	t.Helper()
	err := Copyable(k, s)
	if err != nil {
		msg := err.Error()
		if !strings.HasPrefix(msg, "not copied: ") || Line(msg) != msg || len(msg) > 200 {
			t.Fatalf("Copyable(%v, %q): message %q is not one short safe line", k, s, msg)
		}
		return
	}
	if s == "" || len(s) > MaxCopyLen || !utf8.ValidString(s) {
		t.Fatalf("Copyable(%v, %q) accepted an empty, long or invalid value", k, s)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			t.Fatalf("Copyable(%v, %q) accepted byte %#x", k, s, s[i])
		}
	}
	if r, bad := firstForbidden(s, false); bad {
		t.Fatalf("Copyable(%v, %q) accepted %U", k, s, r)
	}
	if Line(s) != s {
		t.Fatalf("Copyable(%v, %q) accepted what is drawn as %q", k, s, Line(s))
	}
	if k == CopyDeviceID && !model.IsDeviceID(s) {
		t.Fatalf("Copyable(CopyDeviceID, %q) accepted a value that is no device ID", s)
	}
}

// The seed corpus is Hostile, Benign and testdata/fuzz/FuzzCopyable/.
func FuzzCopyable(f *testing.F) {
	for i, s := range append(Hostile(), Benign()...) {
		f.Add(i, s)
	}
	f.Add(int(CopyDeviceID), deviceID)
	f.Fuzz(func(t *testing.T, kind int, s string) {
		checkCopyable(t, CopyKind(kind), s) // any int: unknown kinds must be safe too
	})
}
