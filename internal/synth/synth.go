// Package synth writes synthetic sites for benchmarks and scale tests: a
// complete, valid SMS document set (Markdown documents and registers) of any
// size, in realistic Indonesian, byte-identical for a given seed.
//
// A synthetic site validates with no errors and no warnings when "today" is
// [Today] (smsgen validate --today 2026-11-21).
package synth

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/schema"
)

// Today is the date on which a synthetic site is valid (YYYY-MM-DD).
const Today = "2026-11-21"

// Options size a synthetic site.
type Options struct {
	Docs int   // Markdown documents under content/
	Rows int   // rows of registers/incidents.csv
	Seed int64 // same seed, same bytes
	// Shape of registers/incidents.csv: ShapeShort (the default, also for
	// ""), ShapeText or ShapeWide.
	Shape string
}

// Write writes a synthetic site into dir (created if needed). It refuses to
// write into a folder that already holds content/ or registers/.
func Write(dir string, o Options) error {
	if o.Docs < 0 || o.Rows < 0 {
		return errors.New("synth: Docs and Rows must not be negative")
	}
	if !validShape(o.Shape) {
		return fmt.Errorf("synth: unknown shape %q (want %s)", o.Shape, strings.Join(Shapes, ", "))
	}
	for _, sub := range []string{"content", "registers"} {
		if _, err := os.Stat(filepath.Join(dir, sub)); err == nil {
			return fmt.Errorf("synth: %s already exists; write into an empty folder", filepath.Join(dir, sub))
		}
	}
	set, err := schema.Builtin()
	if err != nil {
		return err
	}
	today, _ := time.Parse("2006-01-02", Today)
	g := &gen{
		dir:    dir,
		o:      o,
		r:      rand.New(rand.NewPCG(uint64(o.Seed), 0x534d5347454e)), // "SMSGEN"
		today:  today,
		start:  today.AddDate(-1, 0, 0),
		set:    set,
		groups: map[string]*group{},
	}
	return g.run()
}

type gen struct {
	dir   string
	o     Options
	r     *rand.Rand
	today time.Time
	start time.Time
	set   *schema.Set

	cis      map[string][]string // service id -> CI ids
	ciIDs    []string
	contacts []string
	plans    []string
	changes  []changeRef
	groups   map[string]*group // service+category -> recurrence state
	problems []*problem
	incIDs   []string // a sample of incident ids, for links
}

type changeRef struct {
	id     string
	closed bool
}

// group tracks one service+category for the recurring-incident rule: at most
// two incidents without a problem within any 31 days; the rest link a problem.
type group struct {
	svc      *service
	cat      *category
	unlinked [2]time.Time // times of the last two unlinked incidents
	n        int
	byPeriod map[int]*problem
}

type problem struct {
	id        string
	svc       *service
	cat       *category
	created   time.Time
	incidents []string
}

