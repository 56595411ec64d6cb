package html

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/template/parse"
	"unicode/utf8"
)

//go:embed templates/*.html
var builtinTemplates embed.FS

//go:embed assets
var builtinAssets embed.FS

// pageTemplates are the templates that render a whole page; every other
// template file is a partial shared by all of them.
var pageTemplates = []string{"dashboard.html", "documents.html", "document.html", "registers.html",
	"register.html", "record.html", "records.html", "coverage.html", "findings.html", "search.html", "continuity-pack.html", "fields.html"}

// templates holds one parsed template set per page template.
type templates struct {
	sets map[string]*template.Template
	// origin names where each template came from: "layouts/NAME.html" for a
	// site's layout, so that its errors point there.
	origin map[string]string
	// frame lists the partials whose output depends only on what Page.Partial
	// keys its cache by (see frameOnly); they are rendered once per key.
	frame map[string]bool
	cache sync.Map // frame partial + key -> template.HTML
	// allBuiltin: the site has no layout of its own
	allBuiltin bool
}

// partial renders the partial name with p, from the cache when it is a frame partial.
func (t *templates) partial(name string, p *Page) (template.HTML, error) {
	set := t.sets[pageTemplates[0]]
	if set == nil || set.Lookup(name) == nil {
		return "", fmt.Errorf("no template %s", name)
	}
	key := ""
	if t.frame[name] {
		draft := "0"
		if p.Draft {
			draft = "1"
		}
		key = name + "\x00" + p.Root + "\x00" + p.Class + "\x00" + p.Section + "\x00" + draft + "\x00" + strings.Join(p.Scripts, "\x00")
		if h, ok := t.cache.Load(key); ok {
			return h.(template.HTML), nil
		}
	}
	var b strings.Builder
	if err := set.ExecuteTemplate(&b, name, p); err != nil {
		return "", t.layoutErr(err)
	}
	h := template.HTML(b.String())
	if key != "" {
		t.cache.Store(key, h)
	}
	return h, nil
}

// frameFields are the fields (and methods) of Page that are the same on
// every page with the same Root, Class, Section, Draft and Scripts.
var frameFields = map[string]bool{"Root": true, "Site": true, "Class": true, "ClassLabel": true,
	"Section": true, "Nav": true, "L": true, "Draft": true, "Scripts": true, "T": true, "F": true, "URL": true}

// frameOnly reports whether the template tree n reads nothing of the page
// but frameFields (dotIsPage: dot is the page, not an element of a range or
// the value of a with). Anything else, calling another template or the call
// function, makes it page-specific.
func frameOnly(n parse.Node, dotIsPage bool) bool {
	return frameChecker{}.check(n, dotIsPage)
}

// frameChecker is frameOnly that also follows {{template "name" .}} calls
// with the page as their data, through lookup (to a bounded depth).
type frameChecker struct {
	lookup func(name string) *parse.Tree
	depth  int
}

func (fc frameChecker) check(n parse.Node, dotIsPage bool) bool {
	frameOnly := fc.check
	switch n := n.(type) {
	case nil:
		return true
	case *parse.ListNode:
		if n == nil {
			return true
		}
		for _, c := range n.Nodes {
			if !frameOnly(c, dotIsPage) {
				return false
			}
		}
		return true
	case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode,
		*parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
		return true
	case *parse.ActionNode:
		return frameOnly(n.Pipe, dotIsPage)
	case *parse.IfNode:
		return frameOnly(n.Pipe, dotIsPage) && frameOnly(n.List, dotIsPage) && frameOnly(n.ElseList, dotIsPage)
	case *parse.RangeNode:
		return frameOnly(n.Pipe, dotIsPage) && frameOnly(n.List, false) && frameOnly(n.ElseList, dotIsPage)
	case *parse.WithNode:
		return frameOnly(n.Pipe, dotIsPage) && frameOnly(n.List, false) && frameOnly(n.ElseList, dotIsPage)
	case *parse.PipeNode:
		if n == nil {
			return true
		}
		for _, c := range n.Cmds {
			if !frameOnly(c, dotIsPage) {
				return false
			}
		}
		return true
	case *parse.CommandNode:
		for _, a := range n.Args {
			if !frameOnly(a, dotIsPage) {
				return false
			}
		}
		return true
	case *parse.FieldNode:
		return !dotIsPage || frameFields[n.Ident[0]]
	case *parse.ChainNode:
		return frameOnly(n.Node, dotIsPage)
	case *parse.VariableNode:
		if n.Ident[0] != "$" {
			return true // set from a pipeline that was checked
		}
		return len(n.Ident) > 1 && frameFields[n.Ident[1]]
	case *parse.DotNode:
		return !dotIsPage
	case *parse.IdentifierNode:
		return n.Ident != "call"
	case *parse.TemplateNode:
		// another template with the page: as frame-only as that template is
		if fc.lookup == nil || fc.depth >= 8 || n.Pipe == nil || len(n.Pipe.Decl) > 0 || len(n.Pipe.Cmds) != 1 ||
			len(n.Pipe.Cmds[0].Args) != 1 {
			return false
		}
		switch a := n.Pipe.Cmds[0].Args[0].(type) {
		case *parse.DotNode:
			if !dotIsPage {
				return false
			}
		case *parse.VariableNode:
			if len(a.Ident) != 1 || a.Ident[0] != "$" {
				return false
			}
		default:
			return false
		}
		tree := fc.lookup(n.Name)
		if tree == nil {
			return false
		}
		return frameChecker{lookup: fc.lookup, depth: fc.depth + 1}.check(tree.Root, true)
	}
	return false // a node this does not know
}

