// Package adopt brings existing documents into a site: Markdown files with a
// foreign front matter (or none) and Word .docx files become controlled
// documents with smsgen's front matter. Keys are mapped by a mapping (a
// built-in preset and/or a mapping file), what is not known becomes a
// placeholder in a draft, and a report tells per file what was mapped,
// guessed and left. Existing files are never overwritten.
package adopt

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/smsgen/smsgen/internal/author"
	"github.com/smsgen/smsgen/internal/markdown"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
	"go.yaml.in/yaml/v3"
)

// Limits on what is read.
const (
	maxMarkdown = 8 << 20  // one Markdown source
	maxCopy     = 32 << 20 // one file a Markdown source links to, copied beside the document
)

// Options of a run.
type Options struct {
	Sources []string // files or folders (.md, .markdown, .docx)
	Mapping *Mapping // optional mapping file
	Preset  string   // a preset for every source ("" picks one per file)
	DocType string   // doc_type of every adopted document ("" guesses it per file)
	DryRun  bool     // write nothing, report what would be written
}

// Result of a run.
type Result struct {
	Files    []*FileReport
	Unmapped map[string]int // with unmapped: report: keys left out, and in how many files
	DryRun   bool
	Lang     string
}

// FileReport tells what became of one source.
type FileReport struct {
	Source  string   // as found
	Line    int      // the line of the source an error is at (0: none)
	Target  string   // site-relative path of the document ("" when not adopted)
	DocID   string   //
	Preset  string   // mapping preset used
	Mapped  []string // "name → title"
	Guessed []string // "doc_type: policy (from the title)"
	Left    []string // keys written as a placeholder
	Kept    []string // source keys kept under x_source
	Dropped []string // source keys left out
	Notes   []string // images and files written, links left as they were
	Written []string // site-relative paths written (or to be written with --dry-run)
	Err     string   // why the source was not adopted
}

// Failed reports whether some source was not adopted.
func (r *Result) Failed() int {
	n := 0
	for _, f := range r.Files {
		if f.Err != "" {
			n++
		}
	}
	return n
}

// input is a source read into front-matter pairs and a Markdown body.
type input struct {
	abs     string
	root    string // links may take files from this folder only
	display string
	kind    string // markdown or docx
	format  string
	pairs   []pair
	body    []byte
	files   map[string][]byte // docx: images, by the name the body links to
	props   docProps
	heading string // docx: the Title paragraph
	left    leftOut
}

type docProps struct {
	Title, Creator, Created, Modified, Keywords string
}

// planned is one document to write.
type planned struct {
	in      *input
	rep     *FileReport
	rel     string // content/…/name.md
	slug    string
	title   string
	front   *yaml.Node
	docID   string
	written map[string][]byte // site-relative path → bytes (document, images, linked files)
}

type runner struct {
	site     *model.Site
	opt      Options
	res      *Result
	ids      map[string]string // doc ids in use → by what
	paths    map[string]bool   // site-relative paths taken in this run
	bySource map[string]*planned
	todo     string
	en       bool
}

