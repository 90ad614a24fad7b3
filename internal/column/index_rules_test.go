package column

import (
	"fmt"
	"slices"
	"testing"

	"govaudit/checks"
	"govaudit/internal/pubdate"
)

const idx = "http://a.gov.cn/xxgk/index.html"

// blk is one block of a hand-built index page.
type blk struct {
	heading string
	more    string // its 更多 link, "" for none
	n       int    // items; 0: a block that lists nothing (no candidate list)
	foot    bool   // the 更多 link stands after the items
	side    bool
	pager   bool
	fp      uint64
	dir     string // where its items stand; /xxgk/bN/ if ""
	link    string // its heading is a link there
	blank   bool   // its 更多 is an image without alt text
	given   bool   // the summary carries its 更多 link (List.More), as the crawl's do
}

// page builds an index page's summary as the crawl would: navigation
// links, then each block's 更多 link and items in document order.
func page(blocks ...blk) *checks.PageSummary { return pageAt(idx, blocks...) }

func pageAt(u string, blocks ...blk) *checks.PageSummary {
	p := &checks.PageSummary{URL: u, Title: "政府信息公开 - 某市教育局", Own: 0,
		Links: []checks.Link{{URL: "http://a.gov.cn/", Text: "首页"}, {URL: u, Text: "信息公开"}}}
	for b, x := range blocks {
		more := checks.Link{URL: x.more, Text: "更多>>"}
		if x.blank {
			more.Text = ""
		}
		if x.link != "" {
			p.Links = append(p.Links, checks.Link{URL: x.link, Text: x.heading})
		}
		if x.more != "" && !x.foot {
			p.Links = append(p.Links, more)
		}
		if x.n == 0 {
			continue
		}
		l := checks.List{Heading: x.heading, Side: x.side, Pager: x.pager, Source: "html", Fingerprint: x.fp}
		if x.given {
			l.More = x.more
		}
		if l.Fingerprint == 0 {
			l.Fingerprint = uint64(1000+b) + uint64(len(u))<<20
		}
		dir := x.dir
		if dir == "" {
			dir = fmt.Sprintf("http://a.gov.cn/xxgk/b%d/", b)
		}
		for i := 0; i < x.n; i++ {
			u := fmt.Sprintf("%st2026060%d_%d.html", dir, i+1, i)
			l.Items = append(l.Items, checks.Item{URL: u, Title: fmt.Sprintf("第%d块第%d条信息的标题", b, i), Date: d(fmt.Sprintf("2026-06-0%d", i+1))})
			p.Links = append(p.Links, checks.Link{URL: u, Text: l.Items[i].Title})
		}
		if x.more != "" && x.foot {
			p.Links = append(p.Links, more)
		}
		p.Lists = append(p.Lists, l)
	}
	return p
}

func keys(subs []Sub) []string {
	var out []string
	for _, s := range subs {
		out = append(out, s.Key)
	}
	return out
}

