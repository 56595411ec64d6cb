package serve

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestServeProcess is smsgen serve when SMSGEN_SERVE_ROOT is set: the
// process TestServeKilled kills.
func TestServeProcess(t *testing.T) {
	root := testutil.HelperEnv(t, "SMSGEN_SERVE_ROOT", "TestServeKilled")
	s, err := New(Options{Root: root, Out: os.Getenv("SMSGEN_SERVE_OUT"), Addr: "127.0.0.1:0", Today: today,
		Version: "test", Debounce: 5 * time.Millisecond, Log: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestServeKilled kills smsgen serve (SIGKILL) at a series of moments after
// a save: the output folder is at every moment exactly the output of one
// build, before or after the save (pages, search data and site.zip alike),
// and the next build leaves nothing of the killed server beside it.
func TestServeKilled(t *testing.T) {
	root := testutil.ExampleSite(t)
	const rel = "content/prosedur/prosedur-manajemen-masalah.md"
	doc := filepath.Join(root, filepath.FromSlash(rel))
	orig, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	states := [2][]byte{orig, []byte(strings.Replace(string(orig), "\n# ", "\nTeks baru yang dicari.\n\n# ", 1))}
	if string(states[0]) == string(states[1]) {
		t.Fatal("the edit changes nothing")
	}
	var want [2]map[string][]byte
	for i, b := range states {
		if err := os.WriteFile(doc, b, 0o644); err != nil {
			t.Fatal(err)
		}
		full, _ := fullBuild(t, root)
		want[i] = tree(t, full)
	}
	out := filepath.Join(t.TempDir(), "out")
	seen := [2]bool{}
	deadline := time.Now().Add(90 * time.Second)
	for i, delay := range []time.Duration{0, 2, 5, 10, 20, 30, 45, 60, 80, 120, 200, 400} {
		if time.Now().After(deadline) {
			break
		}
		from := i % 2
		if err := os.WriteFile(doc, states[from], 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := testutil.HelperCommand("TestServeProcess", "SMSGEN_SERVE_ROOT="+root, "SMSGEN_SERVE_OUT="+out)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(stderr)
		ready := false
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), "watching ") {
				ready = true
				break
			}
		}
		if !ready {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("serve did not start")
		}
		go func() {
			for lines.Scan() {
			}
		}()
		if got := tree(t, out); !reflect.DeepEqual(got, want[from]) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("serve's first build is not the full build")
		}
		if err := os.WriteFile(doc, states[1-from], 0o644); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		got := tree(t, out)
		switch {
		case reflect.DeepEqual(got, want[0]):
			seen[0] = true
		case reflect.DeepEqual(got, want[1]):
			seen[1] = true
		default:
			for k, v := range want[1-from] {
				if w, ok := got[k]; !ok || string(w) != string(v) {
					t.Logf("differs from the build after the save: %s", k)
				}
			}
			t.Fatalf("killed %v after the save: the output is a mix of builds", delay*time.Millisecond)
		}
	}
	if !seen[0] || !seen[1] {
		t.Errorf("the kills did not meet both states (before: %v, after: %v): the timings miss the update", seen[0], seen[1])
	}
	// the next build removes what the killed servers left
	if err := output.Run(output.Context{}, output.Options{Out: out, Renderers: map[string]output.Renderer{"x": emptyRenderer{}}}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("left beside the output: %s", strings.Join(names, ", "))
	}
}

type emptyRenderer struct{}

func (emptyRenderer) Render(*output.Context) error { return nil }
