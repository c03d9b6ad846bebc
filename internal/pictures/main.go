// Command pictures makes the README's pictures: it turns each golden
// screen of ui's TestGoldenPictures (120x40, 256 colours) into a PNG in
// docs/ with freeze, and writes docs/pictures.sum, every golden's
// SHA-256, so that a test tells when a golden changed after its picture
// was made. freeze runs as go run pkg@version, in a module graph of its
// own: its x/cellbuf does not build against this module's x/ansi.
//
//go:generate go run . -root ../..
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

const (
	freeze  = "github.com/charmbracelet/freeze@v0.2.2"
	goldens = "ui/testdata/TestGoldenPictures"
	docs    = "docs"
	sumFile = "docs/pictures.sum"
)

func main() {
	root := flag.String("root", ".", "the module's root")
	flag.Parse()
	if err := run(*root); err != nil {
		fmt.Fprintln(os.Stderr, "pictures:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	names, err := goldenNames(root)
	if err != nil {
		return err
	}
	for _, n := range names {
		png := filepath.Join(root, docs, strings.TrimSuffix(n, ".golden")+".png")
		cmd := exec.Command("go", "run", freeze, "--language", "ansi", "--window", "--padding", "20", "--margin", "0",
			"--font.family", "DejaVu Sans Mono", "--font.size", "14", "--output", png, filepath.Join(root, goldens, n))
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("freeze %s: %w", n, err)
		}
	}
	sum, err := sums(root)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(root, sumFile), []byte(sum), 0o644)
}

// goldenNames are the golden screens' file names, sorted.
func goldenNames(root string) ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(root, goldens))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".golden") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// sums is pictures.sum as the goldens are now: "SHA256  NAME.golden" a
// line, as sha256sum writes it.
func sums(root string) (string, error) {
	names, err := goldenNames(root)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(root, goldens, n))
		if err != nil {
			return "", err
		}
		h := sha256.Sum256(data)
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(h[:]), n)
	}
	return b.String(), nil
}
