package html

import (
	"html/template"
	"strings"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/view"
)

// PackView is the data of the continuity pack.
type PackView struct {
	CSS      template.CSS
	Plans    []PackPlan
	Internal []PackContact
	External []PackContact
	Class    string
}

// PackPlan is one continuity plan.
type PackPlan struct {
	ID, Anchor, Service, Scenario, RTO, RPO, Criteria string
	Owner                                             *PackContact
	OwnerText                                         string
	Steps                                             []string
	AvailInvoked, ReturnToNormal                      string
	BackupDaily, BackupWeekly                         string
	Interval, LastTest                                string
}

// PackContact is a contact with tel: and mailto: links.
type PackContact struct {
	ID, Anchor, Name, Position, Role, Org string
	Phone, Email                          string
	Tel, Mail                             template.URL
	Backup                                string
	BackupAnchor                          string
}

func (r *run) contact(reg *model.Register, rec *model.Record) PackContact {
	val := func(k string) string {
		if f := reg.Schema.Field(k); f != nil {
			return view.Value(reg, rec, f, r.lang)
		}
		return ""
	}
	c := PackContact{ID: rec.ID, Anchor: "c-" + anchorID(rec.ID), Name: val("name"), Position: val("position"), Role: val("role"),
		Org: val("organization"), Phone: reg.Value(rec, "phone"), Email: reg.Value(rec, "email")}
	c.Tel, c.Mail = telURL(c.Phone), mailURL(c.Email)
	if b := reg.Value(rec, "backup_contact"); b != "" {
		if br := reg.ByID[b]; br != nil {
			c.Backup = reg.Value(br, "name")
			c.BackupAnchor = "c-" + anchorID(b)
		} else {
			c.Backup = b
		}
	}
	return c
}

// findContact resolves a name or contact id to a contact.
func findContact(reg *model.Register, s string) *model.Record {
	if reg == nil || s == "" {
		return nil
	}
	if rec := reg.ByID[s]; rec != nil {
		return rec
	}
	norm := func(x string) string { return strings.ToLower(strings.Join(strings.Fields(x), " ")) }
	for _, rec := range reg.Records {
		if norm(reg.Value(rec, "name")) == norm(s) {
			return rec
		}
	}
	return nil
}

// continuityPack renders output/continuity-pack.html: one file, inline CSS,
// no script, every plan and every contact.
func (r *run) continuityPack() ([]byte, error) {
	v := PackView{CSS: template.CSS(packCSS())}
	contacts := r.site.Registers["contacts"]
	services := r.site.Registers["services"]
	cls := ""
	if plans := r.site.Registers["continuity"]; plans != nil {
		tests := r.facts.Register("continuity").Tests
		for _, rec := range plans.Records {
			val := func(k string) string {
				if f := plans.Schema.Field(k); f != nil {
					return view.Value(plans, rec, f, r.lang)
				}
				return ""
			}
			p := PackPlan{ID: rec.ID, Anchor: "p-" + anchorID(rec.ID), Scenario: val("scenario"), RTO: val("rto"), RPO: val("rpo"),
				Criteria: val("invocation_criteria"), AvailInvoked: val("availability_target_invoked"),
				ReturnToNormal: val("return_to_normal"), BackupDaily: val("backup_daily"), BackupWeekly: val("backup_weekly"),
				Interval: val("test_interval")}
			svc := plans.Value(rec, "service")
			p.Service = svc
			if services != nil {
				if s := services.ByID[svc]; s != nil {
					p.Service = svc + " " + services.Title(s)
				}
			}
			if c := plans.Get(rec, "recovery_steps"); c != nil {
				p.Steps = c.Items(false)
			}
			owner := plans.Value(rec, "invocation_owner")
			if cr := findContact(contacts, owner); cr != nil {
				c := r.contact(contacts, cr)
				p.Owner = &c
			} else {
				p.OwnerText = owner
			}
			if t := tests[rec.ID]; t.Tested {
				p.LastTest = view.Date(t.Last, r.lang)
			} else {
				p.LastTest = r.labels["never_tested"]
			}
			v.Plans = append(v.Plans, p)
			if view.ClassRank(rec.Classification) > view.ClassRank(cls) {
				cls = rec.Classification
			}
		}
	}
	if contacts != nil {
		for _, rec := range contacts.Records {
			c := r.contact(contacts, rec)
			if contacts.Value(rec, "kind") == "external" {
				v.External = append(v.External, c)
			} else {
				v.Internal = append(v.Internal, c)
			}
			if view.ClassRank(rec.Classification) > view.ClassRank(cls) {
				cls = rec.Classification
			}
		}
	}
	if cls == "" {
		cls = r.siteCls
	}
	p := r.page("continuity-pack.html", r.labels["pack_title"], cls, "pack", v)
	return r.execute("continuity-pack.html", p)
}