// Run adopts the sources into the site.
func Run(site *model.Site, lang string, opt Options) (*Result, error) {
	if lang == "" {
		lang = site.Lang()
	}
	if opt.Preset != "" && presets[opt.Preset] == nil {
		return nil, fmt.Errorf("unknown preset %q: use %s", opt.Preset, strings.Join(Presets, ", "))
	}
	if opt.DocType != "" && author.Folder(opt.DocType) == "" {
		return nil, fmt.Errorf("unknown doc type %q", opt.DocType)
	}
	if m := opt.Mapping; m != nil {
		sch := site.Schemas.Document
		var keys []string
		for _, f := range sch.Fields {
			keys = append(keys, f.Key)
		}
		bad := func(what, k string) error {
			return fmt.Errorf("mapping: %s: %s is no front-matter key (%s, or %s to keep, %s to leave out)", what, k, strings.Join(keys, ", "), Namespace, drop)
		}
		for _, src := range sortedKeys(m.Keys) {
			if k := strings.TrimSpace(m.Keys[src]); k != drop && k != Namespace && sch.Field(k) == nil {
				return nil, bad("keys: "+src, k)
			}
		}
		for _, k := range sortedKeys(m.Values) {
			if sch.Field(k) == nil {
				return nil, bad("values", k)
			}
		}
		for _, k := range sortedKeys(m.Defaults) {
			f := sch.Field(k)
			if f == nil {
				return nil, bad("defaults", k)
			}
			if f.Type == schema.Enum || f.Type == schema.Date {
				if _, ok := (&runner{}).convert(f, m.Defaults[k]); !ok {
					return nil, fmt.Errorf("mapping: defaults: %s: %q is not a valid %s", k, m.Defaults[k], k)
				}
			}
		}
	}
	r := &runner{site: site, opt: opt, res: &Result{Unmapped: map[string]int{}, DryRun: opt.DryRun, Lang: lang},
		ids: map[string]string{}, paths: map[string]bool{}, bySource: map[string]*planned{}, en: lang == "en"}
	r.todo = "WAJIB DIISI"
	if r.en {
		r.todo = "TO FILL IN"
	}
	for _, d := range site.Documents {
		if d.DocID != "" {
			r.ids[d.DocID] = d.Path
		}
	}
	srcs, err := collect(opt.Sources)
	if err != nil {
		return nil, err
	}
	if len(srcs) == 0 {
		return nil, errors.New("no .md, .markdown or .docx file in the sources")
	}
	var plans []*planned
	for _, s := range srcs {
		fr := &FileReport{Source: s.display}
		r.res.Files = append(r.res.Files, fr)
		in, err := read(s)
		if err != nil {
			var le *LineError
			if errors.As(err, &le) {
				fr.Line = le.Line
			}
			fr.Err = err.Error()
			if err == errNotUTF8 {
				fr.Err = r.t("bukan teks UTF-8: simpan berkas sebagai UTF-8 lalu adopsi lagi", err.Error())
			}
			continue
		}
		p, err := r.plan(in, fr)
		if err != nil {
			fr.Err = err.Error()
			continue
		}
		plans = append(plans, p)
		r.bySource[in.abs] = p
	}
	for _, p := range plans {
		r.finish(p)
	}
	for _, p := range plans {
		if p.rep.Err != "" {
			continue
		}
		if err := r.write(p); err != nil {
			p.rep.Err = err.Error()
		}
	}
	return r.res, nil
}

type src struct{ abs, display, root string } // root: the folder given, or the file's own

var errNotUTF8 = errors.New("not UTF-8 text: save the file as UTF-8 and adopt it again")

// collect lists the sources: files as given, folders walked for .md,
// .markdown and .docx files (hidden ones and Word's "~$" lock files left out).
func collect(args []string) ([]src, error) {
	var out []src
	seen := map[string]bool{}
	add := func(abs, display, root string) {
		if !seen[abs] {
			seen[abs] = true
			out = append(out, src{abs, display, root})
		}
	}
	for _, a := range args {
		abs, err := filepath.Abs(a)
		if err != nil {
			return nil, err
		}
		st, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", a, errors.Unwrap(err))
		}
		if !st.IsDir() {
			add(abs, filepath.ToSlash(a), filepath.Dir(abs))
			continue
		}
		err = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if p != abs && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$")) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && kindOf(name) != "" {
				rel, _ := filepath.Rel(abs, p)
				add(p, filepath.ToSlash(filepath.Join(a, rel)), abs)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].display < out[j].display })
	return out, nil
}

func kindOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return "markdown"
	case ".docx":
		return "docx"
	}
	return ""
}

// read turns a source into front-matter pairs and a Markdown body.
func read(s src) (*input, error) {
	in := &input{abs: s.abs, root: s.root, display: s.display, kind: kindOf(s.abs)}
	switch in.kind {
	case "docx":
		d, err := readDocx(s.abs)
		if err != nil {
			return nil, err
		}
		in.pairs, in.body, in.files, in.props, in.heading, in.left = d.pairs, d.body, d.files, d.props, d.heading, d.left
		in.format = "docx"
		return in, nil
	case "markdown":
		b, err := readLimited(s.abs, maxMarkdown)
		if err != nil {
			return nil, err
		}
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(b) {
			return nil, errNotUTF8
		}
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		pairs, format, body, err := splitMatter(b)
		if err != nil {
			return nil, err
		}
		in.pairs, in.format, in.body = pairs, format, body
		stem := strings.TrimSuffix(filepath.Base(s.abs), filepath.Ext(s.abs))
		if format == "" && notionTitle(stem) != stem { // Notion's own export: properties under the title
			if props, rest := notionProperties(body); len(props) > 0 {
				in.pairs, in.format, in.body = props, "notion-properties", rest
			}
		}
		return in, nil
	}
	return nil, errors.New("not a Markdown (.md) or Word (.docx) file")
}

