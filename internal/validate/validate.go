// Package validate checks a loaded site against its schemas and the rules of
// the standard, adding findings to the reporter. It also completes the model's
// resolution of body links. Every rule uses indexes: nothing is quadratic.
package validate

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/resolve"
	"github.com/smsgen/smsgen/internal/schema"
)

// Run validates the whole site.
func Run(site *model.Site, rep *i18n.Reporter) {
	v := &validator{site: site, rep: rep, today: site.Today, noColumn: map[*model.Register]map[string]bool{}}
	for _, reg := range site.Registers {
		if reg.Format == "csv" && len(reg.Columns) > 0 {
			m := map[string]bool{}
			for _, k := range schema.MissingColumns(reg.Schema, reg.Columns) {
				m[k] = true // reported once at the header when loading
			}
			v.noColumn[reg] = m
		}
	}
	var wg sync.WaitGroup
	// The register cells are scanned for the characters the PDFs lack from
	// the start, on the core that phase 1 leaves idle while one large
	// register's index is built on the other: the scan reads no index.
	v.regGlyphs.Add(1)
	go func() {
		defer v.regGlyphs.Done()
		v.regGlyphsOut = v.registerGlyphs()
	}()
	// Phase 1: id indexes (every reference check below reads them).
	for _, name := range site.RegisterNames() {
		reg := site.Registers[name]
		wg.Add(1)
		go func() {
			defer wg.Done()
			v.ids(reg)
		}()
	}
	wg.Wait()
	v.docIDs()
	// Phase 2: fields, documents.
	for _, name := range site.RegisterNames() {
		reg := site.Registers[name]
		wg.Add(1)
		go func() {
			defer wg.Done()
			v.records(reg)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		v.documents() // also: the characters the PDF fonts lack, found before any PDF is made
		v.frameworks()
	}()
	// the cross-record rules only read registers and their id indexes
	wg.Add(1)
	go func() {
		defer wg.Done()
		v.crossRecord()
	}()
	wg.Wait()
}

type validator struct {
	site  *model.Site
	rep   *i18n.Reporter
	today time.Time
	// docs is what the checks of every document share (documents.go)
	docs docShared
	// noColumn holds, per CSV register, the required fields whose column
	// the header lacks (one required-column finding, none per row)
	noColumn map[*model.Register]map[string]bool
	// regGlyphsOut is what registerGlyphs found, once regGlyphs is done
	regGlyphs    sync.WaitGroup
	regGlyphsOut map[string]*glyphFile
}

func (v *validator) where(reg *model.Register, rec *model.Record, key string) i18n.Where {
	p := reg.PosOf(rec, key)
	name := reg.Name
	if name == "document" {
		name = ""
	}
	return i18n.Where{File: p.File, Line: p.Line, Col: p.Col, Register: name, Record: rec.ID, Field: key, Value: reg.Value(rec, key)}
}

// itemWhere is where for one item of a list field: at the item's own line
// when the source gave it one.
func (v *validator) itemWhere(reg *model.Register, rec *model.Record, key, item string) i18n.Where {
	w := v.where(reg, rec, key)
	if p := reg.ItemPosOf(rec, key, item); p.Line > 0 {
		w.Line, w.Col = p.Line, p.Col
	}
	return w
}

// specialRequired names the cross-record rule that reports a missing
// conditional field instead of the generic required-when finding.
var specialRequired = map[string]func(reg *model.Register, rec *model.Record) string{
	"changes.pir": func(reg *model.Register, rec *model.Record) string {
		if reg.Value(rec, "change_type") == "emergency" {
			return "emergency-change-review"
		}
		return ""
	},
	"incidents.major_review": func(*model.Register, *model.Record) string { return "major-incident-review" },
	"problems.workaround":    func(*model.Register, *model.Record) string { return "known-error-no-workaround" },
}

// ids checks the ids of a register and builds its index. The ids of a
// large register are checked on two cores: the second half's while the
// first half's are checked and indexed, then the second half is indexed
// (an index is built in order: the first of two equal ids is indexed).
func (v *validator) ids(reg *model.Register) {
	reg.ByID = make(map[string]*model.Record, len(reg.Records)) // sized once, not rehashed as it grows
	recs := reg.Records
	half := len(recs)
	if half >= idsSplit {
		half /= 2
	}
	var wg sync.WaitGroup
	if half < len(recs) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, rec := range recs[half:] {
				v.checkID(reg, rec)
			}
		}()
	}
	x := idIndex{v: v, reg: reg}
	for i, rec := range recs[:half] {
		if v.checkID(reg, rec) {
			x.add(i)
		}
	}
	wg.Wait()
	for i, rec := range recs[half:] {
		if rec.ID != "" { // what checkID said
			x.add(half + i)
		}
	}
}

