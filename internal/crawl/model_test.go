package crawl

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"govaudit/internal/link"
)

func describeString(t *testing.T, page, raw string) *describedPage {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	p := Describe([]byte(page), u, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC))
	if p == nil {
		t.Fatal("not read")
	}
	return &describedPage{p.PageSummary.IsList(), p.Empty, p.NoItems, p.Script, p.Search, len(p.Items), len(p.Lists), len(p.Blocks)}
}

type describedPage struct {
	list, empty     bool
	noItems, script string
	search          bool
	items, lists    int
	blocks          int
}

const side = `<div class="boxes"><div class="box-title"><span>最新发布</span></div><ul>
<li><a href="/a/1.html">关于做好2026年汛期安全工作的通知</a><span>2026-06-30</span></li>
<li><a href="/a/2.html">市政府召开第52次常务会议</a><span>2026-06-29</span></li></ul></div>`

// What a page says of its lists: articles are no list pages, whatever
// their related links, 暂无相关附件 or empty <ul>; an empty column says so
// beside full side blocks; search result pages are no column.
func TestDescribeLists(t *testing.T) {
	for _, tt := range []struct {
		name, page, url string
		want            describedPage
	}{
		{"article with related links", `<html><head><title>临溪县召开防汛会议</title></head><body><h1>临溪县召开防汛会议</h1>
<div class="info">2026-06-20 09:00 来源：县应急局</div><p>正文。</p>
<div><h4>相关新闻</h4><ul><li><a href="/r/1.html">临溪县开展防汛应急演练活动</a><span>2026-06-18</span></li><li><a href="/r/2.html">临溪县部署汛期安全工作会议</a><span>2026-06-10</span></li></ul></div>` + side + `</body></html>`,
			"http://x.gov.cn/info/show.jsp?id=1", describedPage{blocks: 2}},
		{"article saying 暂无相关附件", `<html><head><meta name="PubDate" content="2026-06-20"><meta name="ColumnName" content="通知公告"></head><body><h1>关于防汛的通知</h1><p>正文。</p><p>附件：暂无相关附件</p><ul class="list"></ul>` + side + `</body></html>`,
			"http://x.gov.cn/tzgg/1.html", describedPage{blocks: 1}},
		{"empty column: blank list", `<html><head><meta name="ColumnName" content="重大建设项目"></head><body><h2>重大建设项目</h2><ul class="list"></ul>` + side + `</body></html>`,
			"http://x.gov.cn/zdxm/index.html", describedPage{list: true, empty: true, noItems: "blank", lists: 1, blocks: 1}},
		{"empty column: 暂无信息", `<html><head><meta name="ColumnName" content="重大建设项目"></head><body><h2>重大建设项目</h2><p>暂无信息</p>` + side + `</body></html>`,
			"http://x.gov.cn/zdxm/index.html", describedPage{list: true, empty: true, noItems: "marker", lists: 1, blocks: 1}},
		{"search results", `<html><body><p>相关结果2个</p><ul><li><a href="/t/1.html">保健食品备案信息查询</a><span>2022-05-06</span></li><li><a href="/t/2.html">保健食品备案信息公示</a><span>2021-11-26</span></li></ul></body></html>`,
			"http://x.gov.cn/guestweb4/s?searchWord=%E4%BF%9D%E5%81%A5", describedPage{list: true, search: true, items: 2, lists: 1, blocks: 1}},
	} {
		got := describeString(t, tt.page, tt.url)
		if *got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, *got, tt.want)
		}
	}
}

