package output

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// awaiting is the renderer "html" of TestRunRendersAwait: it sees which
// renderers run and, after awaiting them, their files.
type awaiting struct{ got *[]string }

func (a awaiting) Render(ctx *Context) error {
	for _, n := range []string{"pdf", "xlsx"} {
		if !ctx.Renders(n) {
			*a.got = append(*a.got, n+" not run")
			continue
		}
		ctx.Await(n)
		if _, err := os.Stat(filepath.Join(ctx.Out, n, "f")); err != nil {
			*a.got = append(*a.got, n+" done without its file")
			continue
		}
		*a.got = append(*a.got, n+" done")
	}
	return nil
}

// slow writes its file late, or fails without one.
type slow struct {
	name string
	fail bool
}

func (s slow) Render(ctx *Context) error {
	time.Sleep(50 * time.Millisecond)
	if s.fail {
		return errors.New("failed")
	}
	return ctx.WriteFile(s.name+"/f", []byte("x"))
}

// TestRunRendersAwait: a renderer knows which others run in the build and
// can wait for them; one that fails still releases those waiting (the build
// then fails).
func TestRunRendersAwait(t *testing.T) {
	var got []string
	out := filepath.Join(t.TempDir(), "output")
	err := Run(Context{}, Options{Out: out, Renderers: map[string]Renderer{
		"html": awaiting{&got}, "pdf": slow{name: "pdf"}, "xlsx": slow{name: "xlsx"}}})
	if err != nil || len(got) != 2 || got[0] != "pdf done" || got[1] != "xlsx done" {
		t.Fatalf("all three: %v, %v", got, err)
	}
	got = nil
	if err := Run(Context{}, Options{Out: out, Only: []string{"html"}, Renderers: map[string]Renderer{
		"html": awaiting{&got}, "pdf": slow{name: "pdf"}, "xlsx": slow{name: "xlsx"}}}); err != nil || len(got) != 2 || got[0] != "pdf not run" {
		t.Fatalf("--only html: %v, %v", got, err)
	}
	got = nil
	done := make(chan error)
	go func() {
		done <- Run(Context{}, Options{Out: out, Only: []string{"html", "pdf"}, Renderers: map[string]Renderer{
			"html": awaiting{&got}, "pdf": slow{name: "pdf", fail: true}}})
	}()
	select {
	case err := <-done:
		if err == nil || len(got) != 2 || got[0] != "pdf done without its file" {
			t.Fatalf("a failing renderer: %v, %v", got, err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a failing renderer left the one awaiting it waiting")
	}
	// a context Run did not start: nothing else runs, nothing to await
	var c Context
	if c.Renders("pdf") {
		t.Error("a bare context renders pdf")
	}
	c.Await("pdf")
}
