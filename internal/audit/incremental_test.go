package audit_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"govaudit/checks"
	"govaudit/checks/deadlink"
	"govaudit/checks/wording"
	"govaudit/internal/audit"
	"govaudit/internal/outcome"
	"govaudit/internal/store"
)

// nightSite is a bureau's site of two list pages and 30 articles that
// answers conditional requests, and counts what it is asked.
type nightSite struct {
	mu       sync.Mutex
	sitemap  map[int]time.Time // article → lastmod in /sitemap.xml (nil: no sitemap)
	version  map[int]int       // article number → content version
	extra    bool              // list 2 links article 99 (a new page)
	gets     map[string]int    // page path → full answers (200)
	notMod   map[string]int    // page path → 304 answers
	requests int
}

func (s *nightSite) article(n, v int) string {
	body := fmt.Sprintf("<p>第%d号通知正文，第%d版。</p>", n, v)
	switch {
	case n == 2 && v > 0:
		body += "<p>希望全体师生再接再励，再创佳绩。</p>" // appears on night 2
	case n == 20:
		body += "<p>我局将一如继往支持学校发展。</p>"
	case n == 21:
		body += `<p><a href="/files/gone.html">相关链接</a></p>`
	case n == 99:
		body += "<p>同学们迫不急待地走进新校园。</p>"
	case n == 25 && v > 0:
		body += "<p>必竟安全责任重于泰山。</p>" // appears on night 2, outside any small slice
	}
	return fmt.Sprintf(`<html><head><meta charset="utf-8"><title>第%d号通知</title><meta name="PubDate" content="2026-11-%02d"></head><body>%s</body></html>`, n, n%28+1, body)
}

func (s *nightSite) list(from, to int) string {
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><title>通知公告</title></head><body><div class="crumb">当前位置：<a href="/">首页</a> &gt; 通知公告</div><ul class="list">`)
	for n := from; n < to; n++ {
		fmt.Fprintf(&b, `<li><a href="/art/%02d.html">第%d号通知</a><span>2026-11-%02d</span></li>`, n, n, n%28+1)
	}
	if to == 30 && s.extra {
		b.WriteString(`<li><a href="/art/99.html">第99号通知</a><span>2026-11-30</span></li>`)
	}
	b.WriteString("</ul></body></html>")
	return b.String()
}

func (s *nightSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	var body string
	switch p := r.URL.Path; {
	case p == "/":
		body = `<html><head><meta charset="utf-8"><title>临江市教育局</title></head><body><a href="/tzgg/">通知公告</a> <a href="/gsgg/">公示公告</a></body></html>`
	case p == "/tzgg/":
		body = s.list(0, 15)
	case p == "/gsgg/":
		body = s.list(15, 30)
	case p == "/sitemap.xml" && s.sitemap != nil:
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for n := 0; n < 100; n++ {
			if mod, ok := s.sitemap[n]; ok {
				fmt.Fprintf(&b, "<url><loc>http://%s/art/%02d.html</loc><lastmod>%s</lastmod></url>", r.Host, n, mod.Format(time.RFC3339))
			}
		}
		b.WriteString("</urlset>")
		s.gets[p]++
		w.Header().Set("Content-Type", "application/xml")
		w.Write([]byte(b.String()))
		return
	case strings.HasPrefix(p, "/art/"):
		var n int
		fmt.Sscanf(p, "/art/%d.html", &n)
		if n == 99 && !s.extra {
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"a%d-v%d"`, n, s.version[n])
		if r.Header.Get("If-None-Match") == etag {
			s.notMod[p]++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		body = s.article(n, s.version[n])
	default:
		http.NotFound(w, r)
		return
	}
	s.gets[r.URL.Path]++
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(body))
}

// serveNights serves site on loopback and opens a store, both closed when
// the test ends.
func serveNights(t *testing.T, site *nightSite) (*httptest.Server, *store.Store) {
	t.Helper()
	site.reset()
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return srv, st
}

func (s *nightSite) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gets, s.notMod, s.requests = map[string]int{}, map[string]int{}, 0
}

