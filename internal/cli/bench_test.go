package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// BenchmarkRebuild1000 times `smsgen build --only html` of the synthetic
// site of 1,000 documents and a 1,000-row register into the folder of the
// build before: UpToDate with nothing changed (the output is verified and
// left as it is), Edited with one document's body changed before each build
// (everything renders; unchanged files are linked from the previous output).
//
//	go test ./internal/cli -run '^$' -bench Rebuild1000 -benchtime 10x
func BenchmarkRebuild1000(b *testing.B) {
	root := testutil.SynthSite(b, synth.Options{Docs: 1000, Rows: 1000, Seed: 1})
	docs, _ := filepath.Glob(filepath.Join(root, "content", "*", "*.md"))
	if len(docs) == 0 {
		b.Fatal("no documents")
	}
	for _, edited := range []bool{false, true} {
		name := "UpToDate"
		if edited {
			name = "Edited"
		}
		b.Run(name, func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "output")
			build := func() {
				var stdout, stderr bytes.Buffer
				if code := Main([]string{"build", "--root", root, "--out", out, "--only", "html", "--today", "2026-11-21", "--quiet"}, &stdout, &stderr); code != 0 {
					b.Fatalf("exit %d: %s", code, stderr.String())
				}
			}
			build()
			orig, err := os.ReadFile(docs[0])
			if err != nil {
				b.Fatal(err)
			}
			defer os.WriteFile(docs[0], orig, 0o644)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if edited {
					b.StopTimer()
					body := append(append([]byte{}, orig...), []byte("\nSuntingan "+string(rune('a'+i%26))+".\n")...)
					if err := os.WriteFile(docs[0], body, 0o644); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				build()
			}
		})
	}
}
