package attach

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// SVG is accepted only when it passes a strict check: an SVG image is a
// document that a browser runs like a page when it is opened by itself, so
// everything that could run code, show other documents or load anything is
// refused (not removed): script and handler attributes, foreignObject,
// HTML-namespace elements, animation of links or handlers, any reference that
// is not a fragment of the file itself (or a data: image), style sheets that
// import or load anything, a DOCTYPE with an internal subset (entities), and
// processing instructions
// such as xml-stylesheet. XML is checked by the same rules.

const (
	nsSVG   = "http://www.w3.org/2000/svg"
	nsXLink = "http://www.w3.org/1999/xlink"
)

// elements that are refused in SVG and XML, by local name (any namespace)
var refusedElements = map[string]bool{
	"script": true, "foreignobject": true, "iframe": true, "frame": true, "frameset": true, "embed": true,
	"object": true, "applet": true, "handler": true, "listener": true, "html": true, "body": true, "meta": true,
	"link": true, "base": true, "form": true, "audio": true, "video": true, "portal": true, "import": true,
	"include": true, // XInclude
}

// namespaces whose elements a browser renders as active markup inside XML
var refusedNamespaces = map[string]bool{
	"http://www.w3.org/1999/xhtml":                                  true,
	"http://www.w3.org/1998/Math/MathML":                            true,
	"http://www.w3.org/1999/XSL/Transform":                          true,
	"http://www.w3.org/2001/XInclude":                               true,
	"http://www.mozilla.org/keymaster/gatekeeper/there.is.only.xul": true,
}

func checkSVG(b []byte) *Problem { return checkMarkup(b, true) }
func checkXML(b []byte) *Problem { return checkMarkup(b, false) }

func checkMarkup(b []byte, svg bool) *Problem {
	what := "XML"
	if svg {
		what = "SVG"
	}
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		return nil, errors.New("only UTF-8 is accepted")
	}
	root := true
	var stack []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return problem(CodeMismatch, "attach_not_well_formed", what, err)
		}
		switch t := tok.(type) {
		case xml.ProcInst:
			if t.Target != "xml" {
				return problem(CodeActive, "attach_processing_instruction", what, t.Target)
			}
		case xml.Directive:
			// in SVG, a plain DOCTYPE naming the DTD (as SVG editors write)
			// is inert: browsers never load it; an internal subset declares
			// entities. Any other declaration, and any in XML, is refused.
			d := strings.TrimSpace(string(t))
			if !svg || !strings.HasPrefix(d, "DOCTYPE") || strings.ContainsAny(d, "[<>%&") {
				if svg {
					return problem(CodeActive, "attach_svg_doctype")
				}
				return problem(CodeActive, "attach_xml_doctype")
			}
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if root {
				root = false
				if svg && (name != "svg" || (t.Name.Space != nsSVG && t.Name.Space != "")) {
					return problem(CodeMismatch, "attach_root_not_svg", t.Name.Local)
				}
			}
			if refusedNamespaces[t.Name.Space] {
				return problem(CodeActive, "attach_element_ns", what, t.Name.Local, t.Name.Space)
			}
			// an SVG file is all SVG; in other XML only SVG-namespace elements
			// are rendered (and XHTML, refused above): data elements such as
			// <link> of a feed are inert there
			strict := svg || t.Name.Space == nsSVG
			if strict && refusedElements[name] {
				return problem(CodeActive, "attach_element", what, t.Name.Local)
			}
			for _, a := range t.Attr {
				if !strict && a.Name.Space != nsXLink {
					continue
				}
				if p := checkAttr(what, name, a); p != nil {
					return p
				}
			}
			stack = append(stack, name)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1] == "style" {
				if p := checkCSS(what, string(t)); p != nil {
					return p
				}
			}
		}
	}
	if root {
		return problem(CodeMismatch, "attach_no_element", what)
	}
	return nil
}

// compact lowercases s and drops whitespace and control characters, as
// browsers do when they read a URL scheme.
func compact(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r <= ' ' || r == 0x7f {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func checkAttr(what, elem string, a xml.Attr) *Problem {
	name := strings.ToLower(a.Name.Local)
	v := compact(a.Value)
	if strings.HasPrefix(name, "on") {
		return problem(CodeActive, "attach_event_handler", what, a.Name.Local)
	}
	if a.Name.Space == "xmlns" || (a.Name.Space == "" && name == "xmlns") {
		return nil // namespace declarations: the elements are checked by namespace
	}
	for _, scheme := range []string{"javascript:", "vbscript:", "livescript:"} {
		if strings.Contains(v, scheme) {
			return problem(CodeActive, "attach_script_url", what, a.Name.Local)
		}
	}
	switch name {
	case "href", "src", "action", "formaction", "data", "codebase":
		if !localRef(v) {
			return problem(CodeActive, "attach_outside_reference", what, a.Name.Local, a.Value)
		}
	case "attributename":
		// <set>/<animate> that would write a link or a handler
		if strings.HasPrefix(v, "on") || strings.HasSuffix(v, "href") || v == "src" {
			return problem(CodeActive, "attach_animation", what, a.Value)
		}
	case "style":
		return checkCSS(what, a.Value)
	}
	if strings.Contains(v, "url(") {
		return checkCSS(what, a.Value)
	}
	return nil
}

// localRef accepts a reference to a fragment of the file itself or an
// embedded raster image.
func localRef(v string) bool {
	if v == "" || strings.HasPrefix(v, "#") {
		return true
	}
	for _, p := range []string{"data:image/png;", "data:image/jpeg;", "data:image/gif;", "data:image/webp;"} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// checkCSS refuses style that imports or loads anything but a fragment.
func checkCSS(what, css string) *Problem {
	v := compact(css)
	if strings.Contains(v, "@import") || strings.Contains(v, "expression(") || strings.Contains(v, "behavior:") ||
		strings.Contains(v, "-moz-binding") || strings.Contains(v, "\\") {
		return problem(CodeActive, "attach_style_imports", what)
	}
	for rest := v; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			break
		}
		rest = rest[i+4:]
		ref := strings.Trim(rest, `'"`)
		if !localRef(ref) {
			return problem(CodeActive, "attach_style_loads", what)
		}
	}
	return nil
}
