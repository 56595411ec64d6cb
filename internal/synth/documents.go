package synth

import (
	"fmt"
	"math"
	"path"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/markdown"
)

type docPlan struct {
	kind     *docKind
	id       string
	title    string
	path     string // site-relative
	template string
	anchor   string // slug of a heading every document has ("Tujuan")
}

// templateTopic is the subject of a document that follows a template.
var templateTopic = map[string]string{
	"change-policy": "Manajemen Perubahan", "infosec-policy": "Keamanan Informasi", "release-policy": "Manajemen Rilis",
	"continuity-plan": "Keberlangsungan Layanan", "availability-plan": "Ketersediaan Layanan",
	"incident-procedure": "Manajemen Insiden", "problem-procedure": "Manajemen Masalah",
	"sms-policy": "Sistem Manajemen Layanan", "service-management-plan": "Manajemen Mutu dan Layanan TIK",
}

func asciiSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

func (g *gen) planDocuments() []*docPlan {
	total := 0
	for _, k := range docKinds {
		total += k.weight
	}
	plans := make([]*docPlan, g.o.Docs)
	tplNext := map[string]int{}
	var first []int // the kind of each of the first documents: one per template
	for j, k := range docKinds {
		for range k.templates {
			first = append(first, j)
		}
	}
	for i := range plans {
		x := g.intn(total)
		k := &docKinds[0]
		for j := range docKinds {
			if x < docKinds[j].weight {
				k = &docKinds[j]
				break
			}
			x -= docKinds[j].weight
		}
		// the first documents cover every template once; later ones use templates now and then
		if i < len(first) {
			k = &docKinds[first[i]]
		}
		p := &docPlan{kind: k, id: fmt.Sprintf("%s-%04d", k.prefix, i+1)}
		topic := pick(g, topics)
		if len(k.templates) > 0 && (i < len(first) || g.chance(0.4)) {
			p.template = k.templates[tplNext[k.prefix]%len(k.templates)]
			tplNext[k.prefix]++
			topic = templateTopic[p.template]
		}
		p.title = k.stem + " " + topic
		p.path = "content/" + k.folder + "/" + strings.ToLower(p.id) + "-" + asciiSlug(topic) + ".md"
		p.anchor = markdown.Slug("1. Tujuan")
		plans[i] = p
	}
	return plans
}