func (g *gen) run() error {
	steps := []func() error{
		g.writeSettings,
		g.writeServices,
		g.writeCIs,
		g.writeContacts,
		g.writeContinuity,
		g.writeChanges,
		g.writeIncidents, // creates problems
		g.writeIncidentsSchema,
		g.writeProblems,
		g.writeDocuments,
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

// ---- helpers ----

func (g *gen) intn(n int) int {
	if n <= 0 {
		return 0
	}
	return g.r.IntN(n)
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func pick[T any](g *gen, s []T) T { return s[g.r.IntN(len(s))] }

// some returns between lo and hi distinct items of s in a random order.
func some[T any](g *gen, s []T, lo, hi int) []T {
	n := lo + g.intn(hi-lo+1)
	n = min(n, len(s))
	idx := g.r.Perm(len(s))[:n]
	out := make([]T, n)
	for i, j := range idx {
		out[i] = s[j]
	}
	return out
}

func (g *gen) person() string { return pick(g, firstNames) + " " + pick(g, lastNames) }

// staff lists managers and agents once each.
func staff() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range append(append([]string(nil), managers...), agents...) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

func q(s string) string { return strconv.Quote(s) }

func date(t time.Time) string { return t.Format("2006-01-02") }
func stamp(t time.Time) string {
	return t.Format("2006-01-02 15:04")
}

func (g *gen) create(rel string) (*os.File, *bufio.Writer, error) {
	p := filepath.Join(g.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, nil, err
	}
	f, err := os.Create(p)
	if err != nil {
		return nil, nil, err
	}
	return f, bufio.NewWriterSize(f, 1<<16), nil
}

func (g *gen) writeFile(rel, content string) error {
	f, w, err := g.create(rel)
	if err != nil {
		return err
	}
	_, _ = w.WriteString(content)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ---- small registers ----

func (g *gen) writeSettings() error {
	return g.writeFile("smsgen.yaml", `# Situs sintetis smsgen (untuk uji skala dan benchmark).
organization: Kementerian Sintetis Republik Indonesia
unit: Pusat Data dan Teknologi Informasi (Pusdatin)
title: Sistem Manajemen Layanan TI (sintetis)
language: id
date_format: DD/MM/YYYY
frameworks: [iso20000, kmk395]
`)
}

func (g *gen) writeServices() error {
	var b strings.Builder
	b.WriteString("# Katalog Layanan TIK (sintetis). Klausul 8.2.4.\n")
	for i, s := range services {
		fmt.Fprintf(&b, "- id: %s\n  name: %s\n", s.id, q(s.name))
		fmt.Fprintf(&b, "  description: %s\n", q("Layanan "+s.short+" bagi seluruh pegawai dan unit kerja, termasuk dukungan, pemantauan dan pelaporan kinerja."))
		fmt.Fprintf(&b, "  intended_outcome: %s\n", q("Pengguna dapat memakai layanan "+s.short+" secara andal dan aman sesuai tingkat layanan yang disepakati."))
		fmt.Fprintf(&b, "  owner: %s\n  criticality: %s\n  status: live\n", q(s.owner), s.criticality)
		if i > 0 && i != 3 && i != 5 {
			b.WriteString("  depends_on: [SVC-04, SVC-06]\n")
		}
		b.WriteString("  service_hours: \"Senin–Jumat 07.30–16.00 WIB; pemantauan 24 x 7\"\n")
		b.WriteString("  request_channel: \"Service Desk: portal, surel servicedesk@kemsintetis.go.id, ekstensi 1500\"\n\n")
	}
	return g.writeFile("registers/services.yaml", b.String())
}

func (g *gen) writeCIs() error {
	g.cis = map[string][]string{}
	var b strings.Builder
	b.WriteString("# Item Konfigurasi (sintetis). Klausul 8.2.6.\n")
	n := 0
	for _, s := range services {
		kinds := []struct{ typ, desc string }{
			{"application", "Aplikasi " + s.short},
			{"server", "Server aplikasi " + s.short},
			{"database", "Basis data " + s.short},
		}
		var ids []string
		for k, kd := range kinds {
			n++
			id := fmt.Sprintf("CI-%03d", n)
			ids = append(ids, id)
			fmt.Fprintf(&b, "- id: %s\n  ci_type: %s\n  description: %s\n  status: live\n  service: %s\n", id, kd.typ, q(kd.desc), s.id)
			if k == 0 {
				fmt.Fprintf(&b, "  relationships: [\"runs_on:CI-%03d\", \"depends_on:CI-%03d\"]\n", n+1, n+2)
			}
			fmt.Fprintf(&b, "  owner: %s\n  version: %q\n", q(s.owner), fmt.Sprintf("%d.%d", 1+g.intn(5), g.intn(10)))
			fmt.Fprintf(&b, "  last_verified: %s\n", date(g.today.AddDate(0, 0, -10-g.intn(300))))
		}
		g.cis[s.id] = ids
		g.ciIDs = append(g.ciIDs, ids...)
	}
	return g.writeFile("registers/cis.yaml", b.String())
}

func (g *gen) phone() string {
	return fmt.Sprintf("+62 8%02d-%04d-%04d", 11+g.intn(80), g.intn(10000), g.intn(10000))
}

func (g *gen) writeContacts() error {
	var b strings.Builder
	b.WriteString("# Daftar Kontak Keberlangsungan Layanan (sintetis). Klausul 8.7.2. Seluruh nama fiktif.\n")
	roles := []string{"Ketua Tim BCP", "Pengarah Tim BCP", "Koordinator Pemulihan Infrastruktur", "Koordinator Pemulihan Aplikasi", "Koordinator Komunikasi", "Petugas Siaga", "Petugas Siaga", "Administrator Basis Data"}
	names := append([]string(nil), managers...)
	for len(names) < len(roles) {
		names = append(names, agents[len(names)-len(managers)])
	}
	n := len(roles) + 4
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("KON-%02d", i+1)
		g.contacts = append(g.contacts, id)
		if i < len(roles) {
			nm := names[i]
			mail := strings.ToLower(strings.ReplaceAll(nm, " ", ".")) + "@kemsintetis.go.id"
			fmt.Fprintf(&b, "- id: %s\n  name: %s\n  position: %s\n  role: %s\n  kind: internal\n  phone: %s\n  email: %s\n",
				id, q(nm), q("Pejabat Fungsional Pranata Komputer, Pusdatin"), q(roles[i]), q(g.phone()), mail)
		} else {
			org := []string{"PT Sintetis Data Nusantara", "PT Jaringan Andalan Sintetis", "CV Teknik Pendingin Sintetis", "PT Solusi Perangkat Sintetis"}[i-len(roles)]
			fmt.Fprintf(&b, "- id: %s\n  name: %s\n  position: Manajer Akun\n  kind: external\n  organization: %s\n  phone: %s\n",
				id, q(g.person()), q(org), q(g.phone()))
		}
		fmt.Fprintf(&b, "  backup_contact: KON-%02d\n\n", (i+1)%n+1)
	}
	return g.writeFile("registers/contacts.yaml", b.String())
}

func (g *gen) writeContinuity() error {
	var b strings.Builder
	b.WriteString("# Rencana Keberlangsungan Layanan (sintetis). Klausul 8.7.2.\n")
	scenarios := []string{"Kerusakan perangkat keras server utama", "Korupsi basis data", "Kegagalan pusat data utama", "Putusnya jalur internet utama", "Pemadaman listrik berkepanjangan", "Serangan ransomware"}
	intervals := []string{"quarterly", "semiannual", "annual"}
	var tests strings.Builder
	tests.WriteString("id,plan,test_date,test_type,result,findings,actions,notes\n")
	nt := 0
	for i := 0; i < 6; i++ {
		s := services[i]
		id := fmt.Sprintf("BCP-%02d", i+1)
		g.plans = append(g.plans, id)
		interval := intervals[i%3]
		fmt.Fprintf(&b, "- id: %s\n  service: %s\n  scenario: %s\n", id, s.id, q(scenarios[i]+" layanan "+s.short))
		b.WriteString("  backup_daily: \"Cadangan inkremental setiap hari pukul 23.00\"\n  backup_weekly: \"Cadangan penuh setiap Sabtu, disalin terenkripsi ke luar lokasi\"\n")
		fmt.Fprintf(&b, "  rpo: %q\n  rto: %q\n", fmt.Sprintf("%d jam", 1+g.intn(24)), fmt.Sprintf("%d jam", 2+g.intn(10)))
		b.WriteString("  invocation_criteria: \"Layanan tidak dapat dipulihkan dalam 60 menit setelah insiden prioritas 1 dicatat.\"\n")
		fmt.Fprintf(&b, "  invocation_owner: %s\n", g.contacts[i%4])
		b.WriteString("  recovery_steps:\n")
		for k, st := range []string{"Ketua Tim BCP menetapkan aktivasi rencana dan mengumumkan gangguan.", "Administrator mengisolasi komponen rusak dan menyiapkan lingkungan pengganti.", "Pulihkan data dari cadangan penuh terakhir lalu cadangan inkremental.", "Uji fungsi utama layanan bersama perwakilan pengguna.", "Nyatakan layanan pulih dan catat waktu pemulihan."} {
			if k < 3+i%3 {
				fmt.Fprintf(&b, "    - %s\n", q(st))
			}
		}
		b.WriteString("  availability_target_invoked: \"Fungsi utama tersedia kembali paling lama sesuai RTO\"\n")
		b.WriteString("  return_to_normal: \"Setelah komponen utama diperbaiki dan lulus uji, data disinkronkan kembali dan lingkungan pengganti dinonaktifkan.\"\n")
		fmt.Fprintf(&b, "  test_interval: %s\n\n", interval)
		// tests: an older one and a recent one (within the interval)
		for _, ago := range []int{200 + g.intn(100), 10 + g.intn(70)} {
			nt++
			res := "pass"
			findings, actions := "", ""
			if g.chance(0.3) {
				res = "partial"
				findings = "Sebagian langkah pemulihan melebihi target waktu karena daftar kontak vendor belum mutakhir."
				actions = "Daftar kontak diperbarui; langkah pemulihan dilengkapi; uji ulang dijadwalkan."
			}
			fmt.Fprintf(&tests, "BCT-%03d,%s,%s,%s,%s,%s,%s,\n", nt, id, date(g.today.AddDate(0, 0, -ago)),
				pick(g, []string{"tabletop", "walkthrough", "simulation", "full"}), res, csvField(findings), csvField(actions))
		}
	}
	if err := g.writeFile("registers/continuity.yaml", b.String()); err != nil {
		return err
	}
	return g.writeFile("registers/continuity_tests.csv", tests.String())
}

// csvField quotes a CSV field when needed.
func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n\r;") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

func (g *gen) writeChanges() error {
	n := 8 + g.o.Rows/4000
	kinds := []string{"fix", "new_feature", "new_master_data", "data_addition", "report_print", "other"}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("RFC-2026-%03d", i+1)
		svc := pick(g, services)
		req := g.start.AddDate(0, 0, (i*350)/n+g.intn(5))
		typ := "normal"
		switch {
		case i%7 == 3:
			typ = "emergency"
		case i%5 == 1:
			typ = "standard"
		}
		var status string
		age := int(g.today.Sub(req).Hours() / 24)
		switch {
		case age > 60:
			status = pick(g, []string{"closed", "closed", "closed", "closed", "rejected"})
		case age > 20:
			status = pick(g, []string{"closed", "scheduled", "approved", "implementing"})
		default:
			status = pick(g, []string{"new", "assessment", "approved"})
		}
		if typ == "emergency" && status != "new" && status != "assessment" {
			status = "closed"
		}
		people := some(g, staff(), 3, 3)
		requester, approver, implementer := people[0], people[1], people[2]
		var b strings.Builder
		fmt.Fprintf(&b, "# Formulir Permintaan Sistem Informasi (sintetis)\nid: %s\n", id)
		fmt.Fprintf(&b, "title: %s\nrequest_kind: %s\nchange_type: %s\n", q("Perubahan "+svc.short+": "+strings.ToLower(pick(g, svc.categories).name)+" tahap "+strconv.Itoa(1+i%4)), pick(g, kinds), typ)
		fmt.Fprintf(&b, "requested_by: %s\nunit: %s\nrequested_at: %s\nservice: %s\n", q(requester), q(pick(g, units)), date(req), svc.id)
		fmt.Fprintf(&b, "application: %s\n", q(svc.name))
		b.WriteString("description: >-\n  Menerapkan perbaikan konfigurasi dan pembaruan komponen sesuai hasil analisis masalah,\n  termasuk pengujian di lingkungan uji sebelum diterapkan pada lingkungan produksi.\n")
		b.WriteString("reason: \"Mencegah terulangnya insiden dan menjaga ketersediaan layanan sesuai SLA.\"\n")
		cis := g.cis[svc.id]
		fmt.Fprintf(&b, "affected_cis: [%s, %s]\n", cis[0], cis[1])
		if typ != "standard" {
			fmt.Fprintf(&b, "impact: %s\n", pick(g, []string{"low", "medium", "high"}))
			b.WriteString("impact_assessment: >-\n  Layanan terhenti paling lama 30 menit di luar jam kerja; pengguna diberi tahu sehari sebelumnya;\n  tidak berdampak pada kapasitas, keberlangsungan atau keamanan; tidak bertabrakan dengan perubahan lain.\n")
			b.WriteString("rollback_plan: \"Mengembalikan konfigurasi dan paket aplikasi dari cadangan sebelum perubahan (sekitar 30 menit).\"\n")
		}
		fmt.Fprintf(&b, "major_impact: %v\n", typ != "standard" && g.chance(0.1)) // a standard change is pre-authorised, never major
		decided := status != "new" && status != "assessment"
		if decided {
			decision := "approved"
			if status == "rejected" {
				decision = "rejected"
			}
			appr := req.AddDate(0, 0, 1+g.intn(7))
			if typ == "emergency" {
				appr = req
			}
			fmt.Fprintf(&b, "decision: %s\n", decision)
			if decision == "rejected" {
				b.WriteString("decision_reason: \"Manfaat tidak sebanding dengan risiko; usulan diganti pemantauan tambahan.\"\n")
			}
			fmt.Fprintf(&b, "approved_by: %s\napproved_at: %s\n", q(approver), date(appr))
			if decision == "approved" {
				ps := appr.AddDate(0, 0, 2+g.intn(10)).Add(19 * time.Hour)
				fmt.Fprintf(&b, "implemented_by: %s\nplanned_start: %q\nplanned_end: %q\n", q(implementer), stamp(ps), stamp(ps.Add(3*time.Hour)))
			}
		}
		if status == "closed" {
			outcome := "successful"
			if g.chance(0.1) {
				outcome = "rolled_back"
			}
			fmt.Fprintf(&b, "outcome: %s\n", outcome)
			if outcome == "successful" {
				b.WriteString("test_result: \"Uji fungsi utama dan uji regresi berhasil; pemantauan 24 jam tanpa galat.\"\n")
			}
			if typ == "emergency" || outcome != "successful" {
				b.WriteString("pir: \"Tinjauan pasca implementasi: perubahan mencapai tujuan; pelajaran dicatat pada basis pengetahuan.\"\n")
			}
		}
		fmt.Fprintf(&b, "status: %s\n", status)
		g.changes = append(g.changes, changeRef{id: id, closed: status == "closed"})
		if err := g.writeFile("registers/changes/"+id+".yaml", b.String()); err != nil {
			return err
		}
	}
	return nil
}
