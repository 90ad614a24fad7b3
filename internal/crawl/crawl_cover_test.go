package crawl

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/html"

	"govaudit/checks"
	"govaudit/internal/transport"
)

type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func plainTransport() http.RoundTripper {
	return transport.WithUserAgent(transport.New(transport.Options{Timeout: 5 * time.Second}), transport.UserAgent)
}

func TestNewOptions(t *testing.T) {
	for _, start := range []string{"", "ftp://a.gov.cn/", "/relative", "http://"} {
		_, err := New(Options{Start: start, Transport: plainTransport()}, Handler{})
		if err == nil || err.Error() != `start URL "`+start+`" is not an http(s) URL` {
			t.Errorf("New(%q): %v", start, err)
		}
	}
	if _, err := New(Options{Start: "http://a.gov.cn/"}, Handler{}); err == nil || err.Error() != "crawl: no transport" {
		t.Errorf("New without transport: %v", err)
	}
	c, err := New(Options{Start: "http://a.gov.cn/", Transport: plainTransport()}, Handler{})
	if err != nil {
		t.Fatal(err)
	}
	o := c.opt
	if o.MaxBody != 10<<20 || o.Workers != 8 || o.Timeout != 15*time.Second || o.MaxQueryVariants != 200 || o.MaxChain != 100 || o.Now == nil {
		t.Errorf("defaults: %+v", o)
	}
	c, _ = New(Options{Start: "http://a.gov.cn/", Transport: plainTransport(), MaxBody: 5, Workers: 3, Timeout: time.Second,
		MaxQueryVariants: -1, MaxChain: 7}, Handler{})
	if o := c.opt; o.MaxBody != 5 || o.Workers != 3 || o.Timeout != time.Second || o.MaxQueryVariants != -1 || o.MaxChain != 7 {
		t.Errorf("given options changed: %+v", o)
	}
	// Handlers left nil are harmless.
	c.h.Visit(&Visit{})
	c.h.Target("x")
	c.h.Skip("x", "y")
	if s := c.Progress(); s != (Stats{}) {
		t.Errorf("Progress before Run = %+v", s)
	}
}

func TestScope(t *testing.T) {
	c, err := New(Options{Start: "http://Jyj.Example.gov.cn:80/index.html", Transport: plainTransport(),
		ExtraHosts: []string{" WWW.jyj.example.gov.cn ", "", "m.jyj.example.gov.cn:8080"}}, Handler{})
	if err != nil {
		t.Fatal(err)
	}
	for raw, want := range map[string]bool{
		"http://jyj.example.gov.cn/":           true,
		"http://JYJ.example.gov.cn:80/a":       true,
		"https://jyj.example.gov.cn:443/a":     true,
		"https://jyj.example.gov.cn/a":         true,
		"http://jyj.example.gov.cn:8080/":      false,
		"https://jyj.example.gov.cn:80/":       false, // port 80 is not https's default
		"http://www.jyj.example.gov.cn/":       true,
		"http://m.jyj.example.gov.cn:8080/":    true,
		"http://m.jyj.example.gov.cn/":         false,
		"http://example.gov.cn/":               false,
		"http://evil.jyj.example.gov.cn.cn/":   false,
		"http://jyj.example.gov.cn.evil.com/a": false,
	} {
		u, _ := url.Parse(raw)
		if got := c.InScope(u); got != want {
			t.Errorf("InScope(%s) = %v, want %v", raw, got, want)
		}
	}
}

func respond(code int, ct string, body []byte) *http.Response {
	h := http.Header{}
	if ct != "" {
		h.Set("Content-Type", ct)
	}
	return &http.Response{StatusCode: code, Header: h, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}
}

func roundTrip(t *testing.T, pt *pageTransport, method, raw string) (*http.Response, []byte, error) {
	t.Helper()
	req, _ := http.NewRequest(method, raw, nil)
	resp, err := pt.RoundTrip(req)
	if err != nil {
		return resp, nil, err
	}
	b, _ := io.ReadAll(resp.Body)
	return resp, b, nil
}

