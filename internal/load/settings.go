package load

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/smsgen/smsgen/internal/attach"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/model"
	yaml "go.yaml.in/yaml/v3"
)

// loadSettings reads smsgen.yaml. Its findings are in the language the
// settings ask for (or --lang), found even when the file does not parse, else
// Indonesian; each points at the line of the offending key and says what is
// wrong in words of the settings, never of the program's types.
func loadSettings(w *walker, rep *i18n.Reporter) model.Settings {
	var s model.Settings
	p := filepath.Join(w.root, SettingsFile)
	st, err := os.Lstat(p)
	if err != nil {
		return s
	}
	f := file{rel: SettingsFile, abs: p, size: st.Size()}
	if st.Mode()&os.ModeSymlink != 0 {
		t, err := filepath.EvalSymlinks(p)
		if err != nil {
			w.reportBadLink(SettingsFile, p)
			return s
		}
		if !w.inside(t) {
			rep.Report("symlink-outside-root", i18n.Where{File: SettingsFile}, map[string]string{"target": t})
			return s
		}
		f.abs = t
		if st, err = os.Stat(t); err != nil {
			w.reportBadLink(SettingsFile, p)
			return s
		}
		f.size = st.Size()
	}
	if !st.Mode().IsRegular() && !st.IsDir() { // a named pipe would block the reader: never opened
		rep.Report("special-file", i18n.Where{File: SettingsFile}, map[string]string{"kind": specialKind(st.Mode())})
		return s
	}
	lang := rep.Lang
	if lang == "" && st.Mode().IsRegular() && st.Size() <= MaxFileSize {
		if b, err := os.ReadFile(f.abs); err == nil {
			lang = settingsLanguage(b)
		}
	}
	if lang == "" {
		lang = "id"
	}
	r := &i18n.Reporter{C: rep.C, Lang: lang}
	b, ok := readText(f, r)
	if !ok {
		return s
	}
	invalid := func(line, col int, msg string) {
		r.Report("settings-invalid", i18n.Where{File: SettingsFile, Line: line, Col: col}, map[string]string{"error": msg})
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		line, msg := yamlErrLine(err)
		invalid(line, 0, i18n.Label(lang, "settings_yaml_syntax")+": "+msg)
		s.Language = validLang(settingsLanguage(b))
		return s
	}
	if len(doc.Content) == 0 {
		return s // empty, or only comments
	}
	root := doc.Content[0]
	var res resolver
	if err := res.count(root); err != nil {
		invalid(root.Line, 0, i18n.Label(lang, "settings_aliases"))
		return s
	}
	if root.Kind == yaml.AliasNode {
		root = root.Alias
	}
	if root.Kind != yaml.MappingNode {
		if root.Tag == "!!null" {
			return s
		}
		invalid(root.Line, root.Column, i18n.Label(lang, "settings_not_a_mapping")+" ("+tr(lang, settingsKind(root))+")")
		return s
	}
	fields := settingsFields()
	seen := map[string]int{}
	rv := reflect.ValueOf(&s).Elem()
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key := k.Value
		if prev, dup := seen[key]; dup {
			invalid(k.Line, k.Column, i18n.Label(lang, "settings_duplicate_key")+" "+strconv.Quote(key)+" ("+i18n.Label(lang, "settings_line")+" "+strconv.Itoa(prev)+")")
			continue
		}
		seen[key] = k.Line
		idx, known := fields[key]
		if !known {
			invalid(k.Line, k.Column, i18n.Label(lang, "settings_unknown_key")+" "+strconv.Quote(key)+"; "+i18n.Label(lang, "settings_known_keys")+": "+knownKeys())
			continue
		}
		fv := rv.Field(idx)
		nv := reflect.New(fv.Type())
		if err := v.Decode(nv.Interface()); err != nil {
			line := v.Line
			if line == 0 {
				line = k.Line
			}
			invalid(line, v.Column, key+": "+i18n.Label(lang, "settings_want")+" "+tr(lang, typeName(fv.Type()))+", "+i18n.Label(lang, "settings_found")+" "+tr(lang, settingsKind(v))+valueHint(v))
			continue
		}
		fv.Set(nv.Elem())
		if key == "rules" {
			s.Rules = checkRules(v, s.Rules, lang, invalid)
		}
		if key == "frameworks" && v.Kind == yaml.SequenceNode {
			for _, it := range v.Content {
				s.FrameworkPos = append(s.FrameworkPos, model.Pos{File: SettingsFile, Line: it.Line, Col: it.Column})
			}
		}
	}
	if s.Language != "" && s.Language != "id" && s.Language != "en" {
		line := 1
		if l, ok := seen["language"]; ok {
			line = l
		}
		invalid(line, 0, i18n.Label(lang, "settings_language"))
		s.Language = "id"
	}
	if s.Logo != "" {
		s.Logo = checkLogo(w.root, s.Logo, seen["logo"], lang, r)
	}
	return s
}

