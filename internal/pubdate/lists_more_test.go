package pubdate

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// moreFixture is a page of testdata/lists/ and what ListsNode must read of
// it, from the .want file beside it:
//
//	# comment
//	url	<page URL>                        (required)
//	year	<context year>                   (optional)
//	own	<index in Lists>                  (optional; not checked if absent)
//	list	<heading>	<items>	<更多 URL>      (one line per list, in order; "-" for none)
type moreFixture struct {
	url   string
	year  int
	own   string
	lists []string
}

func readMoreWant(t *testing.T, path string) moreFixture {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f moreFixture
	for i, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		fields := strings.Split(line, "\t")
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case fields[0] == "url" && len(fields) == 2:
			f.url = fields[1]
		case fields[0] == "year" && len(fields) == 2:
			if f.year, err = strconv.Atoi(fields[1]); err != nil {
				t.Fatalf("%s:%d: %v", path, i+1, err)
			}
		case fields[0] == "own" && len(fields) == 2:
			f.own = fields[1]
		case fields[0] == "list" && len(fields) == 4:
			f.lists = append(f.lists, strings.Join(fields[1:], "\t"))
		default:
			t.Fatalf("%s:%d: bad line %q", path, i+1, line)
		}
	}
	if f.url == "" || len(f.lists) == 0 {
		t.Fatalf("%s: no url or no list line", path)
	}
	return f
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// TestListMores reads the pages of testdata/lists, each with blocks whose
// 更多 links stand in their title bars, at their foot, drawn as images,
// behind a menu that links the same sub-columns first, or beside a side
// block's own, and compares each list's heading, number of items and 更多
// link with the lines written beside the page.
func TestListMores(t *testing.T) {
	pages, err := filepath.Glob("testdata/lists/*.html")
	if err != nil || len(pages) < 5 {
		t.Fatalf("%d pages: %v", len(pages), err)
	}
	for _, page := range pages {
		name := strings.TrimSuffix(filepath.Base(page), ".html")
		t.Run(name, func(t *testing.T) {
			want := readMoreWant(t, strings.TrimSuffix(page, ".html")+".want")
			doc := loadFixture(t, page)
			lp := ListsNode(doc.Nodes[0], want.url, want.year)
			var got []string
			for _, l := range lp.Lists {
				got = append(got, fmt.Sprintf("%s\t%d\t%s", dash(l.Heading), len(l.Items), dash(l.More)))
			}
			diff(t, "lists", got, want.lists)
			if want.own != "" && strconv.Itoa(lp.Own) != want.own {
				t.Errorf("own %d, want %s", lp.Own, want.own)
			}
		})
	}
}

func TestMoreText(t *testing.T) {
	for s, want := range map[string]bool{
		"更多>>": true, "更多": true, " 更多 > ": true, "查看更多>>": true, "MORE+": true, "more": true, ">>": true,
		"＞＞": true, "»": true, "【更多】": true, "更多》": true, "[更多]": true,
		"政策文件": false, "": false, "更多信息公开": false, "首页": false, "下一页": false,
		"关于做好2026年汛期安全工作的更多举措的通知": false,
	} {
		if MoreText(s) != want {
			t.Errorf("MoreText(%q) = %v", s, !want)
		}
	}
}

// A block that lists nothing is a list of no items only under a heading
// with its 更多 link, over a body that holds no link and says 暂无信息;
// it changes nothing else the page says.
func TestListsEmptyBlock(t *testing.T) {
	const list = `<div class="box"><div class="box-title"><h3>政策文件</h3><a href="/zcwj/">更多</a></div><ul>
<li><a href="/zcwj/1.html">关于印发《青山县耕地保护补偿办法》的通知</a><span>2026-06-16</span></li>
<li><a href="/zcwj/2.html">青山县农村宅基地管理办法</a><span>2026-03-27</span></li></ul></div>`
	const empty = `<div class="box"><div class="box-title"><h3>规划计划</h3><a href="/ghjh/">更多</a></div><ul><li>暂无信息</li></ul></div>`
	base := lists(t, `<html><body>`+list+`<p>暂无信息</p></body></html>`, "http://x.gov.cn/zwgk/")
	lp := lists(t, `<html><body>`+list+empty+`</body></html>`, "http://x.gov.cn/zwgk/")
	if len(lp.Lists) != 2 || lp.Lists[1].Heading != "规划计划" || lp.Lists[1].More != "http://x.gov.cn/ghjh/" || len(lp.Lists[1].Items) != 0 || lp.Lists[1].Side {
		t.Fatalf("lists %+v", lp.Lists)
	}
	if lp.Own != base.Own || lp.NoItems != base.NoItems || lp.Records != base.Records || lp.Script != base.Script ||
		lp.Lists[0].Fingerprint != base.Lists[0].Fingerprint || lp.Lists[0].More != "http://x.gov.cn/zcwj/" {
		t.Errorf("the empty block changed the page: %+v, without it %+v", lp, base)
	}
	if other := lists(t, `<html><body>`+list+empty+`</body></html>`, "http://x.gov.cn/zwgk/index_1.html"); other.Lists[1].Fingerprint == lp.Lists[1].Fingerprint {
		t.Error("an empty block's fingerprint is the same on two pages: it would be learnt as template")
	}
	for name, page := range map[string]string{
		"no 更多":          `<h3>规划计划</h3><ul><li>暂无信息</li></ul>`,
		"links":          `<div class="box-title"><h3>友情链接</h3><a href="/yqlj/">更多</a></div><ul><li><a href="http://www.gov.cn/">中国政府网</a></li><li>暂无信息</li></ul>`,
		"nothing said":   `<div class="box-title"><h3>规划计划</h3><a href="/ghjh/">更多</a></div><ul><li>请选择栏目</li></ul>`,
		"a side block":   `<div class="sidebar"><div class="box-title"><h3>规划计划</h3><a href="/ghjh/">更多</a></div><ul><li>暂无信息</li></ul></div>`,
		"a side heading": `<div class="box-title"><h3>最新发布</h3><a href="/zxfb/">更多</a></div><ul><li>暂无信息</li></ul>`,
		"the menu":       `<div class="menu"><div class="box-title"><h3>规划计划</h3><a href="/ghjh/">更多</a></div><ul><li>暂无信息</li></ul></div>`,
		"running text":   `<div class="box-title"><h3>规划计划</h3><a href="/ghjh/">更多</a></div><p>本栏目暂无信息，相关规划请到县发展和改革局网站政务公开专栏查阅下载。</p>`,
	} {
		if lp := lists(t, `<html><body>`+list+page+`</body></html>`, "http://x.gov.cn/zwgk/"); len(lp.Lists) != 1 {
			t.Errorf("%s: %d lists", name, len(lp.Lists))
		}
	}
}
