package adopt

import (
	"fmt"
	"io"
	"strings"
)

// WriteReport writes what became of each source: the document written, and
// the keys mapped, guessed, left as a placeholder, kept and left out.
func WriteReport(w io.Writer, res *Result) {
	en := res.Lang == "en"
	t := func(id, e string) string {
		if en {
			return e
		}
		return id
	}
	for _, f := range res.Files {
		if f.Err != "" {
			where := f.Source
			if f.Line > 0 {
				where = fmt.Sprintf("%s:%d", f.Source, f.Line)
			}
			fmt.Fprintf(w, "%s: %s %s\n", where, t("tidak diadopsi:", "not adopted:"), f.Err)
			continue
		}
		verb := t("ditulis", "written")
		if res.DryRun {
			verb = t("akan ditulis", "would be written")
		}
		fmt.Fprintf(w, "%s → %s (%s, %s)\n", f.Source, f.Target, f.DocID, verb)
		if f.Preset != "" {
			fmt.Fprintf(w, "  %-9s %s\n", t("preset:", "preset:"), f.Preset)
		}
		list := func(label string, items []string) {
			if len(items) > 0 {
				fmt.Fprintf(w, "  %-9s %s\n", label, strings.Join(items, "; "))
			}
		}
		list(t("dipetakan:", "mapped:"), f.Mapped)
		list(t("ditebak:", "guessed:"), f.Guessed)
		var left []string
		for _, l := range f.Left {
			left = append(left, l+" ("+t("WAJIB DIISI", "TO FILL IN")+")")
		}
		list(t("diisi:", "to fill:"), left)
		var kept []string
		for _, k := range f.Kept {
			kept = append(kept, Namespace+"."+k)
		}
		list(t("disimpan:", "kept:"), kept)
		list(t("dibuang:", "left out:"), f.Dropped)
		list(t("catatan:", "notes:"), f.Notes)
	}
	if len(res.Unmapped) > 0 {
		fmt.Fprintln(w, t("kunci tanpa pemetaan, tidak diambil (sekali per kunci):", "keys without a mapping, left out (once per key):"))
		for _, k := range sortedKeys(res.Unmapped) {
			fmt.Fprintf(w, "  %s (%d %s)\n", k, res.Unmapped[k], t("berkas", "files"))
		}
	}
	n := len(res.Files) - res.Failed()
	if res.DryRun {
		fmt.Fprintf(w, t("%d dari %d berkas akan diadopsi (--dry-run: tidak ada yang ditulis)\n", "%d of %d files would be adopted (--dry-run: nothing written)\n"), n, len(res.Files))
	} else {
		fmt.Fprintf(w, t("%d dari %d berkas diadopsi\n", "%d of %d files adopted\n"), n, len(res.Files))
	}
}
