// Package pdf renders the PDFs of a site with codeberg.org/go-pdf/fpdf and the
// Liberation fonts: one PDF per document (pdf/docs/DOC-ID.pdf), one per register
// (pdf/registers/NAME.pdf; a large register in volumes, the further ones in
// pdf/registers/volumes/, see resolve.Volumes), the RFC form of each change record
// (pdf/forms/changes/ID.pdf) and the audit pack (pdf/audit-pack.pdf).
//
// Every PDF is laid out by this package from the model (documents from their
// goldmark syntax tree), with no browser, pandoc or LaTeX. Output is
// reproducible: dates come from the build's today, catalogs are sorted, and
// nothing depends on map order or the clock.
package pdf

import (
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/glyph"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/resolve"
)

// Renderer renders the PDFs (build output "pdf").
type Renderer struct {
	// Workers is the number of PDFs rendered at once (default: GOMAXPROCS).
	Workers int
	// Progress, when set, is called after each PDF is written with the
	// number written and the number of PDFs of the build (calls never overlap).
	Progress func(done, total int)
}

// WithProgress returns the renderer reporting its progress to f (see Progress).
func (r Renderer) WithProgress(f func(done, total int)) output.Renderer {
	r.Progress = f
	return r
}

// rctx is what every PDF job reads; it is shared by the jobs of one build.
type rctx struct {
	site     *model.Site
	facts    *resolve.Site // every derived fact the PDFs show
	lang     string        // language of the build (registers, forms, pack)
	today    time.Time
	version  string
	maxClass string
	findings []diag.Finding
	rep      *i18n.Reporter
	pack     bool         // set on the pack's own copy
	files    *names.Names // the names of the output files (shared with HTML and workbooks)

	mu       *sync.Mutex
	reported map[string]bool
}

// job renders one PDF file.
type job struct {
	rel    string // path under the output folder
	weight int    // rough cost, biggest first
	meta   docMeta
	lang   string
	render func(o *out, rc *rctx)
}

// Render writes every PDF below ctx.Out/pdf.
func (r Renderer) Render(ctx *output.Context) error {
	facts := ctx.Resolved()
	rc := &rctx{site: ctx.Site, facts: facts, lang: facts.Lang, today: ctx.Today, version: ctx.Version,
		maxClass: ctx.MaxClass, findings: counted(ctx.Findings), rep: ctx.Report, mu: &sync.Mutex{}, reported: map[string]bool{},
		files: ctx.OutputNames()}
	jobs := planJobs(rc)
	workers := r.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	for _, dir := range []string{"pdf/docs", "pdf/registers"} {
		if err := output.MkdirAll(filepath.Join(ctx.Out, filepath.FromSlash(dir))); err != nil {
			return err
		}
	}
	return runJobs(ctx.Out, rc, jobs, workers, r.Progress)
}

