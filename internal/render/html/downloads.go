package html

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
)

// Pages link the files the other renderers write for what they show: a
// document its PDF, a register its PDF and workbook, an RFC record its
// request form, under the names of the one allocation (package names),
// relative to the page, so that the links work from the output folder and
// from site.zip, which holds pdf/ and xlsx/ beside site/ under one top
// folder (ZipTop). A link is shown only for a file that is there: one this
// build renders, or one kept from an earlier build (smsgen build --only html
// keeps pdf/ and xlsx/; smsgen serve renders into an output holding them).

// ZipTop is the one top folder of site.zip, holding site/, pdf/ and xlsx/
// as they are in the output folder.
const ZipTop = "smsgen-output/"

// Download is a link to a file of another output.
type Download struct {
	URL  string // relative to the page
	Text string
	Kind string // pdf or xlsx
}

// has tells whether the output file rel (relative to the output folder)
// will be there when the build is done: renderer writes it in this build,
// or it is already there.
func (r *run) has(renderer, rel string) bool {
	if r.ctx.Renders(renderer) {
		return true
	}
	// each folder of the other outputs is listed once rather than every
	// file looked up (a thousand documents: a thousand failed lookups in a
	// build of the site alone); a name the listing does not hold as a file
	// or folder is looked up as before
	dir, name := path.Split(rel)
	l := r.outList(dir)
	if !l.exists {
		return false
	}
	if l.names[name] {
		return true
	}
	_, err := os.Stat(filepath.Join(r.ctx.Out, filepath.FromSlash(rel)))
	return err == nil
}

// outListing is what a folder of the output folder held when it was first listed.
type outListing struct {
	once   sync.Once
	exists bool            // the folder could be listed, or may exist (an error other than not existing)
	names  map[string]bool // its files and folders (not symbolic links)
}

// outList lists the folder dir (a slash path ending in '/', relative to the
// output folder) once per rendering. The other outputs a page links are
// there before the HTML renderer starts (kept from an earlier build) or are
// rendered in this build (then has never asks), so the listing holds.
func (r *run) outList(dir string) *outListing {
	v, _ := r.outDirs.LoadOrStore(dir, &outListing{})
	l := v.(*outListing)
	l.once.Do(func() {
		entries, err := os.ReadDir(filepath.Join(r.ctx.Out, filepath.FromSlash(dir)))
		if err != nil {
			l.exists = !errors.Is(err, fs.ErrNotExist)
			return
		}
		l.exists = true
		l.names = make(map[string]bool, len(entries))
		for _, e := range entries {
			if t := e.Type(); t.IsRegular() || t.IsDir() {
				l.names[e.Name()] = true
			}
		}
	})
	return l
}

func (r *run) download(from, renderer, rel, label string) []Download {
	if !r.has(renderer, rel) {
		return nil
	}
	return []Download{{URL: rel2("site/"+from, rel), Text: r.labels[label], Kind: renderer}}
}

// rel2 is rel for paths that share no folder but the output root.
func rel2(from, to string) string { return strings.Repeat("../", strings.Count(from, "/")) + to }

func (r *run) documentDownloads(d *model.Document, from string) []Download {
	return r.download(from, "pdf", r.ctx.OutputNames().DocumentPDF(d), "download_pdf")
}

// registerDownloads are the register's PDF and workbook; the further
// volumes of a register printed in volumes come apart (more), listed
// folded under the buttons so that forty of them do not push the table off
// a phone's screen.
func (r *run) registerDownloads(name, from string) (main, more []Download) {
	names := r.ctx.OutputNames()
	// a large register's PDF is in volumes, as the resolved facts name them
	vols := r.facts.Volumes(name)
	if len(vols) < 2 {
		main = r.download(from, "pdf", names.RegisterPDF(name), "download_pdf")
	} else {
		for _, v := range vols {
			for _, d := range r.download(from, "pdf", v.PDF, "download_pdf") {
				d.Text += " (" + i18n.Labelf(r.lang, "volume_of", v.N, len(vols)) + ")"
				if v.N == 1 {
					main = append(main, d)
				} else {
					more = append(more, d)
				}
			}
		}
	}
	return append(main, r.download(from, "xlsx", "xlsx/"+names.Workbook(name), "download_xlsx")...), more
}

func (r *run) formDownloads(reg *model.Register, rec *model.Record, from string) []Download {
	if reg.Schema.Form != "changes" {
		return nil
	}
	return r.download(from, "pdf", r.ctx.OutputNames().FormPDF(reg.Name, rec.ID), "download_form")
}

// outputFiles lists the files of pdf/ and xlsx/ in the output folder out as
// entries of site.zip, after the renderers that write them in this build
// (ctx, nil for none) are done.
func outputFiles(ctx interface{ Await(string) }, out string) ([]zipEntry, error) {
	var entries []zipEntry
	for _, dir := range []string{"pdf", "xlsx"} {
		if ctx != nil {
			ctx.Await(dir)
		}
		root := filepath.Join(out, dir)
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root && os.IsNotExist(err) {
					return nil
				}
				return err
			}
			if !d.Type().IsRegular() {
				return nil
			}
			rel, err := filepath.Rel(out, p)
			if err != nil {
				return err
			}
			// skip the temporary files of a writer (see build.CreateFile)
			if strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			entries = append(entries, zipEntry{name: ZipTop + filepath.ToSlash(rel), file: p})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	return entries, nil
}
