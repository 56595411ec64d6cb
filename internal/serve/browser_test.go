package serve

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smsgen/smsgen/internal/testutil"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// In a real browser: an open page reloads by itself after a save, shows the
// findings of a broken save as a banner, and recovers; the page's content
// security policy lets the live script and its event stream through (no
// violation is logged).
func TestBrowserReloadAndBanner(t *testing.T) {
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is missing (apt-get install chromium)")
		}
		t.Skip("chromium is not installed; skipping the browser test (apt-get install chromium)")
	}
	root := testutil.ExampleSite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Root: root, Out: filepath.Join(t.TempDir(), "out"), Today: today, Version: "test",
		Log: &testutil.SyncBuffer{}, Listener: ln, Addr: ln.Addr().String()})
	if err != nil {
		t.Fatal(err)
	}
	sctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(sctx) }()
	defer func() { stop(); <-done }()

	actx, cancelA := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(path), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1200, 900))
	defer cancelA()
	ctx, cancelC := chromedp.NewContext(actx)
	defer cancelC()
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	defer cancelT()
	var mu sync.Mutex
	var problems []string
	err = chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError && !strings.HasSuffix(ev.Entry.URL, "/favicon.ico") {
				problems = append(problems, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/" + docPage
	for deadline := time.Now().Add(20 * time.Second); ; {
		if _, err := os.Stat(filepath.Join(s.Out(), "site", filepath.FromSlash(docPage))); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("first build not done")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	// wait until the event stream is open, then mark this page load
	waitJS := func(what, js string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
				return
			}
			if time.Now().After(deadline) {
				html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 400) : ""`))
				t.Fatalf("%s: not within 15 s; page begins:\n%s", what, html)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	time.Sleep(300 * time.Millisecond) // the stream connects
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__loaded = 1; true`)); err != nil {
		t.Fatal(err)
	}
	const doc = "content/kebijakan/kebijakan-sms.md"
	orig := readFile(t, root, doc)
	writeFile(t, root, doc, strings.Replace(orig, "\n## ", "\nKalimat dari peramban uji.\n\n## ", 1))
	waitJS("reload after a save", `window.__loaded === undefined && document.body.innerText.includes("Kalimat dari peramban uji.")`)
	// a broken save: the banner, the page stays
	writeFile(t, root, doc, strings.Replace(orig, "status: approved", "status: disahkan-belum", 1))
	waitJS("banner after a broken save", `(function(){var b=document.getElementById("smsgen-live");return !!b && b.innerText.includes("`+doc+`")})()`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__loaded = 2; true`)); err != nil {
		t.Fatal(err)
	}
	// the fix: the banner goes and the page shows the new text
	writeFile(t, root, doc, strings.Replace(orig, "\n## ", "\nKalimat sesudah perbaikan.\n\n## ", 1))
	waitJS("recovery", `!document.getElementById("smsgen-live") && document.body.innerText.includes("Kalimat sesudah perbaikan.")`)
	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Fatalf("the browser reported:\n%s", strings.Join(problems, "\n"))
	}
}