func readLimited(p string, max int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > max {
		return nil, fmt.Errorf("larger than %d MiB", max>>20)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("larger than %d MiB", max>>20)
	}
	return b, nil
}

// values collects the smsgen front matter of one document.
type values struct {
	vals     map[string]string
	lists    map[string][]string
	raw      map[string]*yaml.Node // history and sop given in smsgen's own shape
	comments map[string]string
	kept     []pair
}

// plan maps the source's keys and fills in what is missing.
func (r *runner) plan(in *input, fr *FileReport) (*planned, error) {
	sch := r.site.Schemas.Document
	preset := r.opt.Preset
	if preset == "" && r.opt.Mapping != nil {
		preset = r.opt.Mapping.Preset
	}
	if preset == "" {
		if in.kind == "docx" {
			preset = "docx"
		} else {
			preset = detectPreset(in.format, in.pairs)
		}
	}
	fr.Preset = preset
	if n := in.left.footnotes; n > 0 {
		fr.Notes = append(fr.Notes, fmt.Sprintf(r.t("%d catatan kaki tidak diambil: pindahkan isinya ke teks bila perlu", "%d footnotes left out: move their text into the body where needed"), n))
	}
	if n := in.left.comments; n > 0 {
		fr.Notes = append(fr.Notes, fmt.Sprintf(r.t("%d komentar tidak diambil", "%d comments left out"), n))
	}
	if in.left.tracked > 0 {
		fr.Notes = append(fr.Notes, r.t("perubahan terlacak diambil sebagai diterima", "tracked changes taken as accepted"))
	}
	m := merged(preset, r.opt.Mapping)
	v := &values{vals: map[string]string{}, lists: map[string][]string{}, raw: map[string]*yaml.Node{}, comments: map[string]string{}}
	keep := func(p pair, why string) {
		v.kept = append(v.kept, p)
		fr.Kept = append(fr.Kept, p.Key+why)
	}
	for _, p := range in.pairs {
		target, explicit := m.keys[norm(p.Key)]
		if !explicit {
			if f, key, ok := sch.HeaderField(p.Key); ok && f != nil {
				target = key
			}
		}
		switch {
		case target == drop:
			fr.Dropped = append(fr.Dropped, p.Key)
			continue
		case target == Namespace || strings.HasPrefix(p.Key, "x_") && target == "":
			keep(p, "")
			continue
		case target == "":
			if m.Unmapped == "report" {
				r.res.Unmapped[p.Key]++
				fr.Dropped = append(fr.Dropped, p.Key)
			} else {
				keep(p, "")
			}
			continue
		}
		f := sch.Field(target)
		if f == nil {
			keep(p, fmt.Sprintf(r.t(" (pemetaan menyebut %s, yang bukan kunci front matter)", " (the mapping names %s, which is no front-matter key)"), target))
			continue
		}
		if _, done := v.vals[target]; done || v.lists[target] != nil || v.raw[target] != nil {
			keep(p, fmt.Sprintf(r.t(" (%s sudah diisi)", " (%s is given already)"), target))
			continue
		}
		if f.Type == schema.History || f.Type == schema.SOP {
			if p.Key == target && p.Val.Kind != yaml.ScalarNode {
				v.raw[target] = p.Val
				continue
			}
			keep(p, "")
			continue
		}
		items, ok := scalarItems(p.Val)
		if !ok {
			keep(p, fmt.Sprintf(r.t(" (bukan teks, jadi bukan %s)", " (not text, so not %s)"), target))
			continue
		}
		var clean []string
		for _, it := range items {
			if it = strings.TrimSpace(it); it != "" {
				clean = append(clean, it)
			}
		}
		if len(clean) == 0 {
			fr.Dropped = append(fr.Dropped, p.Key+r.t(" (kosong)", " (empty)"))
			continue
		}
		arrow := p.Key + " → " + target
		if p.Key == target {
			arrow = target
		}
		if f.List {
			for i := range clean {
				clean[i] = mapValue(m, target, clean[i])
			}
			v.lists[target] = clean
			fr.Mapped = append(fr.Mapped, arrow)
			continue
		}
		val := strings.Join(strings.Fields(clean[0]), " ") // one line: a front-matter value is no paragraph
		if len(clean) > 1 {
			rest := strings.Join(clean[1:], ", ")
			v.comments[target] = map[bool]string{false: "juga: ", true: "also: "}[r.en] + rest
			fr.Guessed = append(fr.Guessed, fmt.Sprintf(r.t("%s: %s, yang pertama dari %d (%s juga menyebut: %s)", "%s: %s, the first of %d (%s also named: %s)"), target, val, len(clean), p.Key, rest))
		}
		mv := mapValue(m, target, val)
		conv, ok := r.convert(f, mv)
		if !ok {
			keep(p, fmt.Sprintf(r.t(" (%q bukan %s yang sah)", " (%q is no %s)"), val, target))
			continue
		}
		v.vals[target] = conv
		if conv != val {
			arrow += fmt.Sprintf(" (%s → %s)", val, conv)
		}
		fr.Mapped = append(fr.Mapped, arrow)
	}
	for _, k := range sortedKeys(m.Defaults) {
		if _, ok := v.vals[k]; ok || sch.Field(k) == nil {
			continue
		}
		if conv, ok := r.convert(sch.Field(k), m.Defaults[k]); ok {
			v.vals[k] = conv
			fr.Mapped = append(fr.Mapped, fmt.Sprintf(r.t("%s: %s (bawaan pemetaan)", "%s: %s (default of the mapping)"), k, conv))
		}
	}
	return r.complete(in, fr, v)
}