// checkLogo checks the logo named by the settings: a PNG or JPEG file of the
// site that passes the attachment checks (where it lies, what it holds). It
// returns the clean site path, or "" (no logo) with a finding at the key.
func checkLogo(root, logo string, line int, lang string, r *i18n.Reporter) string {
	rel := path.Clean(strings.TrimPrefix(filepath.ToSlash(strings.TrimSpace(logo)), "./"))
	switch strings.ToLower(path.Ext(rel)) {
	case ".png", ".jpg", ".jpeg":
	default:
		r.Report("settings-invalid", i18n.Where{File: SettingsFile, Line: line},
			map[string]string{"error": "logo: " + i18n.Label(lang, "settings_logo_type") + " " + strconv.Quote(logo)})
		return ""
	}
	if pr := attach.Check(root, rel, filepath.Join(root, "output")); pr != nil {
		r.Report(pr.Code, i18n.Where{File: SettingsFile, Line: line, Value: logo}, map[string]string{"reason": pr.In(lang)})
		return ""
	}
	return rel
}

// settingsLanguage finds the language a settings file asks for, even when
// the file does not parse as a whole: "" when it names none (or an unknown one).
func settingsLanguage(b []byte) string {
	var doc yaml.Node
	if yaml.Unmarshal(b, &doc) == nil && len(doc.Content) > 0 && doc.Content[0].Kind == yaml.MappingNode {
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == "language" && m.Content[i+1].Kind == yaml.ScalarNode {
				return validLang(strings.TrimSpace(m.Content[i+1].Value))
			}
		}
		return ""
	}
	for _, ln := range bytes.Split(b, []byte("\n")) {
		if m := languageLine.FindSubmatch(ln); m != nil {
			return validLang(string(m[1]))
		}
	}
	return ""
}

var languageLine = regexp.MustCompile(`^language\s*:\s*["']?([a-zA-Z]+)["']?\s*(?:#.*)?\r?$`)

func validLang(l string) string {
	if l == "id" || l == "en" {
		return l
	}
	return ""
}

// settingsFields maps the keys of smsgen.yaml to the fields of model.Settings.
func settingsFields() map[string]int {
	t := reflect.TypeOf(model.Settings{})
	out := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		if k, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); k != "" && k != "-" {
			out[k] = i
		}
	}
	return out
}

func knownKeys() string {
	t := reflect.TypeOf(model.Settings{})
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		if k, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); k != "" && k != "-" {
			keys = append(keys, k)
		}
	}
	return strings.Join(keys, ", ")
}

// typeName describes what a settings value must be, as a key of tr.
func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Slice:
		return "list of texts"
	case reflect.Map:
		if t.Elem().Kind() == reflect.Map {
			return "matrix"
		}
		return "mapping"
	case reflect.Int, reflect.Int64:
		return "whole number"
	case reflect.Bool:
		return "yes/no"
	}
	return "value"
}

// settingsKind describes what a YAML node holds, as a key of tr.
func settingsKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "yes/no value"
	case "!!null":
		return "nothing"
	}
	return "text"
}

// valueHint quotes a short scalar that was found where something else belongs.
func valueHint(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode || n.Value == "" || len(n.Value) > 40 {
		return ""
	}
	return " " + strconv.Quote(n.Value)
}

// tr is a word of the settings findings from the label catalogue
// (keys settings_*).
func tr(lang, key string) string {
	return i18n.Label(lang, "settings_"+strings.Trim(nonWord.ReplaceAllString(key, "_"), "_"))
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// checkRules keeps the entries of rules: that name a known finding code with
// the level off, warning or error (any case), and reports the others at their
// line. A protected code may only be raised to error.
func checkRules(n *yaml.Node, rules map[string]string, lang string, invalid func(line, col int, msg string)) map[string]string {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	out := map[string]string{}
	if n.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		code := strings.TrimSpace(k.Value)
		level := strings.ToLower(strings.TrimSpace(rules[k.Value]))
		switch {
		case !i18n.Known(code):
			invalid(k.Line, k.Column, i18n.Label(lang, "settings_rule_unknown_code")+" "+strconv.Quote(code))
		case level != model.RuleOff && level != model.RuleWarning && level != model.RuleError:
			invalid(v.Line, v.Column, "rules: "+code+": "+i18n.Label(lang, "settings_rule_level")+valueHint(v))
		case model.Protected(code) && level != model.RuleError:
			invalid(v.Line, v.Column, "rules: "+code+": "+i18n.Label(lang, "settings_rule_protected"))
		default:
			out[code] = level
		}
	}
	return out
}
