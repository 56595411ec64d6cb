// Package scaffold writes the files of a new site (smsgen init): settings,
// a first policy, a first register, CI files for GitHub and GitLab and a
// .gitignore. It never overwrites: every file it would write is checked
// before the first one is written.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Options of a new site.
type Options struct {
	Lang         string    // "id" (default) or "en": the site language and the language of the files
	Title        string    // site title ("" = a default in Lang)
	Organization string    // "" = a placeholder in Lang
	Unit         string    // "" = a placeholder in Lang
	Today        time.Time // dates of the first policy
	// Version is the smsgen version the CI files install ("" or "dev": latest).
	Version string
	// CIDir, when set, is the top of the git checkout that holds the new
	// site in its folder SitePath (slash-separated): CI systems read their
	// files there only, so the CI files go there and name the site's folder.
	CIDir, SitePath string
}

// File is one file of a new site.
type File struct {
	Path string // slash-separated, relative to the site root (to Options.CIDir for a CI file there)
	Data string
	CI   bool // a CI file: written into Options.CIDir when set
}

// ErrIsSite is returned when the folder already holds a site.
var ErrIsSite = errors.New("already a site")

// Files returns the files of a new site, sorted by path.
func Files(o Options) []File {
	t := texts[lang(o.Lang)]
	title, org, unit := o.Title, o.Organization, o.Unit
	if title == "" {
		title = t.title
	}
	if org == "" {
		org = t.org
	}
	if unit == "" {
		unit = t.unit
	}
	today := o.Today.Format("2006-01-02")
	next := o.Today.AddDate(1, 0, 0).Format("2006-01-02")
	settings := fmt.Sprintf(`# Site settings (see the smsgen README, "Site settings").
organization: %s
unit: %s
title: %s
language: %s            # id (Bahasa Indonesia) or en
date_format: DD/MM/YYYY # a local date format accepted besides ISO 8601
frameworks: [iso20000, kmk395]
`, yamlString(org), yamlString(unit), yamlString(title), lang(o.Lang))
	policy := fmt.Sprintf(t.policy, yamlString(unit), next, today)
	ci := strings.NewReplacer("{install}", install(o.Version), "{flags}", "", "{out}", "output/")
	if o.CIDir != "" && o.SitePath != "" {
		site := strings.TrimSuffix(o.SitePath, "/")
		ci = strings.NewReplacer("{install}", install(o.Version), "{flags}", " --root "+shellWord(site),
			"{out}", site+"/output/")
	}
	files := []File{
		{Path: "smsgen.yaml", Data: settings},
		{Path: t.policyPath, Data: policy},
		{Path: "registers/services.yaml", Data: t.services},
		{Path: ".github/workflows/smsgen.yml", Data: ci.Replace(githubWorkflow), CI: true},
		{Path: ".gitlab-ci.yml", Data: ci.Replace(gitlabCI), CI: true},
		{Path: ".gitignore", Data: gitignore},
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files
}

// Write writes the files of a new site into dir (created when missing), the
// CI files into o.CIDir when set, and returns the paths it wrote. It refuses, writing nothing, a folder that already
// holds a site (content/, registers/ or smsgen.yaml) or any of the files; an
// existing .gitignore is kept and gets the output folder appended when it
// does not ignore it yet.
func Write(dir string, o Options) ([]string, error) {
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return nil, fmt.Errorf("%s is a file, not a folder", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, p := range []string{"content", "registers", "smsgen.yaml", "smsgen.yml"} {
		if _, err := os.Lstat(filepath.Join(dir, p)); err == nil {
			return nil, fmt.Errorf("%s holds %s: %w; smsgen init never overwrites a site", dir, p, ErrIsSite)
		}
	}
	files := Files(o)
	at := func(f File) string {
		if f.CI && o.CIDir != "" {
			return filepath.Join(o.CIDir, filepath.FromSlash(f.Path))
		}
		return filepath.Join(dir, filepath.FromSlash(f.Path))
	}
	var exist []string
	for _, f := range files {
		if f.Path == ".gitignore" {
			continue
		}
		if _, err := os.Lstat(at(f)); err == nil {
			exist = append(exist, at(f))
		}
	}
	if len(exist) > 0 {
		return nil, fmt.Errorf("%s already exists; smsgen init never overwrites a file: move it away (and merge it afterwards) first", strings.Join(exist, ", "))
	}
	var wrote []string
	for _, f := range files {
		p := at(f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return wrote, err
		}
		if f.Path == ".gitignore" {
			ok, err := appendIgnore(p)
			if err != nil {
				return wrote, err
			}
			if ok {
				wrote = append(wrote, p)
			}
			continue
		}
		// O_EXCL: a file that appeared since the check above is not overwritten either
		w, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return wrote, err
		}
		_, err = w.WriteString(f.Data)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return wrote, err
		}
		wrote = append(wrote, p)
	}
	return wrote, nil
}

