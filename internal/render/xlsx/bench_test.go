package xlsx_test

import (
	"testing"

	"github.com/smsgen/smsgen/internal/render/xlsx"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// The workbook renderer alone, on a site validated and resolved once:
//
//	go test -run '^$' -bench . -benchmem ./internal/render/xlsx
//
// ns/row divides one rendering by the rows of the incident register: the
// 10k- and 50k-row figures should be about equal (the writer streams).
func benchWorkbooks(b *testing.B, rows int) {
	testutil.BenchRender(b, synth.Options{Docs: 10, Rows: rows, Seed: 1}, "xlsx", xlsx.Renderer{})
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows), "ns/row")
}

func BenchmarkWorkbooks10kRows(b *testing.B) { benchWorkbooks(b, 10000) }
func BenchmarkWorkbooks50kRows(b *testing.B) { benchWorkbooks(b, 50000) }

// BenchmarkWorkbooks50kText is the text shape (a sentence in each free-text
// cell, like an export of a ticketing tool).
func BenchmarkWorkbooks50kText(b *testing.B) {
	testutil.BenchRender(b, synth.Options{Docs: 10, Rows: 50000, Seed: 1, Shape: synth.ShapeText}, "xlsx", xlsx.Renderer{})
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/50000, "ns/row")
}
