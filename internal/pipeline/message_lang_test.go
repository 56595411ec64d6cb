package pipeline_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/schema"
)

// userText lists, per code, the message parts that are what the user wrote
// or must type as it is, and so may look like a key: the header of an
// unknown column and the relationship types of a TYPE:ID list (the type is
// written as it is: depends_on:CI-1).
var userText = map[string]func(f diag.Finding, reg *schema.Register) []string{
	"unknown-field":        func(f diag.Finding, _ *schema.Register) []string { return []string{f.Field} },
	"unknown-front-matter": func(f diag.Finding, _ *schema.Register) []string { return []string{f.Field} },
	"duplicate-key":        func(f diag.Finding, _ *schema.Register) []string { return []string{f.Field} },
	"invalid-relationship": func(f diag.Finding, reg *schema.Register) []string {
		if fl := reg.Field(f.Field); fl != nil {
			return fl.RefPrefixTypes
		}
		return nil
	},
}

var wordRe = regexp.MustCompile(`[\p{L}\p{N}_]+`)

// TestMessagesInSiteLanguage renders every finding of every fixture in
// Indonesian and fails when a message names a field of its register by its
// key, or an enum value by its canonical value or English label, where the
// Indonesian label differs: messages name fields and values as the user reads
// them, the stable key stays in the finding's code and Field.
func TestMessagesInSiteLanguage(t *testing.T) {
	checked := 0
	for _, p := range fixtures(t) {
		fx := loadFixture(t, p)
		dir := writeSite(t, fx.ar)
		res, err := pipeline.Run(pipeline.Options{Root: dir, Today: today, Lang: "id"})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, f := range res.Findings {
			var reg *schema.Register
			switch {
			case f.Register != "":
				reg = res.Site.Schemas.Registers[f.Register]
			case strings.HasSuffix(f.File, ".md"):
				reg = res.Site.Schemas.Document
			}
			if reg == nil {
				continue
			}
			msg := f.Message
			strip := []string{f.Value, f.Record, f.File}
			if u := userText[f.Code]; u != nil {
				strip = append(strip, u(f, reg)...)
			}
			for _, s := range strip {
				if s != "" {
					msg = strings.ReplaceAll(msg, s, " ")
				}
			}
			// paths of files, and the dotted path of an SOP setting in the
			// front matter (sop.approved_by.name): where to write it, its
			// label beside it
			msg = regexp.MustCompile(`registers/\S+|content/\S+|\bsop(\.[a-z_]+)+`).ReplaceAllString(msg, " ")
			// finding codes (accept-invalid names the code a document accepts):
			// stable identifiers the user types as they are
			msg = regexp.MustCompile(`\b[a-z][a-z0-9]*(-[a-z0-9]+)+\b`).ReplaceAllString(msg, " ")
			words := map[string]bool{}
			for _, w := range wordRe.FindAllString(msg, -1) {
				words[w] = true
			}
			checked++
			for _, fl := range reg.Fields {
				if words[fl.Key] && !strings.EqualFold(fl.Label.In("id"), fl.Key) {
					t.Errorf("%s: %s %s: message names field %s by its key: %q", filepath.Base(p), f.File, f.Code, fl.Key, f.Message)
				}
				if fl.Type != schema.Enum {
					continue
				}
				for _, e := range fl.Values {
					for _, en := range []string{e.Value, e.EN} {
						if en == "" || strings.EqualFold(en, e.ID) || strings.Contains(strings.ToLower(e.ID), strings.ToLower(en)) {
							continue
						}
						if regexp.MustCompile(`(^|[^\pL\pN_])` + regexp.QuoteMeta(en) + `($|[^\pL\pN_])`).MatchString(msg) {
							t.Errorf("%s: %s %s: message names value %s of %s in English (%q): %q", filepath.Base(p), f.File, f.Code, e.Value, fl.Key, en, f.Message)
						}
					}
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d findings about registers and documents checked: the fixtures did not load", checked)
	}
}

// TestLinkReasonsInSiteLanguage: why a link is broken is said in the site's
// language, as the rest of the message is (the reasons of doc_links.txtar).
func TestLinkReasonsInSiteLanguage(t *testing.T) {
	var got []string
	for _, f := range findingsIn(t, "doc_links.txtar", "id") {
		if f.Code == "broken-link" {
			got = append(got, f.Message)
		}
	}
	want := []string{
		"tautan rusak: doc:B-9 (tidak ada dokumen B-9)",
		"tautan rusak: doc:B-1#bagian-tiga (tidak ada judul bagian #bagian-tiga di B-1)",
		"tautan rusak: reg:insiden (tidak ada register insiden)",
		"tautan rusak: reg:services/SVC-9 (tidak ada catatan SVC-9 di services)",
		"tautan rusak: c.md (tidak ada berkas content/c.md)",
		"tautan rusak: b.md#tidak-ada (tidak ada judul bagian #tidak-ada)",
		"tautan rusak: #tidak-ada (tidak ada judul bagian #tidak-ada)",
		"tautan rusak: /etc/passwd (jalur absolut)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("broken-link messages in Indonesian:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestAttachmentReasonsInSiteLanguage: why a linked file is not published is
// said in the site's language too (the reasons of doc_attachments.txtar).
func TestAttachmentReasonsInSiteLanguage(t *testing.T) {
	got := map[string]bool{}
	for _, f := range findingsIn(t, "doc_attachments.txtar", "id") {
		if strings.HasPrefix(f.Code, "attachment-") {
			got[f.Message] = true
		}
	}
	for _, want := range []string{
		"(berkas .html dapat menjalankan kode saat dibuka)",
		"(elemen SVG <script>)",
		"(atribut penangan peristiwa SVG onload)",
		"(isinya HTML)",
		"(instruksi pemrosesan XML <?xml-stylesheet?>)",
		"(isinya text/plain, bukan .pdf)",
		"(di dalam folder tersembunyi .git)",
		"(sebuah folder, bukan berkas)",
		`(rujukan SVG href="https://evil.example/x.png" ke sesuatu di luar berkas)`,
		"(XML dengan DOCTYPE atau deklarasi <!…> lain)",
	} {
		found := false
		for m := range got {
			found = found || strings.Contains(m, want)
		}
		if !found {
			t.Errorf("no attachment finding says %s; got:\n%v", want, got)
		}
	}
	for m := range got {
		for _, en := range []string{"can run code", "the content is", "hidden folder", "not a file", "element <", "outside the file"} {
			if strings.Contains(m, en) {
				t.Errorf("English in an Indonesian message: %s", m)
			}
		}
	}
}

// findingsIn returns the findings of the fixture testdata/name, in lang.
func findingsIn(t *testing.T, name, lang string) []diag.Finding {
	t.Helper()
	fx := loadFixture(t, filepath.Join("testdata", name))
	res, err := pipeline.Run(pipeline.Options{Root: writeSite(t, fx.ar), Today: today, Lang: lang})
	if err != nil {
		t.Fatal(err)
	}
	return res.Findings
}
