package drafts

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"tweakdash/model"
)

func sampleDraft() model.Draft {
	return model.Draft{
		Resource: "server", Op: "create", ConfigKey: "cfg-1", ConfigName: "Home",
		Title: "New server · Home", Values: model.Values{"name": "Half typed", "tunnel_type": "ssh", "is_active": true},
	}
}

func TestDraftStoreWritesPrivateFilesAtomically(t *testing.T) {
	st := Store{Dir: filepath.Join(t.TempDir(), "state", "drafts")}
	p, err := st.Save("", "work", sampleDraft())
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(st.Dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("drafts dir mode = %v (%v), want 0700", fi.Mode().Perm(), err)
	}
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("draft file mode = %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	d := sampleDraft()
	d.Values["name"] = "Typed more"
	p2, err := st.Save(p, "work", d)
	if err != nil || p2 != p {
		t.Fatalf("second save went to %q (%v), want the same file %q", p2, err, p)
	}
	entries, _ := os.ReadDir(st.Dir)
	if len(entries) != 1 {
		t.Fatalf("drafts dir holds %d entries, want the one draft (no temp files left)", len(entries))
	}
	var got map[string]any
	data, _ := os.ReadFile(p)
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]any{"resource": "server", "op": "create", "config_key": "cfg-1", "config_name": "Home", "profile": "work"} {
		if got[k] != want {
			t.Errorf("%s = %v, want %v", k, got[k], want)
		}
	}
	if v, _ := got["values"].(map[string]any); v["name"] != "Typed more" || v["is_active"] != true {
		t.Errorf("values = %v", got["values"])
	}
}

func TestDraftStoreTightensAnOpenDirectory(t *testing.T) {
	st := Store{Dir: filepath.Join(t.TempDir(), "drafts")}
	if err := os.MkdirAll(st.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Save("", "", sampleDraft()); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(st.Dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("drafts dir mode = %v, want 0700", fi.Mode().Perm())
	}
}

func TestDraftStoreListsTheProfilesDraftsNewestFirstAndSkipsDamagedOnes(t *testing.T) {
	st := Store{Dir: t.TempDir()}
	old := sampleDraft()
	old.Values = model.Values{"name": "Older"}
	if _, err := st.Save("", "work", old); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Save("", "work", sampleDraft()); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Save("", "other", sampleDraft()); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"torn.json": `{"resource":"ser`, "empty.json": `{}`} {
		if err := os.WriteFile(filepath.Join(st.Dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ds, notices := st.List("work")
	if len(ds) != 2 || ds[0].Name() != "Half typed" || ds[1].Name() != "Older" {
		t.Fatalf("drafts = %+v, want the two of profile work, newest first", ds)
	}
	if len(notices) != 2 || !strings.Contains(strings.Join(notices, "\n"), "torn.json is damaged") {
		t.Errorf("notices = %q, want one per damaged file", notices)
	}
}

func TestDraftStoreRemove(t *testing.T) {
	st := Store{Dir: t.TempDir()}
	p, err := st.Save("", "", sampleDraft())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Remove(p); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Errorf("draft still there: %v", err)
	}
	if err := st.Remove(p); err != nil {
		t.Errorf("removing a draft already gone: %v", err)
	}
}

// A drafts directory, or the state directory above it, that is a symbolic
// link (here to a world-writable directory, as /tmp) is never followed: the
// target keeps its mode, nothing is written into it and nothing planted
// there is offered; saving and listing say why.
func TestDraftStoreRefusesASymlinkedDirectory(t *testing.T) {
	for _, linked := range []string{"drafts", "state"} {
		t.Run(linked, func(t *testing.T) {
			target := t.TempDir()
			if err := os.Chmod(target, 0o777|os.ModeSticky); err != nil {
				t.Fatal(err)
			}
			planted := sampleDraft()
			data, _ := json.Marshal(Saved{Profile: "work", Draft: planted})
			if err := os.WriteFile(filepath.Join(target, "planted.json"), data, 0o644); err != nil {
				t.Fatal(err)
			}
			if linked == "state" {
				if err := os.MkdirAll(filepath.Join(target, "drafts"), 0o777); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(target, "drafts", "planted.json"), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			state := filepath.Join(t.TempDir(), "state")
			link := filepath.Join(state, "drafts")
			if linked == "state" {
				link = state
			} else if err := os.Mkdir(state, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
			before := listDir(t, target)

			st := Store{Dir: filepath.Join(state, "drafts")}
			_, err := st.Save("", "work", sampleDraft())
			if err == nil || !strings.Contains(err.Error(), "symbolic link") {
				t.Errorf("save: %v, want a refusal naming the symbolic link", err)
			}
			ds, notices := st.List("work")
			if len(ds) != 0 || !strings.Contains(strings.Join(notices, "\n"), "symbolic link") {
				t.Errorf("list: %d drafts, notices %q; want none and why", len(ds), notices)
			}
			if fi, err := os.Stat(target); err != nil || fi.Mode() != os.ModeDir|os.ModeSticky|0o777 {
				t.Errorf("the link's target mode is now %v (%v); want it untouched", fi.Mode(), err)
			}
			if after := listDir(t, target); after != before {
				t.Errorf("the link's target changed:\n%s\nwas:\n%s", after, before)
			}
		})
	}
}

// listDir names every entry under dir, with its mode.
func listDir(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %v\n", p, fi.Mode())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// A FIFO or an oversized file among the drafts is skipped with a notice
// naming it, and the listing does not stall on it.
func TestDraftStoreSkipsFIFOsAndOversizedFiles(t *testing.T) {
	st := Store{Dir: filepath.Join(t.TempDir(), "drafts")}
	if _, err := st.Save("", "work", sampleDraft()); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(st.Dir, "fifo.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(st.Dir, "huge.json")
	if err := os.WriteFile(huge, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, maxDraftSize+1); err != nil {
		t.Fatal(err)
	}
	type listing struct {
		ds      []Saved
		notices []string
	}
	listed := make(chan listing, 1)
	go func() {
		ds, notices := st.List("work")
		listed <- listing{ds, notices}
	}()
	select {
	case l := <-listed:
		all := strings.Join(l.notices, "\n")
		if len(l.ds) != 1 || !strings.Contains(all, "fifo.json") || !strings.Contains(all, "not a regular file") ||
			!strings.Contains(all, "huge.json") || !strings.Contains(all, "larger than 4 MiB") {
			t.Errorf("%d drafts, notices %q; want the one draft and a notice for each of the others", len(l.ds), all)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("List has not returned after 10s")
	}
}