// planJobs lists the PDFs of the site, the biggest first.
func planJobs(rc *rctx) []job {
	site := rc.site
	var jobs []job
	author := strings.TrimSpace(site.Settings.Organization)
	if site.Settings.Unit != "" {
		author = strings.TrimSpace(author + " — " + site.Settings.Unit)
	}
	creator := "smsgen " + rc.version
	for _, d := range site.Documents {
		d := d
		lang := rc.facts.DocLang(d)
		kw := []string{d.DocID, d.Meta("doc_type"), d.Meta("status")}
		kw = append(kw, d.Cell("clauses").Items(false)...)
		jobs = append(jobs, job{
			rel: rc.files.DocumentPDF(d), weight: len(d.Body) + 2000,
			meta: docMeta{title: d.DocID + " " + d.Title, author: author, subject: docTypeLabel(rc, d, lang), keywords: strings.Join(nonEmpty(kw), ", "), creator: creator},
			lang: lang,
			render: func(o *out, rc *rctx) {
				announceDoc(o, d)
				renderDocument(o, rc, d, 0)
			},
		})
	}
	for _, name := range site.RegisterNames() {
		reg := site.Registers[name]
		// a large register is printed in volumes (see resolve.Volumes), each
		// its own job: rendered, written and dropped, in parallel with the
		// other PDFs, all with the table columns of the whole register
		vols := rc.facts.Volumes(name)
		if len(vols) == 0 { // a register the facts do not know: one volume
			vols = []resolve.Volume{{N: 1, To: len(reg.Records), PDF: rc.files.RegisterPDF(name)}}
		}
		shared := &regShared{}
		for _, v := range vols {
			title := regLabel(reg, rc.lang)
			if len(vols) > 1 {
				title += " — " + labelf(rc.lang, "volume_of", v.N, len(vols))
			}
			jobs = append(jobs, job{
				rel: v.PDF, weight: (v.To-v.From)*400 + 1000,
				meta: docMeta{title: title, author: author, subject: regLabel(reg, rc.lang) + " (" + label(rc.lang, "clause") + " " + strings.Join(reg.Schema.AllClauses(), ", ") + ")", keywords: name, creator: creator},
				lang: rc.lang,
				render: func(o *out, rc *rctx) {
					renderRegister(o, rc, reg, vols, v, shared)
				},
			})
		}
		if reg.Schema.Form == "changes" {
			formed := map[string]bool{}
			for _, rec := range reg.Records {
				rec := rec
				if formed[rec.ID] { // a duplicate id (an error of validation): one form, never two writers
					continue
				}
				formed[rec.ID] = true
				jobs = append(jobs, job{
					rel: rc.files.FormPDF(name, rec.ID), weight: 1500,
					meta: docMeta{title: label(rc.lang, "rfc_form_title") + " " + rec.ID, author: author, subject: reg.Title(rec), keywords: rec.ID + ", " + name, creator: creator},
					lang: rc.lang,
					render: func(o *out, rc *rctx) {
						renderForm(o, rc, reg, rec)
					},
				})
			}
		}
	}
	pw := 5000
	for _, j := range jobs {
		pw += j.weight
	}
	jobs = append(jobs, job{
		rel: "pdf/audit-pack.pdf", weight: pw,
		meta: docMeta{title: label(rc.lang, "audit_pack_title") + " — " + site.Settings.Organization, author: author, subject: label(rc.lang, "audit_pack_subtitle"), keywords: strings.Join(site.Settings.Frameworks, ", "), creator: creator},
		lang: rc.lang,
		render: func(o *out, rc *rctx) {
			p := *rc
			p.pack = true
			renderPack(o, &p)
		},
	})
	sort.SliceStable(jobs, func(i, j int) bool { return jobs[i].weight > jobs[j].weight })
	return jobs
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// runJobs renders the jobs on workers goroutines; the first error wins.
func runJobs(root string, rc *rctx, jobs []job, workers int, progress func(done, total int)) error {
	ch := make(chan job)
	var pmu sync.Mutex
	done := 0
	errs := make([]error, len(jobs))
	index := map[string]int{}
	for i, j := range jobs {
		index[j.rel] = i
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				errs[index[j.rel]] = runJob(root, rc, j)
				if progress != nil {
					pmu.Lock()
					done++
					progress(done, len(jobs))
					pmu.Unlock()
				}
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func runJob(root string, rc *rctx, j job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: internal error: %v", j.rel, r)
		}
	}()
	o := newOut(j.lang, rc.today, j.meta)
	o.rel = j.rel
	j.render(o, rc)
	o.finish()
	rc.reportMissing(o)
	if e := o.f.Error(); e != nil {
		return fmt.Errorf("%s: %w", j.rel, e)
	}
	path := filepath.Join(root, filepath.FromSlash(j.rel))
	fh, err := output.CreateFile(path)
	if err != nil {
		return err
	}
	if err = o.writePDF(fh); err != nil {
		fh.Abort()
	} else {
		err = fh.Close()
	}
	if err != nil {
		return fmt.Errorf("%s: %w", j.rel, err)
	}
	return nil
}

// once reports whether key is new in this build (so a problem shown in a
// document's PDF and again in the audit pack is reported once).
func (rc *rctx) once(key string) bool {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.reported[key] {
		return false
	}
	rc.reported[key] = true
	return true
}

// reportMissing warns about characters the fonts lack, once per source file.
func (rc *rctx) reportMissing(o *out) {
	if rc.rep == nil {
		return
	}
	srcs := make([]string, 0, len(o.missingBy))
	for s := range o.missingBy {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	for _, src := range srcs {
		chars := glyph.List(o.missingBy[src], true)
		if chars == "" || !rc.once("glyph\x00"+src+"\x00"+chars) {
			continue
		}
		file := src
		if file == "" {
			file = o.rel
		}
		rc.rep.Report("pdf-missing-glyph", i18n.Where{File: file, Value: chars}, nil)
	}
}

// imageProblem warns about an image that cannot be put in a PDF.
func (rc *rctx) imageProblem(d *model.Document, line int, dest string, err error) {
	if rc.rep == nil || !rc.once("image\x00"+d.Path+"\x00"+dest) {
		return
	}
	rc.rep.Report("pdf-image-invalid", i18n.Where{File: d.Path, Line: line, Record: d.DocID, Value: dest},
		map[string]string{"reason": err.Error()})
}

// counted returns the findings but those a document accepted: the audit pack
// summarises what is open.
func counted(fs []diag.Finding) []diag.Finding {
	out := make([]diag.Finding, 0, len(fs))
	for _, f := range fs {
		if f.Accepted == "" {
			out = append(out, f)
		}
	}
	return out
}
