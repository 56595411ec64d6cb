package resolve

// The volumes of the register PDFs. A PDF is built whole in memory before it
// is written, so a register of 100,000 records is not one PDF but volumes of
// a bounded number of records, each its own file rendered, written and
// dropped (in parallel with the other PDFs). The first volume keeps the name
// of the register's PDF, so links to it still work, and lists the others;
// the complete register is in its workbook. The volumes are computed here,
// once, so the PDFs, the HTML register page and the audit pack name the same
// files (from the one name allocation, package names).

// Bounds of one volume of a register PDF: a volume ends after VolumeRecords
// records, or once its records hold VolumeBytes bytes of text, whichever
// comes first (every volume has at least one record).
const (
	VolumeRecords = 2500
	VolumeBytes   = 4 << 20
)

// Volume is one PDF file of a register: the records reg.Records[From:To].
type Volume struct {
	N        int    // 1 for the first
	From, To int    // the records of the volume, as indexes of reg.Records
	PDF      string // the file, relative to the output folder
}

// SetVolumeBounds sets the bounds of one volume of a register PDF, the most
// records and the most bytes of text (0 or less: VolumeRecords,
// VolumeBytes), and computes the volumes of every register. Tests set small
// bounds to see volumes on a small site.
func (s *Site) SetVolumeBounds(records, bytes int) {
	if records <= 0 {
		records = VolumeRecords
	}
	if bytes <= 0 {
		bytes = VolumeBytes
	}
	s.volumeRecords = records
	s.volumes = make(map[string][]Volume, len(s.Site.Registers))
	for _, name := range s.RegisterNames() {
		reg := s.Site.Registers[name]
		var vs []Volume
		from, size := 0, 0
		for i, rec := range reg.Records {
			if i > from && (i-from >= records || size >= bytes) {
				vs = append(vs, Volume{N: len(vs) + 1, From: from, To: i})
				from, size = i, 0
			}
			size += len(rec.ID) + len(rec.Notes)
			for i := range rec.Cells {
				size += len(rec.Raw(i))
			}
		}
		vs = append(vs, Volume{N: len(vs) + 1, From: from, To: len(reg.Records)})
		for i := range vs {
			vs[i].PDF = s.Names.RegisterVolumePDF(name, vs[i].N)
		}
		s.volumes[name] = vs
	}
}

// Volumes returns the volumes of a register's PDF, in order: one volume (the
// register's PDF, all its records) unless the register is larger than a
// volume holds. Nil for a register the site does not have.
func (s *Site) Volumes(name string) []Volume { return s.volumes[name] }

// VolumeRecordsBound is the most records of one volume (see SetVolumeBounds).
func (s *Site) VolumeRecordsBound() int { return s.volumeRecords }

func init() { addStep(func(s *Site) { s.SetVolumeBounds(0, 0) }) }