// What makes a page an index, and what does not: each rule of Subs.
func TestSubsRules(t *testing.T) {
	zcwj := blk{heading: "政策文件", more: "http://a.gov.cn/xxgk/zcwj/", n: 5}
	tzgg := blk{heading: "通知公告", more: "http://a.gov.cn/xxgk/tzgg/", n: 4}
	rsxx := blk{heading: "人事信息", n: 3}
	side := blk{heading: "最新发布", more: "http://a.gov.cn/xxgk/zxfb/", n: 4, side: true}

	subs := Template{}.Subs(page(zcwj, tzgg, rsxx, side))
	if len(subs) != 3 || subs[0].Key != zcwj.more || subs[1].Key != tzgg.more || subs[2].Key != idx+"#人事信息" ||
		subs[0].Heading != "政策文件" || subs[0].List != 0 || len(subs[1].Items) != 4 || subs[2].More != "" {
		t.Fatalf("index of three blocks and a side block: %+v", keys(subs))
	}
	foot := func(b blk) blk { b.foot = true; return b }
	if subs := (Template{}).Subs(page(foot(zcwj), foot(tzgg))); len(subs) != 2 || subs[0].Key != zcwj.more || subs[1].Key != tzgg.more {
		t.Errorf("更多 at the blocks' foot: %v", keys(subs))
	}

	with := func(f func(*checks.PageSummary)) *checks.PageSummary {
		p := page(zcwj, tzgg, rsxx)
		f(p)
		return p
	}
	for name, p := range map[string]*checks.PageSummary{
		"a block bound to the pager": with(func(p *checks.PageSummary) { p.Lists[1].Pager = true }),
		"pagination":                 with(func(p *checks.PageSummary) { p.Pagination = []string{"http://a.gov.cn/xxgk/index_1.html"} }),
		"a record count":             with(func(p *checks.PageSummary) { p.Records = 25 }),
		"a script-drawn list":        with(func(p *checks.PageSummary) { p.Script = "json" }),
		"an article":                 with(func(p *checks.PageSummary) { p.DateSource = "meta" }),
		"the homepage":               with(func(p *checks.PageSummary) { p.Home = true }),
		"a block under the page's column name": with(func(p *checks.PageSummary) {
			p.ColumnName = "通知公告"
		}),
		"a block under the last crumb": with(func(p *checks.PageSummary) {
			p.Crumbs = []checks.Link{{URL: "http://a.gov.cn/", Text: "首页"}, {Text: "政策文件"}}
		}),
		"a generic heading":     with(func(p *checks.PageSummary) { p.Lists[2].Heading = "信息列表" }),
		"a dated block unnamed": with(func(p *checks.PageSummary) { p.Lists[2].Heading = "" }),
		"two blocks of a name":  with(func(p *checks.PageSummary) { p.Lists[2].Heading = "政策文件" }),
		"a block whose 更多 is the page": with(func(p *checks.PageSummary) {
			p.Links[2].URL = idx
		}),
		"one block linked":        page(zcwj, rsxx),
		"one block and a side":    page(zcwj, side),
		"one block and a sidebar": page(zcwj, blk{heading: "热点推荐", more: "http://a.gov.cn/rdtj/", n: 3, side: true}),
	} {
		if subs := (Template{}).Subs(p); subs != nil {
			t.Errorf("%s: read as an index: %v", name, keys(subs))
		}
	}
	// A block the site repeats is template, not a sub-column.
	tpl := tzgg
	tpl.fp = 77
	if subs := (Template{77: true}).Subs(page(zcwj, tpl)); subs != nil {
		t.Errorf("template block counted: %v", keys(subs))
	}
	if subs := (Template{}).Subs(page(zcwj, tpl)); len(subs) != 2 {
		t.Errorf("without the template: %v", keys(subs))
	}
}

// A block's 更多 link may stand earlier on the page (a menu links the
// sub-column first, and a page keeps each URL once): a link whose text is
// the heading keys it then.
func TestSubsNamedLink(t *testing.T) {
	p := page(blk{heading: "政策文件", more: "http://a.gov.cn/xxgk/zcwj/", n: 5}, blk{heading: "通知公告", n: 4})
	p.Links = append(p.Links[:2:2], append([]checks.Link{{URL: "http://a.gov.cn/xxgk/tzgg/", Text: "通知公告"}}, p.Links[2:]...)...)
	subs := Template{}.Subs(p)
	if len(subs) != 2 || subs[1].Key != "http://a.gov.cn/xxgk/tzgg/" {
		t.Errorf("heading named by a menu link: %v", keys(subs))
	}

	// A "more" image without alt text keys its block when it leads to a
	// list of the block's items; a blank link (a banner) that does not
	// is no 更多 link, and the menu names the block.
	zcwj := blk{heading: "政策文件", more: "http://a.gov.cn/xxgk/zcwj/", n: 5, dir: "http://a.gov.cn/xxgk/zcwj/2026/", blank: true}
	if subs := (Template{}).Subs(page(zcwj, blk{heading: "通知公告", more: "http://a.gov.cn/xxgk/tzgg/", n: 4})); len(subs) != 2 || subs[0].Key != zcwj.more {
		t.Errorf("a blank 更多 image: %v", keys(subs))
	}
	banner := blk{heading: "通知公告", more: "http://a.gov.cn/zt/banner.html", n: 4, blank: true}
	p = page(zcwj, banner)
	p.Links = append(p.Links[:2:2], append([]checks.Link{{URL: "http://a.gov.cn/tzgg/", Text: "通知公告"}}, p.Links[2:]...)...)
	if subs := (Template{}).Subs(p); len(subs) != 2 || subs[1].Key != "http://a.gov.cn/tzgg/" {
		t.Errorf("a blank banner before a block: %v", keys(subs))
	}
}

