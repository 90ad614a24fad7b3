package column

import (
	"fmt"
	"testing"

	"govaudit/checks"
)

// A block is template when it stands on at least three pages and on at
// least 30 % of the site's list pages; the pages of one column
// (index_N.html) count once.
func TestLearn(t *testing.T) {
	const side, related, own = 1, 2, 3
	var pages []*checks.PageSummary
	for i := 0; i < 10; i++ { // ten list pages, each with the side block
		pages = append(pages, &checks.PageSummary{URL: fmt.Sprintf("http://a.gov.cn/c%d/index.html", i),
			Lists: []checks.List{{Fingerprint: uint64(100 + i)}, {Fingerprint: side}}, Blocks: []uint64{uint64(100 + i), side}})
	}
	for i := 0; i < 2; i++ { // a related block on two articles
		pages = append(pages, &checks.PageSummary{URL: fmt.Sprintf("http://a.gov.cn/t%d.html", i), Blocks: []uint64{related}})
	}
	for i := 1; i < 5; i++ { // one column's pages repeat its own block (a list not yet updated)
		pages = append(pages, &checks.PageSummary{URL: fmt.Sprintf("http://a.gov.cn/c0/index_%d.html", i),
			Lists: []checks.List{{Fingerprint: own}}, Blocks: []uint64{own}})
	}
	tm := Learn(checks.PagesOf(pages...))
	if !tm[side] || tm[related] || tm[own] || tm[100] {
		t.Errorf("template = %v", tm)
	}
	// 3 pages of 20 list pages: under 30 %.
	var many []*checks.PageSummary
	for i := 0; i < 20; i++ {
		p := &checks.PageSummary{URL: fmt.Sprintf("http://a.gov.cn/c%d/", i), Lists: []checks.List{{Fingerprint: uint64(i + 10)}}, Blocks: []uint64{uint64(i + 10)}}
		if i < 3 {
			p.Blocks = append(p.Blocks, side)
		}
		many = append(many, p)
	}
	if Learn(checks.PagesOf(many...))[side] {
		t.Error("a block on 3 of 20 list pages is template")
	}
}

// A page whose own list (as the page alone showed it) is template takes
// its best other block; with none left it is empty when it says so, and no
// list page otherwise.
func TestRead(t *testing.T) {
	dated := []checks.Item{{URL: "http://a.gov.cn/1.html", Title: "一", Date: d("2026-06-30")}}
	old := []checks.Item{{URL: "http://a.gov.cn/2.html", Title: "二", Date: d("2026-03-01")}}
	tm := Template{7: true}
	r := tm.Read(&checks.PageSummary{URL: "http://a.gov.cn/qxdt/", Own: 0,
		Lists: []checks.List{{Fingerprint: 7, Items: dated}, {Fingerprint: 8, Items: old}}})
	if !r.list || r.own != 1 || r.setAside != 1 || len(r.items) != 1 || r.items[0].Title != "二" {
		t.Errorf("stale column beside a template block: %+v", r)
	}
	r = tm.Read(&checks.PageSummary{URL: "http://a.gov.cn/zdxm/", Own: 0, NoItems: "marker", Items: dated,
		Lists: []checks.List{{Fingerprint: 7, Items: dated}}})
	if !r.list || r.empty != "marker" || len(r.items) != 0 {
		t.Errorf("empty column beside a template block: %+v", r)
	}
	r = tm.Read(&checks.PageSummary{URL: "http://a.gov.cn/xxgk/", Own: 0, Items: dated,
		Lists: []checks.List{{Fingerprint: 7, Items: dated}}})
	if r.list {
		t.Errorf("navigation page with a template block read as a list page: %+v", r)
	}
	r = tm.Read(&checks.PageSummary{URL: "http://a.gov.cn/t.html", DateSource: "meta", Own: 0,
		Lists: []checks.List{{Fingerprint: 9, Items: dated}}})
	if r.list {
		t.Errorf("article read as a list page: %+v", r)
	}
}
