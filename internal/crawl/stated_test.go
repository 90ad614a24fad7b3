package crawl

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// listSite serves three endless-looking series of numbered pages, each
// linking the next with 下一页 (and the previous with 上一页), 20 items a
// page: /list/ states its page count (第k/250页) truthfully, /liar/ states
// 第k/150页 yet goes on, /cal/ states none (a calendar's endless 下一页).
func listSite() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/" {
			fmt.Fprint(w, `<html><body><a href="/list/0.html">通知公告</a> <a href="/liar/0.html">工作动态</a> <a href="/cal/0.html">日历</a></body></html>`)
			return
		}
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		k, err := strconv.Atoi(strings.TrimSuffix(parts[len(parts)-1], ".html"))
		if len(parts) != 2 || err != nil || parts[0] == "list" && k >= 250 {
			http.NotFound(w, r)
			return
		}
		var b strings.Builder
		fmt.Fprintf(&b, `<html><head><title>栏目 第%d页</title></head><body><ul class="list">`, k+1)
		for i := range 20 {
			fmt.Fprintf(&b, `<li><a href="/%s/item.html?k=%d&i=%d">关于做好2026年教育工作的通知（%d）</a><span>2026-11-%02d</span></li>`, parts[0], k, i, i, 1+i)
		}
		b.WriteString(`</ul><div class="page">`)
		switch parts[0] {
		case "list":
			fmt.Fprintf(&b, `共5000条 第%d/250页 `, k+1)
		case "liar":
			fmt.Fprintf(&b, `第%d/150页 `, k+1)
		}
		if k > 0 {
			fmt.Fprintf(&b, `<a href="/%s/%d.html">上一页</a> `, parts[0], k-1)
		}
		if parts[0] != "list" || k+1 < 250 {
			fmt.Fprintf(&b, `<a href="/%s/%d.html">下一页</a>`, parts[0], k+1)
		}
		b.WriteString(`</div></body></html>`)
		w.Write([]byte(b.String()))
	})
}

// TestStatedPageCount: a list's pages chain as far as the list says it has
// pages (past the same-shape bound that stops calendars), and no further.
func TestStatedPageCount(t *testing.T) {
	r := crawlSite(t, listSite(), Options{IgnoreRobots: true, MaxChain: 100, Workers: 4})
	count := func(dir string) (n int) {
		for p, v := range r.visits {
			if strings.HasPrefix(p, "/"+dir+"/") && !strings.Contains(p, "item") && v.Page != nil {
				n++
			}
		}
		return n
	}
	// /x/0.html is the start of its chain (the homepage has another
	// shape): pages 0..100 chain 100 links, 101 pages.
	for dir, want := range map[string]int{"list": 250, "liar": 151, "cal": 101} {
		if got := count(dir); got != want {
			t.Errorf("/%s/: %d pages crawled, want %d", dir, got, want)
		}
	}
	if why := r.skipped["/cal/101.html"]; why == "" {
		t.Errorf("/cal/101.html was not stopped as a trap (skipped: %d)", len(r.skipped))
	}
}
