package html

import (
	"fmt"
	"html/template"
	"strings"
	"unicode"

	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/model"
)

// PackView is the data of the continuity pack.
type PackView struct {
	CSS      template.CSS
	PageCSS  template.CSS // the @page rule: A4, margins, running header and footer
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
			return localize.Value(reg, rec, f, r.lang)
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
					return localize.Value(plans, rec, f, r.lang)
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
			if c := plans.Get(rec, "recovery_steps"); c.Present() {
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
				p.LastTest = localize.Date(t.Last, r.lang)
			} else {
				p.LastTest = r.labels["never_tested"]
			}
			v.Plans = append(v.Plans, p)
			if localize.ClassRank(rec.Classification) > localize.ClassRank(cls) {
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
			if localize.ClassRank(rec.Classification) > localize.ClassRank(cls) {
				cls = rec.Classification
			}
		}
	}
	cls = r.packClass(cls, contacts)
	v.PageCSS = template.CSS(r.packPageCSS(cls))
	p := r.page("continuity-pack.html", r.labels["pack_title"], cls, "pack", v)
	return r.execute("continuity-pack.html", p)
}

// packClass is the classification of the continuity pack: the highest of
// what it contains. That is the classification of its plan and contact
// records, of the continuity plan documents it is drawn from (approved or
// not: a plan of type "plan" that names a clause of the continuity
// register), and Internal as soon as it lists personal data (the contact
// fields marked personal, such as mobile numbers and e-mail addresses: a
// public build leaves them out, so they never go out as Public). With
// nothing of that it is the site's default.
func (r *run) packClass(cls string, contacts *model.Register) string {
	raise := func(c string) {
		if localize.ClassRank(c) > localize.ClassRank(cls) {
			cls = c
		}
	}
	if plans := r.site.Registers["continuity"]; plans != nil && len(plans.Records) > 0 {
		clauses := map[string]bool{}
		for _, c := range plans.Schema.AllClauses() {
			clauses[c] = true
		}
		for _, d := range r.site.Documents {
			if d.Meta("doc_type") != "plan" {
				continue
			}
			if c := d.Cell("clauses"); c.Present() {
				for _, cl := range c.Items(true) {
					if clauses[cl] {
						raise(d.Meta("classification"))
						break
					}
				}
			}
		}
	}
	if contacts != nil {
		var personal []string
		for _, f := range contacts.Schema.Fields {
			if f.Personal {
				personal = append(personal, f.Key)
			}
		}
	recs:
		for _, rec := range contacts.Records {
			for _, k := range personal {
				if contacts.Value(rec, k) != "" {
					raise("internal")
					break recs
				}
			}
		}
	}
	if cls == "" {
		cls = r.siteCls
	}
	return cls
}

// packPageCSS is the print rule of the pack: A4 with margins, the title and
// the classification at the top of every page, the date, the page number
// ("Halaman 2 dari 5") and the classification again at the bottom.
func (r *run) packPageCSS(cls string) string {
	class := cssString(r.labels["classification"] + ": " + r.classLabel(cls))
	num := ""
	for i, part := range strings.Split(r.labels["page_of"], "%d") {
		if i > 0 {
			num += []string{"", " counter(page) ", " counter(pages) "}[min(i, 2)]
		}
		if part != "" {
			num += cssString(part)
		}
	}
	box := func(name, content, style string) string {
		return fmt.Sprintf("@%s { content: %s; font: %s 8pt system-ui, \"DejaVu Sans\", sans-serif; color: #000; }\n", name, content, style)
	}
	return "@page { size: A4; margin: 15mm 14mm 17mm 14mm;\n" +
		box("top-left", cssString(r.labels["pack_title"]+" · "+r.info.Organization), "normal") +
		box("top-right", class, "bold") +
		box("bottom-left", cssString(r.labels["as_of"]+" "+r.info.Today), "normal") +
		box("bottom-center", num, "normal") +
		box("bottom-right", class, "bold") +
		"}\n"
}

// cssString quotes s as a CSS string: letters, digits and spaces as they
// are, every other character as a hex escape (so no quote, backslash or
// "</style" can end it).
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		if unicode.IsLetter(c) || unicode.IsDigit(c) || c == ' ' {
			b.WriteRune(c)
		} else {
			fmt.Fprintf(&b, "\\%x ", c) // the space ends the escape and is not part of the text
		}
	}
	b.WriteByte('"')
	return b.String()
}
