package synth

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Register shapes of registers/incidents.csv. Validation cost depends on the
// shape of a register as much as on its row count, so benchmarks measure
// several.
const (
	// ShapeShort is the default: the 27 built-in incident columns, short cells.
	ShapeShort = "short"
	// ShapeText has 16 columns (the required ones, the resolution fields and
	// the problem link) with a sentence in each free-text field, like a
	// register exported from a ticketing tool: fewer, longer cells.
	ShapeText = "text"
	// ShapeWide has the 27 built-in columns plus the extra fields of a site
	// schema (registers/incidents.schema.yaml) that extends incidents: 63
	// columns in all.
	ShapeWide = "wide"
)

// Shapes lists the register shapes in the order benchmarks report them.
var Shapes = []string{ShapeShort, ShapeText, ShapeWide}

func validShape(s string) bool {
	switch s {
	case "", ShapeShort, ShapeText, ShapeWide:
		return true
	}
	return false
}

// textColumns are the columns of the text shape, in file order.
var textColumns = []int{cID, cTitle, cReportedAt, cReportedBy, cService, cCategory, cImpact, cUrgency, cPriority,
	cAssignee, cActions, cResolution, cResolvedAt, cClosedAt, cProblem, cStatus}

// extraField is one field a site schema adds to incidents in the wide shape.
type extraField struct {
	key, id, en, typ string
	values           []string // enum values
	min, max         int      // integer range
}

var extraFields = func() []extraField {
	enum := func(key, id, en string, values ...string) extraField {
		return extraField{key: key, id: id, en: en, typ: "enum", values: values}
	}
	num := func(key, id, en string, lo, hi int) extraField {
		return extraField{key: key, id: id, en: en, typ: "integer", min: lo, max: hi}
	}
	text := func(key, id, en string) extraField { return extraField{key: key, id: id, en: en, typ: "text"} }
	return []extraField{
		enum("location", "Lokasi", "Location", "hq", "branch", "datacenter", "remote"),
		text("building", "Gedung", "Building"),
		num("floor", "Lantai", "Floor", 1, 12),
		text("room", "Ruang", "Room"),
		enum("device_type", "Jenis Perangkat", "Device type", "desktop", "laptop", "phone", "printer", "server", "network"),
		text("asset_tag", "Nomor Aset", "Asset tag"),
		enum("os", "Sistem Operasi", "Operating system", "windows", "linux", "macos", "android", "ios"),
		text("browser", "Peramban", "Browser"),
		text("ip_address", "Alamat IP", "IP address"),
		{key: "reporter_email", id: "Surel Pelapor", en: "Reporter email", typ: "email"},
		{key: "reporter_phone", id: "Telepon Pelapor", en: "Reporter phone", typ: "phone"},
		num("reporter_nip_suffix", "Akhiran NIP", "Staff number suffix", 1000, 9999),
		num("response_target_min", "Target Respons (menit)", "Response target (min)", 15, 240),
		num("response_min", "Waktu Respons (menit)", "Response time (min)", 1, 600),
		num("downtime_min", "Waktu Henti (menit)", "Downtime (min)", 0, 1440),
		num("users_affected", "Pengguna Terdampak", "Users affected", 1, 5000),
		{key: "cost_estimate", id: "Perkiraan Biaya", en: "Cost estimate", typ: "number"},
		text("vendor_ticket", "Tiket Vendor", "Vendor ticket"),
		enum("vendor", "Vendor", "Vendor", "none", "telco", "hardware", "software", "cloud"),
		text("root_cause_code", "Kode Akar Masalah", "Root cause code"),
		text("kb_article", "Artikel Basis Pengetahuan", "Knowledge article"),
		num("survey_score", "Nilai Survei", "Survey score", 1, 5),
		{key: "reopened", id: "Dibuka Ulang", en: "Reopened", typ: "boolean"},
		num("reopen_count", "Jumlah Dibuka Ulang", "Reopen count", 0, 3),
		text("site_code", "Kode Satker", "Unit code"),
		enum("region", "Wilayah", "Region", "barat", "tengah", "timur"),
		text("department_code", "Kode Unit", "Department code"),
		text("contract_ref", "Nomor Kontrak", "Contract reference"),
		enum("detection", "Sumber Deteksi", "Detected by", "user", "monitoring", "audit", "vendor"),
		{key: "first_response_at", id: "Respons Pertama", en: "First response at", typ: "datetime"},
		{key: "due_date", id: "Tenggat", en: "Due date", typ: "date"},
		{key: "work_hours", id: "Jam Kerja", en: "Work hours", typ: "number"},
		text("parts_used", "Suku Cadang", "Parts used"),
		{key: "approval_required", id: "Perlu Persetujuan", en: "Approval required", typ: "boolean"},
		enum("user_type", "Jenis Pengguna", "User type", "staff", "official", "public", "partner"),
		text("tags", "Label", "Tags"),
	}
}()