// scalarItems returns the text of a scalar, or the items of a list of scalars.
func scalarItems(n *yaml.Node) ([]string, bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil, true
		}
		return []string{n.Value}, true
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, false
			}
			out = append(out, c.Value)
		}
		return out, true
	}
	return nil, false
}

func mapValue(m *Mapping, field, v string) string {
	if vm := m.values[field]; vm != nil {
		if to, ok := vm[norm(v)]; ok {
			return to
		}
	}
	return v
}

// convert checks a value against its field: an enum value or label becomes
// the canonical value, a date in a known format becomes ISO 8601.
func (r *runner) convert(f *schema.Field, v string) (string, bool) {
	v = strings.TrimSpace(v)
	switch f.Type {
	case schema.Enum:
		return f.EnumLookup(v)
	case schema.Date:
		t, ok := parseDate(v)
		if !ok {
			return "", false
		}
		return t.Format("2006-01-02"), true
	case schema.DocRef:
		return v, model.ValidID(v)
	}
	return v, true
}

var dateLayouts = []string{
	"2006-01-02", "2006/01/02", "02/01/2006", "2/1/2006", "02-01-2006", "2-1-2006", "02.01.2006",
	time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05",
	"Jan 2 2006", "Jan 2, 2006", "January 2 2006", "January 2, 2006", "2 January 2006", "2 Jan 2006",
	"January 2, 2006 3:04 PM", "Jan 2, 2006 3:04 PM", "2006-01",
}

var idMonths = strings.NewReplacer("januari", "january", "februari", "february", "maret", "march",
	"mei", "may", "juni", "june", "juli", "july", "agustus", "august", "oktober", "october",
	"desember", "december", "agt", "aug", "okt", "oct", "des", "dec", "peb", "feb", "pebruari", "february", "nopember", "november")

