package cli

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/attach"
	"github.com/smsgen/smsgen/internal/load"
	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/testutil"
)

// A build leaves an output as it is when the previous build recorded it as
// rendered from everything this one would render it from, and its files are
// still what that build wrote (see output.State.Current). The differential
// tests below hold that to the slow path: after every step, the output built
// incrementally must equal, file for file, and with the same findings, a
// build of the same command into a copy of the same folder without the
// previous build's manifest (so nothing is known and everything asked for
// renders).

// upSite is a small site with every kind of input an output reads: two
// documents (one linking the other and an attachment reached through a
// link), a register, and a logo outside the source folders.
func upSite(t *testing.T) string {
	t.Helper()
	doc2 := strings.NewReplacer("KEB-1", "PRO-1", "Kebijakan", "Prosedur", "policy", "procedure").Replace(cliDoc)
	root := cliSite(t, map[string]string{
		"content/a.md":   strings.Replace(cliDoc, "NEXT", "2027-01-01", 1),
		"content/b.md":   strings.Replace(doc2, "NEXT", "2027-01-01", 1) + "\nLihat [kebijakan](a.md) dan [lampiran](lampiran.txt).\n",
		"files/satu.txt": "lampiran satu\n",
		"files/dua.txt":  "lampiran dua\n",
		"smsgen.yaml":    "title: Uji\nlogo: aset/logo.png\n",
		"registers/risks.csv": "id,risk_area,asset_or_service,threat,likelihood,impact,owner,treatment,assessed_at,next_review\n" +
			"RSK-1,availability,Surel,Listrik padam,2,2,Kabid,accept,2026-02-01,2027-02-28\n",
	})
	writePNG(t, filepath.Join(root, "aset", "logo.png"), color.RGBA{200, 0, 0, 255})
	if err := os.Symlink("../files/satu.txt", filepath.Join(root, "content", "lampiran.txt")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	return root
}

func writePNG(t *testing.T, p string, c color.Color) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 4))
	for x := 0; x < 8; x++ {
		for y := 0; y < 4; y++ {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// upRun is one differential step: it runs build with args into out and the
// same into a copy of out without manifest, and fails when the two differ.
// It returns whether the build left out as it was (nothing rendered: the
// folder was not replaced).
type upRun struct {
	t        *testing.T
	root     string
	out      string
	rendered int // builds that rendered
}

var keptLine = regexp.MustCompile(`(?m)^(left as they were|dibiarkan seperti semula): .*\n`)

func (u *upRun) build(step string, args ...string) (skipped bool) {
	t := u.t
	t.Helper()
	ref := filepath.Join(t.TempDir(), "ref")
	if _, err := os.Stat(u.out); err == nil {
		if err := output.CopyFiles(u.out, ref); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(ref, output.ManifestFile))
	}
	before, _ := os.Stat(u.out)
	run := func(out string) (int, string) {
		code, _, errs := cliRun(t, append([]string{"build", "--root", u.root, "--out", out}, args...)...)
		errs = strings.ReplaceAll(errs, out, "OUT")
		return code, keptLine.ReplaceAllString(errs, "")
	}
	code, errs := run(u.out)
	refCode, refErrs := run(ref)
	if code != refCode || errs != refErrs {
		t.Fatalf("%s: exit %d, findings:\n%s\nwant (rendered again) exit %d:\n%s", step, code, errs, refCode, refErrs)
	}
	got, want := hashTree(t, u.out), hashTree(t, ref)
	delete(got, output.ManifestFile)
	delete(want, output.ManifestFile)
	if !reflect.DeepEqual(got, want) {
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s differs from the output rendered again (%q, want %q)", step, k, got[k], v)
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("%s: %s is left over", step, k)
			}
		}
		t.FailNow()
	}
	after, _ := os.Stat(u.out)
	skipped = before != nil && after != nil && os.SameFile(before, after)
	if !skipped {
		u.rendered++
	}
	return skipped
}

