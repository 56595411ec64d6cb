package markdown

// Fuzz target for link and heading extraction:
//
//	go test -run='^$' -fuzz=FuzzExtract -fuzztime=10s ./internal/markdown

import (
	"bytes"
	"testing"
)

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"# Judul\n\n[a](doc:A-1#b) ![i](x.png) <budi@contoh.go.id> www.contoh.go.id\n",
		"## Über ✓\n\n[x](javascript:alert(1))\n<div>raw</div>\n",
		"> [a](b)\n> - [c](d\n\n1. [e][f]\n\n[f]: g\n",
		"| a | b |\n|---|---|\n| [x](y) | `z` |\n",
		"Setext\n===\n\n[**bold** link](../../etc/passwd)",
		"[a](<b c>) [d](e \"t\") [g]( h )",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return // the loader refuses pathological sizes before parsing
		}
		doc := Parse(src)
		heads, links, raw := Extract(doc, src)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, h := range heads {
			if h.ID == "" {
				t.Fatalf("heading %q without an id", h.Text)
			}
			if h.Line < 0 || h.Line > lines {
				t.Fatalf("heading line %d outside 1..%d", h.Line, lines)
			}
		}
		for _, l := range links {
			if l.Line < 0 || l.Line > lines || l.Col < 0 {
				t.Fatalf("link %q at %d:%d outside the text (%d lines)", l.Dest, l.Line, l.Col, lines)
			}
		}
		for _, r := range raw {
			if r < 1 || r > lines {
				t.Fatalf("raw HTML line %d outside 1..%d", r, lines)
			}
		}
		if s := Slug(string(src)); s == "" {
			t.Fatal("empty slug")
		}
	})
}
