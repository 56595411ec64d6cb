package synth

import (
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"
)

var incidentHeader = []string{"id", "title", "reported_at", "reported_by", "channel", "service", "category", "security",
	"cia_impact", "impact", "urgency", "priority", "priority_override_reason", "assignee", "escalation", "actions",
	"resolution", "resolved_at", "closed_at", "major", "major_owner", "management_informed_at", "major_review",
	"problem", "ci", "status", "notes"}

const (
	cID = iota
	cTitle
	cReportedAt
	cReportedBy
	cChannel
	cService
	cCategory
	cSecurity
	cCIA
	cImpact
	cUrgency
	cPriority
	cOverride
	cAssignee
	cEscalation
	cActions
	cResolution
	cResolvedAt
	cClosedAt
	cMajor
	cMajorOwner
	cInformedAt
	cMajorReview
	cProblem
	cCI
	cStatus
	cNotes
	nCols
)

// Indonesian labels of enum values, used on some rows as an Excel user would type them.
var idLabel = map[string]string{
	"high": "Tinggi", "medium": "Sedang", "low": "Rendah",
	"new": "Baru", "in_progress": "Dalam Penanganan", "on_hold": "Ditunda", "resolved": "Terselesaikan", "closed": "Ditutup", "cancelled": "Dibatalkan",
	"phone": "Telepon", "email": "Surel", "portal": "Portal", "monitoring": "Pemantauan", "walk_in": "Datang Langsung",
	"none": "Tidak Ada", "functional": "Fungsional", "hierarchical": "Hierarkis",
	"confidentiality": "Kerahasiaan", "integrity": "Integritas", "availability": "Ketersediaan",
	"true": "Ya", "false": "Tidak",
}

