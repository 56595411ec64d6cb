package names

import (
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/model"
)

func site(docIDs []string, regs map[string][]string) *model.Site {
	s := &model.Site{Registers: map[string]*model.Register{}}
	for i, id := range docIDs {
		s.Documents = append(s.Documents, &model.Document{Path: "content/" + strings.Repeat("x", i+1) + ".md", DocID: id})
	}
	for name, ids := range regs {
		reg := &model.Register{Name: name}
		for _, id := range ids {
			reg.Records = append(reg.Records, &model.Record{ID: id})
		}
		s.Registers[name] = reg
	}
	return s
}

// docNames allocates names for documents with these ids.
func docNames(ids ...string) map[string]string { return Allocate(site(ids, nil)).Docs }

// checkFolder: every name distinct case-insensitively, portable with an extension, bounded.
func checkFolder(t *testing.T, what string, names map[string]string) {
	t.Helper()
	seen := map[string]string{}
	for id, n := range names {
		if n == "" {
			t.Errorf("%s %q: no name", what, id)
		}
		if other, dup := seen[strings.ToLower(n)]; dup {
			t.Errorf("%s %q and %q share the name %q (case-insensitively)", what, id, other, n)
		}
		seen[strings.ToLower(n)] = id
		if !Portable(n+".pdf") || !Portable(n) {
			t.Errorf("%s %q: name %q is not portable", what, id, n)
		}
		if len(n) > MaxBytes {
			t.Errorf("%s %q: name %q has %d bytes, more than %d", what, id, n, len(n), MaxBytes)
		}
		for _, r := range n {
			if r > 0x7e {
				t.Errorf("%s %q: name %q is not ASCII", what, id, n)
			}
		}
	}
}

func TestSlashAndUnderscore(t *testing.T) {
	n := docNames("A/B", "A_B", "A:B", "A\\B")
	checkFolder(t, "doc", n)
	if n["A_B"] != "A_B" {
		t.Errorf("A_B is a safe name and must keep it, got %q", n["A_B"])
	}
	if !strings.HasPrefix(n["A/B"], "A_B-") || len(n["A/B"]) != len("A_B-")+hashLen {
		t.Errorf("A/B: got %q, want A_B- and %d hex digits", n["A/B"], hashLen)
	}
	recs := Allocate(site(nil, map[string][]string{"changes": {"RFC:2026:001", "RFC_2026_001"}})).Records["changes"]
	checkFolder(t, "record", recs)
	if recs["RFC_2026_001"] != "RFC_2026_001" {
		t.Errorf("RFC_2026_001: got %q", recs["RFC_2026_001"])
	}
}

func TestCaseOnly(t *testing.T) {
	n := docNames("abc", "ABC", "Abc", "aBc/")
	checkFolder(t, "doc", n)
	if n["ABC"] != "ABC" {
		t.Errorf("of ids differing in case only, the first in byte order keeps its name: got %q", n["ABC"])
	}
}

func TestUnicodeNormalisation(t *testing.T) {
	nfc, nfd := "Caf\u00e9", "Cafe\u0301"
	n := docNames(nfc, nfd, "Cafe", "CAFÉ", "Ｃａｆｅ")
	checkFolder(t, "doc", n)
	if !strings.HasPrefix(n[nfc], "Cafe-") || !strings.HasPrefix(n[nfd], "Cafe-") {
		t.Errorf("accents are dropped: %q %q", n[nfc], n[nfd])
	}
	if n["Cafe"] != "Cafe" {
		t.Errorf("Cafe: got %q", n["Cafe"])
	}
}

