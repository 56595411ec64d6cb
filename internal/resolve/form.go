package resolve

import (
	"strings"

	"github.com/smsgen/smsgen/internal/localize"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/schema"
)

// RFCForm is the printed view of one change record, the seeds' "Formulir
// Permintaan Sistem Informasi": the kind of request as ticked boxes, the
// request, the assessment, the decision and four signature blocks. The HTML
// page and the PDF draw this one definition in its order with its labels.
type RFCForm struct {
	Title       string // FORMULIR PERMINTAAN SISTEM INFORMASI
	NumberLabel string
	Number      string // the record's ID
	Sections    []FormSection
	Signatures  []FormSignature
	DateLabel   string // the word before a signature's date
}

// Form section keys, in their order on the form.
const (
	FormKind       = "kind"
	FormRequest    = "request"
	FormAssessment = "assessment"
	FormDecision   = "decision"
)

// FormSection is a group of the form: a caption, then boxes to tick and/or fields.
type FormSection struct {
	Key    string
	Title  string
	Checks []FormCheck
	Fields []FormField
}

// FormCheck is a box to tick; Note is written after the label (the text of "Lain-lain").
type FormCheck struct {
	Value, Label, Note string
	Checked            bool
}

// FormField is one labelled value. Long fields are drawn as a framed box.
type FormField struct {
	Key, Label, Value string
	Long              bool
}

// FormSignature is a signature block: role, name and date.
type FormSignature struct {
	Key, Role, Name, Date string
}

// rfcFields is the request section, in order: the seed's Nama, Unit/Bagian,
// Aplikasi, Uraian (the short title) and Deskripsi, with the schema's other
// request fields between the identity and the text.
var rfcFields = []struct {
	key, label string // label: a UI label key, or "" for the schema's field label
	long       bool
}{
	{"requested_by", "name", false},
	{"unit", "rfc_unit", false},
	{"application", "rfc_application", false},
	{"service", "", false},
	{"change_type", "", false},
	{"requested_at", "", false},
	{"title", "rfc_summary", false},
	{"description", "rfc_description", true},
	{"reason", "", true},
}

// rfcAssessment is the assessment and plan, shown when the record has a value.
var rfcAssessment = []string{"impact", "major_impact", "impact_assessment", "affected_cis", "planned_start", "planned_end",
	"rollback_plan", "implemented_by", "outcome", "test_result", "pir"}

// LayoutRFCForm resolves the form of change record rec of register reg
// (services, when not nil, names the service). label looks a UI label up by key
// in the caller's catalogue (keys rfc_*).
func LayoutRFCForm(reg *model.Register, rec *model.Record, services *model.Register, lang string, label func(string) string) *RFCForm {
	val := func(key string) string {
		f := reg.Schema.Field(key)
		if f == nil || f.Index >= len(rec.Cells) {
			return ""
		}
		return localize.Value(reg, rec, f, lang)
	}
	fieldLabel := func(key string) string {
		if f := reg.Schema.Field(key); f != nil {
			return f.Label.In(lang)
		}
		return key
	}
	form := &RFCForm{Title: label("rfc_form_title"), NumberLabel: label("rfc_number"), Number: rec.ID, DateLabel: label("date")}

	kind := FormSection{Key: FormKind, Title: label("rfc_kind")}
	chosen := reg.Value(rec, "request_kind")
	if f := reg.Schema.Field("request_kind"); f != nil {
		for _, e := range f.Values {
			c := FormCheck{Value: e.Value, Label: e.Label(lang), Checked: e.Value == chosen}
			if e.Value == "other" && c.Checked {
				c.Note = val("title")
			}
			kind.Checks = append(kind.Checks, c)
		}
	}
	form.Sections = append(form.Sections, kind)

	req := FormSection{Key: FormRequest}
	for _, f := range rfcFields {
		if reg.Schema.Field(f.key) == nil {
			continue
		}
		l := fieldLabel(f.key)
		if f.label != "" {
			l = label(f.label)
		}
		v := val(f.key)
		if f.key == "service" && services != nil {
			if s := services.ByID[reg.Value(rec, "service")]; s != nil {
				v = reg.Value(rec, "service") + " — " + services.Title(s)
			}
		}
		req.Fields = append(req.Fields, FormField{Key: f.key, Label: l, Value: v, Long: f.long})
	}
	form.Sections = append(form.Sections, req)

	as := FormSection{Key: FormAssessment, Title: label("rfc_assessment")}
	for _, k := range rfcAssessment {
		f := reg.Schema.Field(k)
		if f == nil {
			continue
		}
		if v := val(k); v != "" {
			if f.List {
				v = strings.ReplaceAll(v, "\n", ", ")
			}
			as.Fields = append(as.Fields, FormField{Key: k, Label: f.Label.In(lang), Value: v, Long: f.Type == schema.Text && len(v) > 60})
		}
	}
	if len(as.Fields) > 0 {
		form.Sections = append(form.Sections, as)
	}

	dec := FormSection{Key: FormDecision, Title: label("rfc_accepted")}
	decision := reg.Value(rec, "decision")
	for _, d := range []struct{ v, k string }{{"approved", "rfc_accepted_yes"}, {"rejected", "rfc_accepted_no"}, {"deferred", "rfc_deferred"}} {
		dec.Checks = append(dec.Checks, FormCheck{Value: d.v, Label: label(d.k), Checked: decision == d.v})
	}
	dec.Fields = []FormField{{Key: "decision_reason", Label: label("rfc_reason_if_not"), Value: val("decision_reason"), Long: true}}
	form.Sections = append(form.Sections, dec)

	for _, s := range []struct{ key, role, who, when string }{
		{"submitted", "rfc_submitted_by", "requested_by", "requested_at"},
		{"approved", "rfc_approved_by", "approved_by", "approved_at"},
		{"acknowledged", "rfc_acknowledged_by", "acknowledged_by", "acknowledged_at"},
		{"received", "rfc_received_by", "received_by", "received_at"},
	} {
		form.Signatures = append(form.Signatures, FormSignature{Key: s.key, Role: label(s.role), Name: val(s.who), Date: val(s.when)})
	}
	return form
}
