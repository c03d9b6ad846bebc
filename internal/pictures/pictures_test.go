package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A golden of the README's screens that changed after its picture was made
// fails here until go generate ./internal/pictures makes the pictures again.
// It reads only the files: no freeze, no network.
func TestPicturesAreMadeFromTheGoldensAsTheyAre(t *testing.T) {
	const root = "../.."
	want, err := sums(root)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, sumFile))
	if err != nil {
		t.Fatalf("%v: run go generate ./internal/pictures", err)
	}
	if string(got) != want {
		t.Errorf("the goldens changed since the pictures were made: run go generate ./internal/pictures\n%s holds:\n%s\nthe goldens are:\n%s", sumFile, got, want)
	}
	names, err := goldenNames(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatalf("no goldens in %s", goldens)
	}
	for _, n := range names {
		png := filepath.Join(root, docs, strings.TrimSuffix(n, ".golden")+".png")
		if _, err := os.Stat(png); err != nil {
			t.Errorf("%s has no picture: %v", n, err)
		}
	}
}
