package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/testutil"
)

type event struct {
	name string
	data string
}

// sseClient reads the event stream of a server.
type sseClient struct {
	events chan event
	cancel func()
}

func openEvents(t *testing.T, base string) *sseClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	query := ""
	if i := strings.IndexByte(base, '?'); i >= 0 {
		base, query = base[:i], base[i:]
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", base+eventsPath+query, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		cancel()
		t.Fatalf("event stream content type %q", ct)
	}
	c := &sseClient{events: make(chan event, 64), cancel: cancel}
	go func() {
		defer resp.Body.Close()
		defer close(c.events)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" {
					c.events <- ev
				}
				ev = event{}
			case strings.HasPrefix(line, "event: "):
				ev.name = line[7:]
			case strings.HasPrefix(line, "data: "):
				ev.data += line[6:]
			}
		}
	}()
	t.Cleanup(cancel)
	return c
}

// next returns the next event called name, skipping others.
func (c *sseClient) next(t *testing.T, name string) event {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev, ok := <-c.events:
			if !ok {
				t.Fatalf("event stream ended while waiting for %q", name)
			}
			if ev.name == name {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %q event within 10 s", name)
		}
	}
}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

const docPage = "docs/KEB-SMS-001.html"

func TestServedPagesGetTheLiveScriptFilesDoNot(t *testing.T) {
	root := testutil.ExampleSite(t)
	s := newServer(t, root)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close) // after the event streams close (cleanups run last first)
	onDisk, err := os.ReadFile(filepath.Join(s.Out(), "site", filepath.FromSlash(docPage)))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := fullBuild(t, root)
	sameTree(t, s.Out(), want) // the output folder holds exactly what smsgen build writes
	if strings.Contains(string(onDisk), "__smsgen") {
		t.Fatal("the page on disk carries the live script")
	}
	code, body, h := get(t, ts.URL+"/"+docPage)
	if code != 200 || !strings.Contains(body, `<script src="/__smsgen/live.js" data-gen="`) {
		t.Fatalf("served page: status %d, no live script:\n%.300s", code, body)
	}
	if h.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", h.Get("Cache-Control"))
	}
	if strings.Contains(body, "connect-src 'none'") || !strings.Contains(body, "connect-src 'self'") {
		t.Errorf("the page's policy still forbids the event stream")
	}
	// apart from the policy and the script, the served page is the file
	strip := strings.NewReplacer("connect-src 'self'", "connect-src 'none'")
	served := strip.Replace(body)
	i := strings.Index(served, `<script src="/__smsgen/live.js"`)
	j := strings.Index(served[i:], "\n")
	if served[:i]+served[i+j+1:] != string(onDisk) {
		t.Errorf("served page differs from the file beyond the script and the policy")
	}
	// the index, assets, the script itself
	for _, p := range []string{"/", "/index.html", "/assets/style.css", "/assets/search-index.js", jsPath, cssPath, "/continuity-pack.html"} {
		if code, _, _ := get(t, ts.URL+p); code != 200 {
			t.Errorf("GET %s: %d", p, code)
		}
	}
	// a missing page: 404 with the live script (it turns into the page once built)
	code, body, _ = get(t, ts.URL+"/docs/BELUM-ADA.html")
	if code != 404 || !strings.Contains(body, "live.js") {
		t.Errorf("missing page: %d\n%s", code, body)
	}
	// no way out of the site folder
	for _, p := range []string{"/../site.zip", "/..%2fsite.zip", "/%2e%2e/continuity-pack.html"} {
		if code, body, _ := get(t, ts.URL+p); code == 200 && !strings.Contains(body, "<!DOCTYPE") {
			t.Errorf("GET %s escaped the site folder", p)
		}
	}
	// the PDFs and workbooks beside the site, where its download links lead
	for _, f := range []string{"pdf/docs/X.pdf", "xlsx/x.xlsx"} {
		p := filepath.Join(s.Out(), filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("file "+f), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, body, _ := get(t, ts.URL+"/"+f); code != 200 || body != "file "+f {
			t.Errorf("GET /%s: %d %q", f, code, body)
		}
	}
	for _, p := range []string{"/pdf/../site.zip", "/pdf/..%2f..%2fsite.zip", "/xlsx/%2e%2e/continuity-pack.html"} {
		if code, body, _ := get(t, ts.URL+p); code == 200 && !strings.Contains(body, "<!DOCTYPE") {
			t.Errorf("GET %s escaped the output folder", p)
		}
	}
	// writing methods are refused
	resp, err := http.Post(ts.URL+"/index.html", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

// A page of another site whose name resolves to 127.0.0.1 (DNS rebinding) cannot read the preview.
func TestForeignHostRefused(t *testing.T) {
	s, err := New(Options{Root: t.TempDir(), Out: filepath.Join(t.TempDir(), "o"), Addr: "127.0.0.1:0", Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]int{"evil.example:2000": 403, "localhost:2000": 404, "127.0.0.1:2000": 404, "[::1]:2000": 404} {
		req := httptest.NewRequest("GET", "/index.html", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %s: %d, want %d", host, rec.Code, want)
		}
	}
}

func TestRelaxCSP(t *testing.T) {
	for in, want := range map[string]string{
		"default-src 'self' file:; script-src 'self' file:; connect-src 'none'; object-src 'none'": "default-src 'self' file:; script-src 'self' file:; connect-src 'self'; object-src 'none'; style-src 'self' file:",
		"default-src 'none'; style-src 'unsafe-inline'; img-src data:":                             "default-src 'none'; style-src 'unsafe-inline' 'self'; img-src data:; script-src 'self'; connect-src 'self'",
	} {
		if got := relaxCSP(in); got != want {
			t.Errorf("relaxCSP(%q)\n got  %q\n want %q", in, got, want)
		}
	}
}

func TestAddrChecks(t *testing.T) {
	for _, addr := range []string{":8080", ":0", "8080", "127.0.0.1"} {
		if _, _, err := CheckAddr(addr); err == nil {
			t.Errorf("CheckAddr(%q) accepted", addr)
		} else if addr == ":8080" && !strings.Contains(err.Error(), "127.0.0.1:8080") {
			t.Errorf("refusal of :8080 does not say how to name a host: %v", err)
		}
	}
	for _, addr := range []string{"127.0.0.1:2000", "localhost:2000", "[::1]:0", "127.0.0.5:80"} {
		lb, warn, err := CheckAddr(addr)
		if err != nil || !lb || warn != "" {
			t.Errorf("CheckAddr(%q) = %v %q %v; want loopback", addr, lb, warn, err)
		}
	}
	for _, addr := range []string{"0.0.0.0:2000", "192.0.2.10:2000", "[::]:2000"} {
		lb, warn, err := CheckAddr(addr)
		if err != nil || lb || !strings.Contains(warn, "not a loopback") {
			t.Errorf("CheckAddr(%q) = %v %q %v; want allowed with a warning", addr, lb, warn, err)
		}
	}
	// New refuses the same way, and refuses an output folder the watcher would see
	if _, err := New(Options{Root: t.TempDir(), Addr: ":8080"}); err == nil {
		t.Error("New accepted :8080")
	}
	root := t.TempDir()
	if _, err := New(Options{Root: root, Out: filepath.Join(root, "content", "out")}); err == nil {
		t.Error("New accepted an output folder inside content/")
	}
}

type reloadMsg struct {
	Gen   string   `json:"gen"`
	All   bool     `json:"all"`
	Pages []string `json:"pages"`
}

// An edit sends a reload event naming the changed page; a broken save keeps
// the last good pages and sends the findings; the next good save recovers.
func TestReloadAndBrokenSave(t *testing.T) {
	root := testutil.ExampleSite(t)
	s := newServer(t, root)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close) // after the event streams close (cleanups run last first)
	ev := openEvents(t, ts.URL)
	hello := ev.next(t, "hello")
	if st := ev.next(t, "status"); !strings.Contains(st.data, `"ok":true`) {
		t.Fatalf("first status: %s", st.data)
	}
	// a good edit
	const doc = "content/kebijakan/kebijakan-sms.md"
	edit(t, root, doc, "\n## ", "\nKalimat baru dari pengujian muat ulang.\n\n## ")
	s.Rebuild(Batch{Paths: []string{doc}})
	var m reloadMsg
	if err := json.Unmarshal([]byte(ev.next(t, "reload").data), &m); err != nil {
		t.Fatal(err)
	}
	if m.All || !slices.Contains(m.Pages, docPage) || m.Gen == "" || strings.Contains(hello.data, m.Gen) {
		t.Fatalf("reload event %+v: want %s named and a new generation", m, docPage)
	}
	if slices.Contains(m.Pages, "docs/KEB-CHG-001.html") {
		t.Errorf("reload names a page that did not change: %v", m.Pages)
	}
	_, good, _ := get(t, ts.URL+"/"+docPage)
	if !strings.Contains(good, "Kalimat baru dari pengujian muat ulang.") {
		t.Fatal("the edit is not served")
	}
	// a broken save: an unclosed front matter
	orig := readFile(t, root, doc)
	writeFile(t, root, doc, strings.Replace(orig, "\n---\n", "\n", 1)+"\nKalimat rusak.\n")
	rep := s.Rebuild(Batch{Paths: []string{doc}})
	if rep.OK || rep.Errors == 0 {
		t.Fatalf("broken save accepted: %+v", rep)
	}
	var st Status
	if err := json.Unmarshal([]byte(ev.next(t, "status").data), &st); err != nil {
		t.Fatal(err)
	}
	if st.OK || st.Errors == 0 || len(st.Findings) == 0 || !strings.Contains(st.Findings[0].Location, doc) || st.Title == "" {
		t.Fatalf("broken status %+v: want the error of %s", st, doc)
	}
	_, still, _ := get(t, ts.URL+"/"+docPage)
	if stripScript(still) != stripScript(good) {
		t.Fatal("a broken save changed the served page")
	}
	// a page opened now gets the banner too
	late := openEvents(t, ts.URL)
	if st := late.next(t, "status"); !strings.Contains(st.data, `"ok":false`) {
		t.Fatalf("a page opened after the broken save gets no findings: %s", st.data)
	}
	// the fix
	writeFile(t, root, doc, orig+"\nKalimat diperbaiki.\n")
	if rep := s.Rebuild(Batch{Paths: []string{doc}}); !rep.OK {
		t.Fatalf("fixed save: %+v", rep)
	}
	// the banner goes first (a page reloading then opens its stream on the new status), then the reload
	if st := ev.next(t, "status"); !strings.Contains(st.data, `"ok":true`) {
		t.Fatalf("status after the fix: %s", st.data)
	}
	if err := json.Unmarshal([]byte(ev.next(t, "reload").data), &m); err != nil || !slices.Contains(m.Pages, docPage) {
		t.Fatalf("no reload after the fix: %+v %v", m, err)
	}
	_, fixed, _ := get(t, ts.URL+"/"+docPage)
	if !strings.Contains(fixed, "Kalimat diperbaiki.") {
		t.Fatal("the fix is not served")
	}
	want, _ := fullBuild(t, root)
	sameTree(t, s.Out(), want)
}

func stripScript(page string) string {
	i := strings.Index(page, `<script src="/__smsgen/live.js"`)
	if i < 0 {
		return page
	}
	j := strings.Index(page[i:], "\n")
	return page[:i] + page[i+j+1:]
}

// The whole command: a real listener, the watcher, the debounce, a save by
// an editor, and the reload event arriving at an open page.
func TestRunEndToEnd(t *testing.T) {
	root := testutil.ExampleSite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var log testutil.SyncBuffer
	s, err := New(Options{Root: root, Out: filepath.Join(t.TempDir(), "out"), Today: today, Version: "test",
		Log: &log, Listener: ln, Addr: ln.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	stop := start(t, s)
	base := "http://" + ln.Addr().String()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(base + "/" + docPage)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the first build is not served")
		}
		time.Sleep(20 * time.Millisecond)
	}
	ev := openEvents(t, base)
	ev.next(t, "hello")
	// an editor saves through a temporary file and a rename
	const doc = "content/kebijakan/kebijakan-sms.md"
	body := strings.Replace(readFile(t, root, doc), "\n## ", "\nDisimpan lewat berkas sementara.\n\n## ", 1)
	writeFile(t, root, "content/kebijakan/.kebijakan-sms.md.tmp", body)
	if err := os.Rename(filepath.Join(root, "content/kebijakan/.kebijakan-sms.md.tmp"), filepath.Join(root, doc)); err != nil {
		t.Fatal(err)
	}
	var m reloadMsg
	if err := json.Unmarshal([]byte(ev.next(t, "reload").data), &m); err != nil || !slices.Contains(m.Pages, docPage) {
		t.Fatalf("reload %+v %v", m, err)
	}
	if _, page, _ := get(t, base+"/"+docPage); !strings.Contains(page, "Disimpan lewat berkas sementara.") {
		t.Fatal("the saved edit is not served")
	}
	stop()
	if out := log.String(); !strings.Contains(out, "serving") || !strings.Contains(out, doc) {
		t.Errorf("terminal output:\n%s", out)
	}
}

// A page opened at an earlier generation learns at connection whether its
// own output changed meanwhile (and only then reloads).
func TestHelloTellsMissedChanges(t *testing.T) {
	root := testutil.ExampleSite(t)
	s := newServer(t, root)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	_, page, _ := get(t, ts.URL+"/"+docPage)
	m := regexp.MustCompile(`data-gen="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no generation in the served page")
	}
	const doc = "content/kebijakan/kebijakan-sms.md"
	edit(t, root, doc, "\n## ", "\nKalimat yang terlewat.\n\n## ")
	if rep := s.Rebuild(Batch{Paths: []string{doc}}); !rep.OK {
		t.Fatalf("%+v", rep)
	}
	type hello struct {
		Gen   string   `json:"gen"`
		All   bool     `json:"all"`
		Pages []string `json:"pages"`
	}
	var h hello
	if err := json.Unmarshal([]byte(openEvents(t, ts.URL+"?gen="+m[1]).next(t, "hello").data), &h); err != nil {
		t.Fatal(err)
	}
	if h.All || !slices.Contains(h.Pages, docPage) || h.Gen == m[1] {
		t.Fatalf("hello to a page of generation %s: %+v; want %s among the pages changed since", m[1], h, docPage)
	}
	h = hello{}
	if err := json.Unmarshal([]byte(openEvents(t, ts.URL+"?gen="+h.Gen+"unknown").next(t, "hello").data), &h); err != nil || !h.All {
		t.Fatalf("hello to a page of an unknown generation: %+v %v; want all", h, err)
	}
}

// A server whose first build fails, into an empty folder, has no last good
// pages: its banner and terminal say that nothing is built yet, and a page
// asked for is a 404 in the site's language carrying the live script (which
// shows the findings and turns into the page once the errors are fixed).
// Once something was built, a failed save speaks of the last good pages.
func TestServeFirstBuildFails(t *testing.T) {
	root := testutil.ExampleSite(t)
	edit(t, root, "content/kebijakan/kebijakan-sms.md", "doc_id: KEB-SMS-001", "doc_id: KEB SMS 001")
	var log bytes.Buffer
	s, err := New(Options{Root: root, Out: filepath.Join(t.TempDir(), "out"), Today: today, Version: "test", Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if rep := s.Rebuild(Batch{Full: true, Reason: "start"}); rep.OK || rep.Errors == 0 {
		t.Fatalf("the first build of a broken site passed: %+v", rep)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	status := func() Status { s.mu.Lock(); defer s.mu.Unlock(); return s.status }
	if st := status(); !strings.Contains(st.Title, "belum ada halaman yang dibangun") {
		t.Errorf("banner %q: does not say that nothing is built yet", st.Title)
	}
	if !strings.Contains(log.String(), "nothing is built yet") || strings.Contains(log.String(), "last good pages") {
		t.Errorf("terminal:\n%s", log.String())
	}
	code, body, _ := get(t, ts.URL+"/")
	if code != 404 || !strings.Contains(body, `<html lang="id">`) || !strings.Contains(body, "index.html belum ada di situs yang dibangun.") || !strings.Contains(body, "live.js") {
		t.Errorf("GET / of a site never built: %d\n%s", code, body)
	}
	// fixed, then broken again: the last good pages are kept
	edit(t, root, "content/kebijakan/kebijakan-sms.md", "doc_id: KEB SMS 001", "doc_id: KEB-SMS-001")
	if rep := s.Rebuild(Batch{Full: true, Reason: "start"}); !rep.OK {
		t.Fatalf("the fixed site does not build: %+v", rep)
	}
	edit(t, root, "content/kebijakan/kebijakan-sms.md", "doc_id: KEB-SMS-001", "doc_id: KEB SMS 001")
	if rep := s.Rebuild(Batch{Paths: []string{"content/kebijakan/kebijakan-sms.md"}}); rep.OK {
		t.Fatal("a broken save passed")
	}
	if st := status(); !strings.Contains(st.Title, "halaman terakhir yang baik tetap ditampilkan") {
		t.Errorf("banner after a good build %q: does not speak of the last good pages", st.Title)
	}
}
