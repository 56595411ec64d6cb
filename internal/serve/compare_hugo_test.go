package serve

// The side-by-side measurement of issue 6: the time from an editor-style save
// of one document to the changed page being served, smsgen serve against
// hugo server on the same Markdown (the 1,000-document synthetic site), and
// the memory of smsgen serve over successive edits. It starts both servers as
// processes, so it runs only when asked:
//
//	SMSGEN_SERVE_COMPARE=1 HUGO=/tmp/hugobin/hugo go test -run CompareHugo -v -timeout 30m ./internal/serve
//
// SMSGEN_SERVE_EDITS sets the number of edits (default 100).

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/output"
	"github.com/smsgen/smsgen/internal/testutil"
)

func TestCompareHugo(t *testing.T) {
	if os.Getenv("SMSGEN_SERVE_COMPARE") == "" {
		t.Skip("set SMSGEN_SERVE_COMPARE=1 (and HUGO=path/to/hugo) to measure smsgen serve against hugo server")
	}
	hugo := os.Getenv("HUGO")
	if hugo == "" {
		hugo = "hugo"
	}
	if _, err := exec.LookPath(hugo); err != nil {
		t.Fatalf("hugo not found (%v): go install github.com/gohugoio/hugo@v0.160.0 and set HUGO", err)
	}
	edits := 100
	if n, err := strconv.Atoi(os.Getenv("SMSGEN_SERVE_EDITS")); err == nil && n > 0 {
		edits = n
	}
	work := t.TempDir()
	bin := filepath.Join(work, "smsgen")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/smsgen").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site, docs := synthSite(t, 1000, 1000)
	// the Hugo site: the same Markdown, minimal layouts
	hsite := filepath.Join(work, "hugo")
	if err := output.CopyFiles(filepath.Join(site, "content"), filepath.Join(hsite, "content")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, hsite, "hugo.toml", "baseURL = \"http://127.0.0.1/\"\ntitle = \"bench\"\n"+
		"disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n[markup.goldmark.renderer]\nunsafe = false\n")
	writeFile(t, hsite, "layouts/single.html", "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n")
	writeFile(t, hsite, "layouts/list.html", "<!DOCTYPE html><html><body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hport, sport := freePort(t), freePort(t)
	hcmd := exec.CommandContext(ctx, hugo, "server", "--source", hsite, "--bind", "127.0.0.1", "--port", strconv.Itoa(hport), "--logLevel", "warn")
	scmd := exec.CommandContext(ctx, bin, "serve", "--root", site, "--out", filepath.Join(work, "out"),
		"--addr", "127.0.0.1:"+strconv.Itoa(sport), "--today", today.Format("2006-01-02"))
	var slog testutil.SyncBuffer
	scmd.Stderr = &slog
	hcmd.Stdout, hcmd.Stderr = io.Discard, io.Discard
	defer func() {
		if t.Failed() {
			t.Logf("smsgen serve said:\n%s", slog.String())
		}
	}()
	for _, c := range []*exec.Cmd{hcmd, scmd} {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = c.Process.Signal(os.Interrupt); _ = c.Wait() }()
	}
	type tool struct {
		name string
		root string
		url  func(rel string) string
		pid  int
		lat  []time.Duration
	}
	idRe := regexp.MustCompile(`(?m)^doc_id: *"?([^"\r\n]+)"?`)
	tools := []*tool{
		{name: "smsgen", root: site, pid: scmd.Process.Pid, url: func(rel string) string {
			m := idRe.FindStringSubmatch(readFile(t, site, rel))
			return fmt.Sprintf("http://127.0.0.1:%d/docs/%s.html", sport, m[1])
		}},
		{name: "hugo", root: hsite, pid: hcmd.Process.Pid, url: func(rel string) string {
			return fmt.Sprintf("http://127.0.0.1:%d/%s/", hport, strings.TrimSuffix(strings.TrimPrefix(rel, "content/"), ".md"))
		}},
	}
	client := &http.Client{Timeout: 5 * time.Second}
	var lastErr error
	fetch := func(url string) string {
		resp, err := client.Get(url)
		if err != nil {
			lastErr = err
			return ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	// both serve the first document
	for _, tl := range tools {
		deadline := time.Now().Add(3 * time.Minute)
		for !strings.Contains(fetch(tl.url(docs[0])), "</html>") {
			if time.Now().After(deadline) {
				t.Fatalf("%s does not serve %s", tl.name, tl.url(docs[0]))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	rss := map[string][]string{}
	for i := 1; i <= edits; i++ {
		rel := docs[(i*37)%len(docs)]
		order := tools
		if i%2 == 0 {
			order = []*tool{tools[1], tools[0]}
		}
		for _, tl := range order {
			url := tl.url(rel)
			_ = fetch(url) // the page is open in a browser (Hugo's fast render mode renders visited pages first)
			mark := fmt.Sprintf("Penanda suntingan %s nomor %d.", tl.name, i)
			p := filepath.Join(tl.root, filepath.FromSlash(rel))
			body, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp")
			if err := os.WriteFile(tmp, append(body, "\n"+mark+"\n"...), 0o644); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			if err := os.Rename(tmp, p); err != nil { // the editor's save
				t.Fatal(err)
			}
			for !strings.Contains(fetch(url), mark) {
				if time.Since(start) > 30*time.Second {
					page := fetch(url)
					t.Fatalf("%s: edit %d of %s not served after 30 s at %s (last error %v); the page ends:\n%s", tl.name, i, rel, url, lastErr, page[max(0, len(page)-600):])
				}
				time.Sleep(2 * time.Millisecond)
			}
			tl.lat = append(tl.lat, time.Since(start))
			if i == 1 || i == edits/2 || i == edits {
				rss[tl.name] = append(rss[tl.name], fmt.Sprintf("edit %d: %s", i, vmRSS(tl.pid)))
			}
			time.Sleep(150 * time.Millisecond) // a person does not save 10 times a second
		}
	}
	for _, tl := range tools {
		t.Logf("%-6s save→served over %d edits: median %v, mean %v, p90 %v, min %v, max %v; RSS %s", tl.name, len(tl.lat),
			pct(tl.lat, 50), mean(tl.lat), pct(tl.lat, 90), pct(tl.lat, 0), pct(tl.lat, 100), strings.Join(rss[tl.name], ", "))
	}
	ratio := float64(pct(tools[0].lat, 50)) / float64(pct(tools[1].lat, 50))
	t.Logf("median ratio smsgen/hugo = %.2f (target ≤ 0.30)", ratio)
	if ratio > 0.3 {
		t.Errorf("smsgen serve takes %.2f of hugo server's time from save to served page; want ≤ 0.30", ratio)
	}
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// vmRSS reads the resident memory of a process (Linux).
func vmRSS(pid int) string {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

func pct(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s) - 1) * p / 100
	return s[i].Round(100 * time.Microsecond)
}

func mean(d []time.Duration) time.Duration {
	var sum time.Duration
	for _, x := range d {
		sum += x
	}
	return (sum / time.Duration(len(d))).Round(100 * time.Microsecond)
}

// TestMemoryFlat makes 100 successive edits in process and reads the live
// heap after a collection at edit 1, 50 and 100: what serve keeps must not
// grow with the number of saves (RSS, measured above, also holds garbage
// not yet collected).
//
//	SMSGEN_SERVE_COMPARE=1 go test -run MemoryFlat -v ./internal/serve
func TestMemoryFlat(t *testing.T) {
	if os.Getenv("SMSGEN_SERVE_COMPARE") == "" {
		t.Skip("set SMSGEN_SERVE_COMPARE=1 to measure the memory of 100 successive edits")
	}
	root, docs := synthSite(t, 1000, 1000)
	s, err := New(Options{Root: root, Out: filepath.Join(t.TempDir(), "out"), Today: today, Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	s.Rebuild(Batch{Full: true, Reason: "start"})
	var heap []uint64
	for i := 1; i <= 100; i++ {
		rel := docs[(i*37)%len(docs)]
		p := filepath.Join(root, filepath.FromSlash(rel))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, append(b, fmt.Sprintf("\nSuntingan %d.\n", i)...), 0o644); err != nil {
			t.Fatal(err)
		}
		if rep := s.Rebuild(Batch{Paths: []string{rel}}); !rep.OK {
			t.Fatalf("edit %d: %+v", i, rep)
		}
		if i == 1 || i == 50 || i == 100 {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			heap = append(heap, ms.HeapAlloc)
			t.Logf("edit %d: live heap %.1f MiB", i, float64(ms.HeapAlloc)/(1<<20))
		}
	}
	if heap[2] > heap[0]+heap[0]/10 {
		t.Errorf("live heap grew from %d to %d bytes over 100 edits", heap[0], heap[2])
	}
}