func (g *gen) writeDocuments() error {
	plans := g.planDocuments()
	for i, p := range plans {
		text := g.document(plans, i)
		if g.chance(0.03) {
			text = strings.ReplaceAll(text, "\n", "\r\n")
		}
		if err := g.writeFile(p.path, text); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) sentence() string {
	s := pick(g, subjects) + " " + pick(g, verbs) + " " + pick(g, objects) + " " + pick(g, complements)
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func (g *gen) paragraph() string {
	n := 2 + g.intn(4)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.sentence()
	}
	return strings.Join(parts, " ")
}

func version(major, minor int) string { return fmt.Sprintf("%d.%d", major, minor) }

func (g *gen) document(plans []*docPlan, i int) string {
	p := plans[i]
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "doc_id: %s\ntitle: %s\ndoc_type: %s\n", p.id, q(p.title), p.kind.docType)
	if p.template != "" {
		fmt.Fprintf(&b, "template: %s\n", p.template)
	}
	// revision history first, so that version matches its newest entry
	nrev := 1 + g.intn(4)
	major, minor := 1, 0
	var revs []string
	revDate := g.today.AddDate(-3, 0, g.intn(300))
	for r := 0; r < nrev; r++ {
		if r > 0 {
			if g.chance(0.3) {
				major, minor = major+1, 0
			} else {
				minor++
			}
			revDate = revDate.AddDate(0, 0, 60+g.intn(200))
		}
		revs = append(revs, fmt.Sprintf("  - version: %q\n    date: %s\n    author: %s\n    summary: %s\n",
			version(major, minor), date(revDate), q(g.person()), q(pick(g, []string{"Penetapan awal dokumen.", "Penyesuaian dengan struktur organisasi baru.", "Pemutakhiran berdasarkan hasil audit internal.", "Penyelarasan dengan SNI ISO/IEC 20000-1:2018.", "Perbaikan redaksional dan penambahan lampiran."}))))
	}
	ver := version(major, minor)
	fmt.Fprintf(&b, "version: %q\n", ver)
	status := pickP(g.r.Float64(), []string{"approved", "review", "draft"}, []float64{0.7, 0.15, 0.15})
	fmt.Fprintf(&b, "status: %s\n", status)
	fmt.Fprintf(&b, "owner: %s\n", q("Koordinator "+strings.TrimPrefix(p.title, p.kind.stem+" ")))
	if status != "draft" {
		fmt.Fprintf(&b, "reviewed_by: %s\n", q("Kepala Bidang, "+pick(g, managers)))
	}
	if status == "approved" || p.template == "infosec-policy" {
		fmt.Fprintf(&b, "approved_by: %s\n", q("Kepala Pusdatin, Sri Wahyuni"))
	}
	if p.template == "infosec-policy" {
		b.WriteString("approver_authority: \"Keputusan Sekretaris Jenderal tentang Penyelenggaraan SPBE\"\n")
	}
	var effective time.Time // the SOP block repeats it (sop-front-matter-mismatch otherwise)
	if status == "approved" {
		appr := revDate.AddDate(0, 0, 3+g.intn(10))
		if appr.After(g.today) {
			appr = g.today.AddDate(0, 0, -1)
		}
		effective = appr.AddDate(0, 0, 7)
		fmt.Fprintf(&b, "approved_date: %s\neffective_date: %s\n", date(appr), date(effective))
	}
	fmt.Fprintf(&b, "next_review: %s\n", date(g.today.AddDate(0, 0, 30+g.intn(700))))
	fmt.Fprintf(&b, "classification: %s\n", pickP(g.r.Float64(), []string{"internal", "public", "restricted", "confidential"}, []float64{0.65, 0.15, 0.15, 0.05}))
	cl := some(g, p.kind.clauses, 1, 3)
	if c := g.set.Templates[p.template]; c != nil && g.knownClause(c.Clause) {
		cl = append([]string{c.Clause}, cl...)
	}
	for k := range cl {
		cl[k] = q(cl[k])
	}
	fmt.Fprintf(&b, "clauses: [%s]\n", strings.Join(cl, ", "))
	if i > 0 && g.chance(0.03) {
		fmt.Fprintf(&b, "supersedes: %s\n", plans[g.intn(i)].id)
	}
	b.WriteString("distribution:\n")
	for _, d := range some(g, []string{"Kepala Pusdatin", "Seluruh Koordinator Bidang", "Petugas Service Desk", "Tim dukungan tingkat 2", "Tim BCP", "Penyedia layanan terkait", "Seluruh pegawai"}, 2, 4) {
		fmt.Fprintf(&b, "  - %s\n", d)
	}
	b.WriteString("revision_history:\n")
	for _, r := range revs {
		b.WriteString(r)
	}
	if p.kind.docType == "sop" {
		g.sopBlock(&b, p, revDate, effective)
	}
	b.WriteString("---\n\n")
	g.body(&b, plans, i)
	return b.String()
}

var sopActors = []string{"Petugas Service Desk", "Analis Keamanan Informasi", "Administrator Sistem", "Koordinator Bidang", "Kepala Pusdatin", "Operator Pusat Data", "Pengelola Perubahan"}

