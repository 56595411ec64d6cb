package schema

import "testing"

// The built-in schemas are decoded once per process, before any file of the
// site is loaded (a fixed cost of every command):
//
//	go test -run '^$' -bench ParseBuiltin -benchmem ./internal/schema
func BenchmarkParseBuiltin(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := parseBuiltin(); err != nil {
			b.Fatal(err)
		}
	}
}