// TestIncrementalNights runs two nights. The first is a full run (the
// store knows no page and there is no full run within the cycle). The second, within a budget of 8 page
// requests, reads the homepage and both lists in full, the new page, and
// the five articles verified longest ago conditionally: four answer 304,
// the changed one is read and its new problem found. The findings of the
// pages not read again stay open, marked with the night they were
// verified.
func TestIncrementalNights(t *testing.T) {
	site := &nightSite{version: map[int]int{}}
	srv, st := serveNights(t, site)
	night1 := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	now := night1
	cfg := audit.Config{Start: srv.URL + "/", Checks: []*checks.Check{deadlink.Check, wording.Check}, Timeout: 5 * time.Second,
		Incremental: true, Budget: 12, Now: func() time.Time { return now }}
	first, err := audit.Run(context.Background(), cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	if first.Run.Pages != 33 || first.Cycle != nil || first.Run.Scope.Incremental {
		t.Fatalf("night 1: pages %d, cycle %+v; want a full run of all 33 pages (the store knows none)", first.Run.Pages, first.Cycle)
	}
	want1 := "/art/20.html typo-yi-ru-ji-wang; /art/21.html http-404"
	if got := findingList(first, srv.URL); got != want1 {
		t.Fatalf("night 1 findings: %s, want %s", got, want1)
	}

	// Day 2: article 02 changes (a typo appears), article 99 is new.
	site.mu.Lock()
	site.version[2] = 1
	site.extra = true
	site.mu.Unlock()
	site.reset()
	now = night1.Add(24 * time.Hour)
	second, err := audit.Run(context.Background(), cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	c := second.Cycle
	if c == nil {
		t.Fatal("night 2 has no cycle")
	}
	// Full reads: home (probed, then crawled), 2 lists, the changed
	// article (the third oldest, so within any budget that reads a few),
	// the new one.
	if site.gets["/"] != 2 {
		t.Errorf("night 2: / read %d times, want 2 (the homepage probe and the crawl)", site.gets["/"])
	}
	for _, p := range []string{"/tzgg/", "/gsgg/", "/art/02.html", "/art/99.html"} {
		if site.gets[p] != 1 {
			t.Errorf("night 2: %s read %d times in full, want 1", p, site.gets[p])
		}
	}
	// The other slice pages were asked conditionally and answered 304;
	// none was read in full.
	notMod := 0
	for p, n := range site.notMod {
		notMod += n
		if site.gets[p] != 0 {
			t.Errorf("night 2: %s answered 304 and 200", p)
		}
	}
	for p, n := range site.gets {
		if strings.HasPrefix(p, "/art/") && p != "/art/02.html" && p != "/art/99.html" {
			t.Errorf("night 2: unchanged %s read in full %d times", p, n)
		}
	}
	// The budget ends the slice: the requests may pass it only by the
	// lists, the new page, the dead link's probe and what the four
	// crawl workers had in flight when it was reached.
	if site.requests > cfg.Budget+2+1+1+4 {
		t.Errorf("night 2 made %d requests, budget %d", site.requests, cfg.Budget)
	}
	if c.Lists != 3 || c.New != 1 || c.Pages != 34 || c.Slice < 3 || c.Slice > cfg.Budget ||
		c.NotModified != notMod || c.NotModified != c.Slice-1 || c.Carried != 30-c.Slice ||
		c.Nights != (30+c.Slice-1)/c.Slice {
		t.Errorf("night 2 cycle %+v; want lists 3 (home too), new 1, 34 pages, a slice of 3 to %d with all but 02 answering 304, the rest carried", *c, cfg.Budget)
	}
	if notMod == 0 {
		t.Error("night 2 sent no conditional request that was answered 304")
	}
	if c.Requests != site.requests {
		t.Errorf("cycle counts %d requests, the server saw %d", c.Requests, site.requests)
	}
	want2 := "/art/02.html typo-zai-jie-zai-li; /art/20.html typo-yi-ru-ji-wang; /art/99.html typo-po-bu-ji-dai; /art/21.html http-404"
	if got := findingList(second, srv.URL); got != want2 {
		t.Fatalf("night 2 findings: %s, want %s", got, want2)
	}
	for _, f := range second.Findings {
		carried := strings.HasSuffix(f.Page, "/art/20.html") || strings.HasSuffix(f.Page, "/art/21.html")
		switch {
		case carried && (f.Status != outcome.Open || !f.Verified.Equal(night1)):
			t.Errorf("carried %s: status %s verified %v, want open as of night 1", f.Page, f.Status, f.Verified)
		case !carried && (f.Status != outcome.New || !f.Verified.Equal(now)):
			t.Errorf("%s: status %s verified %v, want new tonight", f.Page, f.Status, f.Verified)
		}
	}
	if len(second.Fixed) != 0 || len(second.Unverified) != 0 {
		t.Errorf("night 2: fixed %d, unverified %d; want none", len(second.Fixed), len(second.Unverified))
	}
	if !second.Run.IsBaseline() || !second.Run.Scope.Incremental {
		t.Errorf("night 2 run %+v: want an incremental baseline", second.Run.Scope)
	}
}

func findingList(o *outcome.Outcome, base string) string {
	var out []string
	for _, f := range o.Findings {
		out = append(out, strings.TrimPrefix(f.Page, base)+" "+f.Rule)
	}
	return strings.Join(out, "; ")
}

// A night with no full run within the cycle is a full one: the
// whole-site checks get their turn, and the store learns every page.
func TestIncrementalNightAfterTheCycleIsFull(t *testing.T) {
	site := &nightSite{version: map[int]int{}}
	srv, st := serveNights(t, site)
	start := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	now := start
	cfg := audit.Config{Start: srv.URL + "/", Checks: []*checks.Check{deadlink.Check}, Timeout: 5 * time.Second,
		Incremental: true, Budget: 8, Cycle: 7 * 24 * time.Hour, Now: func() time.Time { return now }}
	for _, c := range []struct {
		after time.Duration
		full  bool
	}{
		{0, true},                   // nothing stored
		{24 * time.Hour, false},     // day 2
		{7*24*time.Hour - 1, false}, // just inside the cycle of the full run
		{7 * 24 * time.Hour, true},  // the cycle is over
		{8 * 24 * time.Hour, false}, // a day after that full run
	} {
		now = start.Add(c.after)
		o, err := audit.Run(context.Background(), cfg, st)
		if err != nil {
			t.Fatal(err)
		}
		if full := !o.Run.Scope.Incremental; full != c.full || (o.Cycle == nil) != c.full {
			t.Errorf("night at +%v: full %v (cycle %v), want full %v", c.after, full, o.Cycle != nil, c.full)
		}
	}
}

// With a sitemap.xml, a night reads in full what it says changed since the
// last verification (article 25, far outside the slice) and what it lists
// that the store does not know (article 99, on no list), whatever the
// budget; what it says did not change waits for the rotation.
func TestIncrementalSitemap(t *testing.T) {
	night1 := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	site := &nightSite{version: map[int]int{}, sitemap: map[int]time.Time{}}
	for n := 0; n < 30; n++ {
		site.sitemap[n] = night1.Add(-48 * time.Hour)
	}
	srv, st := serveNights(t, site)
	now := night1
	cfg := audit.Config{Start: srv.URL + "/", Checks: []*checks.Check{wording.Check}, Timeout: 5 * time.Second,
		Incremental: true, Budget: 12, Now: func() time.Time { return now }}
	if _, err := audit.Run(context.Background(), cfg, st); err != nil {
		t.Fatal(err)
	}
	site.mu.Lock()
	site.version[25] = 1
	site.sitemap[25] = night1.Add(20 * time.Hour)
	site.version[26] = 1 // changed, but the sitemap does not say so
	site.sitemap[99] = night1.Add(21 * time.Hour)
	site.extra = true
	site.mu.Unlock()
	site.reset()
	now = night1.Add(24 * time.Hour)
	res, err := audit.Run(context.Background(), cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	if site.gets["/sitemap.xml"] != 1 || site.gets["/art/25.html"] != 1 || site.gets["/art/99.html"] != 1 {
		t.Errorf("night 2 reads: %v; want the sitemap, article 25 and article 99 in full", site.gets)
	}
	if site.gets["/art/26.html"]+site.notMod["/art/26.html"] != 0 {
		t.Errorf("article 26, changed without the sitemap saying so and outside the slice, was asked for")
	}
	if res.Cycle == nil || res.Cycle.Sitemap != 2 {
		t.Fatalf("cycle %+v, want 2 pages from the sitemap", res.Cycle)
	}
	got := findingList(res, srv.URL)
	for _, want := range []string{"/art/25.html typo-bi-jing", "/art/99.html typo-po-bu-ji-dai", "/art/20.html typo-yi-ru-ji-wang"} {
		if !strings.Contains(got, want) {
			t.Errorf("night 2 findings %s lack %s", got, want)
		}
	}
}
