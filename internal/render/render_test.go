package render

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// browser returns a Browser on the installed Chromium, or skips (fails in
// CI, where .ci/run installs it).
func browser(t *testing.T, opt Options) *Browser {
	t.Helper()
	bin := Find()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium in CI: .ci/run installs it")
		}
		t.Skip("no chromium on PATH and no $CHROME_PATH")
	}
	opt.Path = bin
	b := New(opt)
	t.Cleanup(func() { b.Close() })
	return b
}

const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告</title>
<script src="/js/draw.js"></script></head><body><img src="/logo.png">
<ul id="list"></ul>
<script>fetch("/data?col=1", {method: "POST", headers: {"X-Requested-With": "XMLHttpRequest"}, body: "channelId=1"})
  .then(r => r.text()).then(t => draw(document.getElementById("list"), t))</script>
</body></html>`

// site answers the page's requests as a Fetch would, recording them.
type site struct {
	mu   sync.Mutex
	seen []string
	data string
	slow time.Duration
}

func (s *site) get(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.seen = append(s.seen, r.Method+" "+r.URL.Path+" "+r.Header.Get("X-Requested-With"))
	s.mu.Unlock()
	var body string
	switch r.URL.Path {
	case "/js/draw.js":
		body = `function draw(ul, t) { t.split(",").forEach(x => { const li = document.createElement("li"); li.textContent = x; ul.appendChild(li) }) }`
	case "/data":
		time.Sleep(s.slow)
		b, _ := io.ReadAll(r.Body)
		if string(b) != "channelId=1" {
			return &http.Response{StatusCode: 400, Status: "400 Bad Request", Header: http.Header{}, Body: io.NopCloser(strings.NewReader(""))}, nil
		}
		body = s.data
	default:
		return nil, errors.New("refused")
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{"Content-Type": {"text/plain"}, "Content-Length": {"1"}},
		Body: io.NopCloser(strings.NewReader(body))}, nil
}

func (s *site) requests() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.seen, "|")
}

// TestRender: the page's scripts run, load a script and POST for their
// data through get (the image is refused without asking get), and the
// document comes back drawn and without its scripts.
func TestRender(t *testing.T) {
	b := browser(t, Options{})
	s := &site{data: "甲,乙,丙"}
	doc, err := b.Render(context.Background(), "http://jyj.example.gov.cn/tzgg/", []byte(page), s.get)
	if err != nil {
		t.Fatal(err)
	}
	html := string(doc)
	if !strings.Contains(html, "<li>甲</li><li>乙</li><li>丙</li>") {
		t.Errorf("list not drawn:\n%s", html)
	}
	if strings.Contains(html, "<script") || !strings.HasPrefix(html, "<!DOCTYPE html>") {
		t.Errorf("scripts left in, or no doctype:\n%s", html)
	}
	if strings.Contains(html, "data:,") {
		t.Errorf("the empty icon given to the page is left in the document:\n%s", html)
	}
	if got, want := s.requests(), "GET /js/draw.js |POST /data XMLHttpRequest"; got != want {
		t.Errorf("requests through get: %q, want %q", got, want)
	}
}

// TestRenderFailures: a data request refused or answered with an error,
// scripts still running at the time bound, a cancelled caller and a
// closed browser each give an error, never a document.
func TestRenderFailures(t *testing.T) {
	b := browser(t, Options{Timeout: 3 * time.Second, Tabs: 1})
	refuse := func(r *http.Request) (*http.Response, error) {
		if r.URL.Path == "/js/draw.js" {
			return (&site{}).get(r)
		}
		return nil, errors.New("robots.txt 禁止抓取")
	}
	if _, err := b.Render(context.Background(), "http://a.gov.cn/", []byte(page), refuse); err == nil || !strings.Contains(err.Error(), "POST http://a.gov.cn/data?col=1 未请求：robots.txt 禁止抓取") {
		t.Errorf("refused data request: err = %v", err)
	}
	bad := &site{data: "x"}
	badPage := strings.Replace(page, `body: "channelId=1"`, `body: "channelId=2"`, 1)
	if _, err := b.Render(context.Background(), "http://a.gov.cn/", []byte(badPage), bad.get); err == nil || !strings.Contains(err.Error(), "返回 400 Bad Request") {
		t.Errorf("400 answer: err = %v", err)
	}
	slow := &site{data: "x", slow: 5 * time.Second}
	if _, err := b.Render(context.Background(), "http://a.gov.cn/", []byte(page), slow.get); err == nil || !strings.Contains(err.Error(), "3s 内未运行完") {
		t.Errorf("slow scripts: err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Render(ctx, "http://a.gov.cn/", []byte(page), (&site{}).get); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	b.Close()
	if _, err := b.Render(context.Background(), "http://a.gov.cn/", []byte(page), (&site{}).get); !errors.Is(err, ErrClosed) {
		t.Errorf("closed: err = %v", err)
	}
}

// TestRenderScriptError: a script that throws (its library missing) gives
// the document as left and an error naming the exception.
func TestRenderScriptError(t *testing.T) {
	b := browser(t, Options{})
	broken := strings.Replace(page, `<script src="/js/draw.js"></script>`, ``, 1)
	doc, err := b.Render(context.Background(), "http://a.gov.cn/", []byte(broken), (&site{data: "甲"}).get)
	if doc == nil || !strings.Contains(string(doc), `<ul id="list"></ul>`) {
		t.Errorf("document not returned as left: %s", doc)
	}
	if err == nil || !strings.Contains(err.Error(), "页面脚本出错：ReferenceError: draw is not defined") {
		t.Errorf("err = %v, want the script's exception", err)
	}
}

// TestRenderNoBrowser: a path that is no browser fails to start, with the
// path named, on every call; Close before any Render is fine.
func TestRenderNoBrowser(t *testing.T) {
	b := New(Options{Path: filepath.Join(t.TempDir(), "no-chromium")})
	defer b.Close()
	for range 2 {
		if _, err := b.Render(context.Background(), "http://a.gov.cn/", []byte(page), (&site{}).get); err == nil || !strings.Contains(err.Error(), "no-chromium 未能启动") {
			t.Errorf("err = %v", err)
		}
	}
	New(Options{}).Close()
}

// TestFind: $CHROME_PATH wins; without it, a browser on PATH by name.
func TestFind(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "chromium-browser")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CHROME_PATH", "/opt/x/chrome")
	if got := Find(); got != "/opt/x/chrome" {
		t.Errorf("Find with CHROME_PATH = %q", got)
	}
	t.Setenv("CHROME_PATH", "")
	t.Setenv("PATH", dir)
	if got := Find(); got != exe {
		t.Errorf("Find on PATH = %q, want %q", got, exe)
	}
	t.Setenv("PATH", t.TempDir())
	if got := Find(); got != "" {
		t.Errorf("Find with nothing = %q", got)
	}
}

func TestWithIcon(t *testing.T) {
	for in, want := range map[string]string{
		`<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>t</title></head></html>`: `<!DOCTYPE html><html lang="zh"><head>` + noIcon + `<meta charset="utf-8"><title>t</title></head></html>`,
		`<!doctype html><HTML><body>x</body></HTML>`:                                                `<!doctype html><HTML>` + noIcon + `<body>x</body></HTML>`,
		`<!DOCTYPE html><p>x</p>`: `<!DOCTYPE html>` + noIcon + `<p>x</p>`,
		`<p>x</p>`:                noIcon + `<p>x</p>`,
		``:                        noIcon,
	} {
		if got := string(withIcon([]byte(in))); got != want {
			t.Errorf("withIcon(%q) =\n%q\nwant\n%q", in, got, want)
		}
	}
}

// Every request of a render goes through get: none is made by the browser
// itself, not even the /favicon.ico it asks for when a page declares no
// icon. That request escaped the Fetch domain once in CI (the audit's
// TestScriptDrawnLists saw it with Chromium's User-Agent); it depends on
// timing, and this test did not see it in three runs without withIcon, so
// TestWithIcon pins the remedy.
func TestRenderNoDirectRequests(t *testing.T) {
	b := browser(t, Options{})
	var mu sync.Mutex
	var direct []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") != "via-get" {
			mu.Lock()
			direct = append(direct, r.Method+" "+r.URL.Path+" "+r.Header.Get("User-Agent"))
			mu.Unlock()
		}
		switch r.URL.Path {
		case "/js/draw.js":
			io.WriteString(w, `function draw(ul, t) { t.split(",").forEach(x => { const li = document.createElement("li"); li.textContent = x; ul.appendChild(li) }) }`)
		case "/data":
			io.WriteString(w, "甲,乙")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	get := func(r *http.Request) (*http.Response, error) {
		r.Header.Set("User-Agent", "via-get")
		return http.DefaultTransport.RoundTrip(r)
	}
	for i := range 5 {
		doc, err := b.Render(context.Background(), fmt.Sprintf("%s/tzgg/%d.html", srv.URL, i), []byte(page), get)
		if err != nil || !strings.Contains(string(doc), "<li>甲</li>") {
			t.Fatalf("render %d: %v\n%s", i, err, doc)
		}
	}
	time.Sleep(500 * time.Millisecond) // a favicon is asked for after the load
	mu.Lock()
	defer mu.Unlock()
	if len(direct) > 0 {
		t.Errorf("requests the browser made itself: %q", direct)
	}
}