// The 更多 link before a block may be an empty block's when the block's
// own stands earlier on the page: the link that leads to a list of its
// items wins.
func TestSubsRelated(t *testing.T) {
	zcwj := blk{heading: "政策文件", more: "http://a.gov.cn/xxgk/zcwj/", n: 5, dir: "http://a.gov.cn/xxgk/zcwj/2026/"}
	ghjh := blk{heading: "规划计划", more: "http://a.gov.cn/xxgk/ghjh/"}
	tzgg := blk{heading: "通知公告", n: 4, dir: "http://a.gov.cn/xxgk/tzgg/2026/"}
	p := page(zcwj, ghjh, tzgg)
	p.NoItems = "marker"
	p.Links = append(p.Links[:2:2], append([]checks.Link{{URL: "http://a.gov.cn/xxgk/tzgg/", Text: "通知公告"}}, p.Links[2:]...)...)
	subs := Template{}.Subs(p)
	if len(subs) != 3 || subs[1].Key != "http://a.gov.cn/xxgk/tzgg/" || subs[2].Key != ghjh.more || subs[2].Empty == "" {
		t.Errorf("通知公告 after an empty 规划计划, its 更多 on a menu: %v", keys(subs))
	}

	// A side block's own 更多 (in its title bar) is none of the index's.
	side := blk{heading: "最新发布", more: "http://a.gov.cn/xxgk/zxfb/", n: 4, side: true, dir: "http://a.gov.cn/xxgk/zxfb/2026/"}
	p = page(zcwj, blk{heading: "通知公告", more: "http://a.gov.cn/xxgk/tzgg/", n: 4}, side)
	p.NoItems = "marker"
	if subs := (Template{}).Subs(p); len(subs) != 2 {
		t.Errorf("a side block's 更多 read as an empty block: %v", keys(subs))
	}

	// A heading that links elsewhere than the block's 更多: the 更多 (to its
	// items) keys it, and the heading's link is no empty block.
	rsxx := blk{heading: "人事信息", more: "http://a.gov.cn/xxgk/rsxx/", link: "http://a.gov.cn/jgzn/rsk.html", n: 3, dir: "http://a.gov.cn/xxgk/rsxx/2026/"}
	p = page(zcwj, rsxx, blk{heading: "通知公告", more: "http://a.gov.cn/xxgk/tzgg/", n: 4})
	p.NoItems = "marker"
	if subs := (Template{}).Subs(p); len(subs) != 3 || subs[1].Key != rsxx.more {
		t.Errorf("a heading linking elsewhere: %v", keys(subs))
	}
	// One writing dir/, the other dir/index.html: one sub-column.
	rsxx.link, rsxx.more = "http://a.gov.cn/xxgk/rsxx/", "http://a.gov.cn/xxgk/rsxx/index.html"
	p = page(zcwj, rsxx, blk{heading: "通知公告", more: "http://a.gov.cn/xxgk/tzgg/", n: 4})
	p.NoItems = "marker"
	if subs := (Template{}).Subs(p); len(subs) != 3 || subs[1].Key != rsxx.link {
		t.Errorf("heading and 更多 written two ways: %v", keys(subs))
	}
}

// A 更多 link between the blocks that none claims is a block that lists
// nothing: an empty sub-column when the page says so (暂无信息), and
// nothing when it does not or when the site repeats the link (a side
// block's 更多).
func TestSubsEmptyBlock(t *testing.T) {
	ghjh := blk{heading: "规划计划", more: "http://a.gov.cn/xxgk/ghjh/"} // lists nothing
	mk := func() *checks.PageSummary {
		return page(blk{heading: "政策文件", more: "http://a.gov.cn/xxgk/zcwj/", n: 5}, ghjh,
			blk{heading: "通知公告", more: "http://a.gov.cn/xxgk/tzgg/", n: 4})
	}
	p := mk()
	p.NoItems = "marker"
	subs := Template{}.Subs(p)
	if len(subs) != 3 || subs[2].Key != ghjh.more || subs[2].Empty != "marker" || subs[2].List != -1 || len(subs[2].Items) != 0 {
		t.Fatalf("empty block: %+v", keys(subs))
	}
	if subs[1].Key != "http://a.gov.cn/xxgk/tzgg/" {
		t.Errorf("the block after the empty one took %s", subs[1].Key)
	}
	if subs := (Template{}).Subs(mk()); len(subs) != 2 {
		t.Errorf("a page that does not say 暂无信息: %v", keys(subs))
	}
	if subs := (Template{linkMark(Key(ghjh.more)): true}).Subs(p); len(subs) != 2 {
		t.Errorf("a 更多 link the site repeats: %v", keys(subs))
	}
}