// idIndex adds records to their register's index in order. Until an id
// repeats, a record costs one insertion, the map's length telling whether
// the id was new (a lookup and an insertion per record were 4.5 % of the
// CPU of validating 100,000 records); at the first repeat the first record
// with that id is put back and every later record is looked up first.
type idIndex struct {
	v     *validator
	reg   *model.Register
	exact bool
}

// add indexes reg.Records[i], which has an id.
func (x *idIndex) add(i int) {
	rec, m := x.reg.Records[i], x.reg.ByID
	if x.exact {
		x.v.index(x.reg, rec)
		return
	}
	n := len(m)
	m[rec.ID] = rec
	if len(m) > n {
		return
	}
	// the first repeated id: the records before this one have distinct ids
	for _, first := range x.reg.Records[:i] {
		if first.ID == rec.ID {
			m[rec.ID] = first
			break
		}
	}
	x.exact = true
	x.v.index(x.reg, rec)
}

// idsSplit is the number of records from which ids checks a register's ids
// on two cores.
var idsSplit = 16384

// checkID reports a missing or invalid id of a record; false when it has
// none (not to be indexed).
func (v *validator) checkID(reg *model.Register, rec *model.Record) bool {
	switch {
	case rec.ID == "" && v.noColumn[reg]["id"]:
		return false
	case rec.ID == "":
		w := v.idWhere(reg, rec)
		w.Field = "id"
		v.rep.Report("required", w, map[string]string{"field": "id"})
		return false
	case !model.ValidID(rec.ID) || (reg.Schema.IDRe != nil && !reg.Schema.IDRe.MatchString(rec.ID)):
		v.rep.Report("invalid-id", v.idWhere(reg, rec), map[string]string{"field": "id"})
	}
	return true
}

// index adds a record with an id to its register's index, reporting a
// duplicate id.
func (v *validator) index(reg *model.Register, rec *model.Record) {
	if prev, dup := reg.ByID[rec.ID]; dup {
		other := fmt.Sprintf("%s:%d", prev.IDPos.File, prev.IDPos.Line)
		v.rep.Report("duplicate-id", v.idWhere(reg, rec), map[string]string{"other": other})
		return
	}
	reg.ByID[rec.ID] = rec
}

// idWhere is where a finding about a record's id is reported (made only
// for a finding: a valid id, nearly all, costs none).
func (v *validator) idWhere(reg *model.Register, rec *model.Record) i18n.Where {
	w := v.where(reg, rec, "id")
	w.Value = rec.ID
	return w
}

// records checks the fields of every record, in parallel chunks.
func (v *validator) records(reg *model.Register) {
	n := len(reg.Records)
	const chunk = 1024
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := newRecGetter(reg)
			for s := range next {
				for _, rec := range reg.Records[s:min(s+chunk, n)] {
					g.rec = rec
					v.recordWith(reg, rec, g)
				}
			}
		}()
	}
	for s := 0; s < n; s += chunk {
		next <- s
	}
	close(next)
	wg.Wait()
}

// recGetter reads the values of one record (rec) for conditions. The fields
// that the register's conditions read are found once (keys, fields), so that
// a condition costs no map lookup per record.
type recGetter struct {
	reg    *model.Register
	rec    *model.Record
	keys   []string
	fields []*schema.Field // of keys; nil for id, notes and unknown keys
	getter schema.Getter   // g.get, made once
	// checked lists the indexes of the fields recordWith has something to
	// check in (in schema order): a field that is not required, has no
	// condition, no minimum of items, no reference, no date rule and no
	// computed value gives no finding, present or not.
	checked []int
	// targets[i] is the register field i refers to (nil for none), found
	// once (refTarget)
	targets []*model.Register
	before  []int // by field index: notBefore
}

// notBefore returns the index of the field f's values may not be before
// (f.NotBefore), -1 for none, found once per field.
func (g *recGetter) notBefore(f *schema.Field) int {
	if g.before == nil {
		g.before = make([]int, len(g.reg.Schema.Fields))
		for j, h := range g.reg.Schema.Fields {
			g.before[j] = -1
			if o := g.reg.Schema.Field(h.NotBefore); h.NotBefore != "" && o != nil {
				g.before[j] = o.Index
			}
		}
	}
	return g.before[f.Index]
}

