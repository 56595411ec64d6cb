package validate

import (
	"strings"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
)

// sopApproved checks what an SOP AP must hold once approved (Permenpan RB
// 35/2012; DOMAIN.md §5): Dasar Hukum, the approver, its dates and the Mutu
// Baku of its steps.
func (v *validator) sopApproved(d *model.Document) {
	s := d.SOP
	if s == nil || !d.Approved() {
		return
	}
	missing := func(key, part string) {
		w := i18n.Where{File: d.Path, Line: s.LineOf(key), Record: d.DocID, Field: "sop." + key}
		v.rep.Report("sop-incomplete", w, map[string]string{"part": part})
	}
	if len(s.LegalBasis) == 0 {
		missing("legal_basis", "sop.legal_basis (Dasar Hukum)")
	}
	if strings.TrimSpace(s.ApprovedBy.Name) == "" {
		missing("approved_by", "sop.approved_by.name (Disahkan Oleh)")
	}
	if strings.TrimSpace(s.ApprovedBy.Position) == "" {
		missing("approved_by", "sop.approved_by.position (Jabatan)")
	}
	if strings.TrimSpace(s.CreatedDate) == "" {
		missing("created_date", "sop.created_date (Tanggal Pembuatan)")
	}
	if strings.TrimSpace(s.EffectiveDate) == "" {
		missing("effective_date", "sop.effective_date (Tanggal Efektif)")
	}
	mutu := false
	for _, st := range s.Steps {
		if len(st.Requirements) > 0 || st.Time != "" || st.Output != "" {
			mutu = true
			break
		}
	}
	if len(s.Steps) > 0 && !mutu {
		missing("steps", "Mutu Baku (requirements, time, output)")
	}
}

// sopFrontMatter checks that the SOP block and the document's front matter
// agree where they state the same fact: the approver and the effective date.
func (v *validator) sopFrontMatter(d *model.Document) {
	s := d.SOP
	if s == nil {
		return
	}
	mismatch := func(key, sopValue, front, frontValue string) {
		w := i18n.Where{File: d.Path, Line: s.LineOf(key), Record: d.DocID, Field: "sop." + key, Value: sopValue}
		v.rep.Report("sop-front-matter-mismatch", w, map[string]string{"front": v.rep.FieldLabel("", front), "front_value": frontValue})
	}
	if sd, fc := strings.TrimSpace(s.EffectiveDate), d.Cell("effective_date"); sd != "" && fc.Valid() {
		t, ok := model.NewDateParser(v.site.Settings.DateFormat).Parse(sd, false)
		if ok && !t.Equal(fc.Time()) {
			mismatch("effective_date", sd, "effective_date", fc.Raw)
		}
	}
	if name, front := person(s.ApprovedBy.Name), d.Meta("approved_by"); name != "" && front != "" && !strings.Contains(person(front), name) {
		mismatch("approved_by.name", s.ApprovedBy.Name, "approved_by", front)
	}
}