func TestMoreText(t *testing.T) {
	for s, want := range map[string]bool{
		"更多>>": true, "更多": true, "更多 >": true, "查看更多>>": true, "MORE+": true, ">>": true, "【更多】": true, "更多》": true,
		"政策文件": false, "": false, "更多信息公开": false, "首页": false, "下一页": false,
	} {
		if pubdate.MoreText(s) != want {
			t.Errorf("pubdate.MoreText(%q) = %v", s, !want)
		}
	}
}

func TestRelated(t *testing.T) {
	items := func(us ...string) []checks.Item {
		var out []checks.Item
		for _, u := range us {
			out = append(out, checks.Item{URL: u})
		}
		return out
	}
	trs := items("http://a.gov.cn/xxgk/zcwj/202606/t20260618_1.html", "http://a.gov.cn/xxgk/zcwj/202605/t20260526_2.html")
	hanweb := items("http://a.gov.cn/art/2026/6/18/art_1229_5101.html", "http://a.gov.cn/art/2026/6/3/art_1229_5102.html")
	for _, c := range []struct {
		list  string
		items []checks.Item
		want  bool
	}{
		{"http://a.gov.cn/xxgk/zcwj/", trs, true},
		{"http://a.gov.cn/xxgk/zcwj/index.html", trs, true},
		{"http://a.gov.cn/xxgk/tzgg/", trs, false},
		{"http://a.gov.cn/col/col1229/index.html", hanweb, true},
		{"http://a.gov.cn/col/col1230/index.html", hanweb, false},
		{"http://a.gov.cn/col/col122/index.html", hanweb, false}, // a number is matched whole
		{"http://a.gov.cn/index.html", trs, false},               // the site's root holds everything
		// stray "%"s, which url.Parse refuses, in the list's URL or the items'
		{"http://a.gov.cn/xxgk/zc100%/", items("http://a.gov.cn/xxgk/zc100%/202606/t20260618_1.html", "http://a.gov.cn/xxgk/zc100%/202605/t2.html"), true},
		{"http://a.gov.cn/xxgk/zcwj/", items("http://a.gov.cn/xxgk/zcwj/202606/t_100%.html", "http://a.gov.cn/xxgk/zcwj/202605/t_50%.html"), true},
		{"http://a.gov.cn/xxgk/zc100%/", trs, false},
	} {
		if got := related(c.list, c.items); got != c.want {
			t.Errorf("related(%s) = %v", c.list, got)
		}
	}
}

