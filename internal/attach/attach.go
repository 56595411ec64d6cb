// Package attach decides which files a document may link or embed and that
// smsgen then publishes (copies into the site, the site zip, the preview
// server): the allow-list of types, the check of their content (never the
// extension alone), and where a linked file may lie.
//
// The rule: a linked file is published only when
//   - its real path (after following symbolic links) is a regular file inside
//     the site root, outside every hidden folder (.git, …) and outside the
//     output folder;
//   - its extension is on the allow-list (Types);
//   - its bytes are what the extension says (the signature of an image, a PDF,
//     a zip, plain text …), and it holds no active content: no HTML, no script,
//     no macros, no SVG or XML that could run code or load anything.
//
// Everything else is refused with a finding at the link and is never copied.
package attach

import (
	"archive/zip"
	"bytes"
	"errors"
	"github.com/smsgen/smsgen/internal/i18n"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// Finding codes.
const (
	CodePath     = "attachment-path-not-allowed"
	CodeType     = "attachment-type-not-allowed"
	CodeActive   = "attachment-active-content"
	CodeMismatch = "attachment-content-mismatch"
)

// Problem is why a linked file is not published: a finding code and a
// reason, in English in Reason and in a language by In.
type Problem struct {
	Code   string
	Reason string
	label  string // of the catalogue (attach_*)
	args   []any  // a *Problem among them is the reason of an archive's entry
}

func (p *Problem) Error() string { return p.Code + ": " + p.Reason }

// In writes the reason in lang (the site's language: "id" or "en").
func (p *Problem) In(lang string) string {
	args := make([]any, len(p.args))
	for i, a := range p.args {
		if q, ok := a.(*Problem); ok {
			a = q.In(lang)
		}
		args[i] = a
	}
	return i18n.Labelf(lang, p.label, args...)
}

func problem(code, label string, args ...any) *Problem {
	p := &Problem{Code: code, label: label, args: args}
	p.Reason = p.In("en")
	return p
}

// Type is one type of file a document may link.
type Type struct {
	Ext  string // lower case, with the dot
	MIME string // the content type it is served with
	// Inline types are shown by a browser without running anything (images,
	// plain text); the others are served as downloads.
	Inline bool
	kind   kind
}

type kind int

const (
	kImage kind = iota
	kSVG
	kPDF
	kText
	kXML
	kOOXML
	kODF
	kZip
)

// Types is the allow-list, by extension.
var Types = map[string]Type{}

func init() {
	for _, t := range []Type{
		{".png", "image/png", true, kImage},
		{".jpg", "image/jpeg", true, kImage},
		{".jpeg", "image/jpeg", true, kImage},
		{".gif", "image/gif", true, kImage},
		{".webp", "image/webp", true, kImage},
		{".svg", "image/svg+xml", true, kSVG},
		{".pdf", "application/pdf", false, kPDF},
		{".txt", "text/plain; charset=utf-8", true, kText},
		{".csv", "text/plain; charset=utf-8", true, kText},
		{".xml", "application/xml", false, kXML},
		{".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false, kOOXML},
		{".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false, kOOXML},
		{".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", false, kOOXML},
		{".odt", "application/vnd.oasis.opendocument.text", false, kODF},
		{".ods", "application/vnd.oasis.opendocument.spreadsheet", false, kODF},
		{".odp", "application/vnd.oasis.opendocument.presentation", false, kODF},
		{".zip", "application/zip", false, kZip},
	} {
		Types[t.Ext] = t
	}
}

// active lists extensions of types that run code when opened (in a browser or
// on the desktop); a link to one is always CodeActive.
var active = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`.html .htm .xhtml .xht .shtml .mht .mhtml .hta .js .mjs .cjs .jsx .swf .xsl .xslt
		.exe .com .scr .pif .msi .msp .dll .cpl .jar .bat .cmd .ps1 .psm1 .vbs .vbe .jse .wsf .wsh .sh .bash .zsh .py .pl .rb .php
		.lnk .url .desktop .reg .scf .inf .docm .dotm .xlsm .xltm .xlsb .xlam .pptm .potm .ppsm .sldm .appref-ms .application .svgz`) {
		active[e] = true
	}
}

// TypeOf returns the allowed type of a file name (by its extension).
func TypeOf(name string) (Type, bool) {
	t, ok := Types[strings.ToLower(path.Ext(name))]
	return t, ok
}

// CheckName checks a file name against the allow-list.
func CheckName(name string) *Problem {
	ext := strings.ToLower(path.Ext(name))
	if active[ext] {
		return problem(CodeActive, "attach_runs_code", ext)
	}
	if _, ok := Types[ext]; !ok {
		if ext == "" {
			return problem(CodeType, "attach_no_extension")
		}
		return problem(CodeType, "attach_type", ext)
	}
	return nil
}

// Limits of the content check.
const (
	// MaxSize bounds a linked file.
	MaxSize = 256 << 20
	// maxMarkup bounds an SVG or XML file (read whole and parsed).
	maxMarkup = 16 << 20
	// zip limits: entries, and bytes read from inside an archive.
	maxEntries   = 10000
	maxInflated  = 256 << 20
	maxNestedZip = 64 << 20
)

// Resolve returns the real path of the site file rel (slash-separated,
// relative to root) when it may be published: a regular file inside root,
// outside hidden folders and outside each of the folders in exclude.
func Resolve(root, rel string, exclude ...string) (string, *Problem) {
	clean := path.Clean(rel)
	if rel == "" || path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
		return "", problem(CodePath, "attach_outside_site")
	}
	if h := hidden(clean); h != "" {
		return "", problem(CodePath, "attach_in_hidden", h)
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", problem(CodePath, "attach_site_root", cleanErr(err))
	}
	realRoot, _ = filepath.Abs(realRoot)
	p, err := filepath.EvalSymlinks(filepath.Join(realRoot, filepath.FromSlash(clean)))
	if err != nil {
		return "", problem(CodePath, "attach_unresolvable", cleanErr(err))
	}
	if !within(realRoot, p) {
		return "", problem(CodePath, "attach_resolves_outside")
	}
	r, _ := filepath.Rel(realRoot, p)
	target := filepath.ToSlash(r)
	if h := hidden(target); h != "" {
		return "", problem(CodePath, "attach_resolves_hidden", target, h)
	}
	for _, ex := range exclude {
		if ex == "" {
			continue
		}
		if abs, err := filepath.Abs(ex); err == nil {
			ex = abs
		}
		if real, err := filepath.EvalSymlinks(ex); err == nil {
			ex = real
		}
		if within(ex, realRoot) {
			continue // a folder holding the whole site is no output folder to keep out
		}
		if within(ex, p) {
			return "", problem(CodePath, "attach_resolves_output", target)
		}
	}
	st, err := os.Stat(p)
	if err != nil {
		return "", problem(CodePath, "attach_unreadable", cleanErr(err))
	}
	if st.IsDir() {
		return "", problem(CodePath, "attach_folder")
	}
	if !st.Mode().IsRegular() {
		return "", problem(CodePath, "attach_not_regular")
	}
	return p, nil
}