func (t *templates) execute(w io.Writer, name string, data any) error {
	s := t.sets[name]
	if s == nil {
		return fmt.Errorf("no template %s", name)
	}
	return t.layoutErr(s.ExecuteTemplate(w, name, data))
}

// LayoutError is an error in a site's layout (layouts/NAME.html): text that
// is not UTF-8, a template that does not parse, or one that fails when a
// page is rendered, at its line and column. Code is its finding code.
type LayoutError struct {
	File      string // site-relative: layouts/NAME.html
	Line, Col int
	Code      string // invalid-utf8, layout-error, or a symlink-… code
	Msg       string // what is wrong, in the template engine's words
	// Args fill the placeholders of Code's message; nil: {"error": Msg}.
	Args map[string]string
}

func (e *LayoutError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc += ":" + strconv.Itoa(e.Line)
		if e.Col > 0 {
			loc += ":" + strconv.Itoa(e.Col)
		}
	}
	if e.Msg == "" {
		return loc + ": " + e.Code
	}
	return loc + ": " + e.Msg
}

// templatePos finds the positions "NAME:LINE[:COL]:" that text/template and
// html/template put into their errors.
var templatePos = regexp.MustCompile(`template: ?([A-Za-z0-9_.\-]+):(\d+)(?::(\d+))?: ?`)

// goTypeRe matches the Go type names the template engine puts into errors.
var goTypeRe = regexp.MustCompile(` (?:in|for) type \S+| of type \S+`)

// layoutErr turns an error of the template engine that points into a site's
// layout into a *LayoutError at that position; other errors are returned as
// they are.
func (t *templates) layoutErr(err error) error {
	if err == nil {
		return nil
	}
	var le *LayoutError
	if errors.As(err, &le) {
		return err
	}
	msg := err.Error()
	for _, m := range templatePos.FindAllStringSubmatchIndex(msg, -1) {
		name := msg[m[2]:m[3]]
		file := t.origin[name]
		if !strings.HasPrefix(file, "layouts/") {
			continue
		}
		line, _ := strconv.Atoi(msg[m[4]:m[5]])
		col := 0
		if m[6] >= 0 {
			col, _ = strconv.Atoi(msg[m[6]:m[7]])
		}
		return &LayoutError{File: file, Line: line, Col: col, Code: "layout-error", Msg: cleanTemplateMsg(msg[m[1]:])}
	}
	return err
}

// cleanTemplateMsg drops what only makes sense inside smsgen (Go type names,
// the name of the template being executed) from an error message.
func cleanTemplateMsg(msg string) string {
	msg = strings.TrimSpace(msg)
	if rest, ok := strings.CutPrefix(msg, "executing "); ok {
		if i := strings.Index(rest, " at <"); i >= 0 {
			msg = rest[i+1:]
		}
	}
	return goTypeRe.ReplaceAllString(msg, "")
}

// CheckLayouts reads and parses the site's layouts without rendering: a
// *LayoutError for the first layout that is not UTF-8 or does not parse.
func CheckLayouts(root string) error {
	_, err := loadTemplates(root)
	return err
}

