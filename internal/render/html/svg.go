package html

import (
	"html/template"
	"math"
	"strconv"
	"strings"
)

func f1(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) }

// bar draws a small horizontal bar of n against max (decorative: the number is in the text).
func bar(n, maxN int, class string) template.HTML {
	w := 0.0
	if maxN > 0 {
		w = 120 * float64(n) / float64(maxN)
	}
	return template.HTML(`<svg class="bar" width="120" height="12" viewBox="0 0 120 12" aria-hidden="true" focusable="false">` +
		`<rect class="bar-bg" x="0" y="0" width="120" height="12"/>` +
		`<rect class="bar-fg ` + esc(class) + `" x="0" y="0" width="` + f1(w) + `" height="12"/></svg>`)
}

type chartBar struct {
	label          string
	actual, target float64
	text           string
	below          bool
}

// availabilityChart draws actual availability against target per service as
// horizontal bars with a target mark; red bars are below target.
func availabilityChart(bars []chartBar, title, desc string) template.HTML {
	const labelW, plotW, valueW, rowH, top = 230.0, 330.0, 80.0, 30.0, 24.0
	lo := 100.0
	for _, b := range bars {
		lo = math.Min(lo, math.Min(b.actual, b.target))
	}
	lo = math.Max(0, math.Floor(lo-0.5))
	if lo > 99 {
		lo = 99
	}
	x := func(v float64) float64 {
		v = math.Max(lo, math.Min(100, v))
		return labelW + plotW*(v-lo)/(100-lo)
	}
	h := top + rowH*float64(len(bars)) + 8
	w := labelW + plotW + valueW
	var b strings.Builder
	b.WriteString(`<svg class="chart" viewBox="0 0 ` + f1(w) + ` ` + f1(h) + `" width="` + f1(w) + `" height="` + f1(h) +
		`" role="img" aria-labelledby="avail-title avail-desc"><title id="avail-title">` + esc(title) + `</title><desc id="avail-desc">` + esc(desc) + `</desc>`)
	// axis ticks
	for _, t := range []float64{lo, lo + (100-lo)/2, 100} {
		b.WriteString(`<line class="grid" x1="` + f1(x(t)) + `" y1="` + f1(top-6) + `" x2="` + f1(x(t)) + `" y2="` + f1(h-8) + `"/>`)
		b.WriteString(`<text class="tick" x="` + f1(x(t)) + `" y="` + f1(top-10) + `" text-anchor="middle">` + f1(t) + `%</text>`)
	}
	for i, br := range bars {
		y := top + rowH*float64(i)
		label := br.label
		if len([]rune(label)) > 32 {
			label = string([]rune(label)[:31]) + "…"
		}
		cls := "ok"
		if br.below {
			cls = "below"
		}
		b.WriteString(`<text class="label" x="` + f1(labelW-8) + `" y="` + f1(y+rowH/2+4) + `" text-anchor="end">` + esc(label) + `</text>`)
		b.WriteString(`<rect class="` + cls + `" x="` + f1(labelW) + `" y="` + f1(y+6) + `" width="` + f1(x(br.actual)-labelW) + `" height="` + f1(rowH-12) + `"/>`)
		b.WriteString(`<line class="target" x1="` + f1(x(br.target)) + `" y1="` + f1(y+2) + `" x2="` + f1(x(br.target)) + `" y2="` + f1(y+rowH-2) + `"/>`)
		b.WriteString(`<text class="value ` + cls + `" x="` + f1(labelW+plotW+6) + `" y="` + f1(y+rowH/2+4) + `">` + esc(br.text) + `</text>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
