// Package review compares two revisions of a site kept in git, for a pull
// request: documents added, removed, changed (version, status, front matter,
// sections by heading) and moved; register records added, removed and
// changed field by field; findings introduced and fixed. It also enforces
// document control across the two revisions (a content change needs a higher
// version, a version never goes down, a new version has its revision history
// entry, a changed approved document has a new approval date).
//
// Both revisions are read with the git command (see package gitinfo) and
// loaded and validated by the same code as `smsgen validate`.
package review

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/smsgen/smsgen/internal/diag"
	"github.com/smsgen/smsgen/internal/gitinfo"
	"github.com/smsgen/smsgen/internal/i18n"
	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/pipeline"
	"github.com/smsgen/smsgen/internal/validate"
)

// Options of a comparison.
type Options struct {
	Root  string    // site root inside a git checkout
	Base  string    // base revision
	Head  string    // head revision; "" for the working tree
	Today time.Time // the same "today" for both sides
	Lang  string    // message language override ("" = the site's)
	// MergeBase compares against the common ancestor of Base and Head, as a
	// pull request does (git diff BASE...HEAD), so that changes made on the
	// base branch meanwhile are not shown as reverted by the head.
	MergeBase bool
}

// SitePaths are the parts of a site root read from a revision.
var SitePaths = []string{"content", "registers", load.SettingsFile}

// Run loads both revisions and compares them. The head's findings (in
// Result.Findings) include the version-control findings.
func Run(opts Options) (*Report, *pipeline.Result, error) {
	repo, err := gitinfo.Open(opts.Root)
	if err != nil {
		return nil, nil, err
	}
	baseCommit, err := repo.ResolveCommit(opts.Base)
	if err != nil {
		return nil, nil, err
	}
	rep := &Report{Base: Rev{Name: opts.Base, Commit: baseCommit}}
	headCommit := ""
	if opts.Head != "" {
		if headCommit, err = repo.ResolveCommit(opts.Head); err != nil {
			return nil, nil, err
		}
		rep.Head = Rev{Name: opts.Head, Commit: headCommit}
	} else {
		rep.Head = Rev{Name: "working tree", WorkingTree: true}
		headCommit = repo.Head()
	}
	if opts.MergeBase && headCommit != "" && headCommit != baseCommit {
		mb, err := repo.MergeBase(baseCommit, headCommit)
		if err != nil {
			return nil, nil, err
		}
		rep.Base.Commit = mb
	}

	var baseRes, headRes *pipeline.Result
	var baseErr, headErr error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		baseRes, baseErr = loadRevision(repo, rep.Base.Commit, opts)
	}()
	go func() {
		defer wg.Done()
		if opts.Head == "" {
			headRes, headErr = pipeline.Run(pipeline.Options{Root: opts.Root, Today: opts.Today, Lang: opts.Lang})
			return
		}
		headRes, headErr = loadRevision(repo, headCommit, opts)
	}()
	wg.Wait()
	if baseErr != nil {
		return nil, nil, baseErr
	}
	if headErr != nil {
		return nil, nil, headErr
	}
	Compare(rep, baseRes, headRes)
	return rep, headRes, nil
}

// loadRevision extracts a commit's site into a temporary folder and checks it.
func loadRevision(repo *gitinfo.Repo, commit string, opts Options) (*pipeline.Result, error) {
	dir, err := os.MkdirTemp("", "smsgen-rev-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := repo.Extract(commit, dir, SitePaths); err != nil {
		return nil, err
	}
	res, err := pipeline.Run(pipeline.Options{Root: dir, Today: opts.Today, Lang: opts.Lang})
	if err != nil {
		return nil, err
	}
	// the folder is gone after this: nothing may point into it
	for i := range res.Findings {
		res.Findings[i].Message = strings.ReplaceAll(res.Findings[i].Message, dir+string(os.PathSeparator), "")
		res.Findings[i].Message = strings.ReplaceAll(res.Findings[i].Message, dir, ".")
	}
	res.Site.Root = ""
	return res, nil
}

// Compare fills rep from two checked sites and adds the version-control
// findings to head.Findings.
func Compare(rep *Report, base, head *pipeline.Result) {
	rep.Lang = head.Lang
	var c diag.Collector
	r := &i18n.Reporter{C: &c, Lang: head.Lang}
	baseName := rep.Base.Name
	if rep.Base.Commit != "" {
		baseName += " (" + short(rep.Base.Commit) + ")"
	}
	moves := compareSites(rep, base.Site, head.Site, r, baseName)
	r.ReportTruncated()
	if extra := validate.ApplyRules(head.Site, c.Findings()); len(extra) > 0 {
		head.Findings = append(head.Findings, extra...)
		diag.Sort(head.Findings)
	}
	rep.Introduced, rep.Fixed = diffFindings(base.Findings, head.Findings, moves)
	rep.BaseErrors, rep.BaseWarnings = counts(base.Findings)
	rep.HeadErrors, rep.HeadWarnings = counts(head.Findings)
}

// VersionFindings returns the version-control findings of the site in head
// (already checked) against the base revision, for `validate --base`.
func VersionFindings(head *pipeline.Result, base string, opts Options) ([]diag.Finding, error) {
	repo, err := gitinfo.Open(head.Site.Root)
	if err != nil {
		return nil, err
	}
	commit, err := repo.ResolveCommit(base)
	if err != nil {
		return nil, err
	}
	if opts.MergeBase {
		if h := repo.Head(); h != "" && h != commit {
			if commit, err = repo.MergeBase(commit, h); err != nil {
				return nil, err
			}
		}
	}
	baseRes, err := loadRevision(repo, commit, opts)
	if err != nil {
		return nil, err
	}
	var c diag.Collector
	r := &i18n.Reporter{C: &c, Lang: head.Lang}
	compareSites(&Report{Lang: head.Lang}, baseRes.Site, head.Site, r, base+" ("+short(commit)+")")
	r.ReportTruncated()
	return validate.ApplyRules(head.Site, c.Findings()), nil
}

// Errors counts the errors the change introduces.
func (r *Report) Errors() int { return diag.Count(r.Introduced, diag.Error) }

// Warnings counts the warnings the change introduces.
func (r *Report) Warnings() int { return diag.Count(r.Introduced, diag.Warning) - r.Errors() }

func counts(fs []diag.Finding) (errors, warnings int) {
	e := diag.Count(fs, diag.Error)
	return e, diag.Count(fs, diag.Warning) - e
}

func short(commit string) string {
	if len(commit) > 10 {
		return commit[:10]
	}
	return commit
}

func itoa(n int) string { return strconv.Itoa(n) }