// parseDate reads the dates written by people and tools: ISO 8601, DD/MM/YYYY,
// English and Indonesian month names ("1 Maret 2026"), RFC 3339 timestamps.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		words[i] = idMonths.Replace(w)
	}
	low := strings.Join(words, " ")
	for _, l := range dateLayouts {
		if t, err := time.Parse(strings.ToLower(l), low); err == nil {
			return t, true
		}
		if t, err := time.Parse(l, titleWords(low)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func titleWords(s string) string {
	w := strings.Fields(s)
	for i, x := range w {
		if x != "" {
			w[i] = strings.ToUpper(x[:1]) + x[1:]
		}
	}
	return strings.Join(w, " ")
}

var docTypeWords = []struct{ word, docType string }{
	{"standar operasional prosedur", "sop"}, {"standard operating procedure", "sop"}, {"sop", "sop"},
	{"instruksi kerja", "work_instruction"}, {"work instruction", "work_instruction"},
	{"kebijakan", "policy"}, {"policy", "policy"}, {"prosedur", "procedure"}, {"procedure", "procedure"},
	{"rencana", "plan"}, {"plan", "plan"}, {"pedoman", "guideline"}, {"panduan", "guideline"},
	{"guideline", "guideline"}, {"formulir", "form"}, {"form", "form"},
}

// guessDocType reads the doc type off the title's words.
func guessDocType(title string) (string, string) {
	words := " " + norm(title) + " "
	for _, w := range docTypeWords {
		if strings.Contains(words, " "+w.word+" ") {
			return w.docType, w.word
		}
	}
	return "", ""
}

var h1 = regexp.MustCompile(`(?m)^#[ \t]+(.+?)[ \t#]*$`)

// firstHeading returns the first level-1 ATX heading outside code blocks.
func firstHeading(body []byte) string {
	var f fences
	for _, line := range strings.Split(string(body), "\n") {
		if f.code(line) {
			continue
		}
		if m := h1.FindStringSubmatch(line); m != nil {
			return strings.TrimSpace(m[1])
		}
	}
	return ""
}

// fences follows the fenced code blocks of Markdown read line by line.
type fences struct{ open string }

// code reports whether line opens, closes or stands in a fenced code block.
func (f *fences) code(line string) bool {
	t := strings.TrimSpace(line)
	if f.open != "" {
		if strings.HasPrefix(t, f.open) {
			f.open = ""
		}
		return true
	}
	if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
		f.open = t[:3]
		return true
	}
	return false
}

// complete fills in what the source did not give: title, doc type, number,
// version, status, owner, dates; places the document; and builds its front matter.
func (r *runner) complete(in *input, fr *FileReport, v *values) (*planned, error) {
	guess := func(key, val, why string) {
		v.vals[key] = val
		fr.Guessed = append(fr.Guessed, fmt.Sprintf("%s: %s (%s)", key, val, why))
	}
	left := func(key string) {
		v.vals[key] = r.todo
		fr.Left = append(fr.Left, key)
	}
	stem := strings.TrimSuffix(filepath.Base(in.abs), filepath.Ext(in.abs))
	if v.vals["title"] == "" {
		switch {
		case in.heading != "":
			guess("title", in.heading, r.t("judul dokumen", "title of the document"))
		case in.props.Title != "":
			guess("title", in.props.Title, r.t("properti dokumen", "document properties"))
		case in.kind == "markdown" && firstHeading(in.body) != "":
			guess("title", firstHeading(in.body), r.t("judul bagian pertama", "first heading"))
		default:
			guess("title", notionTitle(stem), r.t("nama berkas", "file name"))
		}
	}
	title := v.vals["title"]
	if r.opt.DocType != "" {
		if v.vals["doc_type"] != "" && v.vals["doc_type"] != r.opt.DocType {
			fr.Guessed = append(fr.Guessed, fmt.Sprintf(r.t("doc_type: %s dari --doc-type, bukan %s", "doc_type: %s given by --doc-type over %s"), r.opt.DocType, v.vals["doc_type"]))
		}
		v.vals["doc_type"] = r.opt.DocType
	} else if v.vals["doc_type"] == "" {
		if dt, w := guessDocType(title); dt != "" {
			guess("doc_type", dt, fmt.Sprintf(r.t("%q dalam judul", "%q in the title"), w))
		} else {
			guess("doc_type", "other", r.t("judul tidak menunjukkan jenisnya", "nothing in the title tells"))
		}
	}
	docType := v.vals["doc_type"]

	// status: approved or in review only when what that requires is known
	st := v.vals["status"]
	if st == "" {
		if v.vals["approved_by"] != "" && v.vals["approved_date"] != "" && v.vals["effective_date"] != "" && v.vals["reviewed_by"] != "" {
			guess("status", "approved", r.t("pengesah, pemeriksa dan tanggal tercantum", "approver, reviewer and dates are given"))
			st = "approved"
		} else {
			guess("status", "draft", r.t("tidak tercantum", "not given"))
			st = "draft"
		}
	}
	need := map[string][]string{"approved": {"reviewed_by", "approved_by", "approved_date", "effective_date"}, "review": {"reviewed_by"}}
	var missing []string
	for _, k := range need[st] {
		if v.vals[k] == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		guess("status", "draft", fmt.Sprintf(r.t("tercantum %s, tetapi %s tidak diketahui", "given as %s, but %s not known"), st, strings.Join(missing, ", ")))
		st = "draft"
	}
	if st == "obsolete" && v.vals["reviewed_by"] == "" {
		left("reviewed_by")
	}
	if v.vals["version"] == "" {
		if st == "draft" {
			guess("version", "0.1", r.t("tidak tercantum; draf", "not given; a draft"))
		} else {
			guess("version", "1.0", r.t("tidak tercantum", "not given"))
		}
	}
	if v.vals["owner"] == "" {
		left("owner")
	}
	if v.vals["classification"] == "" {
		guess("classification", "internal", r.t("tidak tercantum", "not given"))
	}
	if v.vals["next_review"] == "" {
		base := r.site.Today
		if t, ok := parseDate(v.vals["approved_date"]); ok && st != "draft" {
			base = t
		}
		guess("next_review", base.AddDate(1, 0, 0).Format("2006-01-02"), r.t("satu tahun ke depan", "one year ahead"))
	}
	if a, e := v.vals["approved_date"], v.vals["effective_date"]; a != "" && e != "" && e < a {
		guess("effective_date", a, fmt.Sprintf(r.t("tercantum %s, sebelum tanggal pengesahan", "given as %s, before the approval date"), e))
	}

	// number
	id := v.vals["doc_id"]
	v.vals["number"] = id // as written, for an SOP's own number
	if id != "" && !model.ValidID(id) {
		fixed := strings.Trim(idFix.ReplaceAllString(id, "-"), "-.")
		if model.ValidID(fixed) {
			guess("doc_id", fixed, fmt.Sprintf(r.t("tercantum %q, yang bukan nomor yang sah", "given as %q, which is no valid number"), id))
			id = fixed
		} else {
			id = ""
		}
	}
	if id != "" && r.ids[id] != "" {
		fr.Guessed = append(fr.Guessed, fmt.Sprintf(r.t("doc_id: %s sudah dipakai %s; diberi nomor baru", "doc_id: %s is used by %s already; a new number is given"), id, r.ids[id]))
		id = ""
	}
	if id == "" {
		id = r.nextID(docType)
		guess("doc_id", id, r.t("nomor bebas berikutnya untuk ", "next free number of ")+docType)
	}
	v.vals["doc_id"] = id
	r.ids[id] = in.display

	// place
	folder := author.Folder(docType)
	slug := markdown.Slug(title)
	if len(slug) > 80 {
		slug = strings.TrimRight(slug[:80], "-")
		for !utf8.ValidString(slug) {
			slug = slug[:len(slug)-1]
		}
	}
	if slug == "" || slug == "bagian" && norm(title) != "bagian" || strings.HasPrefix(slug, ".") {
		slug = strings.ToLower(id)
	}
	base := slug
	var rel string
	for n := 1; ; n++ {
		if n > 1 {
			slug = fmt.Sprintf("%s-%d", base, n)
		}
		rel = path.Join("content", folder, slug+".md")
		if _, err := os.Lstat(filepath.Join(r.site.Root, filepath.FromSlash(rel))); err == nil {
			delete(r.ids, id)
			return nil, fmt.Errorf(r.t("%s sudah ada: tidak ditimpa (pindahkan, atau adopsi dengan judul lain)", "%s exists already: not overwritten (move it away or adopt under another title)"), rel)
		}
		if !r.paths[rel] && !r.paths[strings.TrimSuffix(rel, ".md")] {
			break
		}
	}
	r.paths[rel] = true
	r.paths[strings.TrimSuffix(rel, ".md")] = true
	fr.Target, fr.DocID = rel, id

	// revision history from a Word document's properties
	if v.raw["revision_history"] == nil && in.kind == "docx" {
		date := r.site.Today.Format("2006-01-02")
		for _, d := range []string{in.props.Modified, v.vals["approved_date"], in.props.Created} {
			if t, ok := parseDate(d); ok {
				date = t.Format("2006-01-02")
				break
			}
		}
		who := in.props.Creator
		if who == "" {
			who = r.todo
			fr.Left = append(fr.Left, "revision_history author")
		} else {
			fr.Guessed = append(fr.Guessed, fmt.Sprintf(r.t("revision_history: penulis %s (properti dokumen)", "revision_history: author %s (document properties)"), who))
		}
		sum := "Diadopsi dari " + filepath.Base(in.abs)
		if r.en {
			sum = "Adopted from " + filepath.Base(in.abs)
		}
		v.raw["revision_history"] = historyNode(v.vals["version"], date, who, sum)
	}
	if docType == "sop" && v.raw["sop"] == nil {
		v.raw["sop"] = r.sopSkeleton(in, v, fr)
		if v.vals["status"] != "draft" {
			v.vals["status"] = "draft"
			fr.Guessed = append(fr.Guessed, r.t("status: draft (blok sop: perlu dilengkapi)", "status: draft (the sop: block is to be completed)"))
		}
	}
	p := &planned{in: in, rep: fr, rel: rel, slug: slug, title: title, docID: id, written: map[string][]byte{}}
	p.front = r.frontNode(v)
	return p, nil
}

var idFix = regexp.MustCompile(`[\s/\\]+`)

var notionProp = regexp.MustCompile(`^([^:\s][^:]{0,39}): (.*)$`)

// notionProperties reads the page properties Notion's Markdown export writes
// as "Key: value" lines under the title, and returns the body without them.
func notionProperties(body []byte) ([]pair, []byte) {
	lines := strings.SplitAfter(string(body), "\n")
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	if i >= len(lines) || !h1.MatchString(strings.TrimRight(lines[i], "\n")) {
		return nil, body
	}
	i++
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	start := i
	var props []pair
	for ; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r\n")
		if strings.TrimSpace(l) == "" {
			break
		}
		m := notionProp.FindStringSubmatch(l)
		if m == nil {
			return nil, body
		}
		props = append(props, pair{Key: m[1], Val: str(strings.TrimSpace(m[2]))})
	}
	if len(props) == 0 {
		return nil, body
	}
	if i < len(lines) {
		i++ // the blank line after the properties
	}
	rest := strings.Join(lines[:start], "") + strings.Join(lines[i:], "")
	return props, []byte(rest)
}