func TestWindowsReserved(t *testing.T) {
	ids := []string{"CON", "con", "Con.txt", "PRN", "AUX.pdf", "NUL", "nul.tar.gz", "COM1", "com9.x", "LPT1", "lpt0",
		"COM¹", "CON.", "CON ", ".CON", "x.", "x ", "...", "", "a\x00b", "a\nb", "<>:\"|?*", "CONIN$"}
	n := docNames(ids...)
	checkFolder(t, "doc", n)
	for _, id := range ids {
		for _, ext := range []string{"", ".html", ".pdf", ".xlsx"} {
			if WindowsReserved(n[id] + ext) {
				t.Errorf("%q: %q is reserved on Windows", id, n[id]+ext)
			}
		}
	}
	for _, name := range []string{"CON", "con.pdf", "Aux.tar.gz", "COM1.html", "lpt9", "LPT²", "nul .txt"} {
		if !WindowsReserved(name) || Portable(name) {
			t.Errorf("%q must count as reserved", name)
		}
	}
	for _, name := range []string{"CONX", "COM10", "xCON", "_CON", "COM", "console.pdf"} {
		if WindowsReserved(name) {
			t.Errorf("%q is not reserved", name)
		}
	}
}

func TestFolderReserved(t *testing.T) {
	s := site(nil, map[string][]string{
		"registers": {"R-1"},
		"changes":   {"index", "INDEX-2", "index-10", "indexer", "index-"},
	})
	n := Allocate(s)
	if n.Registers["registers"] == "registers" || n.Workbook("registers") == "registers.xlsx" {
		t.Errorf("a register named registers takes the combined workbook's name: %q", n.Registers["registers"])
	}
	recs := n.Records["changes"]
	checkFolder(t, "record", recs)
	for id, f := range recs {
		if reservedRecord(strings.ToLower(f)) {
			t.Errorf("record %q named %q, the name of a register page", id, f)
		}
	}
	if recs["indexer"] != "indexer" || recs["index-"] != "index-" {
		t.Errorf("names that are no page of the register are kept: %v", recs)
	}
}

func TestLongNames(t *testing.T) {
	long := strings.Repeat("PRO-INS-", 25) // 200 bytes
	ids := []string{long + "1", long + "2", long, strings.Repeat("é", 100), strings.Repeat("a", MaxBytes), strings.Repeat("a", MaxBytes+1)}
	n := docNames(ids...)
	checkFolder(t, "doc", n)
	if n[strings.Repeat("a", MaxBytes)] != strings.Repeat("a", MaxBytes) {
		t.Errorf("an id of %d bytes keeps its name", MaxBytes)
	}
}