func TestUpToDateEqualsRenderedAgain(t *testing.T) {
	root := upSite(t)
	u := &upRun{t: t, root: root, out: filepath.Join(t.TempDir(), "out")}
	today := []string{"--today", "2026-11-21"}
	edit := func(rel, old, new string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		b := testutil.ReadFile(t, p)
		if !strings.Contains(b, old) {
			t.Fatalf("%s lacks %q", rel, old)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(b, old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name   string
		change func()
		args   []string
		skip   bool // the build leaves the output as it is
	}{
		{"first build", nil, nil, false},
		{"nothing changed", nil, nil, true},
		{"nothing changed, --only html", nil, []string{"--only", "html"}, true},
		{"a document's body", func() { edit("content/a.md", "Isi.", "Isi yang diubah.") }, nil, false},
		{"a register's cell", func() { edit("registers/risks.csv", "Listrik padam", "Banjir") }, nil, false},
		{"--only html with the other outputs stale", func() { edit("content/b.md", "Lihat", "Baca") }, []string{"--only", "html"}, false},
		{"everything after --only html", nil, nil, false},
		{"--only pdf", func() { edit("content/a.md", "Isi yang", "Isi lain yang") }, []string{"--only", "pdf"}, false},
		{"html took in the PDFs of before", nil, []string{"--only", "html,xlsx"}, false},
		{"all current again", nil, nil, true},
		{"another --today", nil, []string{"--today", "2026-11-22"}, false},
		{"back to the first --today", nil, nil, false},
		{"another language", nil, []string{"--lang", "en"}, false},
		{"--max-classification", nil, []string{"--max-classification", "public"}, false},
		{"back to all", nil, nil, false},
		{"an output file edited", func() {
			f, err := os.OpenFile(filepath.Join(u.out, "site", "index.html"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("<!-- edited -->")
			f.Close()
		}, nil, false},
		{"an output file removed", func() {
			matches, _ := filepath.Glob(filepath.Join(u.out, "xlsx", "*.xlsx"))
			if len(matches) == 0 {
				t.Fatal("no workbook")
			}
			os.Remove(matches[0])
		}, nil, false},
		{"a file added to an output", func() {
			os.WriteFile(filepath.Join(u.out, "pdf", "stray.txt"), []byte("x"), 0o644)
		}, nil, false},
		{"an output file touched, not changed", func() {
			p := filepath.Join(u.out, "site", "index.html")
			b := testutil.ReadFile(t, p)
			os.Remove(p)
			os.WriteFile(p, []byte(b), 0o644)
		}, nil, true},
		{"the logo, outside the sources", func() { writePNG(t, filepath.Join(root, "aset", "logo.png"), color.RGBA{0, 0, 200, 255}) }, nil, false},
		{"an attachment's link retargeted", func() {
			p := filepath.Join(root, "content", "lampiran.txt")
			os.Remove(p)
			if err := os.Symlink("../files/dua.txt", p); err != nil {
				t.Fatal(err)
			}
		}, nil, false},
		{"the linked attachment's content", func() {
			os.WriteFile(filepath.Join(root, "files", "dua.txt"), []byte("lampiran dua, diubah\n"), 0o644)
		}, nil, false},
		{"a layout added", func() {
			os.MkdirAll(filepath.Join(root, "layouts"), 0o755)
			os.WriteFile(filepath.Join(root, "layouts", "footer.html"), []byte(`<p>Kaki halaman uji</p>`), 0o644)
		}, nil, false},
		{"the end: nothing changed", nil, nil, true},
	}
	for _, s := range steps {
		if s.change != nil {
			s.change()
		}
		if got := u.build(s.name, append(append([]string{}, today...), s.args...)...); got != s.skip {
			t.Errorf("%s: left as it was %v, want %v", s.name, got, s.skip)
		}
	}
}

// What rendering reported is reported again when the output is left as it
// was: a build's findings do not depend on whether it rendered.
func TestUpToDateReportsWhatRenderingDid(t *testing.T) {
	root := upSite(t)
	long := strings.Repeat("Listrik padam berulang. ", 1500) // beyond a workbook cell's 32,767 characters
	p := filepath.Join(root, "registers", "risks.csv")
	if err := os.WriteFile(p, []byte(strings.Replace(testutil.ReadFile(t, p), "Listrik padam", long, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	u := &upRun{t: t, root: root, out: filepath.Join(t.TempDir(), "out")}
	u.build("first build", "--today", "2026-11-21")
	fresh := filepath.Join(t.TempDir(), "again")
	_, _, first := cliRun(t, "build", "--root", root, "--out", fresh, "--today", "2026-11-21", "--format", "json")
	first = strings.ReplaceAll(first, fresh, "OUT")
	if !strings.Contains(first, "xlsx-cell-truncated") {
		t.Fatalf("no finding of rendering to replay:\n%s", first)
	}
	if !u.build("nothing changed", "--today", "2026-11-21") {
		t.Fatal("rendered again")
	}
	code, _, again := cliRun(t, "build", "--root", root, "--out", u.out, "--today", "2026-11-21", "--format", "json")
	again = keptLine.ReplaceAllString(strings.ReplaceAll(again, u.out, "OUT"), "")
	if code != 0 || again != first {
		t.Errorf("left as it was: exit %d, findings\n%s\nwant\n%s", code, again, first)
	}
}

// The last change of each document, read from git, is shown on its page: a
// commit that changes no file still renders the pages again.
func TestUpToDateFollowsGit(t *testing.T) {
	git := testutil.Tool(t, "git", "git")
	root := upSite(t)
	gitDo := func(args ...string) {
		t.Helper()
		cmd := exec.Command(git, append([]string{"-c", "user.name=Uji", "-c", "user.email=uji@example.org"}, args...)...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE=2026-11-01T10:00:00+07:00", "GIT_COMMITTER_DATE=2026-11-01T10:00:00+07:00")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, b)
		}
	}
	gitDo("init", "-q")
	gitDo("add", "-A")
	gitDo("commit", "-q", "-m", "situs")
	u := &upRun{t: t, root: root, out: filepath.Join(t.TempDir(), "out")}
	u.build("first build", "--today", "2026-11-21")
	if !u.build("nothing changed", "--today", "2026-11-21") {
		t.Error("rendered again")
	}
	cmd := exec.Command(git, "-c", "user.name=Lain", "-c", "user.email=lain@example.org", "commit", "-q", "--amend", "--reset-author", "-m", "situs")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE=2026-11-05T10:00:00+07:00", "GIT_COMMITTER_DATE=2026-11-05T10:00:00+07:00")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git commit --amend: %v\n%s", err, b)
	}
	if u.build("a commit that changes no file", "--today", "2026-11-21") {
		t.Error("left as it was after a commit")
	}
}

// The program is identified by its build: the Go build ID of the test binary
// (or the hash of its file), the same on every call.
func TestProgramID(t *testing.T) {
	id := programID()
	if !strings.HasPrefix(id, "go-buildid:") && !strings.HasPrefix(id, "sha256:") {
		t.Fatalf("programID %q", id)
	}
	if again := programID(); again != id {
		t.Errorf("programID %q, then %q", id, again)
	}
}

// An output folder this user's builds did not write, though it is the very
// output of the same sources with its manifest (a repository can hold one,
// made to match), is rendered again; so is one whose record in the user's
// cache is gone.
func TestUpToDateTrustsOnlyItsOwnBuilds(t *testing.T) {
	root := upSite(t)
	u := &upRun{t: t, root: root, out: filepath.Join(t.TempDir(), "out")}
	u.build("first build", "--today", "2026-11-21")
	copied := &upRun{t: t, root: root, out: filepath.Join(t.TempDir(), "copied")}
	if err := output.CopyFiles(u.out, copied.out); err != nil {
		t.Fatal(err)
	}
	if copied.build("a copy of the output", "--today", "2026-11-21") {
		t.Error("a copied output folder was taken as this user's build")
	}
	if !copied.build("built here since", "--today", "2026-11-21") {
		t.Error("rendered again")
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(cache, "smsgen")); err != nil {
		t.Fatal(err)
	}
	if u.build("the record in the cache removed", "--today", "2026-11-21") {
		t.Error("left as it was without a record")
	}
}

// The fingerprint of the sources reads a file whole up to output.MaxSource
// and takes only the size of a larger one: exact only while no stage reads
// a larger file than that (each refuses one over its bound by its size).
func TestFingerprintBoundCoversEveryReader(t *testing.T) {
	for name, bound := range map[string]int64{
		"load.MaxCSVSize": load.MaxCSVSize, "load.MaxFileSize": load.MaxFileSize, "attach.MaxSize": attach.MaxSize,
	} {
		if bound > output.MaxSource {
			t.Errorf("%s (%d) reads more than the fingerprint does (output.MaxSource %d)", name, bound, output.MaxSource)
		}
	}
}

// A source saved while a build loads the site: that build rendered the file
// as it was before the save, so the next build must render again, never
// take the saved file for what the outputs were made from. The fingerprint
// of the sources is held back here until the site is loaded and the file
// saved (at most a second: a build that takes the fingerprint first waits
// that long, then fingerprints the file as it was).
func TestSourceSavedDuringBuild(t *testing.T) {
	root := upSite(t)
	out := filepath.Join(t.TempDir(), "out")
	p := filepath.Join(root, "content", "a.md")
	loaded := make(chan struct{})
	testHookBeforeInputs = func() {
		select {
		case <-loaded:
		case <-time.After(time.Second):
		}
	}
	testHookLoaded = func() {
		b := testutil.ReadFile(t, p)
		if err := os.WriteFile(p, []byte(strings.Replace(b, "Isi.", "Isi yang disimpan saat membangun.", 1)), 0o644); err != nil {
			t.Error(err)
		}
		close(loaded)
	}
	defer func() { testHookBeforeInputs, testHookLoaded = nil, nil }()
	args := []string{"build", "--root", root, "--out", out, "--only", "html", "--today", "2026-11-21", "--quiet"}
	if code, _, errs := cliRun(t, args...); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errs)
	}
	testHookBeforeInputs, testHookLoaded = nil, nil
	page := filepath.Join(out, "site", "docs", "KEB-1.html")
	if strings.Contains(testutil.ReadFile(t, page), "disimpan saat membangun") {
		t.Fatal("the build saw the file saved after the site was loaded")
	}
	if code, _, errs := cliRun(t, args...); code != 0 {
		t.Fatalf("next build: exit %d\n%s", code, errs)
	}
	if !strings.Contains(testutil.ReadFile(t, page), "disimpan saat membangun") {
		t.Error("the next build left the page made from the file before the save as current")
	}
}