// appendIgnore writes .gitignore, or appends the output folder to an existing
// one that does not ignore it yet; it reports whether it wrote anything.
func appendIgnore(p string) (bool, error) {
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return true, os.WriteFile(p, []byte(gitignore), 0o644)
	}
	if err != nil {
		return false, err
	}
	for _, ln := range strings.Split(string(b), "\n") {
		switch strings.TrimSpace(ln) {
		case "output", "output/", "/output", "/output/":
			return false, nil
		}
	}
	add := gitignore
	if len(b) > 0 && b[len(b)-1] != '\n' {
		add = "\n" + add
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return false, err
	}
	_, err = f.WriteString(add)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err == nil, err
}

func lang(l string) string {
	if l == "en" {
		return "en"
	}
	return "id"
}

// yamlString quotes s for a YAML value when it needs it.
func yamlString(s string) string {
	if s == "" || strings.ContainsAny(s, ":#{}[],&*!|>'\"%@`\n\t") || strings.TrimSpace(s) != s ||
		strings.HasPrefix(s, "-") || strings.HasPrefix(s, "?") {
		return strconv.Quote(s)
	}
	switch strings.ToLower(s) {
	case "yes", "no", "true", "false", "on", "off", "null", "~", "y", "n":
		return strconv.Quote(s)
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return strconv.Quote(s)
	}
	return s
}

// shellWord quotes s for a POSIX shell when it needs it.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// install is the shell command the CI files install smsgen with.
func install(version string) string {
	v := "latest"
	if strings.HasPrefix(version, "v") && !strings.Contains(version, "-dirty") {
		v = version
	}
	return "go install github.com/smsgen/smsgen/cmd/smsgen@" + v
}

const gitignore = "# smsgen build output\n/output/\n"

const githubWorkflow = `# smsgen in GitHub Actions: validate every push and pull request (findings appear as
# annotations on the changed lines), then build the site, PDFs and workbooks and keep them
# as an artifact.
name: smsgen

on:
  pull_request:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read

jobs:
  site:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # last-change dates of documents and registers come from git
      - uses: actions/setup-go@v5
        with:
          go-version: stable
      - name: Install smsgen
        run: {install}
      - name: Validate
        run: smsgen validate{flags} --format github
      - name: Build
        run: smsgen build{flags} --out {out}
      - uses: actions/upload-artifact@v4
        with:
          name: smsgen-output
          path: {out}
`

const gitlabCI = `# smsgen in GitLab CI: validate every pipeline (findings appear in the merge request's
# Code Quality widget), then build the site, PDFs and workbooks and keep them as artifacts.
stages: [validate, build]

default:
  image: golang:latest
  before_script:
    - {install}
    - export PATH="$(go env GOPATH)/bin:$PATH"

variables:
  GIT_DEPTH: "0" # last-change dates of documents and registers come from git

validate:
  stage: validate
  script:
    - smsgen validate{flags} --format gitlab > gl-code-quality-report.json
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json

build:
  stage: build
  script:
    - smsgen build{flags} --out {out}
  artifacts:
    paths: [{out}]
    expire_in: 30 days
`