func TestPageTransport(t *testing.T) {
	var next func(*http.Request) (*http.Response, error)
	pt := &pageTransport{next: rtFunc(func(r *http.Request) (*http.Response, error) { return next(r) }), max: 100}

	// Errors and HEAD pass through untouched.
	boom := errors.New("boom")
	next = func(*http.Request) (*http.Response, error) { return nil, boom }
	if _, _, err := roundTrip(t, pt, "GET", "http://a.gov.cn/"); err != boom {
		t.Errorf("error: %v", err)
	}
	next = func(*http.Request) (*http.Response, error) {
		return respond(200, "application/pdf", []byte("%PDF-1.4")), nil
	}
	resp, body, _ := roundTrip(t, pt, "HEAD", "http://a.gov.cn/a.pdf")
	if string(body) != "%PDF-1.4" || resp.Header.Get(hdrNotHTML) != "" {
		t.Errorf("HEAD rewritten: %q %v", body, resp.Header)
	}

	// A redirect loses its body (even a gzip one) and its encoding.
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(bytes.Repeat([]byte("x"), 10000))
	w.Close()
	next = func(*http.Request) (*http.Response, error) {
		r := respond(302, "text/html", gz.Bytes())
		r.Header.Set("Content-Encoding", "gzip")
		r.Header.Set("Content-Length", "123")
		r.Header.Set("Location", "/b")
		return r, nil
	}
	resp, body, _ = roundTrip(t, pt, "GET", "http://a.gov.cn/a")
	if len(body) != 0 || resp.ContentLength != 0 || resp.Header.Get("Content-Encoding") != "" || resp.Header.Get("Content-Length") != "" ||
		!resp.Uncompressed || resp.Header.Get("Location") != "/b" || resp.StatusCode != 302 {
		t.Errorf("redirect: %d bytes, %+v", len(body), resp)
	}
	// 399 is a redirect still; 400 an error page whose body is kept, not decoded.
	next = func(*http.Request) (*http.Response, error) { return respond(399, "text/html", []byte("abc")), nil }
	if _, body, _ = roundTrip(t, pt, "GET", "http://a.gov.cn/a"); len(body) != 0 {
		t.Errorf("399 kept a body %q", body)
	}
	next = func(*http.Request) (*http.Response, error) {
		return respond(404, "text/html; charset=gbk", []byte("<p>not found</p>")), nil
	}
	resp, body, _ = roundTrip(t, pt, "GET", "http://a.gov.cn/a")
	if string(body) != "<p>not found</p>" || resp.Header.Get("Content-Type") != "text/html; charset=gbk" || resp.Header.Get(hdrCharset) != "" {
		t.Errorf("404: %q %v", body, resp.Header)
	}
	// An error page is bounded by max too, and marked.
	next = func(*http.Request) (*http.Response, error) {
		return respond(500, "text/html", bytes.Repeat([]byte("e"), 101)), nil
	}
	resp, body, _ = roundTrip(t, pt, "GET", "http://a.gov.cn/a")
	if len(body) != 100 || resp.Header.Get(hdrTruncated) != "1" || resp.ContentLength != 100 {
		t.Errorf("500 over max: %d bytes, %v", len(body), resp.Header)
	}
	// 199 is no success either.
	next = func(*http.Request) (*http.Response, error) { return respond(199, "text/html", []byte("<p>x</p>")), nil }
	if resp, _, _ = roundTrip(t, pt, "GET", "http://a.gov.cn/a"); resp.Header.Get(hdrCharset) != "" {
		t.Errorf("199 was decoded as a page")
	}
	// robots.txt is kept as it is, even when served as HTML.
	next = func(*http.Request) (*http.Response, error) {
		return respond(200, "text/html", []byte("User-agent: *")), nil
	}
	resp, body, _ = roundTrip(t, pt, "GET", "http://a.gov.cn/robots.txt")
	if string(body) != "User-agent: *" || resp.Header.Get(hdrCharset) != "" || resp.Header.Get("Content-Type") != "text/html" {
		t.Errorf("robots.txt: %q %v", body, resp.Header)
	}

	// Size bound: max bytes exactly are whole; one more is cut and marked.
	for _, tc := range []struct {
		n         int
		truncated bool
		want      int
	}{{100, false, 100}, {101, true, 100}, {99, false, 99}} {
		page := append([]byte("<html>"), bytes.Repeat([]byte("a"), tc.n-6)...)
		next = func(*http.Request) (*http.Response, error) { return respond(200, "text/html", page), nil }
		resp, body, _ = roundTrip(t, pt, "GET", "http://a.gov.cn/p.html")
		if len(body) != tc.want || (resp.Header.Get(hdrTruncated) == "1") != tc.truncated || resp.ContentLength != int64(tc.want) {
			t.Errorf("%d-byte page: %d bytes, truncated %q", tc.n, len(body), resp.Header.Get(hdrTruncated))
		}
	}

	// A GBK page comes out as UTF-8, with what it declared and what was used.
	next = func(*http.Request) (*http.Response, error) {
		return respond(200, "text/html; charset=GBK", gbk(t, "<title>通知</title>")), nil
	}
	resp, body, _ = roundTrip(t, pt, "GET", "http://a.gov.cn/g.html")
	if string(body) != "<title>通知</title>" || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" ||
		resp.Header.Get(hdrType) != "text/html; charset=GBK" || resp.Header.Get(hdrCharset) != "gb18030" || resp.Header.Get(hdrDeclared) != "gbk" {
		t.Errorf("GBK: %q %v", body, resp.Header)
	}

	// Not HTML: the body is dropped unread and the answer marked.
	next = func(*http.Request) (*http.Response, error) {
		return respond(200, "application/pdf", []byte("%PDF-1.4 ...")), nil
	}
	resp, body, _ = roundTrip(t, pt, "GET", "http://a.gov.cn/a.pdf")
	if len(body) != 0 || resp.Header.Get(hdrNotHTML) != "1" || resp.ContentLength != 0 {
		t.Errorf("PDF: %q %v", body, resp.Header)
	}

	// A body cut short by the server: the page did not open.
	next = func(*http.Request) (*http.Response, error) {
		r := respond(200, "text/html", nil)
		r.Body = io.NopCloser(io.MultiReader(strings.NewReader("<html>"), errReader{}))
		return r, nil
	}
	if resp, _, err := roundTrip(t, pt, "GET", "http://a.gov.cn/cut.html"); err == nil || err.Error() != "connection reset" || resp != nil {
		t.Errorf("cut body: %v %v", resp, err)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestIsHTML(t *testing.T) {
	for _, tc := range []struct {
		ct, head string
		want     bool
	}{
		{"text/html", "", true},
		{"TEXT/HTML; charset=gbk", "%PDF", true},
		{"application/xhtml+xml", "", true},
		{"", "<!DOCTYPE html><html>", true},
		{"", "%PDF-1.4", false},
		{"application/octet-stream", "<html><body>", true},
		{"application/octet-stream", "PK\x03\x04", false},
		{"text/plain", "<html>", true},
		{"text/plain", "just words", false},
		{"image/png", "<html>", false},
		{"application/json", "<html>", false},
	} {
		if got := isHTML(tc.ct, []byte(tc.head)); got != tc.want {
			t.Errorf("isHTML(%q, %q) = %v", tc.ct, tc.head, got)
		}
	}
}

func TestFetch(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/gbk.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=GBK")
		w.Header().Set("ETag", `"e1"`)
		w.Header().Set("Last-Modified", "Sun, 29 Nov 2026 01:00:00 GMT")
		w.Write(gbk(t, `<html><head><title>澜江市教育局</title></head><body><a href="a.html">甲</a></body></html>`))
	})
	mux.HandleFunc("/old.html", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/gbk.html", http.StatusFound) })
	mux.HandleFunc("/missing.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(404)
		w.Write([]byte("<title>404</title>"))
	})
	mux.HandleFunc("/a.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

	v, err := Fetch(ctx, srv.URL+"/gbk.html", plainTransport(), 5*time.Second, now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.URL != srv.URL+"/gbk.html" || v.Final != "" || v.Status != 200 || v.ContentType != "text/html; charset=GBK" ||
		v.Charset != "gb18030" || v.Declared != "gbk" || v.ETag != `"e1"` || v.LastModified != "Sun, 29 Nov 2026 01:00:00 GMT" || v.Truncated {
		t.Errorf("visit %+v", v)
	}
	if v.Page == nil || v.Page.Title != "澜江市教育局" || v.Page.Status != 200 || v.Page.Charset != "gb18030" ||
		len(v.Page.Links) != 1 || v.Page.Links[0].URL != srv.URL+"/a.html" {
		t.Errorf("page %+v", v.Page)
	}

	v, _ = Fetch(ctx, srv.URL+"/old.html", plainTransport(), 5*time.Second, now, nil)
	if v.Final != srv.URL+"/gbk.html" || v.Page == nil || v.Page.URL != srv.URL+"/gbk.html" {
		t.Errorf("redirected: final %q page %+v", v.Final, v.Page)
	}
	v, _ = Fetch(ctx, srv.URL+"/missing.html", plainTransport(), 5*time.Second, now, nil)
	if v.Status != 404 || v.Page != nil || v.Err != nil {
		t.Errorf("404: %+v", v)
	}
	v, _ = Fetch(ctx, srv.URL+"/a.pdf", plainTransport(), 5*time.Second, now, nil)
	if v.Status != 200 || v.Page != nil || v.ContentType != "application/pdf" {
		t.Errorf("pdf: %+v", v)
	}
	if _, err := Fetch(ctx, "ftp://a.gov.cn/x", plainTransport(), time.Second, now, nil); err == nil || err.Error() != `"ftp://a.gov.cn/x" is not an http(s) URL` {
		t.Errorf("ftp: %v", err)
	}
	// Nothing listens: the visit carries the error.
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	v, err = Fetch(ctx, deadURL+"/", plainTransport(), 5*time.Second, now, nil)
	if err != nil || v == nil || v.Err == nil || v.URL != deadURL+"/" || v.Page != nil {
		t.Errorf("dead server: %+v %v", v, err)
	}
	// A body that breaks off.
	v, err = Fetch(ctx, "http://a.gov.cn/cut.html", rtFunc(func(r *http.Request) (*http.Response, error) {
		resp := respond(200, "text/html", nil)
		resp.Body = io.NopCloser(io.MultiReader(strings.NewReader("<html>"), errReader{}))
		resp.Request = r
		return resp, nil
	}), time.Second, now, nil)
	if err != nil || v.Err == nil || !strings.Contains(v.Err.Error(), "connection reset") {
		t.Errorf("cut body: %+v %v", v, err)
	}
}

// site records a crawl of a test server.
type site struct {
	srv     *httptest.Server
	mu      sync.Mutex
	visits  map[string]*Visit
	targets []string
	skips   map[string]string
	stats   Stats
	err     error
}

func (s *site) path(u string) string { return strings.TrimPrefix(u, s.srv.URL) }

func crawlWith(t *testing.T, h http.Handler, opt Options, ctx context.Context) *site {
	t.Helper()
	s := &site{srv: httptest.NewServer(h), visits: map[string]*Visit{}, skips: map[string]string{}}
	t.Cleanup(s.srv.Close)
	opt.Start = s.srv.URL + "/"
	opt.UserAgent = transport.UserAgent
	if opt.Transport == nil {
		opt.Transport = plainTransport()
	}
	opt.Now = func() time.Time { return time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC) }
	c, err := New(opt, Handler{
		Visit: func(v *Visit) {
			s.mu.Lock()
			s.visits[s.path(v.URL)] = v
			s.mu.Unlock()
		},
		Target: func(u string) {
			s.mu.Lock()
			s.targets = append(s.targets, s.path(u))
			s.mu.Unlock()
		},
		Skip: func(u, why string) {
			s.mu.Lock()
			s.skips[s.path(u)] = why
			s.mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if ctx == nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
	}
	s.stats, s.err = c.Run(ctx)
	return s
}

func htmlPage(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(body))
	}
}

func TestCrawlRedirectsAndErrors(t *testing.T) {
	other := httptest.NewServer(htmlPage("<p>外站</p>"))
	defer other.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/", htmlPage(`<a href="/a.html">甲</a><a href="/old.html">旧</a><a href="/moved.html">迁</a>
<a href="/away.html">外</a><a href="/boom.html">错</a><a href="/loop.html">环</a>`))
	mux.HandleFunc("/a.html", htmlPage("<title>甲</title>"))
	mux.HandleFunc("/new.html", htmlPage("<title>新</title>"))
	mux.HandleFunc("/old.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new.html", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/moved.html", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/", http.StatusFound) })
	mux.HandleFunc("/away.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/x.html", http.StatusFound)
	})
	mux.HandleFunc("/loop.html", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop.html", http.StatusFound) })
	mux.HandleFunc("/boom.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(500)
		w.Write([]byte("<title>错误</title>"))
	})
	s := crawlWith(t, mux, Options{IgnoreRobots: true, Workers: 1}, nil)
	if s.err != nil {
		t.Fatal(s.err)
	}
	if v := s.visits["/old.html"]; v == nil || v.Final != s.srv.URL+"/new.html" || v.Page == nil || v.Page.Title != "新" || v.Status != 200 {
		t.Errorf("in-site redirect: %+v", v)
	}
	// A redirect onto the homepage, crawled already: visited, not read again.
	if v := s.visits["/moved.html"]; v == nil || v.Final != s.srv.URL+"/" || v.Page != nil || v.Status != 200 {
		t.Errorf("redirect onto a crawled page: %+v", v)
	}
	if v := s.visits["/boom.html"]; v == nil || v.Status != 500 || v.Page != nil {
		t.Errorf("500: %+v", v)
	}
	// Off-site and looping redirects go to the prober, as written.
	if strings.Join(s.targets, " ") != "/away.html /loop.html" {
		t.Errorf("targets %q", s.targets)
	}
	if s.visits["/away.html"] != nil || s.visits["/loop.html"] != nil {
		t.Errorf("stopped redirects were visited")
	}
	if s.stats.Pages != 7 || s.stats.Targets != 2 || s.stats.Skipped != 0 || s.stats.Limited != 0 || s.stats.Queued != 0 {
		t.Errorf("stats %+v", s.stats)
	}
}

func TestCrawlLimitsCount(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", htmlPage(`<a href="/1.html">1</a><a href="/2.html">2</a><a href="/3.html">3</a>`))
	for _, p := range []string{"/1.html", "/2.html", "/3.html"} {
		mux.HandleFunc(p, htmlPage(`<a href="/deep.html">深</a>`))
	}
	mux.HandleFunc("/deep.html", htmlPage("<p>深</p>"))
	// MaxPages 3: the homepage and two more; the others are probed.
	s := crawlWith(t, mux, Options{IgnoreRobots: true, Workers: 1, MaxPages: 3}, nil)
	if s.stats.Pages != 3 || s.stats.Limited != 2 || s.stats.Targets != 2 || len(s.targets) != 2 {
		t.Errorf("MaxPages 3: stats %+v targets %v", s.stats, s.targets)
	}
	// MaxDepth 1: the homepage's links but not theirs.
	s = crawlWith(t, mux, Options{IgnoreRobots: true, Workers: 1, MaxDepth: 1}, nil)
	if s.stats.Pages != 4 || s.visits["/deep.html"] != nil || strings.Join(s.targets, " ") != "/deep.html" || s.stats.Limited != 1 {
		t.Errorf("MaxDepth 1: stats %+v targets %v", s.stats, s.targets)
	}
}

func TestCrawlUnreachableHost(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	u, _ := url.Parse(deadURL)
	mux := http.NewServeMux()
	mux.HandleFunc("/", htmlPage(`<a href="`+deadURL+`/p.html">备用站</a>`))
	s := crawlWith(t, mux, Options{IgnoreRobots: true, ExtraHosts: []string{u.Host}}, nil)
	v := s.visits[deadURL+"/p.html"]
	if v == nil || v.Err == nil || v.Page != nil || v.Status != 0 {
		t.Errorf("unreachable page: %+v", v)
	}
	if s.stats.Pages != 2 {
		t.Errorf("stats %+v", s.stats)
	}
}

func TestCrawlCancelled(t *testing.T) {
	var hits atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { hits.Add(1); htmlPage("<p>x</p>")(w, r) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, robots := range []bool{false, true} {
		s := crawlWith(t, mux, Options{IgnoreRobots: !robots}, ctx)
		if !errors.Is(s.err, context.Canceled) {
			t.Errorf("robots %v: err %v", robots, s.err)
		}
		if len(s.visits) != 0 || len(s.skips) != 0 || s.stats.Pages != 0 {
			t.Errorf("robots %v: a cancelled crawl reported %v %v %+v", robots, s.visits, s.skips, s.stats)
		}
	}
}

func TestRobots(t *testing.T) {
	var robotsHits atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		robotsHits.Add(1)
		w.Write([]byte("User-agent: *\nDisallow: /private/\nDisallow: /*?print=1\nDisallow: /files/secret\n"))
	})
	mux.HandleFunc("/", htmlPage(`<a href="/a.html">甲</a><a href="/a.html?print=1">打印</a><a href="/private/x.html">内</a>
<a href="/files/secret.pdf">密</a><a href="/files/open.pdf">公开</a><a href="http://other.invalid/private/y.pdf">外</a>`))
	mux.HandleFunc("/a.html", htmlPage(`<a href="/b.html">乙</a>`))
	mux.HandleFunc("/b.html", htmlPage(`<p>乙</p>`))
	s := crawlWith(t, mux, Options{}, nil)
	if robotsHits.Load() != 1 {
		t.Errorf("robots.txt fetched %d times, want once per host", robotsHits.Load())
	}
	for _, p := range []string{"/a.html?print=1", "/private/x.html", "/files/secret.pdf"} {
		if s.skips[p] != "robots.txt 禁止抓取" {
			t.Errorf("%s: skip %q", p, s.skips[p])
		}
	}
	if s.visits["/a.html"] == nil || s.visits["/b.html"] == nil || s.visits["/a.html?print=1"] != nil {
		t.Errorf("visits %v", keys(s.visits))
	}
	// Others' hosts are not judged by our robots.txt.
	if strings.Join(s.targets, " ") != "/files/open.pdf http://other.invalid/private/y.pdf" {
		t.Errorf("targets %q", s.targets)
	}
	if s.stats.Skipped != 3 || s.stats.Pages != 3 {
		t.Errorf("stats %+v", s.stats)
	}
}

func TestRobotsStatus(t *testing.T) {
	for _, tc := range []struct {
		name   string
		serve  http.HandlerFunc
		pages  int64
		skip   string // the homepage's skip reason
		errSub string // the homepage's visit error
	}{
		{"404: no rules", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, 2, "", ""},
		{"304: no rules", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(304) }, 2, "", ""},
		{"redirect loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.Path+"x", http.StatusFound) }, 1, "",
			"robots.txt could not be read: "},
		{"5 redirects", func(w http.ResponseWriter, r *http.Request) {
			if len(r.URL.Path) < len("/robots.txt")+5 {
				http.Redirect(w, r, r.URL.Path+"x", http.StatusFound)
				return
			}
			w.Write([]byte("User-agent: *\nDisallow: /a.html\n"))
		}, 1, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("/robots.txt", tc.serve)
			mux.HandleFunc("/robots.txtx", tc.serve)
			mux.HandleFunc("/robots.txtxx", tc.serve)
			mux.HandleFunc("/robots.txtxxx", tc.serve)
			mux.HandleFunc("/robots.txtxxxx", tc.serve)
			mux.HandleFunc("/robots.txtxxxxx", tc.serve)
			mux.HandleFunc("/robots.txtxxxxxx", tc.serve)
			mux.HandleFunc("/", htmlPage(`<a href="/a.html">甲</a>`))
			mux.HandleFunc("/a.html", htmlPage(`<p>甲</p>`))
			s := crawlWith(t, mux, Options{Workers: 1}, nil)
			if s.stats.Pages != tc.pages {
				t.Errorf("pages %d, want %d (visits %v skips %v)", s.stats.Pages, tc.pages, keys(s.visits), s.skips)
			}
			if s.skips["/"] != tc.skip {
				t.Errorf("homepage skip %q, want %q", s.skips["/"], tc.skip)
			}
			v := s.visits["/"]
			switch {
			case tc.errSub != "":
				if v == nil || v.Err == nil || !strings.HasPrefix(v.Err.Error(), tc.errSub) || !errors.Is(v.Err, errRobotsRedirects) {
					t.Errorf("homepage visit %+v", v)
				}
			case tc.pages > 0:
				if v == nil || v.Err != nil || v.Page == nil {
					t.Errorf("homepage visit %+v", v)
				}
			}
		})
	}
}

// TestRobotsServerError: robots.txt answering 5xx means nothing may be
// fetched (robots.go's doc, RFC 9309 2.3.1.4).
func TestRobotsServerError(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) })
	mux.HandleFunc("/", htmlPage(`<a href="/a.html">甲</a>`))
	s := crawlWith(t, mux, Options{Workers: 1}, nil)
	if s.stats.Pages != 0 || s.skips["/"] != "robots.txt 禁止抓取" || s.stats.Skipped != 1 {
		t.Errorf("503 robots.txt: pages %d skips %v", s.stats.Pages, s.skips)
	}
}

func TestRobotsRootPath(t *testing.T) {
	r := &robots{hosts: map[string]*robotsHost{}, ua: "x"}
	ctx := context.Background()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /$\n"))
	}))
	defer srv.Close()
	r.client = srv.Client()
	for raw, want := range map[string]bool{srv.URL: false, srv.URL + "/": false, srv.URL + "/a": true} {
		u, _ := url.Parse(raw)
		if ok, err := r.allowed(ctx, u); ok != want || err != nil {
			t.Errorf("allowed(%s) = %v, %v; want %v", raw, ok, err, want)
		}
	}
	// A request that cannot be built is an error for the host.
	bad := &robots{hosts: map[string]*robotsHost{}, client: srv.Client()}
	if _, err := bad.fetch(ctx, "http://a b"); err == nil {
		t.Error("fetch of a bad origin: no error")
	}
}

func parseHTML(t *testing.T, s string) *html.Node {
	t.Helper()
	n, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBreadcrumbs(t *testing.T) {
	base, _ := url.Parse("http://a.gov.cn/xxgk/tzgg/index.html")
	crumbs := func(body string) string {
		var out []string
		for _, l := range breadcrumbs(parseHTML(t, body), base) {
			out = append(out, l.Text+"="+l.URL)
		}
		return strings.Join(out, " | ")
	}
	for _, tc := range []struct{ name, body, want string }{
		{"by class", `<div class="position"><a href="/">首页</a> &gt; <a href="../">信息公开</a> &gt; 通知公告</div>`,
			"首页=http://a.gov.cn/ | 信息公开=http://a.gov.cn/xxgk/ | 通知公告="},
		{"by id, last crumb a link", `<div id="breadcrumb"><a href="/">首页</a> » <a href="./">通知公告</a></div>`,
			"首页=http://a.gov.cn/ | 通知公告=http://a.gov.cn/xxgk/tzgg/"},
		{"by label text", `<p>当前位置：<a href="/">首页</a> ＞ 政策文件</p>`, "首页=http://a.gov.cn/ | 政策文件="},
		{"label in a span", `<div><span>您的位置:</span><a href="/">首页</a> / 领导信息</div>`, "首页=http://a.gov.cn/ | 领导信息="},
		{"label in a span, indented", "<div>\n    <span>当前位置：</span><a href=\"/\">首页</a> &gt; 通知公告</div>", "首页=http://a.gov.cn/ | 通知公告="},
		{"label only, no links", `<div>当前栏目：机构职能</div>`, "机构职能="},
		{"a long tail is no crumb", `<div class="location"><a href="/">首页</a> &gt; ` + strings.Repeat("长", 21) + `</div>`, "首页=http://a.gov.cn/"},
		{"20 runes is a crumb", `<div class="location"><a href="/">首页</a> &gt; ` + strings.Repeat("长", 20) + `</div>`,
			"首页=http://a.gov.cn/ | " + strings.Repeat("长", 20) + "="},
		{"class without links", `<div class="position">通知公告</div>`, ""},
		// shortText: at most 3×120 bytes of text; 首页 is 6, each 正 3.
		{"one byte too much text", `<div class="path"><a href="/">首页</a>` + strings.Repeat("正", 118) + `x</div>`, ""},
		{"just enough text", `<div class="path"><a href="/">首页</a>` + strings.Repeat("正", 118) + `</div>`, "首页=http://a.gov.cn/"},
		{"none", `<div class="main"><a href="/">首页</a></div>`, ""},
		{"label in script ignored", `<script>当前位置：x</script><div>正文</div>`, ""},
		{"block child is its own crumb", `<div><div>当前位置：<a href="/">首页</a></div></div>`, "首页=http://a.gov.cn/"},
	} {
		if got := crumbs(tc.body); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestSearchPage(t *testing.T) {
	root := parseHTML(t, "<p>正文</p><script>var s='搜索结果'</script>")
	for raw, want := range map[string]bool{
		"http://a.gov.cn/list.html?keyword=招生":  true,
		"http://a.gov.cn/list.html?Q=x":         true,
		"http://a.gov.cn/list.html?keyword=":    false,
		"http://a.gov.cn/list.html?page=2":      false,
		"http://a.gov.cn/search/index.html":     true,
		"http://a.gov.cn/fullsearch.jsp":        true,
		"http://a.gov.cn/s/index.html":          true,
		"http://a.gov.cn/so/":                   true,
		"http://a.gov.cn/sos/":                  false,
		"http://a.gov.cn/xxgk/":                 false,
		"http://a.gov.cn/50%/l.html?keyword=招生": true, // a stray "%", which url.Parse refuses
	} {
		if got := searchPage(raw, root); got != want {
			t.Errorf("searchPage(%s) = %v", raw, got)
		}
	}
	for body, want := range map[string]bool{
		"<p>找到相关结果 4 个</p>":   true,
		"<p>相关结果12条</p>":      true,
		"<p>搜索结果</p>":         true,
		"<p>检查结果公示</p>":       false,
		"<style>搜索结果</style>": false,
	} {
		if got := searchPage("http://a.gov.cn/xxgk/", parseHTML(t, body)); got != want {
			t.Errorf("searchPage(%s) = %v", body, got)
		}
	}
}

func TestDated(t *testing.T) {
	if dated(nil) || dated([]checks.Item{{Title: "a"}}) {
		t.Error("undated items called dated")
	}
	if !dated([]checks.Item{{Title: "a"}, {Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}}) {
		t.Error("a dated item missed")
	}
}

func TestShortText(t *testing.T) {
	n := parseHTML(t, "<div>"+strings.Repeat("a", 30)+"<span>"+strings.Repeat("b", 30)+"</span></div>")
	if !shortText(n, 20) || shortText(n, 19) {
		t.Errorf("shortText at 60 bytes: max 20 (60 allowed) %v, max 19 %v", shortText(n, 20), shortText(n, 19))
	}
}

func TestDescribeMeta(t *testing.T) {
	base, _ := url.Parse("http://a.gov.cn/xxgk/1.html")
	p := Describe([]byte(`<html><head><meta name="columnname" content=" 通知公告 "><title> 关于…的通知 </title></head>
<body><div class="crumb"><a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a></div><p>文号：澜教发〔2026〕12号</p></body></html>`), base, time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC))
	if p == nil {
		t.Fatal("not read")
	}
	if p.ColumnName != "通知公告" || p.Title != "关于…的通知" || len(p.Crumbs) != 2 || p.Crumbs[1].Text != "信息公开" || p.Flattened {
		t.Errorf("page %+v", p.PageSummary)
	}
	if len(p.DocNos) != 1 || p.DocNos[0] != "澜教发〔2026〕12号" {
		t.Errorf("DocNos %q", p.DocNos)
	}
}
