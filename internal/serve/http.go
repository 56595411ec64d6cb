package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"html"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/smsgen/smsgen/internal/attach"
	"github.com/smsgen/smsgen/internal/i18n"
)

//go:embed live.js
var liveJS []byte

//go:embed live.css
var liveCSS []byte

// Paths the preview server answers itself; no page of a site can have them
// (the renderer never writes names starting with "__").
const (
	eventsPath = "/__smsgen/events"
	jsPath     = "/__smsgen/live.js"
	cssPath    = "/__smsgen/live.css"
)

// hub fans messages out to the connected event streams.
type hub struct {
	mu      sync.Mutex
	clients map[chan []byte]bool
	closed  bool
}

func newHub() *hub { return &hub{clients: map[chan []byte]bool{}} }

func (h *hub) subscribe() (chan []byte, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, false
	}
	ch := make(chan []byte, 16)
	h.clients[ch] = true
	return ch, true
}

func (h *hub) unsubscribe(ch chan []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[ch] {
		delete(h.clients, ch)
		close(ch)
	}
}

// publish sends msg to every client; a client too slow to take it is
// disconnected (its browser reconnects and reloads when it missed a build).
func (h *hub) publish(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		select {
		case ch <- msg:
		default:
			delete(h.clients, ch)
			close(ch)
		}
	}
}

// close ends every stream (at shutdown).
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.clients {
		delete(h.clients, ch)
		close(ch)
	}
}

func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// sse formats one server-sent event.
func sse(event string, data any) []byte {
	b, _ := json.Marshal(data)
	var buf bytes.Buffer
	buf.WriteString("event: ")
	buf.WriteString(event)
	buf.WriteString("\ndata: ")
	buf.Write(b)
	buf.WriteString("\n\n")
	return buf.Bytes()
}

// Handler serves the built site (OUT/site) with the live script injected
// into every page, the event stream and the script itself.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hostAllowed(r.Host) {
		// a page of another site whose name resolves to this computer (DNS rebinding) must not read the documents
		http.Error(w, "smsgen serve: unknown host "+r.Host, http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	switch r.URL.Path {
	case eventsPath:
		s.events(w, r)
		return
	case jsPath:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = w.Write(liveJS)
		return
	case cssPath:
		h.Set("Content-Type", "text/css; charset=utf-8")
		_, _ = w.Write(liveCSS)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, "index.html")
	}
	dir, done := s.servingDir()
	root := filepath.Join(dir, "site")
	if top, _, _ := strings.Cut(name, "/"); top == "pdf" || top == "xlsx" {
		// the PDFs and workbooks beside the site, which its download links
		// reach (../../pdf/docs/X.pdf from a page resolves to /pdf/docs/X.pdf)
		root = filepath.Join(dir, top)
		name = strings.TrimPrefix(name, top+"/")
	}
	f, err := os.OpenInRoot(root, filepath.FromSlash(name))
	done()
	if err != nil {
		s.notFound(w, name)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		if err == nil && st.IsDir() {
			http.Redirect(w, r, "/"+name+"/", http.StatusFound)
			return
		}
		s.notFound(w, name)
		return
	}
	if strings.HasPrefix(name, attachDir) {
		s.attachment(w, r, name, st.ModTime(), f)
		return
	}
	if ext := strings.ToLower(path.Ext(name)); ext != ".html" && ext != ".htm" {
		// smsgen's own assets and data: never a document that could run anything
		h.Set("Content-Security-Policy", attachCSP)
		http.ServeContent(w, r, name, st.ModTime(), f)
		return
	}
	b, err := readAll(f, st.Size())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	http.ServeContent(w, r, name, st.ModTime(), bytes.NewReader(s.inject(b)))
}

// attachDir holds the files documents link to (copied from content/ by the
// HTML renderer); they are never smsgen's own pages.
const attachDir = "files/"

// attachCSP is the policy of everything that is not one of smsgen's pages:
// nothing may run, load or be framed (sandbox), only the file itself shows.
const attachCSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"

// attachment serves a linked file: with the content type of the attachment
// allow-list (never one guessed from the bytes), nothing injected, no script
// allowed, and as a download unless the type is shown inline without risk
// (images, plain text). A file not on the allow-list is not served.
func (s *Server) attachment(w http.ResponseWriter, r *http.Request, name string, mod time.Time, f *os.File) {
	t, ok := attach.TypeOf(name)
	if !ok {
		http.Error(w, "not an allowed attachment type", http.StatusForbidden)
		return
	}
	h := w.Header()
	h.Set("Content-Type", t.MIME)
	h.Set("Content-Security-Policy", attachCSP)
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	disp := "inline"
	if !t.Inline {
		disp = "attachment"
	}
	if v := mime.FormatMediaType(disp, map[string]string{"filename": path.Base(name)}); v != "" {
		h.Set("Content-Disposition", v)
	} else {
		h.Set("Content-Disposition", disp)
	}
	http.ServeContent(w, r, name, mod, f)
}

func readAll(f *os.File, size int64) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(size) + 512)
	_, err := buf.ReadFrom(f)
	return buf.Bytes(), err
}

