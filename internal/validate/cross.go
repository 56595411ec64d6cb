package validate

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/schema"
)

// crossRecord runs the rules of DOMAIN.md §7 that span records and registers.
func (v *validator) crossRecord() {
	s := v.site
	if r := s.Registers["changes"]; r != nil {
		v.segregation(r)
		v.changeStates(r)
	}
	if r := s.Registers["releases"]; r != nil {
		v.releaseChanges(r)
	}
	if r := s.Registers["incidents"]; r != nil {
		v.recurring(r)
	}
	if r := s.Registers["continuity"]; r != nil {
		v.continuityOwner(r)
		v.continuityTests(r)
	}
	if r := s.Registers["availability"]; r != nil {
		v.downtime(r)
		v.availability(r)
	}
	v.managementSystem()
}

func person(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

var supervisionWords = []string{"supervisi", "supervision", "pengawasan", "diawasi", "supervised"}

func (v *validator) segregation(r *model.Register) {
	roles := []string{"requested_by", "approved_by", "implemented_by"}
	for _, rec := range r.Records {
		notes := strings.ToLower(rec.Notes)
		compensated := false
		for _, w := range supervisionWords {
			if strings.Contains(notes, w) {
				compensated = true
			}
		}
		if compensated {
			continue
		}
		for i := 0; i < len(roles); i++ {
			for j := i + 1; j < len(roles); j++ {
				a, b := person(r.Value(rec, roles[i])), person(r.Value(rec, roles[j]))
				if a != "" && a == b {
					w := v.where(r, rec, roles[j])
					v.rep.Report("segregation-of-duties", w, map[string]string{"detail": v.rep.FieldLabel(r.Name, roles[i]) + " & " + v.rep.FieldLabel(r.Name, roles[j])})
				}
			}
		}
	}
}

func (v *validator) releaseChanges(r *model.Register) {
	changes := v.site.Registers["changes"]
	f := r.Schema.Field("changes")
	if changes == nil || f == nil {
		return
	}
	for _, rec := range r.Records {
		c := r.Get(rec, "changes")
		for _, id := range c.Items(true) {
			ch, ok := changes.ByID[id]
			if !ok {
				continue // broken-reference already
			}
			if d := changes.Value(ch, "decision"); d != "approved" {
				w := v.itemWhere(r, rec, "changes", id)
				w.Value = id
				if d == "" {
					d = "-"
				}
				v.rep.Report("release-change-not-approved", w, map[string]string{"decision": d})
			}
		}
	}
}

// recurring: three or more incidents of one service and category within 30
// days, none linked to a problem. One warning per cluster, on its last incident.
func (v *validator) recurring(r *model.Register) {
	type inc struct {
		rec *model.Record
		t   time.Time
	}
	groups := map[string][]inc{}
	for _, rec := range r.Records {
		if r.Value(rec, "problem") != "" || r.Value(rec, "status") == "cancelled" {
			continue
		}
		c := r.Get(rec, "reported_at")
		svc, cat := r.Value(rec, "service"), strings.ToLower(strings.TrimSpace(r.Value(rec, "category")))
		if !c.Valid() || svc == "" || cat == "" {
			continue
		}
		k := svc + "\x00" + cat
		groups[k] = append(groups[k], inc{rec, c.Time()})
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	const window = 30 * 24 * time.Hour
	for _, k := range keys {
		g := groups[k]
		sort.SliceStable(g, func(i, j int) bool { return g[i].t.Before(g[j].t) })
		start := 0
		for end := 0; end < len(g); end++ {
			for g[end].t.Sub(g[start].t) > window {
				start++
			}
			if end-start+1 >= 3 {
				// extend the cluster as far as the window allows, report once, skip past it
				last := end
				for last+1 < len(g) && g[last+1].t.Sub(g[start].t) <= window {
					last++
				}
				var ids []string
				for _, x := range g[start : last+1] {
					ids = append(ids, x.rec.ID)
				}
				rec := g[last].rec
				w := v.where(r, rec, "problem")
				w.Value = strings.Join(ids, ", ")
				svc, cat, _ := strings.Cut(k, "\x00")
				v.rep.Report("recurring-incident", w, map[string]string{"count": strconv.Itoa(len(ids)), "service": svc, "category": cat})
				start, end = last+1, last
			}
		}
	}
}

func (v *validator) continuityOwner(r *model.Register) {
	contacts := v.site.Registers["contacts"]
	if contacts == nil {
		return
	}
	names := map[string]bool{}
	for _, c := range contacts.Records {
		names[person(c.ID)] = true
		if n := contacts.Value(c, "name"); n != "" {
			names[person(n)] = true
		}
	}
	for _, rec := range r.Records {
		o := r.Value(rec, "invocation_owner")
		if o != "" && !names[person(o)] {
			v.rep.Report("continuity-owner-contact", v.where(r, rec, "invocation_owner"), nil)
		}
	}
}

// TestDue returns when a plan's next test is due given its newest test (zero if never tested).
func TestDue(interval string, newest time.Time) time.Time { return resolve.TestDue(interval, newest) }

// NewestTests returns the newest test date of every plan.
func NewestTests(site *model.Site) map[string]time.Time { return resolve.NewestTests(site) }

func (v *validator) continuityTests(r *model.Register) {
	if v.today.IsZero() {
		return
	}
	newest := NewestTests(v.site)
	for _, rec := range r.Records {
		interval := r.Value(rec, "test_interval")
		n, tested := newest[rec.ID]
		var detail string
		switch {
		case !tested:
			if v.rep.Lang == "en" {
				detail = "has never been tested"
			} else {
				detail = "belum pernah diuji"
			}
		default:
			due := TestDue(interval, n)
			if due.IsZero() || !v.today.After(due) {
				continue
			}
			if v.rep.Lang == "en" {
				detail = "was last tested " + n.Format("2006-01-02") + "; test was due " + due.Format("2006-01-02") + " (" + interval + ")"
			} else {
				detail = "terakhir diuji " + n.Format("2006-01-02") + "; uji berikutnya jatuh tempo " + due.Format("2006-01-02") + " (" + interval + ")"
			}
		}
		w := v.where(r, rec, "test_interval")
		v.rep.Report("continuity-test-overdue", w, map[string]string{"detail": detail})
	}
}

func (v *validator) availability(r *model.Register) {
	for _, rec := range r.Records {
		if downtimeExceeds(r, rec) {
			continue // the figures contradict each other (downtime-exceeds-agreed): no availability to judge
		}
		act, ok := Actual(v.site, r, rec)
		// A given actual_pct that disagrees with the computed one is its own
		// finding (availability-mismatch); the target is judged on the computed value.
		if f := r.Schema.Field("actual_pct"); f != nil {
			if e, computed := Expected(v.site, r, rec, f); computed {
				act, ok = e, true
			}
		}
		t := r.Get(rec, "target_pct")
		if !ok || !t.Valid() || act >= t.Float()-1e-9 {
			continue
		}
		w := v.where(r, rec, "actual_pct")
		args := map[string]string{"actual": strconv.FormatFloat(act, 'f', 2, 64), "target": fmtNum(t.Float()), "period": r.Value(rec, "period")}
		v.rep.Report("availability-below-target", w, args)
		if r.Value(rec, "investigation") == "" && r.Schema.Field("investigation") != nil {
			wi := v.where(r, rec, "investigation")
			v.rep.Report("required-when", wi, map[string]string{"condition": "actual_pct < target_pct"})
		}
	}
}

var _ = schema.Text