// CheckPath explains why a link to rel, which is not a file of the site,
// cannot be published when the reason is more than "missing": it lies in a
// hidden folder, or it is a folder or another file that is not regular (a
// FIFO, a device). It returns nil otherwise.
func CheckPath(root, rel string) *Problem {
	clean := path.Clean(rel)
	if h := hidden(clean); h != "" {
		return problem(CodePath, "attach_in_hidden", h)
	}
	if root != "" && !path.IsAbs(clean) && clean != ".." && !strings.HasPrefix(clean, "../") {
		if st, err := os.Stat(filepath.Join(root, filepath.FromSlash(clean))); err == nil {
			if st.IsDir() {
				return problem(CodePath, "attach_folder")
			}
			if !st.Mode().IsRegular() {
				return problem(CodePath, "attach_not_regular")
			}
		}
	}
	return nil
}

// within reports whether p is dir or lies below it.
func within(dir, p string) bool {
	r, err := filepath.Rel(dir, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}

// hidden returns the first segment of a slash path that starts with a dot.
func hidden(p string) string {
	for _, s := range strings.Split(p, "/") {
		if strings.HasPrefix(s, ".") && s != "." && s != ".." {
			return s
		}
	}
	return ""
}

// Check checks the site file rel of the site at root: where it lies, its
// name and its content. It returns nil when the file may be published.
func Check(root, rel string, exclude ...string) *Problem {
	if p := CheckName(rel); p != nil {
		return p
	}
	real, p := Resolve(root, rel, exclude...)
	if p != nil {
		return p
	}
	f, err := os.Open(real)
	if err != nil {
		return problem(CodePath, "attach_unreadable", cleanErr(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return problem(CodePath, "attach_unreadable", cleanErr(err))
	}
	return checkContent(rel, f, st.Size())
}

// CheckBytes checks the content of a file named name (its name included).
func CheckBytes(name string, data []byte) *Problem {
	if p := CheckName(name); p != nil {
		return p
	}
	return checkContent(name, bytes.NewReader(data), int64(len(data)))
}

func checkContent(name string, r io.ReaderAt, size int64) *Problem {
	t, _ := TypeOf(name)
	if size > MaxSize {
		return problem(CodeType, "attach_too_large", MaxSize>>20)
	}
	head := make([]byte, 512)
	n, err := r.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return problem(CodePath, "attach_unreadable", cleanErr(err))
	}
	head = head[:n]
	sniffed := http.DetectContentType(head)
	mime, _, _ := strings.Cut(sniffed, ";")
	if mime == "text/html" {
		return problem(CodeActive, "attach_html")
	}
	switch t.kind {
	case kImage:
		if mime != t.MIME {
			return mismatch(t, mime)
		}
	case kPDF:
		if mime != "application/pdf" {
			return mismatch(t, mime)
		}
	case kText:
		if mime != "text/plain" {
			return mismatch(t, mime)
		}
		b, p := readAll(r, size, MaxSize)
		if p != nil {
			return p
		}
		if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
			return problem(CodeMismatch, "attach_not_utf8", t.Ext)
		}
	case kSVG, kXML:
		b, p := readAll(r, size, maxMarkup)
		if p != nil {
			return p
		}
		if t.kind == kSVG {
			return checkSVG(b)
		}
		return checkXML(b)
	case kOOXML, kODF, kZip:
		if mime != "application/zip" {
			return mismatch(t, mime)
		}
		zr, err := zip.NewReader(r, size)
		if err != nil {
			return problem(CodeMismatch, "attach_bad_zip", t.Ext, err)
		}
		return checkZip(t, zr)
	}
	return nil
}

func mismatch(t Type, mime string) *Problem {
	switch {
	case strings.Contains(mime, "xml"), mime == "text/javascript", mime == "application/javascript":
		return problem(CodeActive, "attach_content_is", mime, t.Ext)
	}
	return problem(CodeMismatch, "attach_content_is", mime, t.Ext)
}

func readAll(r io.ReaderAt, size, limit int64) ([]byte, *Problem) {
	if size > limit {
		return nil, problem(CodeType, "attach_too_large_check", limit>>20)
	}
	b := make([]byte, size)
	if _, err := r.ReadAt(b, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, problem(CodePath, "attach_unreadable", cleanErr(err))
	}
	return b, nil
}

// checkZip checks an office file or an archive: office files must not hold
// macros or embedded programs, archives only files that are allowed here.
func checkZip(t Type, zr *zip.Reader) *Problem {
	if len(zr.File) > maxEntries {
		return problem(CodeType, "attach_entries", maxEntries)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	switch t.kind {
	case kOOXML:
		if !names["[Content_Types].xml"] {
			return problem(CodeMismatch, "attach_not_office", t.Ext)
		}
		for _, f := range zr.File {
			n := strings.ToLower(f.Name)
			base := path.Base(n)
			if base == "vbaproject.bin" || base == "vbadata.xml" || strings.Contains(n, "/activex/") ||
				(strings.Contains(n, "/embeddings/") && strings.HasSuffix(n, ".bin")) {
				return problem(CodeActive, "attach_macros", f.Name)
			}
		}
	case kODF:
		if !names["mimetype"] {
			return problem(CodeMismatch, "attach_not_odf", t.Ext)
		}
		for _, f := range zr.File {
			n := strings.ToLower(f.Name)
			if strings.HasPrefix(n, "basic/") || strings.HasPrefix(n, "scripts/") {
				return problem(CodeActive, "attach_odf_macros", f.Name)
			}
		}
	case kZip:
		budget := int64(maxInflated)
		files := append([]*zip.File(nil), zr.File...)
		sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
		for _, f := range files {
			if strings.HasSuffix(f.Name, "/") {
				continue
			}
			et, ok := TypeOf(f.Name)
			if p := CheckName(f.Name); p != nil || !ok {
				reason, code := problem(CodeType, "attach_not_allowed_type"), CodeType
				if p != nil {
					reason, code = p, p.Code
				}
				return problem(code, "attach_entry", f.Name, reason)
			}
			if et.kind == kZip {
				return problem(CodeType, "attach_nested_archive", f.Name)
			}
			if f.UncompressedSize64 > maxNestedZip || int64(f.UncompressedSize64) > budget {
				return problem(CodeType, "attach_entry_too_large", f.Name)
			}
			rc, err := f.Open()
			if err != nil {
				return problem(CodeMismatch, "attach_entry_error", f.Name, err)
			}
			b, err := io.ReadAll(io.LimitReader(rc, budget+1))
			rc.Close()
			if err != nil {
				return problem(CodeMismatch, "attach_entry_error", f.Name, err)
			}
			budget -= int64(len(b))
			if budget < 0 {
				return problem(CodeType, "attach_inflated", maxInflated>>20)
			}
			if p := checkContent(f.Name, bytes.NewReader(b), int64(len(b))); p != nil {
				return problem(p.Code, "attach_entry", f.Name, p)
			}
		}
	}
	return nil
}

func cleanErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
