package pubdate

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

func TestNilDocuments(t *testing.T) {
	if items, empty := Items(nil, "", 0); items != nil || empty {
		t.Error("Items(nil)")
	}
	if p := Pagination(nil, ""); p != nil {
		t.Error("Pagination(nil)")
	}
	if _, ok := Page(nil, ""); ok {
		t.Error("Page(nil)")
	}
	if _, ok := PageNode(nil, ""); ok {
		t.Error("PageNode(nil)")
	}
}

// The page URL may come from doc.Url, as the crawler sets it.
func TestDocURL(t *testing.T) {
	root, err := html.Parse(strings.NewReader(`<ul><li><a href="t20201231_1.html">关于做好元旦期间校园安全工作的通知</a>[12-31]</li></ul>
<a href="index_1.html">下一页</a>`))
	if err != nil {
		t.Fatal(err)
	}
	doc := goquery.NewDocumentFromNode(root)
	doc.Url, _ = url.Parse("http://edu.hangzhou.gov.cn/tzgg/202012/index.html")
	items, _ := Items(doc, "", 0)
	if len(items) != 1 || items[0].URL != "http://edu.hangzhou.gov.cn/tzgg/202012/t20201231_1.html" || !items[0].Date.Equal(day(2020, 12, 31)) || items[0].Raw != "12-31" {
		t.Errorf("items = %+v", items)
	}
	if p := Pagination(doc, ""); len(p) != 1 || p[0] != "http://edu.hangzhou.gov.cn/tzgg/202012/index_1.html" {
		t.Errorf("pages = %q", p)
	}
	if d, ok := Page(doc, ""); !ok || d.Source != SourceURL || !d.MonthOnly || !d.Time.Equal(day(2020, 12, 1)) {
		t.Errorf("Page = %+v, %v", d, ok)
	}
}

// A year-less date with no year anywhere keeps its Raw text but no Date.
func TestItemsYearlessWithoutYear(t *testing.T) {
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`<ul><li><a href="/show?id=1">市教育局召开全市教育系统会议</a>[11-27]</li></ul>`))
	items, _ := Items(doc, "http://x.gov.cn/list", 0)
	if len(items) != 1 || !items[0].Date.IsZero() || items[0].Raw != "11-27" {
		t.Fatalf("items = %+v", items)
	}
	items, _ = Items(doc, "http://x.gov.cn/list", 2021)
	if len(items) != 1 || !items[0].Date.Equal(day(2021, 11, 27)) {
		t.Fatalf("with year: items = %+v", items)
	}
}

// Navigation, headers and footers give no items even with long link texts
// or dates.
func TestItemsChrome(t *testing.T) {
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`
<nav><ul><li><a href="/a">政府信息公开年度报告专栏入口</a><span>2020-12-31</span></li><li><a href="/b">政府信息公开指南和制度汇编</a><span>2020-12-30</span></li></ul></nav>
<div class="footer"><ul><li><a href="/c">杭州市人民政府门户网站链接</a></li><li><a href="/d">浙江省人民政府门户网站链接</a></li></ul></div>
<ul class="sidemenu"><li><a href="/e">通知公告</a></li><li><a href="/f">工作动态</a></li></ul>
<ul><li><a href="/g">工作动态</a></li><li><a href="/h">通知公告</a></li><li><a href="/i">政策文件</a></li></ul>`))
	if items, empty := Items(doc, "http://x.gov.cn/", 2020); len(items) != 0 || empty {
		t.Errorf("items = %+v, empty %v", items, empty)
	}
}