// writeIncidentsSchema writes the site schema that extends incidents with the
// wide shape's fields.
func (g *gen) writeIncidentsSchema() error {
	if g.o.Shape != ShapeWide || g.o.Rows == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("# Kolom tambahan register insiden (sintetis, bentuk lebar).\nname: incidents\nfields:\n")
	for _, f := range extraFields {
		fmt.Fprintf(&b, "  - key: %s\n    label: {id: %s, en: %s}\n    type: %s\n", f.key, q(f.id), q(f.en), f.typ)
		if f.typ == "integer" {
			fmt.Fprintf(&b, "    min: %d\n    max: %d\n", f.min, f.max)
		}
		if len(f.values) > 0 {
			b.WriteString("    values:\n")
			for _, v := range f.values {
				fmt.Fprintf(&b, "      - {value: %s, id: %s, en: %s}\n", v, q(strings.ToUpper(v[:1])+v[1:]), q(v))
			}
		}
	}
	return g.writeFile("registers/incidents.schema.yaml", b.String())
}

// incidentHeaderFor returns the header of registers/incidents.csv for the shape.
func (g *gen) incidentHeaderFor() []string {
	switch g.o.Shape {
	case ShapeText:
		h := make([]string, len(textColumns))
		for i, c := range textColumns {
			h[i] = incidentHeader[c]
		}
		return h
	case ShapeWide:
		h := append([]string(nil), incidentHeader...)
		for _, f := range extraFields {
			h = append(h, f.key)
		}
		return h
	}
	return incidentHeader
}

// shapeRow turns a row of the 27 built-in columns into a row of the shape
// (out is reused between rows).
func (g *gen) shapeRow(row, out []string, t time.Time) []string {
	switch g.o.Shape {
	case ShapeText:
		// one sentence per free-text cell: about 27 MB for 100,000 rows, like
		// the 15-column register of the scale issue's measurement
		if i := strings.IndexByte(row[cActions], '\n'); i >= 0 {
			row[cActions] = row[cActions][:i]
		}
		out = out[:0]
		for _, c := range textColumns {
			out = append(out, row[c])
		}
		return out
	case ShapeWide:
		out = append(out[:0], row...)
		for _, f := range extraFields {
			out = append(out, g.extraValue(f, t))
		}
		return out
	}
	return row
}

func (g *gen) extraValue(f extraField, t time.Time) string {
	if g.chance(0.15) {
		return "" // optional fields are often left empty
	}
	switch f.typ {
	case "enum":
		return pick(g, f.values)
	case "integer":
		return strconv.Itoa(f.min + g.intn(f.max-f.min+1))
	case "number":
		return strconv.FormatFloat(float64(g.intn(100000))/100, 'f', 2, 64)
	case "boolean":
		return pick(g, []string{"true", "false"})
	case "email":
		return strings.ToLower(pick(g, firstNames)+"."+pick(g, lastNames)) + "@kemsintetis.go.id"
	case "phone":
		return g.phone()
	case "date":
		return date(t.AddDate(0, 0, 1+g.intn(14)))
	case "datetime":
		return stamp(t.Add(time.Duration(1+g.intn(120)) * time.Minute))
	}
	switch f.key {
	case "building":
		return "Gedung " + string(rune('A'+g.intn(6)))
	case "room":
		return fmt.Sprintf("R.%d%02d", 1+g.intn(9), g.intn(40))
	case "asset_tag":
		return fmt.Sprintf("BMN-%d-%06d", 2015+g.intn(11), g.intn(1000000))
	case "browser":
		return pick(g, []string{"Chrome 131", "Firefox 133", "Edge 131", "Safari 18"})
	case "ip_address":
		return fmt.Sprintf("10.%d.%d.%d", g.intn(256), g.intn(256), 1+g.intn(254))
	case "vendor_ticket":
		return fmt.Sprintf("VT-%07d", g.intn(10000000))
	case "root_cause_code":
		return pick(g, []string{"RC-HW", "RC-SW", "RC-CFG", "RC-NET", "RC-USR", "RC-EXT"})
	case "kb_article":
		return fmt.Sprintf("KB-%04d", 1+g.intn(800))
	case "site_code":
		return fmt.Sprintf("%06d", 400000+g.intn(1000))
	case "department_code":
		return fmt.Sprintf("UK-%02d.%02d", 1+g.intn(20), 1+g.intn(10))
	case "contract_ref":
		return fmt.Sprintf("KTR/%03d/PDTI/%d", 1+g.intn(300), t.Year())
	case "parts_used":
		return pick(g, []string{"Kabel UTP 3 m", "Catu daya 650 W", "Toner hitam", "Memori 16 GB", "SSD 512 GB"})
	case "tags":
		return strings.Join(some(g, []string{"vip", "berulang", "jarak-jauh", "luar-jam-kerja", "eskalasi"}, 1, 3), ";")
	}
	return g.sentence()
}