// Names returns the names of the built-in templates (what layouts/NAME.html may override).
func Names() []string {
	entries, _ := fs.ReadDir(builtinTemplates, "templates")
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

// loadTemplates parses the built-in templates, each replaced by the site's
// layouts/NAME.html when there is one. Each file is the template named after
// it; partials are shared by every page.
func loadTemplates(root string) (*templates, error) {
	src := map[string]string{}
	origin := map[string]string{}
	for _, n := range Names() {
		b, err := builtinTemplates.ReadFile("templates/" + n)
		if err != nil {
			return nil, err
		}
		src[n] = string(b)
		origin[n] = "built-in template " + n
	}
	over, err := siteLayouts(root)
	if err != nil {
		return nil, err
	}
	for n, b := range over {
		if _, known := src[n]; !known {
			return nil, &LayoutError{File: "layouts/" + n, Code: "layout-error",
				Msg: fmt.Sprintf("no built-in template of that name to override (known: %s)", strings.Join(Names(), ", "))}
		}
		src[n] = b
		origin[n] = "layouts/" + n
	}
	isPage := map[string]bool{}
	for _, p := range pageTemplates {
		isPage[p] = true
	}
	var partials []string
	for n := range src {
		if !isPage[n] {
			partials = append(partials, n)
		}
	}
	sort.Strings(partials)
	t := &templates{sets: map[string]*template.Template{}, origin: origin, allBuiltin: len(over) == 0}
	for _, p := range pageTemplates {
		set := template.New(p).Funcs(funcs).Option("missingkey=error")
		if _, err := set.Parse(src[p]); err != nil {
			return nil, t.parseErr(origin[p], err)
		}
		for _, n := range partials {
			if _, err := set.New(n).Parse(src[n]); err != nil {
				return nil, t.parseErr(origin[n], err)
			}
		}
		t.sets[p] = set
	}
	t.frame = map[string]bool{}
	if set := t.sets[pageTemplates[0]]; set != nil {
		fc := frameChecker{lookup: func(name string) *parse.Tree {
			if isPage[name] { // a page template: never part of a frame
				return nil
			}
			if tp := set.Lookup(name); tp != nil {
				return tp.Tree
			}
			return nil
		}}
		for _, n := range partials {
			if tp := set.Lookup(n); tp != nil && tp.Tree != nil && fc.check(tp.Tree.Root, true) {
				t.frame[n] = true
			}
		}
	}
	return t, nil
}

// parseErr is the error of a template of origin that does not parse: a
// *LayoutError at its position for a site's layout.
func (t *templates) parseErr(origin string, err error) error {
	if le := t.layoutErr(err); le != err {
		return le
	}
	if strings.HasPrefix(origin, "layouts/") {
		return &LayoutError{File: origin, Code: "layout-error", Msg: cleanTemplateMsg(err.Error())}
	}
	return fmt.Errorf("%s: %w", origin, err)
}

// siteLayouts reads layouts/*.html of the site (no sub-folders; nothing that
// resolves outside the site root).
func siteLayouts(root string) (map[string]string, error) {
	out := map[string]string{}
	if root == "" {
		return out, nil
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return out, nil
	}
	dir := filepath.Join(realRoot, "layouts")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return out, nil
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, ".") || path.Ext(n) != ".html" {
			continue
		}
		p, err := filepath.EvalSymlinks(filepath.Join(dir, n))
		if err != nil {
			code := "symlink-broken"
			if _, serr := os.Stat(filepath.Join(dir, n)); errors.Is(serr, syscall.ELOOP) {
				code = "symlink-loop"
			}
			t, _ := os.Readlink(filepath.Join(dir, n))
			return nil, &LayoutError{File: "layouts/" + n, Code: code, Msg: "symbolic link does not resolve: " + t, Args: map[string]string{"target": t}}
		}
		if !inside(realRoot, p) {
			return nil, &LayoutError{File: "layouts/" + n, Code: "symlink-outside-root", Msg: "links outside the site root: " + p,
				Args: map[string]string{"target": p}}
		}
		st, err := os.Stat(p)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		if st.Size() > 1<<20 {
			return nil, fmt.Errorf("layouts/%s: larger than 1 MiB", n)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		if !utf8.Valid(b) { // every page would hold invalid text: refused at the first bad byte
			line, col := badUTF8Pos(b)
			return nil, &LayoutError{File: "layouts/" + n, Line: line, Col: col, Code: "invalid-utf8"}
		}
		out[n] = string(b)
	}
	return out, nil
}

// badUTF8Pos returns the line and column (in characters) of the first byte
// of b that is not UTF-8.
func badUTF8Pos(b []byte) (line, col int) {
	line, col = 1, 1
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += n
	}
	return line, col
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
}

type asset struct {
	path string
	data []byte
}

// staticAssets returns the CSS and JavaScript files of the site.
func staticAssets() []asset {
	var out []asset
	_ = fs.WalkDir(builtinAssets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), "pack") {
			return nil
		}
		b, _ := builtinAssets.ReadFile(p)
		out = append(out, asset{path: p, data: b})
		return nil
	})
	return out
}

func packCSS() string {
	b, _ := builtinAssets.ReadFile("assets/pack.css")
	return string(b)
}
