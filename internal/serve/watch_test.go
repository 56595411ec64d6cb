package serve

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchSite starts a watcher over a small site in a temporary folder.
func watchSite(t *testing.T) (string, *watcher, *pending) {
	t.Helper()
	root := t.TempDir()
	root, _ = filepath.EvalSymlinks(root)
	writeFile(t, root, "content/a.md", "# A\n")
	writeFile(t, root, "content/sub/b.md", "# B\n")
	writeFile(t, root, "registers/services.csv", "id,name\n")
	writeFile(t, root, "smsgen.yaml", "language: id\n")
	p := newPending()
	w, err := newWatcher(root, p, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go w.run(ctx)
	t.Cleanup(func() { cancel(); w.Close() })
	return root, w, p
}

// settle waits until no event came for 150 ms and returns what was gathered.
func settle(t *testing.T, p *pending) Batch {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	var got Batch
	seen := map[string]bool{}
	for time.Now().Before(deadline) {
		select {
		case <-p.signal:
			continue
		case <-time.After(150 * time.Millisecond):
		}
		b, ok := p.take()
		if !ok {
			break
		}
		for _, x := range b.Paths {
			if !seen[x] {
				seen[x] = true
				got.Paths = append(got.Paths, x)
			}
		}
		if b.Full {
			got.Full, got.Reason = true, b.Reason
		}
	}
	slices.Sort(got.Paths)
	return got
}

func wantPaths(t *testing.T, what string, got Batch, want ...string) {
	t.Helper()
	if got.Full {
		t.Errorf("%s: full rebuild (%s); want paths %v", what, got.Reason, want)
	}
	if len(want) == 0 {
		want = nil
	}
	if !reflect.DeepEqual(got.Paths, want) {
		t.Errorf("%s: changed %q, want %q", what, got.Paths, want)
	}
}

func TestWatchPlainWrite(t *testing.T) {
	root, _, p := watchSite(t)
	writeFile(t, root, "content/a.md", "# A changed\n")
	wantPaths(t, "plain write", settle(t, p), "content/a.md")
	writeFile(t, root, "content/sub/b.md", "# B changed\n")
	wantPaths(t, "write in a subfolder", settle(t, p), "content/sub/b.md")
	writeFile(t, root, "registers/services.csv", "id,name\nSVC-01,Surel\n")
	wantPaths(t, "register write", settle(t, p), "registers/services.csv")
}

func TestWatchWriteTempThenRename(t *testing.T) {
	root, _, p := watchSite(t)
	for _, tmp := range []string{"content/.a.md.tmp-123", "content/a.md.tmp", "content/a.md.swp", "content/.#a.md"} {
		writeFile(t, root, tmp, "# A via "+tmp+"\n")
		if err := os.Rename(filepath.Join(root, tmp), filepath.Join(root, "content/a.md")); err != nil {
			t.Fatal(err)
		}
		wantPaths(t, "save through "+tmp, settle(t, p), "content/a.md")
	}
}

// vim's default save on Linux: a write test file 4913, the original renamed
// to a backup ending in ~, a new file written, the backup removed.
func TestWatchVimStyleSave(t *testing.T) {
	root, _, p := watchSite(t)
	dir := filepath.Join(root, "content")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "4913"), nil, 0o644))
	must(os.Remove(filepath.Join(dir, "4913")))
	must(os.Rename(filepath.Join(dir, "a.md"), filepath.Join(dir, "a.md~")))
	must(os.WriteFile(filepath.Join(dir, "a.md"), []byte("# A from vim\n"), 0o644))
	must(os.Remove(filepath.Join(dir, "a.md~")))
	// and a swap file coming and going
	must(os.WriteFile(filepath.Join(dir, ".a.md.swp"), []byte("swap"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "a.md.swx"), []byte("swap"), 0o644))
	must(os.Remove(filepath.Join(dir, ".a.md.swp")))
	must(os.Remove(filepath.Join(dir, "a.md.swx")))
	wantPaths(t, "vim save", settle(t, p), "content/a.md")
	// only temporary files: nothing to do
	must(os.WriteFile(filepath.Join(dir, "4913"), nil, 0o644))
	must(os.Remove(filepath.Join(dir, "4913")))
	must(os.WriteFile(filepath.Join(dir, "b.md~"), []byte("backup"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "~$laporan.docx"), []byte("lock"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "#a.md#"), []byte("emacs"), 0o644))
	wantPaths(t, "temporary files only", settle(t, p))
}

