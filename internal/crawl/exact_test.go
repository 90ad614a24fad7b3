package crawl

import (
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"govaudit/internal/transport"
)

// recorder remembers the request line (the request URI as sent) of every
// request.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	sent []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.sent = append(r.sent, req.URL.RequestURI())
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

// TestCrawlExactURLs: links are fetched and reported exactly as the page
// wrote them, with only what a browser normalises — and a server that
// answers by parameter order sees the order the page wrote.
func TestCrawlExactURLs(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch {
		case r.URL.Path == "/":
			w.Write([]byte(`<html><body>
<a href="/search.jsp?infotypeId=A01&amp;area=330100">检索</a>
<a href="/search.jsp?area=330100&amp;infotypeId=A01">同一检索，另一种写法</a>
<a href="/tab&#9;bed.html">制表符</a>
<a href="/new
line.html">换行</a>
<a href="\xxgk\back.html">反斜杠</a>
<a href="/bad%zz.html">坏的百分号</a>
<a href="/年度 报告.html">中文和空格</a>
<a href="/files/附件 1.pdf">附件</a>
</body></html>`))
		case r.URL.Path == "/search.jsp" && r.URL.RawQuery == "infotypeId=A01&area=330100":
			w.Write([]byte(`<html><body>检索结果</body></html>`))
		case r.URL.Path == "/search.jsp":
			http.NotFound(w, r) // another order: another request
		case r.URL.Path == "/tabbed.html", r.URL.Path == "/newline.html", r.URL.Path == "/xxgk/back.html", r.URL.Path == "/年度 报告.html":
			w.Write([]byte(`<html><body>ok</body></html>`))
		default:
			http.NotFound(w, r)
		}
	})
	rec := &recorder{next: transport.WithUserAgent(transport.New(transport.Options{Timeout: 5 * time.Second}), transport.UserAgent)}
	r := crawlSite(t, mux, Options{IgnoreRobots: true, Transport: rec})

	want := map[string]int{
		"/search.jsp?infotypeId=A01&area=330100": 200,
		"/tabbed.html":                           200,
		"/newline.html":                          200,
		"/xxgk/back.html":                        200,
		"/bad%zz.html":                           400, // Go's server refuses the escape; a browser sends it all the same
		"/%E5%B9%B4%E5%BA%A6%20%E6%8A%A5%E5%91%8A.html": 200,
	}
	for path, status := range want {
		v := r.visits[path]
		if v == nil {
			t.Errorf("%s was not crawled (visits: %v)", path, keys(r.visits))
			continue
		}
		if v.Status != status {
			t.Errorf("%s: status %d, want %d", path, v.Status, status)
		}
	}
	if r.visits["/search.jsp?area=330100&infotypeId=A01"] != nil {
		t.Error("the search was fetched in the canonical order")
	}
	rec.mu.Lock()
	sent := strings.Join(rec.sent, "\n")
	rec.mu.Unlock()
	for _, uri := range []string{"/search.jsp?infotypeId=A01&area=330100", "/bad%zz.html", "/%E5%B9%B4%E5%BA%A6%20%E6%8A%A5%E5%91%8A.html"} {
		if !strings.Contains(sent, uri+"\n") && !strings.HasSuffix(sent, uri) {
			t.Errorf("never sent %s; sent:\n%s", uri, sent)
		}
	}
	if strings.Contains(sent, "area=330100&infotypeId=A01") || strings.Contains(sent, "%25zz") {
		t.Errorf("sent a URL other than written:\n%s", sent)
	}
	// Links are kept as written, one per canonical URL.
	links := strings.Join(r.links["/"], "\n")
	for _, l := range []string{"/search.jsp?infotypeId=A01&area=330100 a 检索", "/files/%E9%99%84%E4%BB%B6%201.pdf a 附件", "/bad%zz.html a 坏的百分号"} {
		if !strings.Contains(links, l) {
			t.Errorf("links lack %q:\n%s", l, links)
		}
	}
	if strings.Contains(links, "另一种写法") {
		t.Errorf("the same URL written another way is a second link:\n%s", links)
	}
	if got := strings.Join(r.targets, " "); got != "/files/%E9%99%84%E4%BB%B6%201.pdf" {
		t.Errorf("targets %q", got)
	}
}

func keys(m map[string]*Visit) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
