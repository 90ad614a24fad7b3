package crawl

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"govaudit/internal/transport"
)

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// result collects what a crawl reported.
type result struct {
	mu      sync.Mutex
	visits  map[string]*Visit
	titles  map[string]string
	links   map[string][]string
	targets []string
	skipped map[string]string
}

func crawlSite(t *testing.T, h http.Handler, opt Options) *result {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	r := &result{visits: map[string]*Visit{}, titles: map[string]string{}, links: map[string][]string{}, skipped: map[string]string{}}
	opt.Start = srv.URL + "/"
	opt.UserAgent = transport.UserAgent
	if opt.Transport == nil {
		opt.Transport = transport.WithUserAgent(transport.New(transport.Options{Timeout: 5 * time.Second}), transport.UserAgent)
	}
	c, err := New(opt, Handler{
		Visit: func(v *Visit) {
			r.mu.Lock()
			defer r.mu.Unlock()
			path := strings.TrimPrefix(v.URL, srv.URL)
			r.visits[path] = v
			if v.Page != nil {
				r.titles[path] = v.Page.Title
				for _, l := range v.Page.Links {
					r.links[path] = append(r.links[path], strings.TrimPrefix(l.URL, srv.URL)+" "+l.Kind.String()+" "+l.Text)
				}
			}
		},
		Target: func(u string) {
			r.mu.Lock()
			r.targets = append(r.targets, strings.TrimPrefix(u, srv.URL))
			r.mu.Unlock()
		},
		Skip: func(u, why string) {
			r.mu.Lock()
			r.skipped[strings.TrimPrefix(u, srv.URL)] = why
			r.mu.Unlock()
		},
	})
	runCrawl(t, c, err)
	sort.Strings(r.targets)
	return r
}

// runCrawl runs a crawler New made (err: New's error) to its end, within
// 30 s.
func runCrawl(t *testing.T, c *Crawler, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := c.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestCrawlCharsets covers the four ways a GBK page says (or does not say)
// what it is, with real GBK bytes on the wire.
func TestCrawlCharsets(t *testing.T) {
	mux := http.NewServeMux()
	page := func(head string) string {
		return "<html><head>" + head + "<title>临江市教育局 通知公告</title></head><body><a href=\"/a.pdf\">附件下载</a></body></html>"
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<a href="/header.html">1</a><a href="/meta.html">2</a><a href="/equiv.html">3</a><a href="/none.html">4</a>`))
	})
	serve := func(path, ct, head string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ct)
			w.Write(gbk(t, page(head)))
		})
	}
	serve("/header.html", "text/html; charset=GBK", "")
	serve("/meta.html", "text/html", `<meta charset="gbk">`)
	serve("/equiv.html", "text/html", `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`)
	serve("/none.html", "text/html", "")
	r := crawlSite(t, mux, Options{IgnoreRobots: true})
	for _, p := range []string{"/header.html", "/meta.html", "/equiv.html", "/none.html"} {
		if got := r.titles[p]; got != "临江市教育局 通知公告" {
			t.Errorf("%s: title %q, want 临江市教育局 通知公告", p, got)
		}
		if v := r.visits[p]; v == nil || v.Charset != "gb18030" {
			t.Errorf("%s: charset used = %+v, want gb18030", p, v)
		}
		if got := r.links[p]; len(got) != 1 || got[0] != "/a.pdf a 附件下载" {
			t.Errorf("%s: links %q", p, got)
		}
	}
	if v := r.visits["/equiv.html"]; v == nil || v.Declared != "gb2312" {
		t.Errorf("equiv: declared %+v, want gb2312", v)
	}
}

// TestCrawlLinksAndScope checks link extraction, <base href>, scope,
// robots.txt and the User-Agent.
func TestCrawlLinksAndScope(t *testing.T) {
	var uaMu sync.Mutex
	uas := map[string]bool{}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /admin/\n"))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		uaMu.Lock()
		uas[r.UserAgent()] = true
		uaMu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			w.Write([]byte(`<html><body>
<a href="/xxgk/">信息公开</a> <a href="mailto:a@b.gov.cn">信箱</a> <a href="tel:0571-1">电话</a>
<a href="javascript:void(0)">打印</a> <a href="#top">顶部</a> <a href="data:text/plain,x">数据</a>
<a href="/admin/login.html">后台</a> <img src="/logo.png" alt="标志"> <iframe src="/frame.html" title="框架"></iframe>
<map><area href="/area.html" alt="区域"></map> <embed src="/v.swf"> <object data="/o.pdf"></object>
<a href="http://other.example.gov.cn/">外站</a> <a href="/files/a.docx">附件</a>
<a href="/xxgk/;jsessionid=XYZ">同一栏目</a>
</body></html>`))
		case "/xxgk/":
			w.Write([]byte(`<html><head><base href="/docs/2026/"></head><body><a href="a.html">文章</a></body></html>`))
		default:
			w.Write([]byte(`<html><body>ok</body></html>`))
		}
	})
	r := crawlSite(t, mux, Options{})
	for _, want := range []string{"/", "/xxgk/", "/docs/2026/a.html", "/frame.html", "/area.html"} {
		if r.visits[want] == nil {
			t.Errorf("%s was not crawled", want)
		}
	}
	if r.visits["/admin/login.html"] != nil {
		t.Error("/admin/ was crawled despite robots.txt")
	}
	if why := r.skipped["/admin/login.html"]; !strings.Contains(why, "robots") {
		t.Errorf("/admin/login.html skip reason %q", why)
	}
	wantTargets := []string{"/files/a.docx", "/logo.png", "/o.pdf", "/v.swf", "http://other.example.gov.cn/"}
	if strings.Join(r.targets, " ") != strings.Join(wantTargets, " ") {
		t.Errorf("targets = %q, want %q", r.targets, wantTargets)
	}
	for _, l := range r.links["/"] {
		for _, bad := range []string{"mailto", "tel:", "javascript", "#top", "data:"} {
			if strings.Contains(l, bad) {
				t.Errorf("link %q should not be checked", l)
			}
		}
	}
	if len(uas) != 1 || !uas[transport.UserAgent] {
		t.Errorf("User-Agents seen: %v", uas)
	}
}

// TestCrawlBodyLimits: a body over MaxBody is cut and marked, and a
// non-HTML answer is not read.
func TestCrawlBodyLimits(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<a href="/big.html">大</a><a href="/data.html">数据</a>`))
	})
	mux.HandleFunc("/big.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><a href=\"/early.html\">早</a>"))
		w.Write([]byte(strings.Repeat("<p>很长的页面</p>", 100000)))
	})
	mux.HandleFunc("/data.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.ms-excel")
		w.Write(make([]byte, 1<<20))
	})
	r := crawlSite(t, mux, Options{IgnoreRobots: true, MaxBody: 64 << 10})
	big := r.visits["/big.html"]
	if big == nil || !big.Truncated || big.Page == nil || len(big.Page.Body) > 64<<10 {
		t.Fatalf("big page: %+v", big)
	}
	if r.visits["/early.html"] == nil {
		t.Error("a link before the cut was not followed")
	}
	if d := r.visits["/data.html"]; d == nil || d.Page != nil || d.Status != 200 {
		t.Errorf("non-HTML answer: %+v", d)
	}
}