// notFound answers a missing page with a page that carries the live script,
// so that it shows the findings and turns into the page once it is built.
// It speaks the site's language (of the last build; the --lang option or
// Indonesian before one).
func (s *Server) notFound(w http.ResponseWriter, name string) {
	s.mu.Lock()
	lang := s.lang
	s.mu.Unlock()
	if lang == "" {
		lang = s.opts.Lang
	}
	lang = i18n.Lang(lang)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	page := `<!DOCTYPE html><html lang="` + lang + `"><head><meta charset="utf-8"><title>404 · smsgen serve</title>` +
		`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'"></head>` +
		`<body><h1>404</h1><p>` + html.EscapeString(i18n.Labelf(lang, "serve_not_built", name)) + `</p><p><a href="/index.html">index.html</a></p></body></html>`
	_, _ = w.Write(s.inject([]byte(page)))
}

var (
	attrEscaper = strings.NewReplacer("&", "&amp;", `"`, "&#34;", "<", "&lt;", ">", "&gt;")
	bodyEnd     = regexp.MustCompile(`(?i)</body\s*>`)
	cspMeta     = regexp.MustCompile(`(?i)(<meta\s+http-equiv\s*=\s*["']?content-security-policy["']?\s+content\s*=\s*")([^"]*)(")`)
)

// inject adds the live script to a page and lets the page's own content
// security policy load it and open its event stream (pages written to
// output/ forbid every connection).
func (s *Server) inject(page []byte) []byte {
	tag := `<script src="` + jsPath + `" data-gen="` + s.generation() + `"></script>`
	page = cspMeta.ReplaceAllFunc(page, func(m []byte) []byte {
		sub := cspMeta.FindSubmatch(m)
		policy := html.UnescapeString(string(sub[2]))
		return []byte(string(sub[1]) + attrEscaper.Replace(relaxCSP(policy)) + string(sub[3]))
	})
	locs := bodyEnd.FindAllIndex(page, -1)
	if len(locs) == 0 {
		return append(page, tag...)
	}
	at := locs[len(locs)-1][0]
	out := make([]byte, 0, len(page)+len(tag)+1)
	out = append(out, page[:at]...)
	out = append(out, tag...)
	out = append(out, '\n')
	return append(out, page[at:]...)
}

// relaxCSP allows 'self' for scripts, styles and connections in a content
// security policy, keeping everything else.
func relaxCSP(policy string) string {
	type directive struct {
		name string
		srcs []string
	}
	var ds []directive
	var def []string
	for _, part := range strings.Split(policy, ";") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		d := directive{name: strings.ToLower(f[0]), srcs: f[1:]}
		if d.name == "default-src" {
			def = d.srcs
		}
		ds = append(ds, d)
	}
	allow := func(srcs []string) []string {
		var out []string
		self := false
		for _, s := range srcs {
			switch strings.ToLower(s) {
			case "'none'":
				continue
			case "'self'":
				self = true
			}
			out = append(out, s)
		}
		if !self {
			out = append(out, "'self'")
		}
		return out
	}
	for _, name := range []string{"script-src", "style-src", "connect-src"} {
		found := false
		for i := range ds {
			if ds[i].name == name {
				ds[i].srcs = allow(ds[i].srcs)
				found = true
			}
		}
		if !found {
			ds = append(ds, directive{name: name, srcs: allow(def)})
		}
	}
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = strings.TrimSpace(d.name + " " + strings.Join(d.srcs, " "))
	}
	return strings.Join(parts, "; ")
}

// events streams the build events to one page.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	ch, ok := s.hub.subscribe()
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	var first bytes.Buffer
	first.WriteString("retry: 1000\n\n")
	hello := map[string]any{"gen": s.generation()}
	if g := r.URL.Query().Get("gen"); g != "" {
		// the page was served at generation g: did its output change since?
		all, pages := s.changedSince(g)
		hello["all"], hello["pages"] = all, pages
	}
	first.Write(sse("hello", hello))
	first.Write(sse("status", s.currentStatus()))
	if _, err := w.Write(first.Bytes()); err != nil {
		return
	}
	if rc.Flush() != nil {
		return
	}
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case msg, ok := <-ch:
			if !ok {
				return
			}
			if _, err := w.Write(msg); err != nil {
				return
			}
		case <-ping.C:
			if _, err := w.Write([]byte(": ping\n\n")); err != nil {
				return
			}
		}
		if rc.Flush() != nil {
			return
		}
	}
}

// hostAllowed accepts the Host header of a request to a loopback server only
// when it names this computer: localhost, a loopback address, or the address
// listened on. A server on another address accepts any host.
func (s *Server) hostAllowed(host string) bool {
	if !s.loopback {
		return true
	}
	h, _, err := net.SplitHostPort(host)
	if err != nil {
		h = host
	}
	h = strings.TrimSuffix(strings.Trim(h, "[]"), ".")
	if strings.EqualFold(h, "localhost") || strings.HasSuffix(strings.ToLower(h), ".localhost") ||
		(s.hostName != "" && strings.EqualFold(h, strings.Trim(s.hostName, "[]"))) {
		return true
	}
	if ip := net.ParseIP(h); ip != nil {
		return ip.IsLoopback()
	}
	return false
}