type siteTexts struct {
	title, org, unit string
	policyPath       string
	policy           string // %s: owner; %s: next review; %s: today
	services         string
}

var texts = map[string]siteTexts{
	"id": {
		title:      "Sistem Manajemen Layanan TI",
		org:        "Nama Instansi",
		unit:       "Nama Unit TI",
		policyPath: "content/kebijakan/kebijakan-sms.md",
		policy: `---
doc_id: KEB-SMS-001
title: Kebijakan Sistem Manajemen Layanan
doc_type: policy
version: "0.1"
status: draft
owner: Kepala %s
next_review: %s
classification: internal
clauses: ["8.1"]
revision_history:
  - {version: "0.1", date: %s, author: smsgen init, summary: Draf awal}
---
# Kebijakan Sistem Manajemen Layanan

Draf awal yang ditulis oleh ` + "`smsgen init`" + `. Sesuaikan isinya, lalu naikkan versi dan ubah status
menjadi ` + "`review`" + ` dan ` + "`approved`" + ` sesuai proses pengesahan (lihat README smsgen).

## Tujuan

Kebijakan ini menetapkan arah dan komitmen pimpinan terhadap sistem manajemen layanan (SMS)
teknologi informasi sesuai SNI ISO/IEC 20000-1:2018.

## Ruang Lingkup

Layanan yang tercantum dalam [Katalog Layanan](reg:services).

## Ketentuan

1. Setiap layanan memiliki pemilik layanan dan tercatat dalam katalog layanan.
2. Setiap perubahan, insiden, dan permintaan layanan dicatat dalam register yang sesuai.
3. Kebijakan ini ditinjau sekurang-kurangnya sekali setahun.
`,
		services: `# Katalog layanan: satu catatan per layanan. Kolom dan aturannya: smsgen schema services
- id: SVC-01
  name: Layanan Surel
  description: Layanan surat elektronik kedinasan untuk seluruh pegawai.
  intended_outcome: Pegawai dapat berkirim surel kedinasan dengan aman.
  owner: Koordinator Infrastruktur
  criticality: high
  status: live
  service_hours: "Senin-Jumat 07.30-16.00"
`,
	},
	"en": {
		title:      "IT Service Management System",
		org:        "Organization name",
		unit:       "IT unit name",
		policyPath: "content/policies/sms-policy.md",
		policy: `---
doc_id: POL-SMS-001
title: Service Management System Policy
doc_type: policy
version: "0.1"
status: draft
owner: Head of %s
next_review: %s
classification: internal
clauses: ["8.1"]
revision_history:
  - {version: "0.1", date: %s, author: smsgen init, summary: First draft}
---
# Service Management System Policy

A first draft written by ` + "`smsgen init`" + `. Adapt it, then raise the version and set the status
to ` + "`review`" + ` and ` + "`approved`" + ` as it goes through approval (see the smsgen README).

## Purpose

This policy sets out management's direction and commitment for the IT service management
system (SMS) according to ISO/IEC 20000-1:2018.

## Scope

The services listed in the [service catalogue](reg:services).

## Provisions

1. Every service has a service owner and is listed in the service catalogue.
2. Every change, incident and service request is recorded in its register.
3. This policy is reviewed at least once a year.
`,
		services: `# Service catalogue: one record per service. Its fields and rules: smsgen schema services
- id: SVC-01
  name: E-mail
  description: Official e-mail for all staff.
  intended_outcome: Staff exchange official e-mail securely.
  owner: Infrastructure coordinator
  criticality: high
  status: live
  service_hours: "Monday-Friday 07:30-16:00"
`,
	},
}