func TestWatchChmodIgnored(t *testing.T) {
	root, _, p := watchSite(t)
	if err := os.Chmod(filepath.Join(root, "content/a.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := os.Chtimes(filepath.Join(root, "content/a.md"), now, now); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, "chmod and touch of times", settle(t, p))
}

func TestWatchNewFoldersAndDeletes(t *testing.T) {
	root, w, p := watchSite(t)
	// a folder made with a file already inside (as a copy or git checkout does)
	if err := os.MkdirAll(filepath.Join(root, "content/baru/dalam"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, root, "content/baru/dalam/x.md", "# X\n")
	got := settle(t, p)
	if !slices.Contains(got.Paths, "content/baru/dalam/x.md") {
		t.Errorf("new folder: changed %q, want content/baru/dalam/x.md among them", got.Paths)
	}
	if !slices.Contains(w.watched(), "content/baru/dalam") {
		t.Fatalf("new folder not watched: %q", w.watched())
	}
	// a file written later into the new folder is seen
	writeFile(t, root, "content/baru/dalam/y.md", "# Y\n")
	wantPaths(t, "write in the new folder", settle(t, p), "content/baru/dalam/y.md")
	// deleting the folder reports it and drops its watches
	if err := os.RemoveAll(filepath.Join(root, "content/baru")); err != nil {
		t.Fatal(err)
	}
	got = settle(t, p)
	if !slices.Contains(got.Paths, "content/baru") && !slices.Contains(got.Paths, "content/baru/dalam/x.md") {
		t.Errorf("deleted folder: changed %q", got.Paths)
	}
	for _, d := range w.watched() {
		if strings.HasPrefix(d, "content/baru") {
			t.Errorf("deleted folder still watched: %q", w.watched())
		}
	}
	// a deleted file
	if err := os.Remove(filepath.Join(root, "content/a.md")); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, "deleted file", settle(t, p), "content/a.md")
	// a hidden folder is not part of the site
	writeFile(t, root, "content/.git/x", "x")
	wantPaths(t, "hidden folder", settle(t, p))
}

func TestWatchFullRebuilds(t *testing.T) {
	root, w, p := watchSite(t)
	for _, c := range []struct{ what, rel string }{
		{"settings", "smsgen.yaml"},
		{"layout", "layouts/document.html"},
		{"schema", "registers/services.schema.yaml"},
	} {
		writeFile(t, root, c.rel, "x: 1\n")
		if got := settle(t, p); !got.Full {
			t.Errorf("%s change: want a full rebuild, got %+v", c.what, got)
		}
	}
	// lost events (the kernel's queue overflowed)
	w.fw.Errors <- fsnotify.ErrEventOverflow
	if got := settle(t, p); !got.Full || !strings.Contains(got.Reason, "lost") {
		t.Errorf("overflow: want a full rebuild, got %+v", got)
	}
	// files outside the watched folders are not the site
	writeFile(t, root, "output/site/index.html", "x")
	writeFile(t, root, "README.md", "x")
	wantPaths(t, "files outside the site", settle(t, p))
}

func TestIgnoredName(t *testing.T) {
	for name, want := range map[string]bool{
		"4913": true, "a.md~": true, ".#a.md": true, "#a.md#": true, "a.md.swp": true, ".a.md.swo": true,
		"a.tmp": true, "x.TMP": true, "~$rfc.xlsx": true, "a.md___jb_tmp___": true, "x.crdownload": true,
		"a.md": false, "incidents.csv": false, "diagram.png": false, "4914": false, "animasi.swf": false,
	} {
		if got := ignoredName(name); got != want {
			t.Errorf("ignoredName(%q) = %v, want %v", name, got, want)
		}
	}
}