// Pagination: createPageHTML with one page writes nothing; a huge count is
// bounded; javascript: links and other hosts are ignored.
// TestPaginationAnyText: a numbered page of the same list counts whatever
// its link says, so the look at the href as written (mayBeSibling) must let
// every spelling of one through, and may turn away only links that cannot
// be one.
func TestPaginationAnyText(t *testing.T) {
	for _, tt := range []struct {
		page, href string
		want       []string
	}{
		{"http://x.gov.cn/news/index.html", "index_3.html#p.2", []string{
			"http://x.gov.cn/news/index_1.html", "http://x.gov.cn/news/index_2.html", "http://x.gov.cn/news/index_3.html"}},
		{"http://x.gov.cn/news/", "default_2.html", []string{"http://x.gov.cn/news/default_2.html"}},
		{"http://x.gov.cn/news/", "index_2.html", []string{"http://x.gov.cn/news/index_2.html"}},
		{"http://x.gov.cn/list.jsp?cat=5&page=1", "list.jsp?cat=5&page=3", []string{
			"http://x.gov.cn/list.jsp?cat=5&page=2", "http://x.gov.cn/list.jsp?cat=5&page=3"}},
		{"http://x.gov.cn/list.jsp?cat=5&page=1", "?cat=5&page=2", []string{"http://x.gov.cn/list.jsp?cat=5&page=2"}},
		{"http://x.gov.cn/news/index.html", "%69ndex_2.html", []string{
			"http://x.gov.cn/news/index_1.html", "http://x.gov.cn/news/index_2.html"}},
		// A stray "%" in the list's own URL: browsers and the crawler send
		// it as written, url.Parse refuses it; the pages keep it.
		{"http://x.gov.cn/lm100%/index.html", "index_2.html", []string{
			"http://x.gov.cn/lm100%/index_1.html", "http://x.gov.cn/lm100%/index_2.html"}},
		{"http://x.gov.cn/lm100%/index.html", "/lm100%/index_2.html", []string{
			"http://x.gov.cn/lm100%/index_1.html", "http://x.gov.cn/lm100%/index_2.html"}},
		{"http://x.gov.cn/list100%.jsp?cat=5&page=1", "?cat=5&page=3", []string{
			"http://x.gov.cn/list100%.jsp?cat=5&page=2", "http://x.gov.cn/list100%.jsp?cat=5&page=3"}},
		{"http://x.gov.cn/%E9%80%9A%E7%9F%A5/index.html", "index_2.html", []string{
			"http://x.gov.cn/%E9%80%9A%E7%9F%A5/index_1.html", "http://x.gov.cn/%E9%80%9A%E7%9F%A5/index_2.html"}},
		// not pages of this list
		{"http://x.gov.cn/lm100%/index.html", "/lm100/index_2.html", nil},
		{"http://x.gov.cn/news/index.html", "other_2.html", nil},
		{"http://x.gov.cn/news/", "news_2.html", nil},
		{"http://x.gov.cn/news/index.html", "index_2/", nil},
		{"http://x.gov.cn/news/index.html", "#index_2.html", nil},
	} {
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`<div><a href="` + tt.href + `">查看更多内容</a></div>`))
		got := Pagination(doc, tt.page)
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("on %s, a link to %q: Pagination = %q, want %q", tt.page, tt.href, got, tt.want)
		}
	}
}

// TestPaginationScriptStrayPercent: TRS's createPageHTML on a list whose
// directory holds a stray "%" writes its pages in that directory, once each
// (the current page is not among them).
func TestPaginationScriptStrayPercent(t *testing.T) {
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(
		`<script>createPageHTML(3, 0, "index", "html");</script><a href="index_1.html">2</a>`))
	got := Pagination(doc, "http://x.gov.cn/lm100%/")
	want := "http://x.gov.cn/lm100%/index_1.html http://x.gov.cn/lm100%/index_2.html"
	if strings.Join(got, " ") != want {
		t.Errorf("Pagination = %q, want %s", got, want)
	}
}

func TestPaginationEdges(t *testing.T) {
	for _, tt := range []struct {
		page string
		want int
	}{
		{`<script>createPageHTML(1, 0, "index", "html");</script>`, 0},
		{`<script>createPageHTML(100000, 0, "index", "html");</script>`, maxPages - 1},
		{`<script>createPageHTML(3, 0, "../evil/index", "html");</script>`, 0},
		{`<a href="javascript:goPage(2)">下一页</a><a href="http://other.gov.cn/list?page=2">下一页</a>`, 0},
		{`<a href="/">首页</a>`, 0},
		{`<div class="fenye"><a href="/list/index.html">首页</a><a href="/list/index_1.html">2</a></div>`, 1},
	} {
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(tt.page))
		if got := Pagination(doc, "http://x.gov.cn/list/index.html"); len(got) != tt.want {
			t.Errorf("Pagination(%q) = %d URLs, want %d: %q", tt.page, len(got), tt.want, got[:min(len(got), 5)])
		}
	}
}