// notionTitle drops the 32-hex page id Notion appends to exported file names.
func notionTitle(stem string) string {
	if i := strings.LastIndexByte(stem, ' '); i > 0 && len(stem)-i-1 == 32 && strings.Trim(strings.ToLower(stem[i+1:]), "0123456789abcdef") == "" {
		return stem[:i]
	}
	return stem
}

func (r *runner) nextID(docType string) string {
	prefix := author.Prefix(docType)
	own := regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `-\d+$`)
	var ids []string
	for id := range r.ids {
		if own.MatchString(id) {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		if len(ids[i]) != len(ids[j]) {
			return len(ids[i]) < len(ids[j])
		}
		return ids[i] < ids[j]
	})
	return author.NextID(ids, prefix, 0)
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func historyNode(version, date, who, summary string) *yaml.Node {
	e := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	e.Content = append(e.Content, str("version"), str(version), str("date"), &yaml.Node{Kind: yaml.ScalarNode, Value: date},
		str("author"), str(who), str("summary"), str(summary))
	return &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{e}}
}

// frontNode builds the front matter in the schema's key order, then the kept keys.
func (r *runner) frontNode(v *values) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, f := range r.site.Schemas.Document.Fields {
		var val *yaml.Node
		switch {
		case v.raw[f.Key] != nil:
			val = v.raw[f.Key]
		case v.lists[f.Key] != nil:
			val = &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for _, it := range v.lists[f.Key] {
				val.Content = append(val.Content, str(it))
			}
		case v.vals[f.Key] != "":
			if f.Type == schema.Date || f.Type == schema.Enum {
				val = &yaml.Node{Kind: yaml.ScalarNode, Value: v.vals[f.Key]}
			} else {
				val = str(v.vals[f.Key])
			}
		case f.Key == "clauses":
			val = &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		default:
			continue
		}
		k := str(f.Key)
		if c := v.comments[f.Key]; c != "" {
			val.LineComment = "# " + c
		}
		m.Content = append(m.Content, k, val)
	}
	if len(v.kept) > 0 {
		ns := &yaml.Node{Kind: yaml.MappingNode}
		for _, p := range v.kept {
			ns.Content = append(ns.Content, str(p.Key), p.Val)
		}
		m.Content = append(m.Content, str(Namespace), ns)
	}
	return m
}