// refTarget returns the register that field i of g's register refers to
// (site.Registers[f.Ref]: the registers do not change while records are checked).
func (g *recGetter) refTarget(site *model.Site, i int) *model.Register {
	if g.targets == nil {
		g.targets = make([]*model.Register, len(g.reg.Schema.Fields))
		for j, f := range g.reg.Schema.Fields {
			if f.Ref != "" {
				g.targets[j] = site.Registers[f.Ref]
			}
		}
	}
	return g.targets[i]
}

// inert reports whether no value of f, nor its absence, can give recordWith a finding.
func inert(f *schema.Field) bool {
	if f.Required || f.Cond != nil || (f.List && f.MinItems > 0) || f.Computed != "" {
		return false
	}
	switch f.Type {
	case schema.Ref, schema.DocRef:
		return false
	case schema.Date, schema.DateTime, schema.Month:
		return f.NotBefore == "" && f.PastWarning == "" && f.StaleAfterDays <= 0
	}
	return true
}

func newRecGetter(reg *model.Register) *recGetter {
	g := &recGetter{reg: reg}
	g.getter = g.get
	for i, f := range reg.Schema.Fields {
		if !inert(f) {
			g.checked = append(g.checked, i)
		}
	}
	for _, f := range reg.Schema.Fields {
		if f.Cond == nil {
			continue
		}
		for _, k := range f.Cond.Fields() {
			if !slices.Contains(g.keys, k) {
				g.keys = append(g.keys, k)
				g.fields = append(g.fields, reg.Schema.Field(k))
			}
		}
	}
	return g
}

// cell returns the cell and field of key (what reg.Get and Schema.Field give).
func (g *recGetter) cell(key string) (model.Val, *schema.Field) {
	for i, k := range g.keys {
		if k == key {
			f := g.fields[i]
			if f == nil {
				return model.Val{}, f
			}
			return g.rec.Cell(f.Index), f
		}
	}
	f := g.reg.Schema.Field(key)
	return g.reg.Get(g.rec, key), f
}

// get is reg.Value of the record, as a schema.Getter.
func (g *recGetter) get(key string) (string, bool) {
	var s string
	switch key {
	case "id":
		s = g.rec.ID
	case "notes":
		s = g.rec.Notes
	default:
		c, _ := g.cell(key)
		s = c.Raw
	}
	return s, s != ""
}

// record checks the fields of one record.
func (v *validator) record(reg *model.Register, rec *model.Record) {
	g := newRecGetter(reg)
	g.rec = rec
	v.recordWith(reg, rec, g)
}

// recordWith is record with g reading the record's values.
func (v *validator) recordWith(reg *model.Register, rec *model.Record, g *recGetter) {
	sch := reg.Schema
	get := g.getter
	for _, i := range g.checked {
		f := sch.Fields[i]
		c := rec.Cell(i)
		if !c.Present() {
			if f.Required && !v.noColumn[reg][f.Key] {
				v.rep.Report("required", v.where(reg, rec, f.Key), nil)
			} else if f.Cond != nil && condDecidable(g, f.Cond) && f.Cond.Eval(get) {
				code := "required-when"
				if sp := specialRequired[sch.Name+"."+f.Key]; sp != nil {
					if c := sp(reg, rec); c != "" {
						code = c
					}
				}
				v.rep.Report(code, v.where(reg, rec, f.Key), map[string]string{"condition": f.RequiredWhen})
			}
			continue
		}
		if f.List && f.MinItems > 0 {
			if items := c.Items(f.Type == schema.Ref); len(items) < f.MinItems {
				v.rep.Report("min-items", v.where(reg, rec, f.Key), map[string]string{"min": strconv.Itoa(f.MinItems)})
			}
		}
		if !c.Valid() {
			continue
		}
		switch f.Type {
		case schema.Ref:
			target := g.refTarget(v.site, i)
			if target == nil || len(target.Records) == 0 {
				break // absent, empty or unreadable (its own finding): nothing to resolve against
			}
			if !f.List { // one item: what RefItems returns, without a slice per cell
				if c.Raw != "" {
					v.refItem(reg, rec, f, target, trimSpace(c.Raw))
				}
				break
			}
			for _, it := range model.RefItems(f, c) {
				v.refItem(reg, rec, f, target, it)
			}
		case schema.DocRef:
			for _, it := range model.RefItems(f, c) {
				if _, ok := v.site.DocByID[it]; !ok {
					w := v.itemWhere(reg, rec, f.Key, it)
					w.Value = it
					v.rep.Report("broken-reference", w, map[string]string{"target": "documents"})
				}
			}
		case schema.Date, schema.DateTime, schema.Month:
			v.dateRules(reg, rec, f, c, g)
		}
		if f.Computed != "" {
			v.computed(reg, rec, f, c)
		}
	}
}

