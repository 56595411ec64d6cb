package schema

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Getter returns the canonical value of a field of a record, and whether it is present.
type Getter func(key string) (string, bool)

// Cond is a parsed required_when condition.
type Cond interface {
	Eval(get Getter) bool
	Fields() []string
}

// ParseCond parses the condition language of FORMAT.md.
func ParseCond(s string) (Cond, error) {
	p := &condParser{toks: tokenize(s)}
	c, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q", p.toks[p.pos])
	}
	fs := c.Fields()
	return fieldsOnce{c, fs[:len(fs):len(fs)]}, nil
}

// fieldsOnce is a parsed condition with its field list computed once:
// validation asks for it on every record (full capacity, so that an append
// by a caller copies instead of writing into it).
type fieldsOnce struct {
	Cond
	fields []string
}

func (c fieldsOnce) Fields() []string { return c.fields }

func tokenize(s string) []string {
	var toks []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case strings.ContainsRune("()[],", r):
			toks = append(toks, string(r))
			i++
		case strings.ContainsRune("=!<>", r):
			j := i + 1
			if j < len(rs) && rs[j] == '=' {
				j++
			}
			toks = append(toks, string(rs[i:j]))
			i = j
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && !strings.ContainsRune("()[],=!<>", rs[j]) {
				j++
			}
			toks = append(toks, string(rs[i:j]))
			i = j
		}
	}
	return toks
}

type condParser struct {
	toks []string
	pos  int
}

func (p *condParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}
func (p *condParser) next() string { t := p.peek(); p.pos++; return t }

func (p *condParser) or() (Cond, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peek() == "or" {
		p.next()
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = orCond{l, r}
	}
	return l, nil
}

func (p *condParser) and() (Cond, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.peek() == "and" {
		p.next()
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = andCond{l, r}
	}
	return l, nil
}

func (p *condParser) unary() (Cond, error) {
	switch t := p.peek(); t {
	case "not", "!":
		p.next()
		c, err := p.unary()
		if err != nil {
			return nil, err
		}
		return notCond{c}, nil
	case "empty":
		p.next()
		f := p.next()
		if !isIdent(f) {
			return nil, fmt.Errorf("empty needs a field, got %q", f)
		}
		return notCond{truthy{f}}, nil
	case "(":
		p.next()
		c, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.next() != ")" {
			return nil, fmt.Errorf("missing )")
		}
		return c, nil
	case "":
		return nil, fmt.Errorf("unexpected end of condition")
	}
	f := p.next()
	if !isIdent(f) {
		return nil, fmt.Errorf("expected a field, got %q", f)
	}
	switch op := p.peek(); op {
	case "==", "!=", ">=", "<=", ">", "<":
		p.next()
		v := p.next()
		if v == "" {
			return nil, fmt.Errorf("%s needs a value", op)
		}
		return cmp{f, op, strings.Trim(v, `"'`)}, nil
	case "in":
		p.next()
		vs, err := p.list()
		if err != nil {
			return nil, err
		}
		return inCond{f, vs, false}, nil
	case "not":
		if p.pos+1 < len(p.toks) && p.toks[p.pos+1] == "in" {
			p.pos += 2
			vs, err := p.list()
			if err != nil {
				return nil, err
			}
			return inCond{f, vs, true}, nil
		}
	}
	return truthy{f}, nil
}

func (p *condParser) list() ([]string, error) {
	if p.next() != "[" {
		return nil, fmt.Errorf("in needs [a, b]")
	}
	var vs []string
	for {
		t := p.next()
		switch t {
		case "]":
			return vs, nil
		case ",":
			continue
		case "":
			return nil, fmt.Errorf("missing ]")
		default:
			vs = append(vs, strings.Trim(t, `"'`))
		}
	}
}

func isIdent(s string) bool {
	return s != "" && keyRe.MatchString(s) && s != "and" && s != "or" && s != "not" && s != "in"
}

type truthy struct{ f string }

func (c truthy) Eval(get Getter) bool {
	v, ok := get(c.f)
	return ok && v != "" && v != "false" && v != "0"
}
func (c truthy) Fields() []string { return []string{c.f} }

