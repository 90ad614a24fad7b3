package pubdate

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func lists(t *testing.T, page, pageURL string) ListPage {
	t.Helper()
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return ListsNode(root, pageURL, 2026)
}

const sideBoxes = `<div class="boxes"><div class="box-title"><span>最新发布</span></div><ul>
<li><a href="/a/1.html">关于做好2026年汛期安全工作的通知</a><span>2026-06-30</span></li>
<li><a href="/a/2.html">市政府召开第52次常务会议</a><span>2026-06-29</span></li></ul>
<div class="box-title"><span>热点推荐</span></div><ul>
<li><a href="/b/1.html">一图读懂2026年民生实事</a><span>2026-06-20</span></li>
<li><a href="/b/2.html">市民热线二季度办理情况通报</a><span>2026-06-18</span></li></ul></div>`

func TestListsOwnAndSide(t *testing.T) {
	page := `<html><head><meta name="ColumnName" content="区县动态"></head><body>
<div class="list"><h2>区县动态</h2><ul>
<li><a href="/q/1.html">江滨区开展防溺水安全教育活动</a><span>2026-05-20</span></li>
<li><a href="/q/2.html">临溪县举行中小学生运动会</a><span>2026-04-28</span></li></ul>
<div class="page">共2条 第1/1页</div></div>` + sideBoxes + `</body></html>`
	lp := lists(t, page, "http://x.gov.cn/qxdt/index.html")
	if len(lp.Lists) != 3 {
		t.Fatalf("%d lists: %+v", len(lp.Lists), lp.Lists)
	}
	own := lp.Lists[lp.Own]
	if own.Heading != "区县动态" || !own.HeadingHit || !own.Pager || own.Side || len(own.Items) != 2 {
		t.Errorf("own = %+v", own)
	}
	if lp.Lists[1].Heading != "最新发布" || !lp.Lists[1].Side || lp.Lists[2].Heading != "热点推荐" || !lp.Lists[2].Side {
		t.Errorf("side blocks (split by heading) = %+v", lp.Lists[1:])
	}
	if lp.Records != 2 || lp.NoItems != "" || lp.Script != "" {
		t.Errorf("records %d, no items %q, script %q", lp.Records, lp.NoItems, lp.Script)
	}
	if lp.Lists[0].Fingerprint == lp.Lists[1].Fingerprint || lp.Lists[1].Fingerprint != fingerprint(lp.Lists[1].Items) {
		t.Error("fingerprints")
	}
}

// 暂无信息, 共0条 or an empty list under the column's heading empty the
// page's own list, however full the side blocks.
func TestListsEmptyBesideSideBlocks(t *testing.T) {
	for _, tt := range []struct{ name, main, why string }{
		{"marker", `<ul class="list"><li>暂无信息</li></ul>`, NoItemsMarker},
		{"zero", `<ul class="list"></ul><div class="page">共0条记录 第1/0页</div>`, NoItemsZero},
		{"blank", `<ul class="list"></ul>`, NoItemsBlank},
		{"datastore", `<script type="text/xml"><datastore><recordset></recordset><totalrecord>0</totalrecord></datastore></script>`, NoItemsZero},
	} {
		lp := lists(t, `<html><body><div class="main"><h2>重大建设项目</h2>`+tt.main+`</div>`+sideBoxes+`</body></html>`, "http://x.gov.cn/zdxm/")
		if lp.Own != -1 || lp.NoItems != tt.why || lp.Script != "" {
			t.Errorf("%s: own %d, no items %q, script %q", tt.name, lp.Own, lp.NoItems, lp.Script)
		}
		if items, empty := ItemsNode(mustParse(t, `<html><body><h2>重大建设项目</h2>`+tt.main+sideBoxes+`</body></html>`), "http://x.gov.cn/zdxm/", 2026); len(items) != 0 || empty != (tt.why != NoItemsBlank) {
			t.Errorf("%s: Items = %d items, empty %v", tt.name, len(items), empty)
		}
	}
}