// sopSkeleton is the SOP AP block of an adopted SOP: what the source tells
// (number, name, dates, approver), the steps and actors to be filled in.
func (r *runner) sopSkeleton(in *input, v *values, fr *FileReport) *yaml.Node {
	date := func(cands ...string) string {
		for _, c := range cands {
			if t, ok := parseDate(c); ok {
				return t.Format("2006-01-02")
			}
		}
		return r.site.Today.Format("2006-01-02")
	}
	plain := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k string, n *yaml.Node) { m.Content = append(m.Content, str(k), n) }
	number := v.vals["number"]
	if number == "" {
		number = v.vals["doc_id"]
	}
	add("number", str(number))
	add("created_date", plain(date(in.props.Created, v.vals["approved_date"])))
	add("revision_date", plain(date(v.vals["approved_date"], in.props.Modified)))
	add("effective_date", plain(date(v.vals["effective_date"], v.vals["approved_date"])))
	pos, name := r.todo, r.todo
	if a := v.vals["approved_by"]; a != "" && a != r.todo {
		pos = a
		if i := strings.LastIndex(a, ","); i > 0 && strings.TrimSpace(a[i+1:]) != "" {
			pos, name = strings.TrimSpace(a[:i]), strings.TrimSpace(a[i+1:])
		}
	}
	ap := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	ap.Content = append(ap.Content, str("position"), str(pos), str("name"), str(name), str("nip"), str(""))
	add("approved_by", ap)
	add("name", str(v.vals["title"]))
	for _, k := range []string{"legal_basis", "qualifications", "related", "equipment", "warnings", "records"} {
		add(k, &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle})
	}
	actor := map[bool]string{false: "Pelaksana", true: "Performer"}[r.en]
	add("actors", &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{str(actor)},
		LineComment: "# " + r.todo + map[bool]string{false: ": jabatan pelaksana, juga pada setiap langkah", true: ": the performers' positions, also in every step"}[r.en]})
	acts, under := stepsOf(in.body)
	if len(acts) >= 2 {
		fr.Guessed = append(fr.Guessed, fmt.Sprintf(r.t("sop.steps: %d kegiatan dari daftar bernomor di bawah %q", "sop.steps: %d activities from the numbered list under %q"), len(acts), under))
	} else {
		acts = []string{r.todo, r.todo, r.todo}
		fr.Left = append(fr.Left, "sop.steps")
	}
	steps := &yaml.Node{Kind: yaml.SequenceNode}
	for i, a := range acts {
		kind := "process"
		switch i {
		case 0:
			kind = "start"
		case len(acts) - 1:
			kind = "end"
		}
		st := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		st.Content = append(st.Content, str("activity"), str(a), str("actor"), str(actor), str("kind"), plain(kind),
			str("requirements"), &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}, str("time"), str(""), str("output"), str(""))
		steps.Content = append(steps.Content, st)
	}
	add("steps", steps)
	fr.Left = append(fr.Left, "sop.actors")
	if name == r.todo {
		fr.Left = append(fr.Left, "sop.approved_by")
	}
	return m
}