type notCond struct{ c Cond }

func (c notCond) Eval(get Getter) bool { return !c.c.Eval(get) }
func (c notCond) Fields() []string     { return c.c.Fields() }

type andCond struct{ l, r Cond }

func (c andCond) Eval(get Getter) bool { return c.l.Eval(get) && c.r.Eval(get) }
func (c andCond) Fields() []string     { return append(c.l.Fields(), c.r.Fields()...) }

type orCond struct{ l, r Cond }

func (c orCond) Eval(get Getter) bool { return c.l.Eval(get) || c.r.Eval(get) }
func (c orCond) Fields() []string     { return append(c.l.Fields(), c.r.Fields()...) }

type inCond struct {
	f   string
	vs  []string
	neg bool
}

func (c inCond) Eval(get Getter) bool {
	v, ok := get(c.f)
	found := false
	if ok {
		for _, x := range c.vs {
			if strings.EqualFold(x, v) {
				found = true
			}
		}
	}
	return found != c.neg
}
func (c inCond) Fields() []string { return []string{c.f} }

type cmp struct{ f, op, v string }

func (c cmp) Eval(get Getter) bool {
	l, ok := get(c.f)
	switch c.op {
	case "==":
		return ok && strings.EqualFold(l, c.v)
	case "!=":
		return !ok || !strings.EqualFold(l, c.v)
	}
	if !ok {
		return false
	}
	r := c.v
	if isIdent(c.v) {
		var rok bool
		if r, rok = get(c.v); !rok {
			return false
		}
	}
	lf, err1 := strconv.ParseFloat(l, 64)
	rf, err2 := strconv.ParseFloat(r, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	switch c.op {
	case ">=":
		return lf >= rf
	case "<=":
		return lf <= rf
	case ">":
		return lf > rf
	default:
		return lf < rf
	}
}
func (c cmp) Fields() []string {
	if c.op != "==" && c.op != "!=" && isIdent(c.v) {
		return []string{c.f, c.v}
	}
	return []string{c.f}
}

// condWords are the words of the condition language as a message reads them.
var condWords = map[string]Label{
	"and": {ID: "dan", EN: "and"}, "or": {ID: "atau", EN: "or"}, "not": {ID: "bukan", EN: "not"},
	"empty": {ID: "tanpa", EN: "no"}, "in": {ID: "salah satu dari", EN: "one of"},
	"true": {ID: "ya", EN: "yes"}, "false": {ID: "tidak", EN: "no"},
	"==": {ID: "=", EN: "="}, "!=": {ID: "≠", EN: "≠"},
}

// CondText renders a required_when condition of the register for a message
// in lang: fields by their labels, enum values by theirs, the operators in
// words ("status in [resolved, closed]" reads "Status salah satu dari
// [Selesai, Ditutup]").
func (r *Register) CondText(cond, lang string) string {
	var b strings.Builder
	var field *Field
	prev := ""
	toks := tokenize(cond)
	for i, t := range toks {
		out := t
		switch {
		case r.byKey[t] != nil:
			field = r.byKey[t]
			out = r.FieldName(t, lang)
			next := ""
			if i+1 < len(toks) {
				next = toks[i+1]
			}
			if field.Type != Boolean && prev != "empty" && (next == "" || next == "and" || next == "or" || next == ")") {
				out += Label{ID: " terisi", EN: " is given"}.In(lang) // a bare field: present
			}
		case condWords[t] != (Label{}) && !(field != nil && field.Type == Enum && (prev == "==" || prev == "!=" || prev == "[" || prev == ",")):
			out = condWords[t].In(lang)
		case field != nil && field.Type == Enum && (prev == "==" || prev == "!=" || prev == "[" || prev == ","):
			out = field.EnumLabel(t, lang)
		}
		if b.Len() > 0 && t != "," && t != "]" && t != ")" && prev != "[" && prev != "(" {
			b.WriteByte(' ')
		}
		b.WriteString(out)
		prev = t
	}
	return b.String()
}