// TestCrumbMarkers pins what marks an element as the breadcrumb: a label at
// the start of its own text, after ASCII white space only (as the regexp
// crumbText reads it), or a word in its class or id, in any letter case.
func TestCrumbMarkers(t *testing.T) {
	for text, want := range map[string]bool{
		"当前位置：首页 > 通知公告": true,
		" \t\n当前位置":      true,
		"您现在的位置：":        true,
		"您的位置:":          true,
		"所在位置":           true,
		"当前栏目：政策文件":      true,
		"位置：首页":          true,
		"\u3000当前位置":     false, // not ASCII space, as crumbText has it
		"首页 当前位置":        false,
		"当前":             false,
		"":               false,
		"现在位置":           false,
	} {
		if got := crumbLead(text); got != want {
			t.Errorf("crumbLead(%q) = %v, want %v", text, got, want)
		}
	}
	for name, want := range map[string]bool{
		"breadcrumb":    true,
		"BreadCrumbs":   true,
		"pos POSITION":  true,
		"dqwz_nav":      true,
		"xx-location":   true,
		"weizhi":        true,
		"Current":       true,
		"pathbar":       true,
		"daohang":       true,
		"bread":         true,
		"nav":           false,
		"crum":          false,
		"pat":           false,
		"":              false,
		"position_none": true,
		"locatio n":     false,
		"main-content":  false,
	} {
		if got := crumbName(name); got != want {
			t.Errorf("crumbName(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestDirectText pins the text a breadcrumb label is read from: the
// element's own text and its first inline child's, up to the first piece
// that is not white space.
func TestDirectText(t *testing.T) {
	for src, want := range map[string]string{
		`<div id="x">当前位置：<a href="/">首页</a></div>`:               "当前位置：",
		`<div id="x"> <span>当前位置</span>：<a href="/">首页</a></div>`: " 当前位置", // indented template
		`<div id="x"><span>您的位置</span></div>`:                     "您的位置",
		`<div id="x"> <p>当前位置</p> 尾</div>`:                        "  尾",
		`<div id="x"><a href="/">首页</a></div>`:                    "",
		`<div id="x">甲<span>乙</span></div>`:                       "甲",
	} {
		el := goquery.NewDocumentFromNode(parseHTML(t, src)).Find("#x").Get(0)
		if got := directText(el); got != want {
			t.Errorf("directText(%s) = %q, want %q", src, got, want)
		}
	}
}

// TestPaginationAsWritten: the list's other pages are kept as the page
// writes them, for `govaudit page` to show: the parameters in the page's
// order (not sorted into a key), and a stray "%" of the list's own URL,
// which browsers send as is, kept.
func TestPaginationAsWritten(t *testing.T) {
	list := `<html><body><h2>通知公告</h2><ul class="list"><li><a href="/t/1.html">关于做好2026年汛期安全工作的通知</a><span>2026-06-30</span></li>
<li><a href="/t/2.html">关于开展2026年防汛应急演练的通知</a><span>2026-06-20</span></li></ul><div class="page">%s</div></body></html>`
	for _, tt := range []struct{ page, pager, want string }{
		{"http://x.gov.cn/list.jsp?type=1&page=1", `<a href="list.jsp?type=1&page=2">下一页</a>`, "http://x.gov.cn/list.jsp?type=1&page=2"},
		{"http://x.gov.cn/lm100%/index.html", `<a href="index_1.html">下一页</a>`, "http://x.gov.cn/lm100%/index_1.html"},
	} {
		u, err := link.Request(tt.page)
		if err != nil {
			t.Fatal(err)
		}
		p := Describe([]byte(fmt.Sprintf(list, tt.pager)), u, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC))
		if p == nil || len(p.Pagination) != 1 || p.Pagination[0] != tt.want {
			t.Errorf("on %s: Pagination = %q, want [%s]", tt.page, p.Pagination, tt.want)
		}
	}
}

// TestMetaContents: the first <meta> of each name counts, its name read
// without case, even when its content is empty; a later one does not.
func TestMetaContents(t *testing.T) {
	root, err := html.Parse(strings.NewReader(`<html><head>
<meta name="articletitle" content="">
<meta name="ArticleTitle" content="关于…的通知">
<meta content="首页" name="COLUMNNAME" name="x">
<meta name="ColumnName" content="通知公告">
</head><body><meta name="Other" content="正文里的"></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	got := metaContents(root, "ColumnName", "ArticleTitle", "other", "missing")
	if want := []string{"首页", "", "正文里的", ""}; !slices.Equal(got, want) {
		t.Errorf("metaContents = %q, want %q", got, want)
	}
}
