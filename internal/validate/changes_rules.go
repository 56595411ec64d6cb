package validate

import (
	"strings"

	"github.com/smsgen/smsgen/internal/model"
)

// changeState is what the contradiction rules read of one change.
type changeState struct {
	status, decision, outcome, changeType string
	major                                 bool
}

// changeContradiction is one row of the table of RFC states that cannot hold
// together (DOMAIN.md, changes: the status state machine new → assessment →
// approved → scheduled → implementing → review → closed, or rejected or
// cancelled; the decision; the outcome of an implementation).
type changeContradiction struct {
	field  string // the field the finding is reported at
	holds  func(c changeState) bool
	id, en func(c changeState) string
}

var (
	pastApproval   = map[string]bool{"approved": true, "scheduled": true, "implementing": true, "review": true, "closed": true}
	notImplemented = map[string]bool{"new": true, "assessment": true, "approved": true, "scheduled": true, "rejected": true}
)

// changeContradictions is the rule table; for each field only the first row that holds is reported.
var changeContradictions = []changeContradiction{
	{field: "decision",
		holds: func(c changeState) bool {
			return pastApproval[c.status] && (c.decision == "rejected" || c.decision == "deferred")
		},
		id: func(c changeState) string {
			return "status " + c.status + " memerlukan keputusan Disetujui, tetapi keputusannya " + c.decision
		},
		en: func(c changeState) string {
			return "status " + c.status + " needs the decision Approved, but the decision is " + c.decision
		}},
	{field: "decision",
		holds: func(c changeState) bool {
			return c.status == "rejected" && (c.decision == "approved" || c.decision == "deferred")
		},
		id: func(c changeState) string { return "status Ditolak, tetapi keputusannya " + c.decision },
		en: func(c changeState) string { return "status Rejected, but the decision is " + c.decision }},
	{field: "decision",
		holds: func(c changeState) bool { return c.status == "new" && c.decision != "" },
		id: func(c changeState) string {
			return "perubahan berstatus Baru sudah memiliki keputusan " + c.decision + " sebelum dinilai"
		},
		en: func(c changeState) string {
			return "a new change already has the decision " + c.decision + " before its assessment"
		}},
	{field: "outcome",
		holds: func(c changeState) bool {
			return c.outcome != "" && (c.decision == "rejected" || c.decision == "deferred")
		},
		id: func(c changeState) string {
			return "keputusan " + c.decision + ", tetapi ada hasil implementasi " + c.outcome
		},
		en: func(c changeState) string {
			return "the decision is " + c.decision + ", but the change has the outcome " + c.outcome
		},
	},
	{field: "outcome",
		holds: func(c changeState) bool { return c.outcome != "" && notImplemented[c.status] },
		id: func(c changeState) string {
			return "status " + c.status + " belum diimplementasikan, tetapi ada hasil implementasi " + c.outcome
		},
		en: func(c changeState) string {
			return "status " + c.status + " is not implemented yet, but the change has the outcome " + c.outcome
		}},
	{field: "major_impact",
		holds: func(c changeState) bool { return c.changeType == "standard" && c.major },
		id: func(changeState) string {
			return "perubahan standar (pra-otorisasi, risiko rendah) tidak dapat berdampak besar"
		},
		en: func(changeState) string {
			return "a standard change (pre-authorised, low risk) cannot have major impact"
		}},
}

// changeStates reports the contradictions of the table for every change.
func (v *validator) changeStates(r *model.Register) {
	for _, rec := range r.Records {
		c := changeState{
			status: r.Value(rec, "status"), decision: r.Value(rec, "decision"),
			outcome: r.Value(rec, "outcome"), changeType: r.Value(rec, "change_type"),
		}
		if m := r.Get(rec, "major_impact"); m.Valid() {
			c.major = m.Bool()
		}
		done := map[string]bool{}
		for _, row := range changeContradictions {
			if done[row.field] || r.Schema.Field(row.field) == nil || !row.holds(c) {
				continue
			}
			done[row.field] = true
			// the message names the values by their labels in the site's language
			lc := c
			for _, x := range []struct {
				key string
				val *string
			}{{"status", &lc.status}, {"decision", &lc.decision}, {"outcome", &lc.outcome}} {
				if f := r.Schema.Field(x.key); f != nil {
					*x.val = f.EnumLabel(*x.val, v.rep.Lang)
				}
			}
			detail := row.id(lc)
			if v.rep.Lang == "en" {
				detail = row.en(lc)
			}
			v.rep.Report("change-state-contradiction", v.where(r, rec, row.field), map[string]string{"detail": strings.TrimSpace(detail)})
		}
	}
}