// trimSpace is strings.TrimSpace, called only when an end of s may be space
// (ASCII space is at most ' '; any other starts with a byte of 0x80 or more):
// the loaders trim every cell, so nearly every text is returned as it is.
func trimSpace(s string) string {
	if n := len(s); n > 0 && (s[0]-'!' >= 0x7f-'!' || s[n-1]-'!' >= 0x7f-'!') {
		return strings.TrimSpace(s)
	}
	return s
}

// refItem reports a reference item of field f whose record is not in target.
func (v *validator) refItem(reg *model.Register, rec *model.Record, f *schema.Field, target *model.Register, it string) {
	id := model.RefTarget(f, it)
	if _, ok := target.ByID[id]; !ok {
		w := v.itemWhere(reg, rec, f.Key, it)
		w.Value = id
		v.rep.Report("broken-reference", w, map[string]string{"target": f.Ref})
	}
}

// condDecidable reports whether a condition can be evaluated: a field it reads
// that holds a value which failed typing (already a finding of its own) leaves
// the condition undecided, so that one bad value does not cascade into
// required-when findings (security: "mungkin" is not "cia_impact required").
// Likewise a required field that is missing (reported as required) leaves it undecided.
func condDecidable(g *recGetter, c schema.Cond) bool {
	for _, k := range c.Fields() {
		cell, f := g.cell(k)
		if cell.Present() && !cell.Valid() {
			return false
		}
		if !cell.Present() && f != nil && f.Required {
			return false
		}
	}
	return true
}

func (v *validator) dateRules(reg *model.Register, rec *model.Record, f *schema.Field, c model.Val, g *recGetter) {
	t := c.Time()
	if f.NotBefore != "" {
		if o := rec.Cell(g.notBefore(f)); o.Valid() && t.Before(o.Time()) { // reg.Get(rec, f.NotBefore)
			v.rep.Report("date-order", v.where(reg, rec, f.Key), map[string]string{"other": v.rep.FieldLabel(reg.Name, f.NotBefore), "other_value": o.Raw})
		}
	}
	if v.today.IsZero() {
		return
	}
	if f.PastWarning != "" && t.Before(v.today) {
		v.rep.Report(f.PastWarning, v.where(reg, rec, f.Key), nil)
	}
	if f.StaleAfterDays > 0 && v.today.Sub(t) > time.Duration(f.StaleAfterDays)*24*time.Hour {
		code := f.StaleCode
		if code == "" {
			code = "date-stale"
		}
		v.rep.Report(code, v.where(reg, rec, f.Key), map[string]string{"days": strconv.Itoa(f.StaleAfterDays)})
	}
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Expected returns the computed value of a computed field, and whether it can be computed.
func Expected(site *model.Site, reg *model.Register, rec *model.Record, f *schema.Field) (float64, bool) {
	return resolve.Expected(site, reg, rec, f)
}

// Actual returns the actual availability of a record (given or computed).
func Actual(site *model.Site, r *model.Register, rec *model.Record) (float64, bool) {
	return resolve.Actual(site, r, rec)
}

func (v *validator) computed(reg *model.Register, rec *model.Record, f *schema.Field, c model.Val) {
	want, ok := Expected(v.site, reg, rec, f)
	if !ok {
		return
	}
	tol := f.Tolerance
	if tol == 0 {
		tol = 1e-9
	}
	have := c.Float()
	if f.Type == schema.Enum { // "1 - Critical" stands for 1 (checked at load)
		if have, ok = f.EnumNumber(c.Raw); !ok {
			return
		}
	}
	if math.Abs(have-want) <= tol+1e-9 {
		return
	}
	if f.OverrideField != "" && reg.Value(rec, f.OverrideField) != "" {
		return
	}
	code := f.ComputedCode
	if code == "" {
		code = "computed-mismatch"
	}
	args := map[string]string{"expected": fmtNum(math.Round(want*100) / 100)}
	if f.Computed == "priority_matrix" {
		args["impact"] = v.rep.ValueLabel(reg.Name, "impact", reg.Value(rec, "impact"))
		args["urgency"] = v.rep.ValueLabel(reg.Name, "urgency", reg.Value(rec, "urgency"))
	}
	if f.OverrideField != "" {
		args["override"] = v.rep.FieldLabel(reg.Name, f.OverrideField)
	} else {
		args["override"] = schema.Label{ID: "alasannya", EN: "a reason"}.In(v.rep.Lang)
	}
	v.rep.Report(code, v.where(reg, rec, f.Key), args)
}
