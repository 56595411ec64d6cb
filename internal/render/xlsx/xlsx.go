// Package xlsx renders the registers as Excel workbooks: xlsx/NAME.xlsx per
// register and xlsx/registers.xlsx with one sheet per register and a summary.
//
// The package structure of a workbook (styles, header row, key names, table, data
// validation, conditional formatting, page setup, properties) is made with excelize; the
// data rows of each register are rendered once, in parallel chunks, straight
// into deflate-compressed parts that both workbooks splice into their sheet,
// so a large register is neither converted nor compressed twice. The zip is
// then written in a fixed order with fixed times: two builds are byte-identical.
package xlsx

import (
	"cmp"
	"errors"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/output"
)

// Renderer renders the Excel workbooks.
type Renderer struct{}

// Combined is the file name of the workbook holding every register.
const Combined = "registers.xlsx"

// maxRows is the number of data rows a sheet can hold (Excel's 1,048,576 rows
// less the header row).
const maxRows = 1048576 - 1

// maxLinks is Excel's limit of hyperlinks in one worksheet.
const maxLinks = 65530

// chunkRows is the number of rows rendered and compressed as one part.
const chunkRows = 4096

// regSheet is one register's sheet.
type regSheet struct {
	reg     *model.Register
	cols    []*column
	name    string // sheet name (label in the site's language, unique)
	table   string // table name
	rowOf   map[string]int
	testDue map[string]time.Time // continuity: next test due (zero: never tested)
	n       int                  // rows rendered (records, capped at maxRows)
	chunks  []chunk
	rows    []part
	links   []hlink
}

type renderer struct {
	ctx    *output.Context
	lang   string
	report *i18n.Reporter
	sheets map[string]*regSheet
	order  []*regSheet
	// spool keeps the deflated rows of the sheets past a bound until the
	// workbooks are written
	spool *output.Spool
}

// Render writes xlsx/NAME.xlsx for every register and xlsx/registers.xlsx.
func (Renderer) Render(ctx *output.Context) error {
	r := &renderer{ctx: ctx, lang: ctx.Resolved().Lang, report: ctx.Report, sheets: map[string]*regSheet{}}
	if r.report == nil {
		r.report = &i18n.Reporter{C: &diag.Collector{}, Lang: r.lang}
	}
	r.spool = output.NewSpool(ctx.Out)
	defer r.spool.Remove()
	r.prepare()
	if err := r.renderRows(); err != nil {
		return err
	}
	return r.writeBooks()
}

// prepare lays out every sheet: columns, names, the row of every record id.
func (r *renderer) prepare() {
	site := r.ctx.Site
	taken := map[string]bool{strings.ToLower(summaryName(r.lang)): true, strings.ToLower(listsSheet): true}
	for _, name := range site.RegisterNames() {
		reg := site.Registers[name]
		s := &regSheet{reg: reg, cols: columnsOf(reg, r.lang, r.ctx.MaxClass == "public"),
			name: sheetName(reg.Schema.Label.In(r.lang), taken), table: "tbl_" + name, rowOf: map[string]int{}}
		s.n = len(reg.Records)
		if s.n > maxRows {
			p := model.Pos{File: reg.Path}
			if rec := reg.Records[maxRows]; rec != nil {
				p = rec.Pos
			}
			r.report.Report("xlsx-too-many-rows", i18n.Where{File: p.File, Line: p.Line, Register: name},
				map[string]string{"count": strconv.Itoa(len(reg.Records)), "limit": strconv.Itoa(maxRows)})
			s.n = maxRows
		}
		for i, rec := range reg.Records[:s.n] {
			if _, dup := s.rowOf[rec.ID]; !dup && rec.ID != "" {
				s.rowOf[rec.ID] = i + firstDataRow
			}
		}
		if tests := r.ctx.Resolved().Register(name).Tests; tests != nil {
			s.testDue = map[string]time.Time{}
			for id, t := range tests {
				if !t.Tested || !t.Due.IsZero() {
					s.testDue[id] = t.Due
				}
			}
		}
		r.sheets[name] = s
		r.order = append(r.order, s)
	}
}

// renderRows renders every register's rows in parallel chunks.
func (r *renderer) renderRows() error {
	type job struct {
		s    *regSheet
		i    int
		from int
	}
	var jobs []job
	for _, s := range r.order {
		s.chunks = make([]chunk, (s.n+chunkRows-1)/chunkRows)
		for i := range s.chunks {
			jobs = append(jobs, job{s, i, i * chunkRows})
		}
	}
	next := make(chan job)
	var wg sync.WaitGroup
	errs := make([]error, runtime.GOMAXPROCS(0))
	for w := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				var err error
				j.s.chunks[j.i], err = r.renderChunk(j.s, j.from, min(j.from+chunkRows, j.s.n))
				errs[w] = cmp.Or(errs[w], err)
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, s := range r.order {
		for _, c := range s.chunks {
			s.rows = append(s.rows, c.p)
			for i, w := range c.widths {
				if w > s.cols[i].width {
					s.cols[i].width = w
				}
			}
			if room := maxLinks - len(s.links); room > 0 {
				s.links = append(s.links, c.links[:min(room, len(c.links))]...)
			}
		}
		s.chunks = nil
	}
	return nil
}

// writeBooks assembles the workbooks in parallel.
func (r *renderer) writeBooks() error {
	dir := filepath.Join(r.ctx.Out, "xlsx")
	jobs := []func() error{func() error { return r.writeBook(filepath.Join(dir, Combined), r.order, true) }}
	files := r.ctx.OutputNames() // never Combined: the allocation keeps that name free
	for _, s := range r.order {
		jobs = append(jobs, func() error {
			return r.writeBook(filepath.Join(dir, files.Workbook(s.reg.Name)), []*regSheet{s}, false)
		})
	}
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = jobs[i]()
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// sheetName makes a valid, unique sheet name (at most 31 characters, none of : \ / ? * [ ]).
func sheetName(label string, taken map[string]bool) string {
	l := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) || r < 0x20 {
			return '-'
		}
		return r
	}, label)
	l = strings.Trim(strings.TrimSpace(l), "'")
	if l == "" {
		l = "Register"
	}
	l = cut(l, 31)
	base := l
	for n := 2; taken[strings.ToLower(l)]; n++ {
		suf := " (" + strconv.Itoa(n) + ")"
		l = cut(base, 31-len(suf)) + suf
	}
	taken[strings.ToLower(l)] = true
	return l
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func summaryName(lang string) string { return i18n.Label(lang, "workbook_summary_sheet") }

// listsSheet is the hidden sheet holding the values of long dropdown lists.
const listsSheet = "_lists"
