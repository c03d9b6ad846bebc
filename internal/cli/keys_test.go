package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// tweakdash keys prints the map in force: a rebinding with its default
// beside it, a clash on stderr with its line and the default kept.
func TestKeysPrintsTheEffectiveMap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte("[keys]\ndelete = [\"x\"]\nmark = [\"j\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := runKeys(nil, path, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	for _, re := range []string{`(?m)^delete +x +delete \(default d, delete\)$`, `(?m)^mark +space +mark$`, `(?m)^down +down, j +down$`} {
		if !regexp.MustCompile(re).MatchString(out.String()) {
			t.Errorf("stdout lacks %s:\n%s", re, out.String())
		}
	}
	if !regexp.MustCompile(`config\.toml:3: keys\.mark: "j" is already down's key; default kept`).MatchString(errOut.String()) {
		t.Errorf("stderr %q does not report the clash on line 3", errOut.String())
	}
}