func (g *gen) sopBlock(b *strings.Builder, p *docPlan, created, effective time.Time) {
	if effective.IsZero() {
		effective = created.AddDate(0, 0, 7)
	}
	actors := some(g, sopActors, 2, 4)
	n := 5 + g.intn(10)
	fmt.Fprintf(b, "sop:\n  number: %q\n  created_date: %s\n  revision_date: %s\n  effective_date: %s\n",
		fmt.Sprintf("SOP-%s/PUSDATIN/%d", strings.TrimPrefix(p.id, "SOP-"), created.Year()), date(created.AddDate(-1, 0, 0)), date(created), date(effective))
	fmt.Fprintf(b, "  approved_by:\n    position: Kepala Pusat Data dan Teknologi Informasi\n    name: Sri Wahyuni\n    nip: \"1975031819990320%02d\"\n", 1+g.intn(9))
	fmt.Fprintf(b, "  name: %s\n", q(strings.TrimPrefix(p.title, "SOP ")))
	lists := []struct {
		key   string
		items []string
	}{
		{"legal_basis", []string{"Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik", "Peraturan Menteri PANRB Nomor 35 Tahun 2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan", "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi"}},
		{"qualifications", []string{"Memahami prosedur manajemen layanan Pusdatin", "Mampu mengoperasikan aplikasi Service Desk", "Mampu menyusun laporan teknis"}},
		{"related", []string{"Prosedur Manajemen Insiden", "Prosedur Manajemen Perubahan"}},
		{"equipment", []string{"Komputer atau laptop", "Jaringan intranet", "Aplikasi Service Desk"}},
		{"warnings", []string{"Bila SOP ini tidak dilaksanakan, pemulihan layanan dapat terlambat dan rekaman tidak lengkap"}},
		{"records", []string{"Rekaman pada register insiden", "Laporan pelaksanaan"}},
	}
	for _, l := range lists {
		fmt.Fprintf(b, "  %s:\n", l.key)
		for _, it := range l.items {
			fmt.Fprintf(b, "    - %s\n", q(it))
		}
	}
	b.WriteString("  actors:\n")
	for _, a := range actors {
		fmt.Fprintf(b, "    - %s\n", q(a))
	}
	b.WriteString("  steps:\n")
	for s := 1; s <= n; s++ {
		kind := "process"
		switch {
		case s == 1:
			kind = "start"
		case s == n:
			kind = "end"
		case s >= 3 && s <= n-2 && g.chance(0.2):
			kind = "decision"
		}
		fmt.Fprintf(b, "    - activity: %s\n      actor: %s\n      kind: %s\n", q(g.sentence()), q(pick(g, actors)), kind)
		if kind == "decision" {
			fmt.Fprintf(b, "      yes: %d\n      yes_label: sesuai\n      no: %d\n      no_label: tidak sesuai\n", s+1, 2+g.intn(s-2))
		}
		b.WriteString("      requirements:\n        - Komputer/laptop\n        - Jaringan intranet\n")
		fmt.Fprintf(b, "      time: %q\n", fmt.Sprintf("%d %s", 5+g.intn(55), pick(g, []string{"menit", "menit", "jam", "hari"})))
		fmt.Fprintf(b, "      output: %s\n      notes: \"\"\n", q(strings.ToUpper(pick(g, objects)[:1])+pick(g, objects)[1:]+" diperbarui"))
	}
}

// relLink returns the relative path from document a to document b.
func relLink(from, to string) string {
	fd, td := path.Dir(from), path.Dir(to)
	if fd == td {
		return path.Base(to)
	}
	return "../" + strings.TrimPrefix(td, "content/") + "/" + path.Base(to)
}

