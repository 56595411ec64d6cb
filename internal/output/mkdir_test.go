package output

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// MkdirAll makes missing folders like os.MkdirAll, also when many writers
// make the same folders at once, and leaves none of its temporary names.
func TestMkdirAll(t *testing.T) {
	root := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := filepath.Join(root, "a", "b", "c")
			if i%2 == 1 {
				p = filepath.Join(root, "a", "b", "d", "e")
			}
			if errs[i] = MkdirAll(p); errs[i] == nil {
				// a file in it right away: no later maker replaces the folder
				errs[i] = os.WriteFile(filepath.Join(p, "f"+string(rune('a'+i))), []byte("x"), 0o644)
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v", i, err)
		}
	}
	var names []string
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		names = append(names, rel)
		if strings.Contains(info.Name(), ".tmp-") {
			t.Errorf("temporary name left: %s", rel)
		}
		if info.IsDir() && info.Mode().Perm() != 0o755&^umask() {
			t.Errorf("%s: mode %v", rel, info.Mode())
		}
		return nil
	})
	// 5 folders, 16 files, the root
	if len(names) != 1+5+16 {
		t.Errorf("tree: %v", names)
	}
	// a file in the way
	if err := os.WriteFile(filepath.Join(root, "file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := MkdirAll(filepath.Join(root, "file", "x")); err == nil {
		t.Error("a folder below a file: no error")
	}
	if err := MkdirAll(filepath.Join(root, "file")); err == nil {
		t.Error("a folder in place of a file: no error")
	}
	// an existing folder
	if err := MkdirAll(filepath.Join(root, "a")); err != nil {
		t.Error(err)
	}
	// a parent that cannot be written
	if os.Geteuid() != 0 {
		ro := filepath.Join(root, "ro")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		if err := MkdirAll(filepath.Join(ro, "x")); !errors.Is(err, os.ErrPermission) {
			t.Errorf("read-only parent: %v", err)
		}
	}
}

func umask() os.FileMode {
	d := filepath.Join(os.TempDir(), "smsgen-umask-probe")
	os.Remove(d)
	if err := os.Mkdir(d, 0o777); err != nil {
		return 0o022
	}
	defer os.Remove(d)
	st, _ := os.Stat(d)
	return 0o777 &^ st.Mode().Perm()
}

// many writes files below new folders from many goroutines, as the
// renderers do: whole files, streams, and again the same ones.
type many struct{ files map[string]string }

func (m many) Render(ctx *Context) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(m.files))
	for rel, body := range m.files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if strings.HasSuffix(rel, ".zip") {
				w, err := ctx.Create(rel)
				if err == nil {
					_, err = w.WriteString(body)
					if cerr := w.Close(); err == nil {
						err = cerr
					}
				}
				errs <- err
				return
			}
			errs <- ctx.WriteFile(rel, []byte(body))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// TestRunFolders: a build whose writers make the same folders at once gives
// every file, in every folder, with no temporary name left, a first build
// and a rebuild alike (which links the files that did not change).
func TestRunFolders(t *testing.T) {
	files := map[string]string{"site.zip": "zip"}
	for i := 0; i < 60; i++ {
		files[filepath.ToSlash(filepath.Join("site", []string{"docs", "registers/a", "registers/b", "assets/search/x"}[i%4], string(rune('a'+i%26))+strings.Repeat("x", i)+".html"))] = strings.Repeat("<p>", i)
	}
	out := filepath.Join(t.TempDir(), "output")
	for build := 0; build < 2; build++ {
		if build == 1 {
			files["site/docs/new.html"] = "new"
			files["site/registers/a/a.html"] = "changed"
		}
		if err := Run(Context{}, Options{Out: out, Renderers: map[string]Renderer{"html": many{files}}}); err != nil {
			t.Fatalf("build %d: %v", build, err)
		}
		got := map[string]string{}
		filepath.Walk(out, func(p string, info os.FileInfo, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(out, p)
			if strings.Contains(info.Name(), ".tmp-") {
				t.Errorf("build %d: temporary name left: %s", build, rel)
			}
			if info.Mode().IsRegular() && info.Name() != MarkerFile {
				b, _ := os.ReadFile(p)
				got[filepath.ToSlash(rel)] = string(b)
			}
			return nil
		})
		if len(got) != len(files) {
			t.Errorf("build %d: %d files, want %d", build, len(got), len(files))
		}
		for rel, want := range files {
			if got[rel] != want {
				t.Errorf("build %d: %s = %q, want %q", build, rel, got[rel], want)
			}
		}
	}
}