var (
	stepHeading = regexp.MustCompile(`(?i)^#{1,6}\s+(?:[\d.]+\s*)?(langkah|uraian prosedur|prosedur|rincian prosedur|tahapan|steps|procedure)\b`)
	anyHeading  = regexp.MustCompile(`^#{1,6}\s`)
	stepItem    = regexp.MustCompile(`^\d{1,3}[.)]\s+(.+)$`)
)

// stepsOf returns the top-level items of the first numbered list under a
// heading such as "Langkah" or "Uraian Prosedur", and that heading.
func stepsOf(body []byte) ([]string, string) {
	var out []string
	under := ""
	for _, line := range strings.Split(string(body), "\n") {
		switch {
		case stepHeading.MatchString(line):
			if len(out) >= 2 {
				return out, under
			}
			out, under = nil, strings.TrimSpace(strings.TrimLeft(line, "#"))
		case anyHeading.MatchString(line):
			if len(out) >= 2 {
				return out, under
			}
			out, under = nil, ""
		case under != "":
			if m := stepItem.FindStringSubmatch(line); m != nil {
				out = append(out, strings.TrimSpace(m[1]))
			}
		}
	}
	return out, under
}

// t picks the text in the language of the report.
func (r *runner) t(id, en string) string {
	if r.en {
		return en
	}
	return id
}