// Build: an index page is no column; a sub-column whose own list page
// was read is judged from it alone; one that was not is its block on the
// index page (findings there), named by its heading or by the links to
// it; a block nothing names is left out; a sub-column that is an index
// itself stands for its own blocks.
func TestBuildIndex(t *testing.T) {
	const site = "http://a.gov.cn"
	zcwj := blk{heading: "政策文件", more: site + "/xxgk/zcwj/", n: 5, dir: site + "/xxgk/zcwj/2026/"}
	tzgg := blk{heading: "通知公告", more: site + "/xxgk/tzgg/", n: 4, dir: site + "/xxgk/tzgg/2026/"}
	rsxx := blk{heading: "人事信息", more: site + "/xxgk/rsxx/", n: 2, dir: site + "/xxgk/rsxx/2026/"}
	index := page(zcwj, blk{heading: "规划计划", more: site + "/xxgk/ghjh/"}, tzgg, rsxx, blk{more: site + "/xxgk/wzlm/"})
	index.NoItems = "marker"
	// 通知公告 is an index of its own: 公示 and 通知.
	nested := pageAt(site+"/xxgk/tzgg/",
		blk{heading: "公示", more: site + "/xxgk/tzgg/gs/", n: 3, dir: site + "/xxgk/tzgg/gs/2026/"},
		blk{heading: "通知", more: site + "/xxgk/tzgg/tz/", n: 2, dir: site + "/xxgk/tzgg/tz/2026/"})
	old := []checks.Item{{URL: site + "/xxgk/zcwj/2025/t1.html", Title: "旧文件一", Date: d("2025-03-01")}, {URL: site + "/xxgk/zcwj/2025/t2.html", Title: "旧文件二", Date: d("2025-02-01")}}
	own := &checks.PageSummary{URL: site + "/xxgk/zcwj/", ColumnName: "政策文件", Own: 0, Items: old,
		Lists: []checks.List{{Items: old, Pager: true, HeadingHit: true, Heading: "政策文件", Source: "html", Fingerprint: 5}}}
	menu := &checks.PageSummary{URL: site + "/xxgk/gkzn/t1.html", Date: d("2026-01-01"), DateSource: "meta",
		Links: []checks.Link{{URL: site + "/xxgk/ghjh/", Text: "规划计划"}}}
	pages := []*checks.PageSummary{index, nested, own, menu}
	got := map[string]*checks.Column{}
	for _, c := range Build(checks.PagesOf(pages...), nil, nil) {
		got[c.URL] = c
	}
	if len(got) != 5 {
		for k, c := range got {
			t.Logf("%s %q", k, c.Name)
		}
		t.Fatalf("%d columns, want 5", len(got))
	}
	if c := got[site+"/xxgk/zcwj/"]; c == nil || c.Index != "" || len(c.Items) != 2 || c.Items[0].Title != "旧文件一" || len(c.Pages) != 1 {
		t.Errorf("政策文件, its own list page read: %+v", c)
	}
	if c := got[site+"/xxgk/ghjh/"]; c == nil || !c.Empty || c.EmptyCue != "marker" || c.Name != "规划计划" || c.Index != idx || c.Source != "index" {
		t.Errorf("规划计划, empty on the index: %+v", c)
	}
	if c := got[site+"/xxgk/rsxx/"]; c == nil || c.Empty || len(c.Items) != 2 || c.Name != "人事信息" || c.Index != idx || len(c.Pages) != 1 || c.Pages[0] != idx {
		t.Errorf("人事信息, from its block: %+v", c)
	}
	for _, k := range []string{site + "/xxgk/tzgg/gs/", site + "/xxgk/tzgg/tz/"} {
		if c := got[k]; c == nil || c.Index != site+"/xxgk/tzgg/" {
			t.Errorf("%s, a block of the nested index: %+v", k, c)
		}
	}
	// The configuration may still make the index page a column: what
	// its blocks list.
	for _, c := range Build(checks.PagesOf(pages...), nil, []Override{{URL: idx, Name: "政府信息公开"}}) {
		if c.URL == idx && (c.Name != "政府信息公开" || len(c.Items) != 5+4+2) {
			t.Errorf("configured index page: %q, %d items", c.Name, len(c.Items))
		}
	}
}

