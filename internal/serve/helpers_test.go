package serve

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/render/html"
)

var today = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

// newServer prepares a server over root writing into a temporary output folder, built once.
func newServer(t testing.TB, root string) *Server {
	t.Helper()
	s, err := New(Options{Root: root, Out: filepath.Join(t.TempDir(), "out"), Today: today, Version: "test", Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if rep := s.Rebuild(Batch{Full: true, Reason: "start"}); !rep.OK {
		t.Fatalf("first build failed: %v (%d errors)", rep.Err, rep.Errors)
	}
	return s
}

// fullBuild renders the site at root with smsgen build's HTML renderer into
// a fresh folder and returns it with the findings.
func fullBuild(t testing.TB, root string) (string, []diag.Finding) {
	t.Helper()
	res, err := pipeline.Run(pipeline.Options{Root: root, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors() > 0 {
		var b bytes.Buffer
		_ = diag.Text(&b, res.Findings)
		t.Fatalf("the site does not validate:\n%s", b.String())
	}
	out := filepath.Join(t.TempDir(), "full")
	var c diag.Collector
	ctx := output.Context{Site: res.Site, Findings: res.Findings, Lang: res.Lang, Today: res.Site.Today,
		Report: &i18n.Reporter{C: &c, Lang: res.Lang}, Version: "test"}
	if err := output.Run(ctx, output.Options{Out: out, Renderers: map[string]output.Renderer{"html": html.Renderer{}}}); err != nil {
		t.Fatal(err)
	}
	return out, res.Findings
}

// tree lists the files (with their bytes) and folders below dir.
func tree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			out[rel+"/"] = nil
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[rel] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTree fails unless the two folders hold the same files with the same bytes.
func sameTree(t testing.TB, got, want string) {
	t.Helper()
	g, w := tree(t, got), tree(t, want)
	var diffs []string
	for p, wb := range w {
		gb, ok := g[p]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+p)
		case !bytes.Equal(gb, wb):
			diffs = append(diffs, "differs "+p+firstDiff(gb, wb))
		}
	}
	for p := range g {
		if _, ok := w[p]; !ok {
			diffs = append(diffs, "extra "+p)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		if len(diffs) > 20 {
			diffs = append(diffs[:20], "…")
		}
		t.Fatalf("incremental output differs from a full build:\n%s", strings.Join(diffs, "\n"))
	}
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-60)
	return "\n    got:  " + snip(a, lo, i+60) + "\n    want: " + snip(b, lo, i+60)
}

func snip(b []byte, lo, hi int) string {
	hi = min(hi, len(b))
	if lo >= hi {
		return ""
	}
	return strings.ReplaceAll(string(b[lo:hi]), "\n", "⏎")
}

func sameFindings(t testing.TB, got, want []diag.Finding) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("findings through the cache differ from a fresh check:\ngot  %v\nwant %v", got, want)
	}
}

// edit replaces old by new in a file of the site (once; the test fails when old is absent).
func edit(t testing.TB, root, rel, old, new string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s holds no %q", rel, old)
	}
	writeFile(t, root, rel, strings.Replace(string(b), old, new, 1))
}

func writeFile(t testing.TB, root, rel, body string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, root, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// start runs s until the returned stop is called; stop fails the test if the
// server returns an error or does not stop within 5 seconds.
func start(t testing.TB, s *Server) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	return func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("serve did not stop")
		}
	}
}