func mustParse(t *testing.T, s string) *html.Node {
	t.Helper()
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// A homepage's 最新信息 box is its main list: a 最新 heading is a weak cue.
func TestListsWeakSideHeading(t *testing.T) {
	lp := lists(t, `<html><body><div class="list"><h2>最新信息</h2><ul>
<li><a href="/t/1.html">关于做好秋季学期工作的通知</a><span>2026-10-05</span></li>
<li><a href="/t/2.html">2026年资助对象名单公示</a><span>2026-10-03</span></li></ul></div></body></html>`, "http://x.gov.cn/")
	if lp.Own != 0 || len(lp.Lists[0].Items) != 2 {
		t.Errorf("own %d, lists %+v", lp.Own, lp.Lists)
	}
}

// Rows a server wrote in an HTML comment, a script's JSON data, and an
// AJAX container.
func TestListsDrawnByScript(t *testing.T) {
	lp := lists(t, `<html><body><h2>文件通知</h2><ul class="xxgklist"><!--
<li><a href="/c/202511/1.shtml" title="关于开展课题结项工作的通知">关于开展课题结项工作的通知</a><b>2025-11-17</b></li>
<li><a href="/c/202511/2.shtml" title="关于做好银龄讲学计划实施工作的通知">关于做好银龄讲学计划实施工作的通知</a><b>2025-11-05</b></li>
<script>createPageHTML('page_div',10, 1,'zwgklist','shtml',200);</script>-->
</ul><div id="page_div"></div>`+sideBoxes+`</body></html>`, "http://x.gov.cn/c/zwgklist.shtml")
	if lp.Own < 0 || lp.Script != SourceComment || len(lp.Lists[lp.Own].Items) != 2 || lp.Records != 200 || !lp.Lists[lp.Own].Pager {
		t.Errorf("comment: %+v", lp)
	}

	lp = lists(t, `<html><head><script>var listData = {articleList: [{"title":"<p>《分类执法监管办法》政策解读</p>","pubDate":"2025-07-29 16:59","urls":"{\"pc\":\"/col/col42150/content/1.html\"}"},
{"title":"《损害赔偿修复基地建设指南》政策解读","pubDate":"2025-07-29 11:45","urls":"{\"pc\":\"/col/col42150/content/2.html\"}"}]};
var channels = [{"name":"政务公开","releaseTime":1755592951329,"urls":"{\"pc\":\"/col/col42062/index.html\"}"}];</script></head>
<body><div id="380055"></div><script id="t" type="text/x-handlebars-template"><ul>{{#each data}}<li><a href="{{pcUrl}}">{{title}}</a></li>{{/each}}</ul></script></body></html>`, "http://x.gov.cn/col/col42150/index.html")
	if lp.Own < 0 || lp.Script != SourceJSON || len(lp.Lists) != 1 {
		t.Fatalf("json: %+v", lp)
	}
	it := lp.Lists[0].Items[0]
	if it.Title != "《分类执法监管办法》政策解读" || it.URL != "http://x.gov.cn/col/col42150/content/1.html" || it.Date.Format("2006-01-02 15:04") != "2025-07-29 16:59" {
		t.Errorf("json item %+v", it)
	}

	lp = lists(t, `<html><body><h2>招标公告</h2><div id="jyul" class="clearfix"></div><div id="pager" class="paging"></div>`+sideBoxes+`
<script>$.ajax({url:"/irs/front/search",success:function(r){$("#jyul").html("");$("#jyul").append("暂无数据")}});</script></body></html>`, "http://x.gov.cn/zbgg/")
	if lp.Own != -1 || lp.Script != ScriptUnread || lp.NoItems != "" {
		t.Errorf("ajax: own %d, script %q, no items %q", lp.Own, lp.Script, lp.NoItems)
	}
}

// TestUnreadNeedsARequest pins both halves of "a script draws the list": a
// script that names the empty container or the empty paging bar, and one
// that makes a request or runs a paging plugin. A script that only names
// them draws from what the page holds.
func TestUnreadNeedsARequest(t *testing.T) {
	const (
		box = `<html><body><h2>招标公告</h2><ul id="jyul" class="clearfix"></ul>` + sideBoxes + `<script>%s</script></body></html>`
		bar = `<html><body><h2>通知公告</h2><ul class="list"></ul><div id="pager" class="paging"></div>` + sideBoxes + `<script>%s</script></body></html>`
	)
	for _, c := range []struct {
		page, script string
		unread       bool
	}{
		{box, `$.ajax({url:"/irs/front/search",success:function(r){$("#jyul").html(r)}});`, true},
		{box, `fetch ("/api/list").then(function(r){document.getElementById("jyul").innerHTML=r});`, true},
		{box, `var x=new XMLHttpRequest();$("#jyul").html("")`, true},
		{box, `$("#jyul").html("<li>本页数据</li>");`, false},                                           // names it, asks nothing
		{box, `$.ajax({url:"/irs/front/search",success:function(r){$("#other").html(r)}});`, false}, // asks, names another
		{bar, `$("#pager").paging({total: 12, size: 10});`, true},
		{bar, `layui.use('laypage', function(){ laypage.render({elem: 'x'}) }); $("#pager").show();`, true},
		{bar, `$("#pager").show();`, false},              // names the bar, no plugin
		{bar, `$("#other").paging({total: 12});`, false}, // a plugin, another bar
	} {
		lp := lists(t, fmt.Sprintf(c.page, c.script), "http://x.gov.cn/zbgg/")
		if got := lp.Script == ScriptUnread; got != c.unread {
			t.Errorf("%s: unread %v, want %v (%+v)", c.script, got, c.unread, lp)
		}
	}
}

func TestTokens(t *testing.T) {
	for s, want := range map[string]string{
		"list-nav mainMenu": "list|nav|mainmenu",
		"  a_b-C9\tX ":      "a|b|c9|x",
		"":                  "",
		"——":                "",
		"新闻list2 侧栏SIDEbar": "list2|sidebar",
	} {
		var got []string
		for tok := range tokens(s) {
			got = append(got, tok)
		}
		if strings.Join(got, "|") != want {
			t.Errorf("tokens(%q) = %q, want %q", s, got, want)
		}
	}
	n := 0
	for range tokens("a b c") {
		n++
		break
	}
	if n != 1 {
		t.Errorf("a break went on: %d tokens", n)
	}
	if a := testing.AllocsPerRun(10, func() {
		for tok := range tokens("news-list side_bar") {
			_ = tok
		}
	}); a != 0 {
		t.Errorf("%.0f allocations for lower-case words, want 0", a)
	}
}

// TestRecordCounts pins each way a list bar writes its record count, and
// text that looks like one but is not (no number, or 条 of a 条例).
// barPage is a column list with a line under it in a div of the given
// class, and side boxes.
const barPage = `<html><body><div class="main"><h2>区县动态</h2><ul>
<li><a href="/q/1.html">江滨区开展防溺水安全教育活动</a><span>2026-05-20</span></li>
<li><a href="/q/2.html">临溪县举行中小学生运动会</a><span>2026-04-28</span></li></ul>
<div class="%s">%s</div></div>` + sideBoxes + `</body></html>`

func TestRecordCounts(t *testing.T) {
	for bar, want := range map[string]int{
		"共2条 第1/1页":            2,
		"共 ２５ 条":               25, // full-width digits
		"共 ９ 条":                9,
		"记录数：０":                0,
		"总共12篇":                12,
		"合计 25 篇":              25,
		"总计7项":                 7,
		"37条记录":                37,
		"记录数：40":               40,
		"共有3个记录":               3,
		"共2条 <span>共9条</span>": 2, // the first count the page shows
		"首页 上一页 下一页 尾页":        -1,
		"《条例》全文":               -1,
		"共 条":                  -1,
		"第 3 页":                -1,
	} {
		if lp := lists(t, fmt.Sprintf(barPage, "page", bar), "http://x.gov.cn/qxdt/index.html"); lp.Records != want {
			t.Errorf("%q: records %d, want %d", bar, lp.Records, want)
		}
	}
}

// TestPagingMarks: a 第k/n页 or 共n页 line under a list marks it paged,
// with or without a record count; text with 页 or 条 and a number but no
// such mark does not.
func TestPagingMarks(t *testing.T) {
	type want struct {
		paged bool
		pages int // the stated page count, -1 if none
	}
	for bar, want := range map[string]want{
		"第 2/5 页":         {true, 5},
		"第１/５页":           {true, 5}, // full-width digits
		"共 5 页":           {true, 5},
		"共2条 第1/1页":       {true, 1},
		"共120条 每页20条 共6页": {true, 6}, // the page count, not the record count
		"第7/300页 共300页":   {true, 300},
		"共12条":            {true, -1}, // a record count marks it too
		"第3条 第5页":         {false, -1},
		"首页 2026年工作":      {false, -1},
		"依据《条例》第12条规定":    {false, -1},
	} {
		lp := lists(t, fmt.Sprintf(barPage, "bar", bar), "http://x.gov.cn/qxdt/index.html") // a class that says nothing of paging
		if lp.Own < 0 {
			t.Fatalf("%q: no list of its own", bar)
		}
		if got := lp.Lists[lp.Own].Pager; got != want.paged {
			t.Errorf("%q: paged %v, want %v", bar, got, want.paged)
		}
		if lp.Pages != want.pages {
			t.Errorf("%q: %d pages stated, want %d", bar, lp.Pages, want.pages)
		}
	}
}
