package crawl

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"govaudit/internal/transport"
)

// TestBodyHandOff: page bodies go from the transport to the handler past
// colly, whole, through redirects and conditional requests; the slot that
// carries them is never sent to the site, and no body is left behind.
func TestBodyHandOff(t *testing.T) {
	pages := map[string]string{
		"/":       `<html><body><a href="/a.html">甲</a> <a href="/r">转</a> <a href="/gone.html">无</a> <a href="/f.pdf">文件</a> <a href="/home">首页</a></body></html>`,
		"/a.html": `<html><head><title>甲</title></head><body><p>` + strings.Repeat("正文", 5000) + `</p></body></html>`,
		"/b.html": `<html><head><title>乙</title></head><body><p>转来的页面</p></body></html>`,
	}
	var mu sync.Mutex
	var leaked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		for k := range r.Header {
			if strings.HasPrefix(strings.ToLower(k), "x-govaudit") {
				leaked = append(leaked, r.URL.Path+" "+k)
			}
		}
		mu.Unlock()
		switch r.URL.Path {
		case "/r":
			http.Redirect(w, r, "/b.html", http.StatusFound)
			return
		case "/home": // onto a page read already: its body is not read again
			http.Redirect(w, r, "/", http.StatusFound)
			return
		case "/f.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.4\n"))
			return
		}
		body, ok := pages[r.URL.Path]
		if !ok {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte("<html><body>页面不存在</body></html>"))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(body))
	}))
	defer srv.Close()

	got := map[string]string{}
	status := map[string]int{}
	c, err := New(Options{
		Start: srv.URL + "/", UserAgent: transport.UserAgent, IgnoreRobots: true,
		Transport: transport.WithUserAgent(transport.New(transport.Options{Timeout: 5 * time.Second}), transport.UserAgent),
	}, Handler{
		Visit: func(v *Visit) {
			mu.Lock()
			defer mu.Unlock()
			p := strings.TrimPrefix(v.URL, srv.URL)
			status[p] = v.Status
			if v.Page != nil {
				got[p] = string(v.Page.Body)
			}
		},
		Target: func(string) {},
		Skip:   func(string, string) {},
	})
	runCrawl(t, c, err)
	for _, p := range []string{"/", "/a.html"} {
		if got[p] != pages[p] {
			t.Errorf("%s: the handler read %d bytes, the server sent %d", p, len(got[p]), len(pages[p]))
		}
	}
	if got["/r"] != pages["/b.html"] {
		t.Errorf("/r (redirected to /b.html): the handler read %q", got["/r"])
	}
	if status["/home"] != http.StatusOK || got["/home"] != "" {
		t.Errorf("/home (redirected to /): status %d, page %q", status["/home"], got["/home"])
	}
	if status["/gone.html"] != http.StatusNotFound || got["/gone.html"] != "" {
		t.Errorf("/gone.html: status %d, page %q", status["/gone.html"], got["/gone.html"])
	}
	if len(leaked) > 0 {
		t.Errorf("the site received our private headers: %v", leaked)
	}
	n := 0
	c.bodies.Range(func(any, any) bool { n++; return true })
	if n != 0 {
		t.Errorf("%d bodies left in their slots after the crawl", n)
	}
}
