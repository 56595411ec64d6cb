// Package pipeline runs the front half of every command: load the site, then
// validate it, collecting findings.
package pipeline

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/gitinfo"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/validate"
)

// Options of a check.
type Options struct {
	Root  string
	Today time.Time
	Lang  string // override of the site language for messages ("" = site's)
	// Cache, when set, reuses what earlier runs loaded from unchanged files (smsgen serve).
	Cache *load.Cache
	// NoTree: the caller only reads findings and the model, never renders
	// (smsgen validate): the documents' syntax trees are not kept, and plain
	// bodies are scanned rather than parsed (load.Options.NoTree).
	NoTree bool
}

// Result is the resolved site and its findings.
type Result struct {
	Site     *model.Site
	Findings []diag.Finding
	Lang     string
}

// Errors counts error findings; Warnings counts warnings.
func (r *Result) Errors() int   { return diag.Count(r.Findings, diag.Error) }
func (r *Result) Warnings() int { return diag.Count(r.Findings, diag.Warning) - r.Errors() }

// Run loads and validates the site.
func Run(opts Options) (*Result, error) {
	if opts.Root == "" {
		opts.Root = "."
	}
	st, err := os.Stat(opts.Root)
	if err != nil {
		return nil, fmt.Errorf("site root %s: %w", opts.Root, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("site root %s is not a folder", opts.Root)
	}
	var c diag.Collector
	rep := &i18n.Reporter{C: &c, Lang: opts.Lang}
	site, err := load.Load(load.Options{Root: opts.Root, Today: opts.Today, Cache: opts.Cache, NoTree: opts.NoTree}, rep)
	if err != nil {
		return nil, err
	}
	gitinfo.Annotate(site) // last change per document and register; nothing outside git
	validate.Run(site, rep)
	rep.ReportTruncated()
	// the site's rules (smsgen.yaml rules:, allowed_front_matter, a document's
	// accept:) apply once every finding is in
	return &Result{Site: site, Findings: validate.ApplyRules(site, c.Findings()), Lang: rep.Lang}, nil
}

// Today resolves "today": the flag value (YYYY-MM-DD), else SOURCE_DATE_EPOCH, else the clock.
func Today(flag string) (time.Time, error) {
	if flag != "" {
		t, err := time.Parse("2006-01-02", strings.TrimSpace(flag))
		if err != nil {
			return time.Time{}, fmt.Errorf("--today %q: want YYYY-MM-DD", flag)
		}
		return t, nil
	}
	if e := os.Getenv("SOURCE_DATE_EPOCH"); e != "" {
		n, err := strconv.ParseInt(e, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", e)
		}
		t := time.Unix(n, 0).UTC()
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	now := time.Now()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC), nil
}
