package adopt

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// link matches an inline link or image destination: ](dest) or ](<dest>), with an optional title.
var link = regexp.MustCompile(`\]\((<[^>\n]*>|[^)\s]+)((?:\s+"[^"\n]*")?\))`)

var scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// finish renders the document: links to other adopted sources become
// doc:ID links, images and files a source links to are copied beside the
// document, and the front matter goes on top.
func (r *runner) finish(p *planned) {
	body := r.relink(p, p.in.body)
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(p.front); err != nil {
		p.rep.Err = "front matter: " + err.Error()
		return
	}
	enc.Close()
	b.WriteString("---\n")
	body = bytes.TrimLeft(body, "\n")
	if firstHeading(body) == "" {
		fmt.Fprintf(&b, "# %s\n\n", oneLine(p.title))
	}
	b.Write(body)
	if len(body) > 0 && body[len(body)-1] != '\n' {
		b.WriteByte('\n')
	}
	p.written[p.rel] = b.Bytes()
}

func (r *runner) relink(p *planned, body []byte) []byte {
	lines := strings.SplitAfter(string(body), "\n")
	var f fences
	done := map[string]string{}
	for i, line := range lines {
		if f.code(line) {
			continue
		}
		if !strings.Contains(line, "](") {
			continue
		}
		lines[i] = link.ReplaceAllStringFunc(line, func(m string) string {
			sm := link.FindStringSubmatch(m)
			dest, tail := sm[1], sm[2]
			if nd, ok := done[dest]; ok {
				return "](" + nd + tail
			}
			nd, ok := r.target(p, dest)
			if !ok {
				return m
			}
			done[dest] = nd
			return "](" + nd + tail
		})
	}
	return []byte(strings.Join(lines, ""))
}

// target returns the new destination of a relative link of the source.
func (r *runner) target(p *planned, dest string) (string, bool) {
	raw := strings.TrimSuffix(strings.TrimPrefix(dest, "<"), ">")
	if raw == "" || strings.HasPrefix(raw, "#") || strings.HasPrefix(raw, "/") || scheme.MatchString(raw) {
		return "", false
	}
	frag := ""
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		raw, frag = raw[:i], raw[i:]
	}
	un, err := url.PathUnescape(raw)
	if err != nil {
		un = raw
	}
	if data, ok := p.in.files[un]; ok { // an image of a Word document
		return r.place(p, path.Base(un), data, "")
	}
	if p.in.kind != "markdown" {
		return "", false
	}
	abs := filepath.Join(filepath.Dir(p.in.abs), filepath.FromSlash(un))
	if q := r.bySource[abs]; q != nil {
		if q.rep.Err != "" {
			p.rep.Notes = append(p.rep.Notes, fmt.Sprintf(r.t("tautan ke %s dibiarkan: sumber itu tidak diadopsi", "link to %s left as it was: that source is not adopted"), un))
			return "", false
		}
		return "doc:" + q.docID + anchorOf(frag), true
	}
	if !inside(p.in.root, abs) {
		p.rep.Notes = append(p.rep.Notes, fmt.Sprintf(r.t("tautan ke %s dibiarkan: di luar folder sumber", "link to %s left as it was: outside the sources' folder"), un))
		return "", false
	}
	st, err := os.Stat(abs)
	if err != nil || !st.Mode().IsRegular() {
		p.rep.Notes = append(p.rep.Notes, fmt.Sprintf(r.t("tautan ke %s dibiarkan: berkas itu tidak ada di samping sumber", "link to %s left as it was: no such file beside the source"), un))
		return "", false
	}
	if kindOf(abs) == "markdown" {
		p.rep.Notes = append(p.rep.Notes, fmt.Sprintf(r.t("tautan ke %s dibiarkan: dokumen itu tidak termasuk sumber", "link to %s left as it was: that document is not among the sources"), un))
		return "", false
	}
	if st.Size() > maxCopy {
		p.rep.Notes = append(p.rep.Notes, fmt.Sprintf(r.t("tautan ke %s dibiarkan: lebih dari %d MiB", "link to %s left as it was: larger than %d MiB"), un, maxCopy>>20))
		return "", false
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		p.rep.Notes = append(p.rep.Notes, fmt.Sprintf(r.t("tautan ke %s dibiarkan: %v", "link to %s left as it was: %v"), un, errors.Unwrap(err)))
		return "", false
	}
	return r.place(p, filepath.Base(abs), data, frag)
}

// anchorOf keeps a heading anchor of a link to another document.
func anchorOf(frag string) string {
	if frag == "" || frag == "#" {
		return ""
	}
	return frag
}

// place puts a file in the document's own folder (NAME/ beside NAME.md) and
// returns the link to it.
func (r *runner) place(p *planned, name string, data []byte, frag string) (string, bool) {
	name = safeName(name)
	dir := path.Join(path.Dir(p.rel), p.slug)
	rel := path.Join(dir, name)
	for n := 2; ; n++ {
		if prev, ok := p.written[rel]; ok && bytes.Equal(prev, data) {
			break
		} else if !ok {
			p.written[rel] = data
			p.rep.Notes = append(p.rep.Notes, r.t("berkas ", "file ")+rel)
			break
		}
		ext := path.Ext(name)
		rel = path.Join(dir, fmt.Sprintf("%s-%d%s", strings.TrimSuffix(name, ext), n, ext))
	}
	return url.PathEscape(p.slug) + "/" + url.PathEscape(path.Base(rel)) + frag, true
}

// safeName makes a file name that is plain on every system.
func safeName(name string) string {
	var b strings.Builder
	for _, c := range name {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-', c == '_':
			b.WriteRune(c)
		default:
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), ".-")
	if s == "" {
		s = "berkas"
	}
	return s
}

// write writes the planned files, never over an existing one.
func (r *runner) write(p *planned) error {
	var rels []string
	for rel := range p.written {
		rels = append(rels, rel)
	}
	// the document last, so that it never links to a file not yet there
	sortRels(rels, p.rel)
	for _, rel := range rels {
		abs := filepath.Join(r.site.Root, filepath.FromSlash(rel))
		if _, err := os.Lstat(abs); err == nil {
			return fmt.Errorf(r.t("%s sudah ada: tidak ditimpa", "%s exists already: not overwritten"), rel)
		}
	}
	p.rep.Written = rels
	if r.opt.DryRun {
		return nil
	}
	for i, rel := range rels {
		abs := filepath.Join(r.site.Root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			p.rep.Written = rels[:i]
			return err
		}
		_, err = f.Write(p.written[rel])
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(abs)
			p.rep.Written = rels[:i]
			return err
		}
	}
	return nil
}

func sortRels(rels []string, doc string) {
	for i := 1; i < len(rels); i++ {
		for j := i; j > 0 && less(rels[j], rels[j-1], doc); j-- {
			rels[j], rels[j-1] = rels[j-1], rels[j]
		}
	}
}

func less(a, b, doc string) bool {
	if (a == doc) != (b == doc) {
		return b == doc
	}
	return a < b
}

// inside reports whether a file is within root, also once links are resolved.
func inside(root, file string) bool {
	within := func(root, file string) bool {
		rel, err := filepath.Rel(root, file)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
	}
	if !within(root, file) {
		return false
	}
	rr, err1 := filepath.EvalSymlinks(root)
	rf, err2 := filepath.EvalSymlinks(file)
	if err1 != nil || err2 != nil {
		return err2 != nil // a file that does not exist is reported as such
	}
	return within(rr, rf)
}