// writeIncidents streams registers/incidents.csv, Rows rows over the year before Today.
func (g *gen) writeIncidents() error {
	if g.o.Rows == 0 {
		return nil // no incidents register at all
	}
	f, w, err := g.create("registers/incidents.csv")
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(g.incidentHeaderFor()); err != nil {
		f.Close()
		return err
	}
	n := g.o.Rows
	span := g.today.Sub(g.start) - time.Hour
	step := span / time.Duration(max(n, 1))
	sample := max(1, n/200)
	seq := map[int]int{}
	row := make([]string, nCols)
	var shaped []string
	for i := 0; i < n; i++ {
		t := g.start.Add(time.Duration(i) * step)
		if step > time.Minute {
			t = t.Add(time.Duration(g.r.Int64N(int64(step))))
		}
		t = t.Truncate(time.Minute)
		seq[t.Year()]++
		id := fmt.Sprintf("INC-%d-%06d", t.Year(), seq[t.Year()])
		if i%sample == 0 {
			g.incIDs = append(g.incIDs, id)
		}
		g.incident(row, id, t)
		shaped = g.shapeRow(row, shaped, t)
		if err := cw.Write(shaped); err != nil {
			f.Close()
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// weights of services (some carry much more traffic than others)
var serviceWeights = []int{18, 14, 12, 16, 6, 8, 5, 9, 10, 2}

func (g *gen) pickService() *service {
	total := 0
	for _, w := range serviceWeights {
		total += w
	}
	x := g.intn(total)
	for i, w := range serviceWeights {
		if x < w {
			return &services[i]
		}
		x -= w
	}
	return &services[0]
}

func (g *gen) incident(row []string, id string, t time.Time) {
	for i := range row {
		row[i] = ""
	}
	svc := g.pickService()
	cat := &svc.categories[g.intn(len(svc.categories))]
	indo := g.chance(0.15) // this row's enums typed as Indonesian labels
	enum := func(v string) string {
		if indo {
			if l, ok := idLabel[v]; ok {
				return l
			}
		}
		return v
	}
	row[cID] = id
	row[cTitle] = fmt.Sprintf(pick(g, cat.titles), pick(g, places))
	if g.chance(0.05) {
		// the site's local date format (smsgen.yaml: date_format DD/MM/YYYY)
		row[cReportedAt] = t.Format("02/01/2006 15:04")
	} else {
		row[cReportedAt] = stamp(t)
	}
	channel := pick(g, []string{"phone", "phone", "email", "portal", "portal", "portal", "monitoring", "walk_in"})
	row[cChannel] = enum(channel)
	if channel == "monitoring" {
		row[cReportedBy] = "Sistem pemantauan " + svc.short
	} else {
		row[cReportedBy] = g.person() + ", " + pick(g, units)
	}
	row[cService] = svc.id
	row[cCategory] = cat.name
	if cat.security {
		row[cSecurity] = enum("true")
		cia := some(g, []string{"confidentiality", "integrity", "availability"}, 1, 2)
		for k := range cia {
			cia[k] = enum(cia[k])
		}
		row[cCIA] = strings.Join(cia, "\n")
	} else if g.chance(0.5) {
		row[cSecurity] = enum("false")
	}
	impact := pick(g, []string{"high", "medium", "medium", "low", "low", "low"})
	urgency := pick(g, []string{"high", "medium", "medium", "low", "low"})
	if cat.security && impact == "low" {
		impact = "medium"
	}
	prio := g.set.Priority.Of(impact, urgency)
	row[cImpact], row[cUrgency] = enum(impact), enum(urgency)
	if g.chance(0.005) && g.o.Shape != ShapeText { // the text shape has no override column
		if prio > 1 {
			prio--
		} else {
			prio++
		}
		row[cOverride] = "Layanan dipakai pimpinan untuk rapat terjadwal hari yang sama."
	}
	row[cPriority] = strconv.Itoa(prio)

	// status by age
	age := g.today.Sub(t)
	x := g.r.Float64()
	var status string
	switch {
	case age > 21*24*time.Hour:
		status = pickP(x, []string{"closed", "resolved", "cancelled", "on_hold"}, []float64{0.92, 0.03, 0.03, 0.02})
	case age > 3*24*time.Hour:
		status = pickP(x, []string{"closed", "resolved", "in_progress", "on_hold", "cancelled"}, []float64{0.55, 0.2, 0.15, 0.05, 0.05})
	default:
		status = pickP(x, []string{"new", "in_progress", "resolved", "closed"}, []float64{0.3, 0.4, 0.2, 0.1})
	}
	var resolved, closed time.Time
	if status == "resolved" || status == "closed" {
		resolved = t.Add(time.Duration(20+g.intn(60*(6-prio)*8)) * time.Minute)
		closed = resolved.Add(time.Duration(60+g.intn(3*24*60)) * time.Minute)
		if !resolved.Before(g.today) {
			status = "in_progress"
		} else if status == "closed" && !closed.Before(g.today) {
			status = "resolved"
		}
	}
	major := prio <= 2 && g.chance(0.004)
	if status != "new" {
		row[cAssignee] = pick(g, agents)
		row[cEscalation] = enum(pickP(g.r.Float64(), []string{"none", "functional", "hierarchical"}, []float64{0.7, 0.25, 0.05}))
	}
	if status == "resolved" || status == "closed" {
		row[cActions] = strings.Join(some(g, cat.actions, 2, 4), "\n")
		row[cResolution] = pick(g, cat.fixes)
		row[cResolvedAt] = stamp(resolved)
		if status == "closed" {
			row[cClosedAt] = stamp(closed)
		}
	}
	if major {
		row[cMajor] = enum("true")
		row[cMajorOwner] = pick(g, managers)
		row[cInformedAt] = stamp(t.Add(25 * time.Minute))
		if status == "closed" {
			row[cMajorReview] = "Tinjauan insiden mayor: pemulihan sesuai target; pemantauan dan daftar kontak diperbarui."
		}
	} else if g.chance(0.3) {
		row[cMajor] = enum("false")
	}
	if g.chance(0.4) {
		row[cCI] = pick(g, g.cis[svc.id])
	}
	if status == "cancelled" {
		row[cNotes] = "Laporan ganda; ditangani pada tiket lain."
	} else if g.chance(0.04) {
		row[cNotes] = "Pelapor mengonfirmasi layanan kembali normal."
	}
	row[cStatus] = enum(status)
	if status != "cancelled" {
		row[cProblem] = g.problemFor(svc, cat, id, t)
	}
}

// pickP picks by cumulative probabilities (the last item takes the rest).
func pickP(x float64, items []string, p []float64) string {
	for i, it := range items {
		if i == len(items)-1 || x < p[i] {
			return it
		}
		x -= p[i]
	}
	return items[len(items)-1]
}

// problemFor returns the problem an incident links, or "" for an unlinked one.
// An incident may stay unlinked only when its group had fewer than two
// unlinked incidents in the last 31 days, so the recurring-incident rule stays
// quiet; linked incidents go to the group's problem of that quarter.
func (g *gen) problemFor(svc *service, cat *category, id string, t time.Time) string {
	key := svc.id + "\x00" + cat.name
	gr := g.groups[key]
	if gr == nil {
		gr = &group{svc: svc, cat: cat, byPeriod: map[int]*problem{}}
		g.groups[key] = gr
	}
	const window = 31 * 24 * time.Hour
	if gr.n < 2 || t.Sub(gr.unlinked[0]) > window {
		if !g.chance(0.3) || gr.n < 2 { // most incidents of a busy group are recognised as a problem
			gr.unlinked[0], gr.unlinked[1] = gr.unlinked[1], t
			gr.n++
			return ""
		}
	}
	period := int(t.Sub(g.start) / (91 * 24 * time.Hour))
	p := gr.byPeriod[period]
	if p == nil {
		p = &problem{id: fmt.Sprintf("PRB-%04d", len(g.problems)+1), svc: svc, cat: cat, created: t}
		gr.byPeriod[period] = p
		g.problems = append(g.problems, p)
	}
	if len(p.incidents) < 5 {
		p.incidents = append(p.incidents, id)
	}
	return p.id
}

// writeProblems writes registers/problems.csv with the Indonesian headers of the seeds' problem list.
func (g *gen) writeProblems() error {
	if len(g.problems) == 0 {
		s := &services[0]
		g.problems = append(g.problems, &problem{id: "PRB-0001", svc: s, cat: &s.categories[0], created: g.today.AddDate(0, -6, 0)})
	}
	f, w, err := g.create("registers/problems.csv")
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';' // as Excel writes it in an Indonesian locale
	_ = cw.Write([]string{"Nomor", "Layanan", "Masalah", "Akar Masalah", "Penyelesaian Sementara", "Solusi", "Status", "Prioritas", "Insiden Terkait", "RFC Terkait", "Sumber Identifikasi"})
	var closedChanges []string
	for _, c := range g.changes {
		if c.closed {
			closedChanges = append(closedChanges, c.id)
		}
	}
	for _, p := range g.problems {
		age := g.today.Sub(p.created)
		var status string
		switch {
		case age > 120*24*time.Hour:
			status = pick(g, []string{"closed", "closed", "resolved"})
		case age > 30*24*time.Hour:
			status = pick(g, []string{"known_error", "known_error", "resolved"})
		default:
			status = pick(g, []string{"new", "investigating", "investigating"})
		}
		row := make([]string, 11)
		row[0], row[1] = p.id, p.svc.id
		row[2] = "Insiden berulang pada layanan " + p.svc.short + " kategori " + strings.ToLower(p.cat.name) + " sejak " + date(p.created)
		if status != "new" && status != "investigating" {
			row[3] = pick(g, p.cat.causes)
		}
		if status == "known_error" {
			row[4] = "Menjalankan langkah pemulihan dari basis pengetahuan: " + strings.ToLower(p.cat.actions[0]) + "."
		}
		if status == "resolved" || status == "closed" {
			row[5] = pick(g, p.cat.fixes) + " Perbaikan permanen diterapkan dan dipantau selama 30 hari."
			if len(closedChanges) > 0 && g.chance(0.5) {
				row[9] = pick(g, closedChanges)
			}
		}
		row[6] = idLabel[status]
		if status == "known_error" || status == "investigating" {
			row[6] = status
		}
		row[7] = strconv.Itoa(2 + g.intn(3))
		row[8] = strings.Join(p.incidents, "\n")
		row[10] = "Insiden Berulang"
		if err := cw.Write(row); err != nil {
			f.Close()
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