// A 更多 link the summary carries (List.More, as the page reader found it
// in the block's title bar or foot) keys its block, whatever the page's
// links suggest, and is never inferred for another block.
func TestSubsMoreGiven(t *testing.T) {
	// 通知公告's 更多 stands earlier on the page (a menu's, kept there):
	// the links alone give it the empty 规划计划's 更多 before it.
	zcwj := blk{heading: "政策文件", more: "http://a.gov.cn/xxgk/zcwj/", n: 5}
	ghjh := blk{heading: "规划计划", more: "http://a.gov.cn/xxgk/ghjh/"}
	tzgg := blk{heading: "通知公告", more: "http://a.gov.cn/xxgk/tzgg/", n: 4}
	mk := func(given bool) *checks.PageSummary {
		noMore := tzgg
		noMore.more = ""
		p := page(zcwj, ghjh, noMore)
		p.NoItems = "marker"
		if given {
			p.Lists[1].More = tzgg.more
		}
		return p
	}
	if subs := (Template{}).Subs(mk(false)); len(subs) != 2 || subs[1].Key != ghjh.more {
		t.Fatalf("inferred (the weakness): %v", keys(subs))
	}
	subs := Template{}.Subs(mk(true))
	if len(subs) != 3 || subs[0].Key != zcwj.more || subs[1].Key != tzgg.more || subs[1].More != tzgg.more ||
		subs[2].Key != ghjh.more || subs[2].Empty != "marker" || subs[2].List != -1 {
		t.Errorf("通知公告's 更多 given: %v", keys(subs))
	}

	// A side block's 更多 at its foot, right before a block whose own the
	// page does not show: not that block's once the summary gives it to
	// the side block.
	side := blk{heading: "最新发布", more: "http://a.gov.cn/xxgk/zxfb/", n: 4, side: true, foot: true}
	rsxx := blk{heading: "人事信息", more: "http://a.gov.cn/xxgk/rsxx/", n: 3}
	bare := blk{heading: "通知公告", n: 4}
	if subs := (Template{}).Subs(page(zcwj, side, bare, rsxx)); len(subs) != 3 || subs[1].Key != side.more {
		t.Fatalf("inferred: %v", keys(subs))
	}
	side.given = true
	if subs := (Template{}).Subs(page(zcwj, side, bare, rsxx)); len(subs) != 3 || subs[1].Key != idx+"#通知公告" || subs[2].Key != rsxx.more {
		t.Errorf("a side block's 更多 given to it: %v", keys(subs))
	}
}

// A block that lists nothing, as the page reader gives it (a list of no
// items with its heading and 更多 link), is an empty sub-column on a page
// that says so — unless the site repeats its 更多 link or a block of the
// index bears its heading — even when its 更多 stands nowhere among the
// page's links (a menu linked it first).
func TestSubsEmptyList(t *testing.T) {
	const ghjh = "http://a.gov.cn/xxgk/ghjh/"
	mk := func(heading string) *checks.PageSummary {
		p := page(blk{heading: "政策文件", more: "http://a.gov.cn/xxgk/zcwj/", n: 5, given: true},
			blk{heading: "通知公告", more: "http://a.gov.cn/xxgk/tzgg/", n: 4, given: true})
		p.Lists = append(p.Lists, checks.List{Heading: heading, More: ghjh, Source: "html", Fingerprint: 99})
		p.Links = append(p.Links[:2:2], append([]checks.Link{{URL: ghjh, Text: "规划"}}, p.Links[2:]...)...)
		p.NoItems = "marker"
		return p
	}
	subs := Template{}.Subs(mk("规划计划"))
	if len(subs) != 3 || subs[2].Key != ghjh || subs[2].Heading != "规划计划" || subs[2].Empty != "marker" || subs[2].List != 2 || len(subs[2].Items) != 0 {
		t.Fatalf("empty list: %+v", subs)
	}
	p := mk("规划计划")
	p.NoItems = ""
	if subs := (Template{}).Subs(p); len(subs) != 2 {
		t.Errorf("a page that does not say 暂无信息: %v", keys(subs))
	}
	if subs := (Template{linkMark(Key(ghjh)): true}).Subs(mk("规划计划")); len(subs) != 2 {
		t.Errorf("a 更多 link the site repeats: %v", keys(subs))
	}
	if subs := (Template{}).Subs(mk("通知公告")); len(subs) != 2 {
		t.Errorf("an empty list named as a block: %v", keys(subs))
	}
}

// TestNewLinksStrayPercent: a link url.Parse refuses (a stray "%", which
// browsers send as written) is a link of the page like any other; a link
// to the homepage or not over http is not one to read a column from.
func TestNewLinksStrayPercent(t *testing.T) {
	p := &checks.PageSummary{URL: "http://a.gov.cn/xxgk/", Links: []checks.Link{
		{URL: "http://a.gov.cn/xxgk/zc100%/index_2.html", Text: "政策文件"},
		{URL: "http://a.gov.cn/", Text: "首页"},
		{URL: "mailto:x@a.gov.cn", Text: "信箱"},
	}}
	lk := newLinks(p)
	want := []string{"http://a.gov.cn/xxgk/zc100%/index.html", "", ""}
	if !slices.Equal(lk.key, want) {
		t.Errorf("keys %q, want %q", lk.key, want)
	}
	if k, ok := lk.first["http://a.gov.cn/xxgk/zc100%/index.html"]; !ok || k != 0 {
		t.Errorf("first = %v", lk.first)
	}
}
