package demo

import (
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
)

type pair struct{ Page, Target string }

type crawlResult struct {
	Pages    map[string]*htmlDoc // canonical URL → parsed page
	Pairs    map[pair]htmlLink   // every followed link on every crawled page
	Verdicts map[string]verdict  // target → what probing it found
}

// crawlSite walks the demo site like the audit should: in-site HTML pages
// only, robots.txt's /admin/ left alone, the calendar bounded, every link
// target probed once.
func crawlSite(t *testing.T, s *Site) crawlResult {
	t.Helper()
	c := client(s, false)
	res := crawlResult{Pages: map[string]*htmlDoc{}, Pairs: map[pair]htmlLink{}, Verdicts: map[string]verdict{}}
	queue := []string{s.URL}
	queued := map[string]bool{s.URL: true}
	calendarPages := 0
	var external []string
	for len(queue) > 0 {
		page := queue[0]
		queue = queue[1:]
		r := mustFetch(t, c, "GET", page)
		if r.Status != 200 {
			t.Errorf("crawl: %s answered %d", page, r.Status)
			continue
		}
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		text, err := decodePage(r.Header, r.Body)
		if err != nil {
			t.Errorf("crawl: %s: %v", page, err)
			continue
		}
		doc, err := parseHTML(text)
		if err != nil {
			t.Errorf("crawl: %s is not well formed: %v", page, err)
			continue
		}
		res.Pages[page] = doc
		base, _ := url.Parse(page)
		if doc.Base != "" {
			if b, err := base.Parse(doc.Base); err == nil {
				base = b
			}
		}
		for _, l := range doc.Links {
			target, ok := canonical(base, l.Value)
			if !ok {
				continue
			}
			res.Pairs[pair{page, target}] = l
			if _, done := res.Verdicts[target]; done {
				continue
			}
			tu, _ := url.Parse(target)
			if tu.Host != mainHost {
				res.Verdicts[target] = verdict{} // probed below, concurrently
				external = append(external, target)
				continue
			}
			v := probeTarget(c, target)
			res.Verdicts[target] = v
			if v.Rule != "ok" || strings.HasPrefix(tu.Path, "/admin/") || queued[v.Final] {
				continue
			}
			if fu, _ := url.Parse(v.Final); fu.Host != mainHost {
				continue
			}
			if strings.HasPrefix(tu.Path, "/calendar/") {
				if calendarPages >= 3 {
					continue
				}
				calendarPages++
			}
			queued[v.Final] = true
			queue = append(queue, v.Final)
		}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, target := range external {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := probeTarget(c, target)
			mu.Lock()
			res.Verdicts[target] = v
			mu.Unlock()
		}()
	}
	wg.Wait()
	return res
}

// TestCrawlFindsExactlyThePlantedProblems: crawling the whole site, the
// broken links are exactly want.txt's, each from the page want.txt names,
// failing the way it says; everything else works or is merely blocked.
func TestCrawlFindsExactlyThePlantedProblems(t *testing.T) {
	s := startSite(t)
	res := crawlSite(t, s)
	list, err := Planted()
	if err != nil {
		t.Fatal(err)
	}
	want := map[pair]Want{}
	for _, w := range list {
		// Attachments that download but do not open answer 200: only
		// their bytes tell (TestAttachmentPlants).
		if w.Check == "dead-link" || w.Check == "broken-attachment" && !fileRules[w.Rule] {
			want[pair{w.Page, w.Target}] = w
		}
	}
	got := map[pair]string{}
	redirectedTo := map[string]int{}
	for p := range res.Pairs {
		v := res.Verdicts[p.Target]
		if v.Rule == "ok" || v.Rule == "blocked" {
			continue
		}
		got[p] = v.Rule
		if v.Rule == "soft-404-redirect" {
			redirectedTo[v.Final]++
		}
	}
	for p, rule := range got {
		w, ok := want[p]
		switch {
		case !ok:
			t.Errorf("unplanted problem: %s on %s: %s", p.Target, p.Page, rule)
		case w.Rule != rule:
			t.Errorf("%s: %s on %s fails as %s, want.txt says %s", w.ID, p.Target, p.Page, rule, w.Rule)
		}
	}
	for p, w := range want {
		if _, ok := got[p]; !ok {
			if _, linked := res.Pairs[p]; !linked {
				t.Errorf("%s: page %s has no link to %s (or was not crawled)", w.ID, p.Page, p.Target)
			} else {
				t.Errorf("%s: %s on %s works: %+v", w.ID, p.Target, p.Page, res.Verdicts[p.Target])
			}
		}
	}
	for final, n := range redirectedTo {
		if n < 3 {
			t.Errorf("only %d URLs redirect to %s; soft-404-redirect needs 3", n, final)
		}
	}
	if n := len(res.Pages); n < 50 || n > 110 {
		t.Errorf("crawled %d pages, want 50 to 110", n)
	}
	// The traps must have been seen, and judged harmless.
	for _, target := range []string{
		"http://www.zhejiang-demo.gov.cn/col/col1545735/index.html",
		"http://www.zhejiang-demo.gov.cn/jrobot/search.do?pg=12&webid=1",
		"http://data.lanjiang.gov.cn/",
		"http://rsj.lanjiang.gov.cn/col/col1230/index.html",
		"http://tjj.lanjiang.gov.cn/col/col1229/index.html",
		"http://www.moe-demo.gov.cn/",
		"http://www.lanjiang.gov.cn/zwgk/",
		"http://" + mainHost + "/index.htm",
		"http://" + mainHost + "/default.html",
		"http://" + mainHost + "/index.shtml",
		"http://" + mainHost + "/xxgk/zfxxgkzn/index.html",
		"http://" + mainHost + "/admin/index.html",
		"http://" + mainHost + "/zt/xyaq/content/xyaq_01.html",
		"http://" + mainHost + "/zt/xyaq/xyaq_banner.png",
		"http://" + mainHost + "/zt/jyxc/player.html",
		"http://" + mainHost + "/images/zt_banner.svg",
		"http://" + mainHost + "/images/jyxc_poster.svg",
		"http://" + mainHost + "/calendar/?month=2026-10",
		"http://" + mainHost + "/xxgk/tzgg/index.html",
	} {
		v, ok := res.Verdicts[target]
		if !ok {
			t.Errorf("trap %s was never linked", target)
			continue
		}
		if v.Rule != "ok" && v.Rule != "blocked" {
			t.Errorf("trap %s: %+v", target, v)
		}
	}
	if _, ok := res.Pages["http://"+mainHost+"/admin/index.html"]; ok {
		t.Error("crawled /admin/ despite robots.txt")
	}
	if t.Failed() {
		var pages []string
		for p := range res.Pages {
			pages = append(pages, p)
		}
		sort.Strings(pages)
		t.Logf("crawled %d pages:\n%s", len(pages), strings.Join(pages, "\n"))
	}
}
