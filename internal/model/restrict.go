package model

// classRank orders classifications: public < internal < restricted < confidential.
var classRank = map[string]int{"public": 1, "internal": 2, "restricted": 3, "confidential": 4}

// ClassRank returns the rank of a classification (0 when unknown or empty).
func ClassRank(c string) int { return classRank[c] }

// Restrict returns a view of the site without what is classified above max:
// documents whose classification ranks higher, records whose classification
// field ranks higher, and, when max is public, the fields marked personal.
// The site itself is not changed. An empty max returns the site as it is.
func (s *Site) Restrict(max string) *Site {
	limit, ok := classRank[max]
	if !ok {
		return s
	}
	out := *s
	out.Documents = nil
	out.DocByID = map[string]*Document{}
	out.DocByPath = map[string]*Document{}
	for _, d := range s.Documents {
		if classRank[d.Meta("classification")] > limit {
			continue
		}
		out.Documents = append(out.Documents, d)
		out.DocByPath[d.Path] = d
		if _, dup := out.DocByID[d.DocID]; !dup {
			out.DocByID[d.DocID] = d
		}
	}
	out.Registers = map[string]*Register{}
	for name, r := range s.Registers {
		cp := *r
		cp.Records = nil
		cp.ByID = map[string]*Record{}
		var personal []int
		if limit <= classRank["public"] {
			for _, f := range r.Schema.Fields {
				if f.Personal {
					personal = append(personal, f.Index)
				}
			}
		}
		for _, rec := range r.Records {
			if classRank[rec.Classification] > limit {
				continue
			}
			if len(personal) > 0 {
				rc := *rec
				rc.Cells = append([]Cell(nil), rec.Cells...)
				for _, i := range personal {
					rc.Cells[i] = Cell{}
				}
				rec = &rc
			}
			cp.Records = append(cp.Records, rec)
			if _, dup := cp.ByID[rec.ID]; !dup {
				cp.ByID[rec.ID] = rec
			}
		}
		out.Registers[name] = &cp
	}
	return &out
}