func (g *gen) body(b *strings.Builder, plans []*docPlan, i int) {
	p := plans[i]
	fmt.Fprintf(b, "# %s\n\n", p.title)
	sec := 0
	heading := func(t string) {
		sec++
		fmt.Fprintf(b, "## %d. %s\n\n", sec, t)
	}
	heading("Tujuan")
	fmt.Fprintf(b, "%s %s\n\n", "Dokumen ini mengatur "+strings.ToLower(strings.TrimPrefix(p.title, p.kind.stem+" "))+" di lingkungan Pusdatin.", g.paragraph())

	heading("Dokumen Terkait")
	for k := 0; k < 2+g.intn(4) && len(plans) > 1; k++ {
		j := g.intn(len(plans))
		if j == i {
			continue
		}
		t := plans[j]
		switch g.intn(3) {
		case 0:
			fmt.Fprintf(b, "%d. [%s](doc:%s)\n", k+1, t.title, t.id)
		case 1:
			fmt.Fprintf(b, "%d. [%s](%s)\n", k+1, t.title, relLink(p.path, t.path))
		default:
			fmt.Fprintf(b, "%d. [%s, bagian Tujuan](doc:%s#%s)\n", k+1, t.title, t.id, t.anchor)
		}
	}
	b.WriteString("\n")

	// template parts, in Indonesian mostly, sometimes in English
	if p.template != "" {
		t := g.set.Templates[p.template]
		for _, part := range t.Parts {
			title := part.ID
			if g.chance(0.1) && part.EN != "" {
				title = part.EN
			}
			heading(title)
			fmt.Fprintf(b, "%s\n\n", g.paragraph())
			if g.chance(0.5) {
				g.list(b)
			}
		}
	}

	// a log-normal number of further sections: most documents are short, a few long
	n := int(math.Exp(1.2 + 0.8*g.r.NormFloat64()))
	n = max(1, min(n, 40))
	for s := 0; s < n; s++ {
		title := sectionTitles[s%len(sectionTitles)]
		if s >= len(sectionTitles) {
			title += fmt.Sprintf(" (lanjutan %d)", s/len(sectionTitles))
		}
		heading(title)
		for k := 0; k < 1+g.intn(3); k++ {
			fmt.Fprintf(b, "%s\n\n", g.paragraph())
		}
		switch g.intn(6) {
		case 0:
			g.list(b)
		case 1:
			g.table(b)
		case 2:
			g.regLinks(b)
		case 3:
			g.definitions(b)
		case 4:
			fmt.Fprintf(b, "### %d.1 Rincian\n\n%s\n\n", sec, g.paragraph())
		}
	}
	b.WriteString("---\n\n*Dokumen ini dikendalikan; salinan cetak tidak dikendalikan. Pertanyaan: <servicedesk@kemsintetis.go.id> atau [portal Service Desk](https://layanan.kemsintetis.go.id/).*\n")
}

func (g *gen) list(b *strings.Builder) {
	for k := 0; k < 2+g.intn(5); k++ {
		fmt.Fprintf(b, "- %s\n", g.sentence())
	}
	b.WriteString("\n")
}

func (g *gen) table(b *strings.Builder) {
	b.WriteString("| No | Kegiatan | Pelaksana | Keluaran | Waktu |\n|---:|---|---|---|---|\n")
	for k := 0; k < 3+g.intn(8); k++ {
		fmt.Fprintf(b, "| %d | %s %s | %s | %s | %d %s |\n", k+1, strings.ToUpper(pick(g, verbs)[:1])+pick(g, verbs)[1:], pick(g, objects),
			pick(g, subjects), pick(g, objects), 1+g.intn(8), pick(g, []string{"jam", "hari kerja", "menit"}))
	}
	b.WriteString("\n")
}

func (g *gen) definitions(b *strings.Builder) {
	for _, t := range some(g, terms, 2, 4) {
		fmt.Fprintf(b, "**%s**: %s.\n\n", t[0], t[1])
	}
}

func (g *gen) regLinks(b *strings.Builder) {
	svc := pick(g, services)
	fmt.Fprintf(b, "Rekaman terkait: layanan [%s](reg:services/%s)", svc.name, svc.id)
	if len(g.incIDs) > 0 {
		id := pick(g, g.incIDs)
		fmt.Fprintf(b, ", insiden [%s](reg:incidents/%s)", id, id)
	}
	pr := pick(g, g.problems)
	fmt.Fprintf(b, ", masalah [%s](reg:problems/%s)", pr.id, pr.id)
	if len(g.changes) > 0 {
		c := pick(g, g.changes)
		fmt.Fprintf(b, ", permintaan perubahan [%s](reg:changes/%s)", c.id, c.id)
	}
	plan := pick(g, g.plans)
	fmt.Fprintf(b, ", rencana [%s](reg:continuity/%s) dan [daftar kontak](reg:contacts).\n\n", plan, plan)
}

// knownClause reports whether a requirement of the site's frameworks has the id:
// a template's clause is written only when validation knows it.
func (g *gen) knownClause(id string) bool {
	for _, fw := range g.set.Frameworks {
		for _, r := range fw.Requirements {
			if r.ID == id {
				return true
			}
		}
	}
	return false
}
