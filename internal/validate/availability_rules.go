package validate

import (
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
)

// downtimeExceeds reports whether a record's unplanned downtime is larger
// than its agreed service time: the figures contradict each other and no
// availability can be computed from them (it would be negative).
func downtimeExceeds(r *model.Register, rec *model.Record) bool {
	return resolve.DowntimeExceeds(r, rec)
}

// downtime reports every period whose unplanned downtime exceeds the agreed time.
func (v *validator) downtime(r *model.Register) {
	for _, rec := range r.Records {
		if !downtimeExceeds(r, rec) {
			continue
		}
		args := map[string]string{
			"downtime": fmtNum(r.Get(rec, "unplanned_downtime_min").Float()),
			"agreed":   fmtNum(r.Get(rec, "agreed_minutes").Float()),
			"period":   r.Value(rec, "period"),
		}
		v.rep.Report("downtime-exceeds-agreed", v.where(r, rec, "unplanned_downtime_min"), args)
	}
}