// TestStableUnderInsertion: adding sources that would share a name with
// existing ones does not rename the existing ones. (The one exception, by
// design: a new id that differs from an existing safe id in case only and
// sorts before it, as ABC before abc.)
func TestStableUnderInsertion(t *testing.T) {
	base := []string{"A/B", "A_B", "CON", "RFC:2026:001", "x y", "Caf\u00e9", "abc"}
	before := docNames(base...)
	after := docNames(append([]string{"A:B", "a/b", "A\\B", "con", "RFC/2026/001", "RFC_2026_001", "x_y", "Cafe\u0301", "abc/", "abc."}, base...)...)
	checkFolder(t, "doc", after)
	for _, id := range base {
		if before[id] != after[id] {
			t.Errorf("%q was %q, is %q after colliding sources were added", id, before[id], after[id])
		}
	}
	// and removing them again gives the first names back
	if again := docNames(base...); !equal(again, before) {
		t.Errorf("names differ between two allocations: %v vs %v", before, again)
	}
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestDeterministic: random ids from a hostile alphabet, allocated in
// several orders, always give the same unique, portable names.
func TestDeterministic(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []string{"a", "A", "b", "B", "/", "_", ":", ".", " ", "é", "e\u0301", "-", "C", "O", "N", "1", "\x00", "\\", "*"}
	var ids []string
	seen := map[string]bool{}
	for len(ids) < 2000 {
		var b strings.Builder
		for k := rng.Intn(6) + 1; k > 0; k-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		if !seen[b.String()] {
			seen[b.String()] = true
			ids = append(ids, b.String())
		}
	}
	first := docNames(ids...)
	checkFolder(t, "doc", first)
	if len(first) != len(ids) {
		t.Fatalf("%d names for %d ids", len(first), len(ids))
	}
	for round := 0; round < 3; round++ {
		rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		if got := docNames(ids...); !equal(got, first) {
			t.Fatalf("round %d: the names depend on the order of the sources", round)
		}
	}
}

// TestDuplicateDocID: two documents with one id (an error of validation,
// still never one file for two) get two names; the id names the first.
func TestDuplicateDocID(t *testing.T) {
	s := site([]string{"KEB-1", "KEB-1"}, nil)
	n := Allocate(s)
	a, b := n.Document(s.Documents[0]), n.Document(s.Documents[1])
	if a == b || a != "KEB-1" || n.Doc("KEB-1") != a {
		t.Errorf("duplicate ids: %q and %q, Doc = %q", a, b, n.Doc("KEB-1"))
	}
}

func TestPaths(t *testing.T) {
	s := site([]string{"A/B"}, map[string][]string{"changes": {"RFC:1"}})
	n := Allocate(s)
	d, r := n.Doc("A/B"), n.Records["changes"]["RFC:1"]
	for got, want := range map[string]string{
		n.DocPDF("A/B"):               "pdf/docs/" + d + ".pdf",
		n.DocumentPDF(s.Documents[0]): "pdf/docs/" + d + ".pdf",
		n.RegisterPDF("changes"):      "pdf/registers/changes.pdf",
		n.FormPDF("changes", "RFC:1"): "pdf/forms/changes/" + r + ".pdf",
		n.Workbook("changes"):         "changes.xlsx",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if _, ok := n.Record("changes", "RFC-2"); ok {
		t.Error("a record not in the site has a name")
	}
}

// TestReservedHashSuffix: a hash suffix that is all digits would make
// "index" + suffix a register page's name; the allocator never gives it.
func TestReservedHashSuffix(t *testing.T) {
	for i := 0; i < 20000; i++ {
		key := "index" + strconv.Itoa(i)
		name := suffixed("index", key, hashLen)
		if !reservedRecord(name) {
			continue
		}
		got := allocate([]source{{id: "index", key: key}}, reservedRecord)[0]
		if reservedRecord(strings.ToLower(got)) {
			t.Fatalf("key %q: allocated the reserved name %q", key, got)
		}
		return
	}
	t.Skip("no all-digit hash found")
}

// TestRegisterVolumes: the volumes of registers whose names meet in every
// way a volume's name could (a register named like another's volume, names
// differing in case, with dots) are distinct from each other and from every
// register PDF, also case-insensitively; the first volume is the register's PDF.
func TestRegisterVolumes(t *testing.T) {
	n := Allocate(site(nil, map[string][]string{"a": nil, "a-2": nil, "A-2-2": nil, "a.pdf": nil, "volumes": nil, "Ünïcode/x": nil}))
	seen := map[string]string{}
	add := func(file, what string) {
		low := strings.ToLower(file)
		if other, ok := seen[low]; ok {
			t.Errorf("%s and %s are both %s", what, other, file)
		}
		seen[low] = what
		base := file[strings.LastIndexByte(file, '/')+1:]
		if !Portable(base) {
			t.Errorf("%s: %s is not portable", what, file)
		}
	}
	for name := range n.Registers {
		add(n.RegisterPDF(name), name)
		if n.RegisterVolumePDF(name, 1) != n.RegisterPDF(name) {
			t.Errorf("%s: volume 1 is %s, want %s", name, n.RegisterVolumePDF(name, 1), n.RegisterPDF(name))
		}
		for k := 2; k <= 12; k++ {
			add(n.RegisterVolumePDF(name, k), name+" volume "+strconv.Itoa(k))
		}
	}
	// the volumes' folder is no register's PDF
	for name := range n.Registers {
		if strings.EqualFold(n.RegisterPDF(name), "pdf/registers/volumes") {
			t.Errorf("the PDF of %s is the volumes' folder", name)
		}
	}
	if got := n.RegisterVolumePDF("a", 2); got != "pdf/registers/volumes/a-2.pdf" {
		t.Errorf("volume 2 of a is %s", got)
	}
}
